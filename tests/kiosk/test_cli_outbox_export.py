"""`kiosk outbox export` never harms the outbox it reads, and `status --json` tells staff of a
damaged outbox file."""

import json
import stat
from pathlib import Path

import pytest

from kiosk.cli import main
from offline_queue import Outbox, Settlement, Status


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("KIOSK_DATA_DIR", str(folder))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return folder


@pytest.fixture
def outbox_path(data_dir: Path) -> Path:
    """An outbox with one waiting and one delivered submission."""
    path = data_dir / "outbox.sqlite3"
    with Outbox(path) as box:
        box.enqueue("call_back", {"phone": "01709 336000"}, reference="K-WAIT")
        done = box.enqueue("complaint", {"text": "bins"}, reference="K-DONE")
        box.claim_due(10)
        box.settle(
            [
                Settlement(done.id, Status.DELIVERED, backend_reference="CR-1"),
            ]
        )
        box.release_in_flight()
    return path


def rows_in(path: Path) -> list[dict]:
    with Outbox(path) as box:
        return [submission.to_json_dict() for submission in box.list()]


def test_a_normal_export_has_every_row_as_a_json_line(outbox_path: Path, tmp_path: Path, capsys):
    out = tmp_path / "backup.jsonl"
    assert main(["outbox", "export", str(out)]) == 0
    assert "Exported 2 submissions." in capsys.readouterr().err
    exported = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert exported == rows_in(outbox_path)
    assert exported[0]["payload"] == {"phone": "01709 336000"}
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm", "-journal"])
def test_the_outbox_and_its_companions_are_refused(outbox_path: Path, capsys, suffix: str):
    before = rows_in(outbox_path)
    target = Path(f"{outbox_path}{suffix}")
    assert main(["outbox", "export", str(target)]) == 1
    err = capsys.readouterr().err
    assert f"Will not export to {target}: it is the outbox itself." in err
    assert "Traceback" not in err
    assert outbox_path.stat().st_size > 0
    assert rows_in(outbox_path) == before


def test_another_name_for_the_outbox_is_refused_too(outbox_path: Path, tmp_path: Path, capsys):
    before = rows_in(outbox_path)
    link = tmp_path / "innocent.jsonl"
    link.symlink_to(outbox_path)
    assert main(["outbox", "export", str(link)]) == 1
    assert "it is the outbox itself" in capsys.readouterr().err
    relative = outbox_path.parent / ".." / "data" / outbox_path.name
    assert main(["outbox", "export", str(relative)]) == 1
    assert "it is the outbox itself" in capsys.readouterr().err
    assert rows_in(outbox_path) == before


def test_a_missing_folder_gets_one_clear_line(outbox_path: Path, tmp_path: Path, capsys):
    target = tmp_path / "no-such-folder" / "backup.jsonl"
    assert main(["outbox", "export", str(target)]) == 1
    err = capsys.readouterr().err
    assert err.strip() == f"Cannot write {target}: No such file or directory"
    assert not target.parent.exists()


def test_a_folder_is_not_a_file(outbox_path: Path, tmp_path: Path, capsys):
    folder = tmp_path / "exports"
    folder.mkdir()
    assert main(["outbox", "export", str(folder)]) == 1
    assert capsys.readouterr().err.strip() == f"Cannot write {folder}: it is a folder"
    assert list(folder.iterdir()) == []
    assert list(tmp_path.glob(".*.tmp")) == []


def test_an_older_open_file_is_replaced_by_a_private_one(outbox_path: Path, tmp_path: Path, capsys):
    out = tmp_path / "backup.jsonl"
    out.write_text("an older, longer export that everyone could read\n" * 50, encoding="utf-8")
    out.chmod(0o644)
    assert main(["outbox", "export", str(out)]) == 0
    capsys.readouterr()
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["reference"] for line in lines] == ["K-WAIT", "K-DONE"]


def test_status_json_reports_a_damaged_outbox_set_aside(data_dir: Path, capsys):
    data_dir.mkdir(parents=True)
    (data_dir / "outbox.sqlite3").write_bytes(b"not sqlite" * 500)
    assert main(["outbox", "status", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    (kept,) = data_dir.glob("outbox.sqlite3.corrupt-*")
    (event,) = report["events"]
    assert event["kind"] == "corrupt_file_set_aside"
    assert kept.name in event["detail"]
    assert event["at"]
    assert report["counts"] == {"pending": 0, "in_flight": 0, "delivered": 0, "rejected": 0}
    assert kept.read_bytes() == b"not sqlite" * 500  # kept for recovery, never deleted
