"""One catalogue system for every string a person sees or hears: gettext catalogues in locales/.

Strings are marked where they are written: `_()` translates now, `N_()` marks a string that is
translated later (where it is shown), e.g. the labels of settings.
"""

import gettext
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "kiosk"

_translation: gettext.NullTranslations = gettext.NullTranslations()


def set_language(code: str) -> None:
    global _translation
    _translation = gettext.translation(DOMAIN, LOCALE_DIR, languages=[code], fallback=True)


def _(message: str) -> str:
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)


def N_(message: str) -> str:
    return message
