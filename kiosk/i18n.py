"""One catalogue system for every string a person sees or hears: gettext catalogues in locales/.

Strings are marked where they are written: `_()` translates now, `N_()` marks a string that is
translated later (where it is shown), e.g. the labels of settings. The English text is the
message id. Catalogues are the .po files themselves (Babel reads them, in memory, the first time
a language is chosen): there is no compiled copy to forget to rebuild.
"""

import gettext
import io
from functools import cache
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "kiosk"
SOURCE_LANGUAGE = "en"

_translation: gettext.NullTranslations = gettext.NullTranslations()


def catalogue_path(code: str) -> Path:
    return LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def _load(code: str) -> gettext.NullTranslations:
    path = catalogue_path(code)
    if code == SOURCE_LANGUAGE or not path.exists():
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with path.open("rb") as po:
        catalog = read_po(po, locale=code)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


@cache
def is_complete(code: str) -> bool:
    """Every message translated (and none fuzzy): only such a language is offered to citizens."""
    if code == SOURCE_LANGUAGE:
        return True
    path = catalogue_path(code)
    if not path.exists():
        return False
    from babel.messages.pofile import read_po

    with path.open("rb") as po:
        catalog = read_po(po, locale=code)
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            return False
    return True


def set_language(code: str) -> None:
    global _translation
    _translation = _load(code)


def _(message: str) -> str:
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)


def in_language(code: str, message: str) -> str:
    """`message` in `code` whatever the kiosk shows now: the wall display says a call-out in
    English and then in the language the citizen chose at the kiosk."""
    return _load(code).gettext(message)


def in_language_plural(code: str, singular: str, plural: str, n: int) -> str:
    return _load(code).ngettext(singular, plural, n)


def N_(message: str) -> str:
    return message


def N_plural(singular: str, plural: str) -> tuple[str, str]:
    """Mark a plural pair for the catalogue, translated later with `in_language_plural`."""
    return singular, plural
