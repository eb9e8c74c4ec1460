import argparse
import os
import subprocess
import sys
from pathlib import Path

from tests.kiosk.test_cli import subcommand_parsers
from ui.cli import build_parser


def test_every_command_has_help_text_including_the_screens():
    found = list(subcommand_parsers(build_parser()))
    assert {"run", "tour", "demo", "sync", "outbox", "backend"} <= {name for name, _, _ in found}
    for name, help_text, _parser in found:
        assert help_text, f"'kiosk {name}' has no help text"


def test_no_display_is_said_plainly_with_a_way_to_see_the_kiosk(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    env["KIOSK_DATA_DIR"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "ui.cli", "run"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "There is no screen on this machine" in result.stderr
    assert "xvfb-run" in result.stderr and "kiosk tour" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_demo_parser_runs_the_screens_version():
    parser = build_parser()
    args = parser.parse_args(["demo"])
    assert isinstance(args, argparse.Namespace)
    assert args.handler.__module__ == "ui.cli"


def test_every_command_is_in_the_readme():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for name, _help, _parser in subcommand_parsers(build_parser()):
        assert f"kiosk {name}" in readme or f" {name} " in readme, name
