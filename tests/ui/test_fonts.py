"""Every character of every catalogue is drawn by the fonts the kiosk uses for that language:
no empty boxes in any script."""

import unicodedata

import pytest
from babel.messages.pofile import read_po
from PySide6.QtGui import QFont, QFontDatabase, QRawFont

from kiosk.i18n import catalogue_path
from kiosk.languages import BY_CODE, LANGUAGES, offered

SHIPPED = [code for code in offered() if code != "en"]


def covers(families: tuple[str, ...], character: str) -> bool:
    # QRawFont is one font file; QFontMetrics.inFont answers for Qt's fallback fonts as well,
    # so it would pass a character that the kiosk's own font lacks.
    return any(
        QRawFont.fromFont(QFont(family)).supportsCharacter(ord(character)) for family in families
    )


def texts(code: str) -> list[str]:
    with catalogue_path(code).open("rb") as po:
        catalog = read_po(po, locale=code)
    found = []
    for message in catalog:
        if message.id:
            found += list(message.string) if isinstance(message.string, tuple) else [message.string]
    return found


def test_every_font_the_kiosk_names_is_installed(qapp):
    installed = set(QFontDatabase.families())
    for language in LANGUAGES:
        for family in language.fonts:
            assert family in installed, f"{family} ({language.english}): make test installs it"


@pytest.mark.parametrize("code", SHIPPED)
def test_every_character_is_in_the_languages_fonts(qapp, code: str):
    families = BY_CODE[code].fonts
    characters = {ch for text in texts(code) for ch in text}
    missing = sorted(
        f"U+{ord(ch):04X} {unicodedata.name(ch, '?')}"
        for ch in characters
        # Spaces and invisible format marks (e.g. the zero-width non-joiner in Farsi) have no
        # glyph of their own.
        if not ch.isspace() and unicodedata.category(ch) != "Cf" and not covers(families, ch)
    )
    assert missing == []


def test_each_language_name_is_drawn_in_its_own_script(qapp):
    for language in LANGUAGES:
        assert all(covers(language.fonts, ch) for ch in language.native if ch != " ")
