"""The cache of checked forms: a restart with unchanged files skips parsing and checking, and
anything changed, broken or unreadable is checked again, never trusted."""

import json
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.checked_cache import CheckedFiles
from kiosk.forms.loader import DEFAULT_FORMS_DIR, checked_forms_cache, load_forms

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def forms(tmp_path: Path) -> Path:
    folder = tmp_path / "forms"
    shutil.copytree(DEFAULT_FORMS_DIR, folder)
    return folder


def test_forms_from_the_cache_are_the_forms_from_the_files(forms: Path, tmp_path: Path) -> None:
    cache_path = tmp_path / "checked.json"
    first = checked_forms_cache(cache_path)
    built, problems = load_forms(forms, first)
    first.save()
    assert problems == []
    assert len(json.loads(cache_path.read_text(encoding="utf-8"))["files"]) == len(built)

    again, problems = load_forms(forms, checked_forms_cache(cache_path))
    assert problems == []
    assert again == built == load_forms(forms)[0]
    assert [q.line for q in again[0].questions] == [q.line for q in built[0].questions]


def test_a_restart_with_unchanged_forms_loads_no_yaml_parser_or_schema_checker(
    forms: Path, tmp_path: Path
) -> None:
    cache_path = tmp_path / "checked.json"
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from kiosk.forms.loader import checked_forms_cache, load_forms\n"
        f"cache = checked_forms_cache(Path({str(cache_path)!r}))\n"
        f"forms, problems = load_forms(Path({str(forms)!r}), cache)\n"
        "cache.save()\n"
        "print(len(forms), len(problems), 'yaml' in sys.modules, 'jsonschema' in sys.modules)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def start() -> str:
        run = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
        )
        return run.stdout.strip()

    count = len(load_forms(forms)[0])
    assert start() == f"{count} 0 True True"  # the first start checks every file
    assert start() == f"{count} 0 False False"  # a restart needs neither


def test_an_edited_form_is_checked_again_and_its_change_shows(forms: Path, tmp_path: Path) -> None:
    cache_path = tmp_path / "checked.json"
    cache = checked_forms_cache(cache_path)
    load_forms(forms, cache)
    cache.save()
    path = forms / "complaint.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: ", "title: Edited - ", 1), encoding="utf-8")

    built, problems = load_forms(forms, checked_forms_cache(cache_path))

    assert problems == []
    complaint = next(form for form in built if form.source == "complaint.yaml")
    assert complaint.title.startswith("Edited - ")


def test_a_broken_form_is_never_cached_and_is_reported_at_every_start(
    forms: Path, tmp_path: Path
) -> None:
    cache_path = tmp_path / "checked.json"
    path = forms / "complaint.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\nnot_a_key: 1\n", encoding="utf-8")
    for _start in range(2):
        cache = checked_forms_cache(cache_path)
        built, problems = load_forms(forms, cache)
        cache.save()
        assert [problem.file for problem in problems] == ["complaint.yaml"]
        assert "complaint.yaml" not in {form.source for form in built}


def test_a_change_to_the_checking_code_empties_the_cache(forms: Path, tmp_path: Path) -> None:
    cache_path = tmp_path / "checked.json"
    old = CheckedFiles(cache_path, code="version one")
    old.put(b"form bytes", {"data": 1})
    old.save()
    assert CheckedFiles(cache_path, code="version one").get(b"form bytes") == {"data": 1}
    assert CheckedFiles(cache_path, code="version two").get(b"form bytes") is None


def test_entries_no_longer_used_are_dropped_when_the_cache_is_saved(tmp_path: Path) -> None:
    cache_path = tmp_path / "checked.json"
    cache = CheckedFiles(cache_path, code="c")
    cache.put(b"old form", {"data": "old"})
    cache.save()
    later = CheckedFiles(cache_path, code="c")
    later.put(b"new form", {"data": "new"})
    later.save()
    stored = CheckedFiles(cache_path, code="c")
    assert stored.get(b"new form") == {"data": "new"}
    assert stored.get(b"old form") is None


@pytest.mark.parametrize("text", ["{not json", "[1, 2]", '{"files": 3}', "\udcff"])
def test_an_unreadable_cache_means_checking_again_not_failing(
    forms: Path, tmp_path: Path, text: str, caplog: pytest.LogCaptureFixture
) -> None:
    cache_path = tmp_path / "checked.json"
    cache_path.write_bytes(text.encode("utf-8", "surrogateescape"))
    with caplog.at_level(logging.WARNING):
        built, problems = load_forms(forms, checked_forms_cache(cache_path))
    assert problems == []
    assert built == load_forms(forms)[0]


def test_a_cache_that_cannot_be_written_is_logged_and_the_kiosk_carries_on(
    forms: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be", encoding="utf-8")
    cache = checked_forms_cache(blocker / "checked.json")
    built, problems = load_forms(forms, cache)
    with caplog.at_level(logging.WARNING):
        cache.save()
    assert problems == [] and built
    assert "was not saved" in caplog.text
    assert blocker.read_text(encoding="utf-8").startswith("a file")
