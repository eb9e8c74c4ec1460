"""UK phone numbers, read with the phonenumbers library: kept in national and E.164 form."""

from kiosk.forms.model import PhoneNumber

# What people type between the digits; anything else (letters above all) is refused rather than
# read as a "vanity" number, which phonenumbers would do.
_ALLOWED = frozenset("0123456789 +()-.")
UK_COUNTRY_CODE = 44


def has_letters(text: str) -> bool:
    return any(character.isalpha() for character in text)


def parse_uk_phone(text: str) -> PhoneNumber | None:
    """The number in `text`, or None when it is not a real UK number (Crown Dependencies too)."""
    if not set(text) <= _ALLOWED or sum(c.isdigit() for c in text) > 15:
        return None
    import phonenumbers  # on the first phone answer, not at start-up (its metadata is large)

    try:
        number = phonenumbers.parse(text, "GB")
    except phonenumbers.NumberParseException:
        return None
    if number.country_code != UK_COUNTRY_CODE or not phonenumbers.is_valid_number(number):
        return None
    return PhoneNumber(
        national=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL),
        e164=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
    )
