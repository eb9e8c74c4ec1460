"""The languages the kiosk offers: each named in its own script, with its direction."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    """A language the kiosk speaks: its names, direction, locale and fonts."""

    code: str
    native: str  # as its readers write it
    english: str
    rtl: bool = False
    babel: str = ""  # CLDR locale for dates and numbers
    # The font for the script first (Debian's fonts-noto-core and fonts-noto-cjk), then Noto
    # Sans for the Latin letters, digits and names that appear in every language's text.
    fonts: tuple[str, ...] = ("Noto Sans",)

    @property
    def locale(self) -> str:
        return self.babel or self.code


LANGUAGES = (
    Language("en", "English", "English", babel="en_GB"),
    # Urdu reads best in Nastaliq, the style its readers grew up with.
    Language(
        "ur", "اردو", "Urdu", rtl=True, babel="ur_PK", fonts=("Noto Nastaliq Urdu", "Noto Sans")
    ),
    Language("ar", "العربية", "Arabic", rtl=True, fonts=("Noto Naskh Arabic", "Noto Sans")),
    Language("fa", "فارسی", "Farsi", rtl=True, fonts=("Noto Naskh Arabic", "Noto Sans")),
    Language("pl", "Polski", "Polish"),
    Language("sk", "Slovenčina", "Slovak"),
    Language("zh", "中文", "Chinese", babel="zh_Hans", fonts=("Noto Sans CJK SC", "Noto Sans")),
    Language("bn", "বাংলা", "Bengali", fonts=("Noto Sans Bengali", "Noto Sans")),
    Language("pa", "ਪੰਜਾਬੀ", "Punjabi", babel="pa_Guru", fonts=("Noto Sans Gurmukhi", "Noto Sans")),
    Language("gu", "ગુજરાતી", "Gujarati", fonts=("Noto Sans Gujarati", "Noto Sans")),
    Language("fr", "Français", "French", babel="fr_FR"),
)
BY_CODE = {language.code: language for language in LANGUAGES}


def offered() -> list[str]:
    """The languages citizens can choose: English, and each one with a catalogue in locales/
    (a test keeps every shipped catalogue complete)."""
    from kiosk.i18n import SOURCE_LANGUAGE, catalogue_path

    return [
        language.code
        for language in LANGUAGES
        if language.code == SOURCE_LANGUAGE or catalogue_path(language.code).exists()
    ]


def native_name(code: str) -> str:
    return BY_CODE[code].native
