"""The translation catalogues: complete, placeholders intact, in step with the code and forms."""

import re
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from kiosk.i18n import LOCALE_DIR, catalogue_path, is_complete
from kiosk.languages import LANGUAGES, offered

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
from update_catalogues import template  # noqa: E402

PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}")
SHIPPED = [code for code in offered() if code != "en"]


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def test_the_template_is_in_step_with_the_code_forms_and_content():
    with (LOCALE_DIR / "kiosk.pot").open("rb") as pot:
        written = {m.id for m in read_po(pot) if m.id}
    current = {m.id for m in template() if m.id}
    assert current - written == set(), "new texts: run `make catalogues`"
    assert written - current == set(), "texts gone: run `make catalogues`"


def test_languages_are_offered_in_their_own_script():
    assert len(LANGUAGES) == 11
    assert {lang.code for lang in LANGUAGES if lang.rtl} == {"ur", "ar", "fa"}


@pytest.mark.parametrize("code", SHIPPED)
def test_every_shipped_catalogue_is_complete_with_placeholders_intact(code: str):
    with catalogue_path(code).open("rb") as po:
        catalog = read_po(po, locale=code)
    with (LOCALE_DIR / "kiosk.pot").open("rb") as pot:
        expected = {m.id for m in read_po(pot) if m.id}
    assert {m.id for m in catalog if m.id} == expected
    assert is_complete(code)
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            wanted = placeholders(message.id[1]) | placeholders(message.id[0])
            strings = message.string
            assert len(strings) == catalog.num_plurals, message.id
        else:
            wanted = placeholders(message.id)
            strings = (message.string,)
        if "hour" in wanted:
            # Time templates also get {hour24}, so a language can use the 24-hour clock.
            wanted = wanted | {"hour24"}
        for string in strings:
            assert placeholders(string) <= wanted, (message.id, string)
            # Singular forms may leave {n} out ("one item"), times may use {hour24} for {hour};
            # every other placeholder stays.
            assert wanted - placeholders(string) <= {"n", "hour", "hour24"}, (message.id, string)
            string.format(**{name: "1" for name in placeholders(string)})


@pytest.mark.parametrize("code", SHIPPED)
def test_gnu_gettext_checks_every_catalogue_clean(code: str):
    """The translators' own tools (msgfmt, and editors built on it) find nothing wrong: no text
    is marked as a %-format, since the kiosk formats with str.format."""
    import subprocess

    checked = subprocess.run(
        ["msgfmt", "--check", "--output-file=/dev/null", str(catalogue_path(code))],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr
    assert "python-format" not in catalogue_path(code).read_text(encoding="utf-8")
