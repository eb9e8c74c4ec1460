"""python -m council_backend, as a demo or the kiosk starts it."""

import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

import council_backend
from council_backend import BackendServer
from council_backend.cli import main

PROJECT_ROOT = Path(council_backend.__file__).resolve().parent.parent
START_LINE = re.compile(r"Council back end listening on (http://127\.0\.0\.1:(\d+)) \((.*)\)")


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "COUNCIL_BACKEND_TOKEN"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")]))
    return env


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "council_backend", *args]


@pytest.fixture
def running(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], str, str]]:
    """The back end as a child process: (process, url, start line)."""
    db = tmp_path / "backend.sqlite3"
    with subprocess.Popen(
        command("--port", "0", "--token", "t0ken", "--db", str(db)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        env=environment(),
    ) as process:
        try:
            assert process.stdout is not None
            line = process.stdout.readline().strip()
            match = START_LINE.fullmatch(line)
            assert match, line
            yield process, match.group(1), line
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()


def test_starts_answers_and_stops_cleanly_on_sigterm(
    running: tuple[subprocess.Popen[str], str, str], tmp_path: Path
) -> None:
    process, url, line = running
    assert line.endswith("(token required)")
    with requests.Session() as session:
        assert session.get(f"{url}/api/v1/health").json() == {"status": "ok", "received": 0}
        stored = session.post(
            f"{url}/api/v1/submissions",
            json={"kind": "street_problem", "payload": {}},
            headers={"Authorization": "Bearer t0ken", "Idempotency-Key": "key-1"},
        )
        assert stored.status_code == 201
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 0
    assert stderr == ""
    assert (tmp_path / "backend.sqlite3").exists()


def test_stops_cleanly_on_ctrl_c(running: tuple[subprocess.Popen[str], str, str]) -> None:
    process, _, _ = running
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 0
    assert "Traceback" not in stderr


def test_bad_faults_exit_2_with_one_line(tmp_path: Path) -> None:
    done = subprocess.run(
        command("--port", "0", "--faults", "error_rate=lots"),
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=environment(),
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1
    assert "bad --faults" in lines[0]
    assert "error_rate" in lines[0]
    assert not list(tmp_path.iterdir())  # no database left behind


def test_a_port_in_use_exits_1(tmp_path: Path) -> None:
    with BackendServer(tmp_path / "other.sqlite3") as other:
        done = subprocess.run(
            command("--port", str(other.port), "--db", str(tmp_path / "b.sqlite3")),
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=environment(),
            timeout=60,
        )
    assert done.returncode == 1
    assert "already in use" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--faults", "bogus=1"], "bad --faults: unknown fault 'bogus'"),
        (["--faults", "error_rate=0.9,reset_rate=0.2"], "bad --faults"),
        (["--services", "Street Problem"], "--services takes kinds"),
        (["--services", ","], "--services takes kinds"),
        (["--host", "0.0.0.0"], "Refusing to listen on '0.0.0.0'"),
        (["--port", "70000"], "bad --port"),
    ],
)
def test_bad_arguments_are_one_clear_line(
    args: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*args, "--db", str(tmp_path / "db.sqlite3")]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert len(captured.err.splitlines()) == 1
    assert message in captured.err


def test_an_unopenable_database_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--port", "0", "--db", str(tmp_path / "missing" / "db.sqlite3")]) == 1
    assert "cannot open the database" in capsys.readouterr().err
