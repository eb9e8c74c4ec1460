"""Each field type with good and bad answers: what is kept, how it is written, what is said."""

import gettext
from datetime import date
from typing import Any

import pytest

from kiosk import i18n
from kiosk.forms import (
    Address,
    Choice,
    FieldError,
    FieldType,
    PhoneNumber,
    Question,
    load_form,
    validate,
)
from kiosk.forms.loader import DEFAULT_FORMS_DIR

TODAY = date(2026, 11, 23)
# Written as escapes: ruff flags Arabic letters that look like Latin ones.
HELLO_IN_ARABIC = "\u0645\u0631\u062d\u0628\u0627"
BIN_NOT_EMPTIED_IN_ARABIC = "\u0644\u0645 \u064a\u062a\u0645 \u0625\u0641\u0631\u0627\u063a"


def question(kind: FieldType, **options: Any) -> Question:
    return Question(id="q", type=kind, label="Question?", **options)


def check(q: Question, raw: Any) -> tuple[Any, list[FieldError]]:
    return validate(q, raw, today=TODAY)


def messages(q: Question, raw: Any) -> list[str]:
    value, errors = check(q, raw)
    assert value is None or not errors
    return [error.message for error in errors]


def accepted(q: Question, raw: Any) -> Any:
    value, errors = check(q, raw)
    assert errors == [], errors
    return value


# Text


@pytest.mark.parametrize("kind", ["short_text", "long_text"])
def test_required_text_must_be_entered(kind: FieldType):
    assert messages(question(kind), "   ") == ["Enter an answer"]
    assert messages(question(kind), None) == ["Enter an answer"]
    assert messages(question(kind, error="Enter your full name"), "") == ["Enter your full name"]


def test_optional_text_left_empty_is_none():
    assert check(question("short_text", required=False), "  ") == (None, [])


def test_text_keeps_what_was_typed_but_the_surrounding_spaces():
    long = question("long_text", max_length=1200)
    assert accepted(long, "  The bin 🗑️ was not emptied 👍🏽 \n") == "The bin 🗑️ was not emptied 👍🏽"
    assert accepted(long, BIN_NOT_EMPTIED_IN_ARABIC) == BIN_NOT_EMPTIED_IN_ARABIC
    assert accepted(long, "'; DROP TABLE submissions; --") == "'; DROP TABLE submissions; --"
    assert accepted(long, "<script>alert(1)</script>") == "<script>alert(1)</script>"
    assert accepted(long, "Line one\n\tLine two") == "Line one\n\tLine two"
    # A family emoji is several code points joined by zero-width joiners: all kept.
    assert accepted(long, "👨‍👩‍👧") == "👨‍👩‍👧"


def test_the_limit_is_in_characters_and_in_the_message():
    q = question("long_text", max_length=1200)
    assert messages(q, "x" * 10_000) == ["Your answer must be 1,200 characters or fewer"]
    assert accepted(q, "é" * 1200) == "é" * 1200
    assert messages(question("short_text", max_length=1), "ab") == [
        "Your answer must be 1 character or fewer"
    ]


def test_text_without_max_length_uses_the_default_limit():
    assert messages(question("short_text"), "x" * 101) == [
        "Your answer must be 100 characters or fewer"
    ]
    assert accepted(question("long_text"), "x" * 1200)


@pytest.mark.parametrize("override", ["\u202e", "\u202a", "\u202d", "\u2066", "\u2067", "\u2069"])
def test_direction_overrides_are_refused(override: str):
    text = f"Refund {override}001 GBP"
    assert messages(question("long_text"), text) == [
        "Your answer contains hidden characters that change the direction of text. "
        "Delete the answer and type it again."
    ]


def test_right_to_left_marks_used_by_arabic_text_are_kept():
    marked = f"\u200f{HELLO_IN_ARABIC}\u200e"
    assert accepted(question("short_text"), marked) == marked


@pytest.mark.parametrize("text", ["a\x00b", "a\x1bb", "a\x7fb", "a\ud800b"])
def test_control_characters_are_refused(text: str):
    assert messages(question("long_text"), text) == [
        "Your answer contains a hidden character that cannot be used. "
        "Delete the answer and type it again."
    ]


def test_short_text_is_one_line():
    assert len(messages(question("short_text"), "a\nb")) == 1
    assert len(messages(question("short_text"), "a\tb")) == 1


# Postcodes


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        (" s65 1uf ", "S65 1UF"),
        ("SW1A1AA", "SW1A 1AA"),
        ("sw1a  1aa", "SW1A 1AA"),
        ("gir0aa", "GIR 0AA"),
        ("M1 1AE", "M1 1AE"),
        ("EC1A1BB", "EC1A 1BB"),
        ("W1A 0AX", "W1A 0AX"),
    ],
)
def test_postcodes_are_written_the_standard_way(typed: str, kept: str):
    assert accepted(question("postcode"), typed) == kept


@pytest.mark.parametrize("typed", ["XX1", "S65", "S65 1UFF", "QQ1 1AA", "12345", "S65-1UF"])
def test_postcodes_that_cannot_be_real_are_refused(typed: str):
    assert messages(question("postcode"), typed) == ["Enter a real postcode, like S65 1UF"]


def test_an_empty_postcode_is_asked_for():
    assert messages(question("postcode"), "") == ["Enter a postcode"]


# Phone numbers


@pytest.mark.parametrize(
    ("typed", "national", "e164"),
    [
        ("01709336000", "01709 336000", "+441709336000"),
        ("01709 336000", "01709 336000", "+441709336000"),
        ("+44 1709 336000", "01709 336000", "+441709336000"),
        ("+44 (0)1709 336000", "01709 336000", "+441709336000"),
        ("0044 1709 336000", "01709 336000", "+441709336000"),
        ("07912 345678", "07912 345678", "+447912345678"),
        ("020 7946 0000", "020 7946 0000", "+442079460000"),
    ],
)
def test_uk_phone_numbers_are_kept_in_national_and_international_form(
    typed: str, national: str, e164: str
):
    assert accepted(question("phone"), typed) == PhoneNumber(national, e164)


def test_a_phone_number_with_letters_is_refused():
    assert messages(question("phone"), "0800 CALL NOW") == [
        "A phone number can only include numbers, spaces, brackets and +"
    ]
    assert messages(question("phone"), "01709 33600O") == [
        "A phone number can only include numbers, spaces, brackets and +"
    ]


@pytest.mark.parametrize("typed", ["0170933", "123", "+48 601 234 567", "01709 336000 12345", "#1"])
def test_numbers_that_are_not_uk_phone_numbers_are_refused(typed: str):
    assert messages(question("phone"), typed) == ["Enter a UK phone number, like 01709 336000"]


# Email


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("name@example.com", "name@example.com"),
        (" Jo.Bloggs+kiosk@Example.CO.UK ", "Jo.Bloggs+kiosk@example.co.uk"),
    ],
)
def test_email_addresses(typed: str, kept: str):
    assert accepted(question("email"), typed) == kept


@pytest.mark.parametrize("typed", ["name", "name@", "@example.com", "name@example", "a b@c.com"])
def test_email_addresses_in_the_wrong_format_are_refused(typed: str):
    assert messages(question("email"), typed) == [
        "Enter an email address in the correct format, like name@example.com"
    ]


def test_a_too_long_email_address_is_refused():
    assert messages(question("email"), "a" * 250 + "@example.com") == [
        "The email address must be 254 characters or fewer"
    ]


# Numbers


def test_whole_numbers_in_a_range():
    q = question("number", minimum=1, maximum=10)
    assert accepted(q, "3") == 3
    assert accepted(q, " 10 ") == 10
    assert messages(q, "11") == ["Enter a number from 1 to 10"]
    assert messages(q, "0") == ["Enter a number from 1 to 10"]
    assert messages(q, "2.5") == ["Enter a whole number, like 12"]
    assert messages(q, "three") == ["Enter a number, like 12"]
    assert messages(q, "1e3") == ["Enter a number, like 12"]
    assert messages(q, "nan") == ["Enter a number, like 12"]


def test_decimal_numbers_and_open_ranges():
    q = question("number", whole_number=False, minimum=0)
    assert accepted(q, "2.5") == 2.5
    assert accepted(q, "1,250.75") == 1250.75
    assert messages(q, "-1") == ["Enter a number of 0 or more"]
    assert messages(question("number", maximum=99.5, whole_number=False), "100") == [
        "Enter a number of 99.5 or less"
    ]
    assert messages(q, "9" * 400) == ["Enter a number, like 12"]


# Dates


def date_question(**options: Any) -> Question:
    return question("date", **options)


def parts(day: str = "", month: str = "", year: str = "") -> dict[str, str]:
    return {"day": day, "month": month, "year": year}


def test_a_real_date_is_kept():
    assert accepted(date_question(), parts("23", "11", "2026")) == date(2026, 11, 23)
    assert accepted(date_question(), parts(" 1 ", "3", "2026")) == date(2026, 3, 1)
    assert accepted(date_question(), parts("1", "March", "2026")) == date(2026, 3, 1)
    assert accepted(date_question(), parts("1", "sep", "2026")) == date(2026, 9, 1)


def test_31_february_is_refused():
    assert check(date_question(), parts("31", "2", "2026")) == (
        None,
        [FieldError(None, "The date must be a real date")],
    )


def test_a_missing_part_is_named():
    assert check(date_question(), parts("23", "", "2026"))[1] == [
        FieldError("month", "The date must include a month")
    ]
    assert check(date_question(), parts("", "", "2026"))[1] == [
        FieldError("day", "The date must include a day and a month")
    ]
    assert check(date_question(), parts("23", "11", ""))[1] == [
        FieldError("year", "The date must include a year")
    ]


def test_parts_that_cannot_be_a_date_are_named():
    assert check(date_question(), parts("32", "1", "2026"))[1][0].part == "day"
    assert check(date_question(), parts("1", "13", "2026"))[1][0].part == "month"
    assert check(date_question(), parts("x", "1", "2026"))[1][0].part == "day"
    assert check(date_question(), parts("1", "1", "26"))[1] == [
        FieldError("year", "The year must include 4 numbers")
    ]
    assert check(date_question(), parts("1", "1", "1066"))[1] == [
        FieldError("year", "The year must be 1900 or later")
    ]


def test_past_only_and_future_only():
    past = date_question(past_only=True)
    future = date_question(future_only=True)
    assert accepted(past, parts("23", "11", "2026")) == TODAY
    assert messages(past, parts("24", "11", "2026")) == ["The date must be today or in the past"]
    assert accepted(future, parts("23", "11", "2026")) == TODAY
    assert messages(future, parts("22", "11", "2026")) == [
        "The date must be today or in the future"
    ]


def test_an_empty_date():
    assert messages(date_question(), parts()) == ["Enter a date"]
    assert messages(date_question(), None) == ["Enter a date"]
    assert check(date_question(required=False), parts()) == (None, [])


# Address


def test_an_address_is_kept_with_its_postcode_written_the_standard_way():
    raw = {"line1": " 1 Main Street ", "line2": "", "town": "Rotherham", "postcode": "s65 1uf"}
    assert accepted(question("address"), raw) == Address(
        "1 Main Street", "", "Rotherham", "S65 1UF"
    )


def test_each_missing_or_wrong_part_of_an_address_is_named():
    raw = {"line1": "", "line2": "", "town": "", "postcode": "XX1"}
    assert check(question("address"), raw) == (
        None,
        [
            FieldError("line1", "Enter the building and street"),
            FieldError("town", "Enter the town or city"),
            FieldError("postcode", "Enter a real postcode, like S65 1UF"),
        ],
    )
    raw = {"line1": "1 Main Street\u202e", "town": "Rotherham", "postcode": ""}
    assert [error.part for error in check(question("address"), raw)[1]] == ["line1", "postcode"]
    assert check(question("address"), raw)[1][1] == FieldError("postcode", "Enter the postcode")


def test_address_messages_name_the_boxes_as_the_screen_labels_them():
    """The address boxes are labelled "Building and street", "Town or city" and "Postcode"."""
    errors = check(question("address"), {"line2": "Flat 2"})[1]
    assert [error.message for error in errors] == [
        "Enter the building and street",
        "Enter the town or city",
        "Enter the postcode",
    ]


def test_an_optional_address_may_be_left_empty():
    assert check(question("address", required=False), {}) == (None, [])


# Choices


CHOICES = (Choice("graffiti", "Graffiti"), Choice("litter", "Litter"), Choice("pothole", "Pothole"))


def test_single_choice():
    q = question("single_choice", choices=CHOICES)
    assert accepted(q, "litter") == "litter"
    assert messages(q, "") == ["Select an answer"]
    assert messages(q, "fire") == ["Select one of the answers shown"]


def test_yes_no():
    q = question("yes_no", choices=(Choice("yes", "Yes"), Choice("no", "No")))
    assert accepted(q, "no") == "no"
    assert accepted(q, True) == "yes"
    assert messages(q, None) == ["Select yes or no"]


def test_multiple_choice_keeps_the_order_of_the_question_each_once():
    q = question("multiple_choice", choices=CHOICES)
    assert accepted(q, ["pothole", "graffiti", "pothole"]) == ("graffiti", "pothole")
    assert messages(q, []) == ["Select at least one answer"]
    assert messages(q, ["graffiti", "fire"]) == ["Select from the answers shown"]
    assert check(question("multiple_choice", choices=CHOICES, required=False), []) == (None, [])


def test_an_exclusive_choice_cannot_be_ticked_with_others():
    q = question(
        "multiple_choice", choices=(*CHOICES, Choice("none", "None of these", exclusive=True))
    )
    assert accepted(q, ["none"]) == ("none",)
    assert messages(q, ["none", "litter"]) == [
        "Select either “None of these” or the other answers, not both"
    ]


def test_monitoring_questions_are_optional_and_accept_prefer_not_to_say():
    form = load_form(DEFAULT_FORMS_DIR / "complaint.yaml")
    age = form.question("age_group")
    assert check(age, None) == (None, [])
    assert accepted(age, "prefer_not_to_say") == "prefer_not_to_say"
    assert accepted(age, "18_to_24") == "18_to_24"


# Consent


def test_consent_must_be_ticked_when_required():
    assert accepted(question("consent"), True) is True
    assert messages(question("consent"), False) == ["Tick the box to continue"]
    assert messages(question("consent", error="Tick the box to agree"), False) == [
        "Tick the box to agree"
    ]
    assert check(question("consent", required=False), False) == (None, [])


def test_a_raw_answer_of_the_wrong_kind_is_a_bug_not_a_message():
    with pytest.raises(TypeError):
        check(question("short_text"), 12)
    with pytest.raises(TypeError):
        check(question("date"), "23/11/2026")
    with pytest.raises(TypeError):
        check(question("address"), "1 Main Street")


class Shouting(gettext.NullTranslations):
    """A stand-in language: every string in capitals, so a translated one shows."""

    def gettext(self, message: str) -> str:
        return message.upper()

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return (msgid1 if n == 1 else msgid2).upper().replace("{LIMIT}", "{limit}")


def test_messages_are_in_the_language_of_the_moment(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(i18n, "_translation", Shouting())
    assert messages(question("postcode"), "XX1") == ["ENTER A REAL POSTCODE, LIKE S65 1UF"]
    assert messages(question("short_text", error="Enter your full name"), "") == [
        "ENTER YOUR FULL NAME"
    ]
    assert messages(question("short_text", max_length=5), "toolong") == [
        "YOUR ANSWER MUST BE 5 CHARACTERS OR FEWER"
    ]
