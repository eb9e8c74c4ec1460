"""The `kiosk` command as staff use it: status, listing, retry, export, sync, forms, bad
settings."""

import argparse
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.cli import build_parser, main
from kiosk.forms.loader import DEFAULT_FORMS_DIR, load_form
from offline_queue import Outbox, Settlement, Status
from tests.conftest import BACKEND_TOKEN
from tests.kiosk.test_settings import BAD_FILES


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("KIOSK_DATA_DIR", str(folder))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("KIOSK_FORMS_DIR", raising=False)
    return folder


def fill(data_dir: Path) -> dict[str, str]:
    """An outbox with one of each: waiting, delivered, rejected."""
    with Outbox(data_dir / "outbox.sqlite3") as box:
        waiting = box.enqueue("call_back", {"phone": "01709 336000"}, reference="K-WAIT")
        delivered = box.enqueue("complaint", {"text": "ok"}, reference="K-DONE")
        rejected = box.enqueue("street_problem", {"text": "no"}, reference="K-BAD")
        box.claim_due(10)
        box.settle(
            [
                Settlement(waiting.id, Status.PENDING, error="HTTP 503: busy"),
                Settlement(delivered.id, Status.DELIVERED, backend_reference="CR-1"),
                Settlement(rejected.id, Status.REJECTED, error="HTTP 422: unknown service"),
            ]
        )
    return {"waiting": waiting.id, "delivered": delivered.id, "rejected": rejected.id}


def subcommand_parsers(parser: argparse.ArgumentParser):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help for choice in action._choices_actions}
            for name, sub in action.choices.items():
                yield name, helps.get(name), sub
                yield from subcommand_parsers(sub)


def test_every_subcommand_has_help_text():
    found = list(subcommand_parsers(build_parser()))
    names = {name for name, _, _ in found}
    assert {"sync", "outbox", "status", "list", "retry", "export", "backend", "demo"} <= names
    assert {"forms", "check"} <= names
    for name, help_text, _ in found:
        assert help_text, f"'kiosk {name}' has no help text"


def test_status_in_words_and_in_json(data_dir: Path, capsys: pytest.CaptureFixture[str]):
    fill(data_dir)
    assert main(["outbox", "status"]) == 0
    text = capsys.readouterr().out
    assert "waiting to send" in text
    assert "rejected (needs staff)" in text
    assert "Last error: HTTP 422: unknown service" in text  # same moment: the newest row
    assert main(["outbox", "status", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["counts"] == {"pending": 1, "in_flight": 0, "delivered": 1, "rejected": 1}
    assert report["oldest_pending_age_s"] >= 0
    assert report["last_delivered_at"]


def test_list_shows_no_citizen_data(data_dir: Path, capsys: pytest.CaptureFixture[str]):
    ids = fill(data_dir)
    assert main(["outbox", "list", "--status", "rejected"]) == 0
    out = capsys.readouterr().out
    assert ids["rejected"] in out and "K-BAD" in out and "unknown service" in out
    assert ids["waiting"] not in out
    assert main(["outbox", "list", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == 3
    assert all("payload" not in row for row in rows)
    assert "01709" not in json.dumps(rows)


def test_retry_one_and_all(data_dir: Path, capsys: pytest.CaptureFixture[str]):
    ids = fill(data_dir)
    assert main(["outbox", "retry", ids["rejected"]]) == 0
    assert "will be sent again" in capsys.readouterr().out
    assert main(["outbox", "retry", ids["rejected"]]) == 1
    assert "only rejected submissions can be retried" in capsys.readouterr().err
    assert main(["outbox", "retry", "no-such-id"]) == 1
    assert "No submission in the outbox has the id no-such-id" in capsys.readouterr().err
    assert main(["outbox", "retry", "--all-rejected"]) == 0
    assert "0 rejected submissions" in capsys.readouterr().out


def test_export_is_private_to_its_owner(data_dir: Path, tmp_path: Path, capsys):
    fill(data_dir)
    out = tmp_path / "export.jsonl"
    assert main(["outbox", "export", str(out)]) == 0
    assert "Exported 3 submissions." in capsys.readouterr().err
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {row["reference"] for row in rows} == {"K-WAIT", "K-DONE", "K-BAD"}
    assert rows[0]["payload"] == {"phone": "01709 336000"}
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_sync_once_delivers_and_reports(data_dir: Path, backend, monkeypatch, capsys):
    monkeypatch.setenv("KIOSK_BACKEND_URL", backend.url)
    monkeypatch.setenv("KIOSK_BACKEND_TOKEN", BACKEND_TOKEN)
    with Outbox(data_dir / "outbox.sqlite3") as box:
        box.enqueue("complaint", {"a": 1}, reference="K-1")
    assert main(["sync", "--once"]) == 0
    captured = capsys.readouterr()
    assert "Delivered K-1 (complaint); council reference " in captured.out
    assert "Delivered 1, rejected 0, to try again 0." in captured.err


def test_sync_once_says_when_the_back_end_is_away(data_dir: Path, monkeypatch, capsys):
    monkeypatch.setenv("KIOSK_BACKEND_URL", "http://127.0.0.1:9")  # discard port: nobody there
    with Outbox(data_dir / "outbox.sqlite3") as box:
        box.enqueue("complaint", {"a": 1}, reference="K-1")
    assert main(["sync", "--once"]) == 1
    assert "Will try K-1 again: Could not reach the back end" in capsys.readouterr().out


def test_a_corrupt_outbox_is_reported_by_status(data_dir: Path, capsys):
    data_dir.mkdir(parents=True)
    (data_dir / "outbox.sqlite3").write_bytes(b"not sqlite" * 500)
    assert main(["outbox", "status"]) == 0
    out = capsys.readouterr().out
    assert "the outbox file was damaged; it was kept aside and a new one started" in out
    assert list(data_dir.glob("outbox.sqlite3.corrupt-*"))


def run_kiosk(*args: str, env: dict[str, str], **kw) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk.cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=60,
        check=False,
        **kw,
    )


def test_export_to_a_file_named_backend_exports(data_dir: Path, tmp_path: Path):
    """Only the command `backend` hands over to the back end, not the word anywhere."""
    fill(data_dir)
    result = run_kiosk("outbox", "export", "backend", env={}, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Exported 3 submissions." in result.stderr
    assert len((tmp_path / "backend").read_text(encoding="utf-8").splitlines()) == 3


def test_global_options_come_before_the_backend_command(data_dir: Path, tmp_path: Path):
    config = tmp_path / "kiosk.toml"
    config.write_text('[kiosk]\nlanguage = "en"\n', encoding="utf-8")
    helped = run_kiosk("--config", str(config), "backend", "--help", env={})
    assert helped.returncode == 0, helped.stderr
    assert "--faults" in helped.stdout


@pytest.mark.parametrize(("text", "line", "_message"), BAD_FILES.values(), ids=BAD_FILES.keys())
def test_every_bad_setting_gets_its_line_not_a_traceback(
    tmp_path: Path, text: str, line: int, _message: str
):
    config = tmp_path / "kiosk.toml"
    config.write_text(text.replace("{tmp}", str(tmp_path)), encoding="utf-8")
    result = run_kiosk("--config", str(config), "outbox", "status", env={})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"Settings problem: {config}, line {line}: ")


def forms_folder(tmp_path: Path, *names: str) -> Path:
    """A council's own folder with copies of forms that come with the kiosk."""
    folder = tmp_path / "council-forms"
    folder.mkdir(exist_ok=True)
    for name in names:
        shutil.copy(DEFAULT_FORMS_DIR / name, folder / name)
    return folder


def test_forms_check_passes_the_configured_folder(
    data_dir: Path, tmp_path: Path, monkeypatch, capsys
):
    folder = forms_folder(tmp_path, "call_back.yaml", "complaint.yaml")
    monkeypatch.setenv("KIOSK_FORMS_DIR", str(folder))
    assert main(["forms", "check"]) == 0
    out = capsys.readouterr().out.splitlines()
    call_back = load_form(folder / "call_back.yaml").title
    complaint = load_form(folder / "complaint.yaml").title
    assert out == [
        f"Checking the forms in {folder}",
        f"OK: {call_back} (call_back.yaml)",
        f"OK: {complaint} (complaint.yaml)",
        "Forms ready: 2. Forms with problems: 0.",
    ]


def test_forms_check_names_the_file_and_line_of_a_problem(data_dir: Path, tmp_path: Path, capsys):
    folder = forms_folder(tmp_path, "call_back.yaml")
    lines = (DEFAULT_FORMS_DIR / "complaint.yaml").read_text(encoding="utf-8").splitlines()
    broken = next(n for n, line in enumerate(lines) if line.strip() == "type: long_text")
    lines[broken] = lines[broken].replace("long_text", "essay")
    (folder / "complaint.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    assert main(["forms", "check", str(folder)]) == 1
    out = capsys.readouterr().out
    assert f"complaint.yaml, line {broken + 1}: question '" in out
    assert "'essay' is not a field type" in out
    assert "OK: " in out and "(call_back.yaml)" in out  # the others still pass
    assert "Forms ready: 1. Forms with problems: 1." in out
    assert "The kiosk leaves out a form with problems until it is fixed" in out

    assert main(["forms", "check", str(folder / "complaint.yaml")]) == 1
    assert f"complaint.yaml, line {broken + 1}: " in capsys.readouterr().out
    assert main(["forms", "check", str(folder / "call_back.yaml")]) == 0


def test_forms_check_says_when_there_is_nothing_to_check(data_dir: Path, tmp_path: Path, capsys):
    assert main(["forms", "check", str(tmp_path / "nowhere.yaml")]) == 1
    assert f"There is no file or folder at {tmp_path / 'nowhere.yaml'}." in capsys.readouterr().err
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["forms", "check", str(empty)]) == 1
    assert f"There are no forms (files ending in .yaml) in {empty}." in capsys.readouterr().err


def test_forms_check_refuses_a_forms_folder_that_is_not_there(tmp_path: Path):
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[forms]\nfolder = "{tmp_path / "gone"}"\n', encoding="utf-8")
    result = run_kiosk("--config", str(config), "forms", "check", env={})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{config}, line 2: forms.folder (Folder of the forms the kiosk offers)" in result.stderr


def test_a_malformed_settings_file_gets_a_message_not_a_traceback(tmp_path: Path):
    config = tmp_path / "kiosk.toml"
    config.write_text('[backend]\nurl = "http://127.0.0.1:8080"\ntoken = \n', encoding="utf-8")
    result = run_kiosk("--config", str(config), "outbox", "status", env={})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"Settings problem: {config}, line 3, column" in result.stderr


def test_sync_forever_stops_cleanly_on_sigterm(data_dir: Path, backend):
    env = {
        "KIOSK_DATA_DIR": str(data_dir),
        "KIOSK_BACKEND_URL": backend.url,
        "KIOSK_BACKEND_TOKEN": BACKEND_TOKEN,
    }
    with Outbox(data_dir / "outbox.sqlite3") as box:
        box.enqueue("complaint", {"a": 1}, reference="K-1")
    process = subprocess.Popen(
        [sys.executable, "-m", "kiosk.cli", "sync", "--forever"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **env},
    )
    assert process.stdout is not None
    assert process.stdout.readline().startswith("Delivered K-1 (complaint)")
    process.send_signal(signal.SIGTERM)
    _out, err = process.communicate(timeout=60)
    assert process.returncode == 0
    assert "Traceback" not in err


def test_kiosk_backend_hands_over_to_the_reference_back_end(tmp_path: Path):
    result = run_kiosk("backend", "--faults", "error_rate=lots", env={})
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "error_rate" in result.stderr
    helped = run_kiosk("backend", "--help", env={})
    assert helped.returncode == 0
    assert "--faults" in helped.stdout
