"""The languages the kiosk offers: each named in its own script, with its direction."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str
    native: str  # as its readers write it
    english: str
    rtl: bool = False
    babel: str = ""  # CLDR locale for dates and numbers

    @property
    def locale(self) -> str:
        return self.babel or self.code


LANGUAGES = (
    Language("en", "English", "English", babel="en_GB"),
    Language("ur", "اردو", "Urdu", rtl=True, babel="ur_PK"),
    Language("ar", "العربية", "Arabic", rtl=True),
    Language("fa", "فارسی", "Farsi", rtl=True),
    Language("pl", "Polski", "Polish"),
    Language("sk", "Slovenčina", "Slovak"),
    Language("zh", "中文", "Chinese", babel="zh_Hans"),
    Language("bn", "বাংলা", "Bengali"),
    Language("pa", "ਪੰਜਾਬੀ", "Punjabi", babel="pa_Guru"),
    Language("gu", "ગુજરાતી", "Gujarati"),
    Language("fr", "Français", "French", babel="fr_FR"),
)
BY_CODE = {language.code: language for language in LANGUAGES}


def native_name(code: str) -> str:
    return BY_CODE[code].native


def is_rtl(code: str) -> bool:
    return BY_CODE[code].rtl
