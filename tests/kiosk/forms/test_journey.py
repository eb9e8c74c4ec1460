"""A citizen going through each shipped form, a page at a time."""

import gettext
import json
from datetime import date
from typing import Any

import pytest

from kiosk import i18n
from kiosk.forms import FormDefinition, FormJourney, JourneyNotReady, load_form
from kiosk.forms.loader import DEFAULT_FORMS_DIR

TODAY = date(2026, 11, 23)
ADDRESS = {"line1": "1 Main Street", "line2": "", "town": "Rotherham", "postcode": "s65 1uf"}
ADDRESS_SENT = {"line1": "1 Main Street", "line2": "", "town": "Rotherham", "postcode": "S65 1UF"}
PHONE_SENT = {"national": "01709 336000", "e164": "+441709336000"}


def form(form_id: str) -> FormDefinition:
    return load_form(DEFAULT_FORMS_DIR / f"{form_id}.yaml")


def journey(form_id: str) -> FormJourney:
    return FormJourney(form(form_id), today=lambda: TODAY)


def walk(j: FormJourney, answers: dict[str, Any]) -> list[str]:
    """Answer each page shown from `answers`; the pages shown, in order."""
    shown = []
    while j.state == "question":
        assert j.current is not None
        shown.append(j.current.id)
        assert j.submit(answers[j.current.id]) == []
    return shown


# Each shipped form, end to end: what the citizen enters and what is sent.
WALKS: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    (
        "street_problem",
        {
            "problem": "fly_tipping",
            "waste_type": ["tyres", "furniture"],
            "location_method": "postcode",
            "location_postcode": " s65 1uf ",
            "location_details": "Behind the garages",
            "description": "",
            "wants_updates": "yes",
            "contact_name": "Sam Patel",
            "contact_method": "phone",
            "contact_phone": "01709336000",
        },
        {
            "problem": "fly_tipping",
            "waste_type": ["furniture", "tyres"],
            "location_method": "postcode",
            "location_postcode": "S65 1UF",
            "location_details": "Behind the garages",
            "wants_updates": "yes",
            "contact_name": "Sam Patel",
            "contact_method": "phone",
            "contact_phone": PHONE_SENT,
        },
    ),
    (
        "housing_repair",
        {
            "emergency_check": "none",
            "room": "bathroom",
            "repair_type": "damp_mould",
            "description": "Black mould on the ceiling above the bath.",
            "started": {"day": "1", "month": "10", "year": "2026"},
            "availability": ["weekday_mornings"],
            "access_notes": "",
            "name": "Ann Smith",
            "address": ADDRESS,
            "phone": "01709 336000",
        },
        {
            "emergency_check": "none",
            "room": "bathroom",
            "repair_type": "damp_mould",
            "description": "Black mould on the ceiling above the bath.",
            "started": "2026-10-01",
            "availability": ["weekday_mornings"],
            "name": "Ann Smith",
            "address": ADDRESS_SENT,
            "phone": PHONE_SENT,
        },
    ),
    (
        "complaint",
        {
            "feedback_type": "complaint",
            "service": "waste",
            "what_happened": "My bin was not emptied twice.",
            "put_right": "Empty it, please.",
            "name": "Jo Bloggs",
            "contact_method": "email",
            "email": "jo@example.com",
            "equality_questions": "yes",
            "age_group": "65_to_74",
            "sex": "prefer_not_to_say",
            "disability": None,
            "ethnic_group": "white",
        },
        {
            "feedback_type": "complaint",
            "service": "waste",
            "what_happened": "My bin was not emptied twice.",
            "put_right": "Empty it, please.",
            "name": "Jo Bloggs",
            "contact_method": "email",
            "email": "jo@example.com",
            "equality_questions": "yes",
            "age_group": "65_to_74",
            "sex": "prefer_not_to_say",
            "ethnic_group": "white",
        },
    ),
    (
        "tell_us_once",
        {
            "what_changed": ["death"],
            "died_name": "Arthur Jones",
            "died_date": {"day": "14", "month": "11", "year": "2026"},
            "died_relationship": "Husband",
            "services_used": ["council_tax", "blue_badge"],
            "name": "Mary Jones",
            "phone": "01709 336000",
            "email": "",
        },
        {
            "what_changed": ["death"],
            "died_name": "Arthur Jones",
            "died_date": "2026-11-14",
            "died_relationship": "Husband",
            "services_used": ["council_tax", "blue_badge"],
            "name": "Mary Jones",
            "phone": PHONE_SENT,
        },
    ),
    (
        "call_back",
        {
            "topic": "council_tax",
            "name": "Sam Patel",
            "phone": "+44 1709 336000",
            "best_time": "morning",
            "note": "About my bill",
        },
        {
            "topic": "council_tax",
            "name": "Sam Patel",
            "phone": PHONE_SENT,
            "best_time": "morning",
            "note": "About my bill",
        },
    ),
    (
        "appointment",
        {
            "service": "benefits",
            "days": ["friday", "monday"],
            "time_of_day": "either",
            "support": ["interpreter", "access"],
            "interpreter_language": "slovak",
            "name": "Jana Novak",
            "contact_method": "email",
            "email": "jana@example.com",
        },
        {
            "service": "benefits",
            "days": ["monday", "friday"],
            "time_of_day": "either",
            "support": ["interpreter", "access"],
            "interpreter_language": "slovak",
            "name": "Jana Novak",
            "contact_method": "email",
            "email": "jana@example.com",
        },
    ),
    (
        "feedback",
        {"rating": "5", "comment": "Quick and kind 😊"},
        {"rating": "5", "comment": "Quick and kind 😊"},
    ),
]


@pytest.mark.parametrize(("form_id", "answers", "sent"), WALKS, ids=[w[0] for w in WALKS])
def test_each_shipped_form_end_to_end(form_id: str, answers: dict[str, Any], sent: dict[str, Any]):
    j = journey(form_id)
    assert walk(j, answers) == list(answers)
    assert j.state == "check"
    assert j.payload() == sent
    assert json.loads(json.dumps(j.payload())) == sent
    assert j.progress() == (len(answers), len(answers))
    assert j.next_steps()


def test_show_if_shows_only_the_pages_that_apply():
    j = journey("street_problem")
    first = [q.id for q in j.visible_questions()]
    assert "waste_type" not in first and "location_address" not in first
    j.submit("missed_bin")
    assert j.current is not None and j.current.id == "missed_bin"
    j.submit("garden")
    assert j.current is not None and j.current.id == "location_method"
    j.submit("address")
    assert j.current is not None and j.current.id == "location_address"


def test_answers_of_pages_no_longer_shown_are_not_sent():
    j = journey("street_problem")
    walk(j, {**WALKS[0][1]})
    j.change("problem")
    j.submit("graffiti")
    assert j.state == "check"
    payload = j.payload()
    assert payload["problem"] == "graffiti"
    assert "waste_type" not in payload
    # Kept in case the citizen changes their mind again.
    assert j.answer("waste_type") == ("furniture", "tyres")


def test_back_keeps_the_answers():
    j = journey("call_back")
    j.submit("council_tax")
    j.submit("Sam Patel")
    assert j.progress() == (3, 5)
    assert j.back() is True
    assert j.current is not None and j.current.id == "name"
    assert j.raw("name") == "Sam Patel"
    assert j.answer("name") == "Sam Patel"
    assert j.back() is True
    assert j.raw("topic") == "council_tax"
    assert j.back() is False
    assert j.current is not None and j.current.id == "topic"


def test_errors_keep_what_was_typed():
    j = journey("call_back")
    j.submit("council_tax")
    j.submit("Sam Patel")
    errors = j.submit("0170 CALL ME")
    assert [e.message for e in errors] == [
        "A phone number can only include numbers, spaces, brackets and +"
    ]
    assert j.current is not None and j.current.id == "phone"
    assert j.raw("phone") == "0170 CALL ME"
    assert j.answer("phone") is None
    assert j.errors() == errors
    j.back()
    assert j.errors() == []
    j.submit("Sam Patel")
    assert j.raw("phone") == "0170 CALL ME"
    assert j.submit("01709 336000") == []
    assert j.errors() == []


def test_back_from_check_goes_to_the_last_page():
    j = journey("feedback")
    walk(j, {"rating": "4", "comment": ""})
    assert j.back() is True
    assert j.state == "question"
    assert j.current is not None and j.current.id == "comment"


def test_a_change_link_returns_to_check():
    j = journey("call_back")
    walk(j, WALKS[4][1])
    j.change("best_time")
    assert j.state == "question" and j.changing
    assert j.current is not None and j.current.id == "best_time"
    assert j.raw("best_time") == "morning"
    j.submit("afternoon")
    assert j.state == "check"
    assert j.payload()["best_time"] == "afternoon"


def test_back_from_a_change_link_returns_to_check():
    j = journey("call_back")
    walk(j, WALKS[4][1])
    j.change("best_time")
    assert j.back() is True
    assert j.state == "check"
    assert j.payload()["best_time"] == "morning"


def test_a_change_that_shows_new_pages_walks_through_them_then_returns_to_check():
    j = journey("complaint")
    answers = dict(WALKS[2][1], contact_method="phone", phone="01709 336000")
    del answers["email"]
    walk(j, answers)
    j.change("contact_method")
    j.submit("post")
    assert j.state == "question"
    assert j.current is not None and j.current.id == "address"
    assert j.submit(ADDRESS) == []
    assert j.state == "check"
    payload = j.payload()
    assert payload["address"] == ADDRESS_SENT
    assert "phone" not in payload


def test_a_change_to_an_answer_given_before_goes_straight_back_to_check():
    j = journey("complaint")
    walk(j, WALKS[2][1])
    j.change("contact_method")
    j.submit("post")
    j.submit(ADDRESS)
    j.change("contact_method")
    j.submit("email")
    assert j.state == "check"
    assert j.payload()["email"] == "jo@example.com"


def test_change_only_to_a_page_that_is_shown():
    j = journey("complaint")
    walk(j, WALKS[2][1])
    with pytest.raises(ValueError):
        j.change("address")


@pytest.mark.parametrize(
    ("choice", "phone"),
    [
        ("gas", "0800 111 999"),
        ("carbon_monoxide", "0800 111 999"),
        # The council's emergency repairs line, which answers day and night.
        ("flooding", "01632 960041"),
        ("no_heating", "01632 960041"),
        ("electrics", "01632 960041"),
    ],
)
def test_an_emergency_stops_the_form(choice: str, phone: str):
    j = journey("housing_repair")
    assert j.submit(choice) == []
    assert j.state == "emergency"
    assert j.current is None
    assert j.emergency is not None
    assert j.emergency.id == choice and j.emergency.phone == phone
    assert j.emergency.title and j.emergency.message
    with pytest.raises(JourneyNotReady):
        j.payload()
    # Back to the page that raised it; a different answer goes on with the form.
    assert j.back() is True
    assert j.state == "question" and j.emergency is None
    assert j.current is not None and j.current.id == "emergency_check"
    j.submit("none")
    assert j.current is not None and j.current.id == "room"


@pytest.mark.parametrize("choice", ["gas", "carbon_monoxide"])
def test_gas_emergencies_name_the_national_gas_emergency_service(choice: str):
    j = journey("housing_repair")
    j.submit(choice)
    assert j.emergency is not None
    assert j.emergency.phone_label == "National Gas Emergency Service"


def test_a_carbon_monoxide_alarm_stops_the_form_with_its_own_advice():
    j = journey("housing_repair")
    question = j.current
    assert question is not None
    choice = question.choice("carbon_monoxide")
    assert choice is not None and choice.emergency == "carbon_monoxide"
    assert "carbon monoxide alarm" in choice.label
    j.submit("carbon_monoxide")
    assert j.state == "emergency" and j.emergency is not None
    message = j.emergency.message
    assert "fresh air" in message
    assert "Call 999 if anyone is unwell." in message
    assert "ask a member of staff to call for you" in message
    assert j.emergency.phone == "0800 111 999"


def test_nothing_is_sent_before_check():
    j = journey("feedback")
    with pytest.raises(JourneyNotReady):
        j.payload()


@pytest.mark.parametrize(
    ("changed", "used", "departments"),
    [
        (
            ["moved_home"],
            ["not_sure"],
            ["Council Tax team", "Electoral registration team"],
        ),
        (
            ["moved_home"],
            ["council_tax"],
            ["Council Tax team", "Electoral registration team"],
        ),
        (
            ["someone_left"],
            ["waste"],
            ["Council Tax team", "Electoral registration team", "Bin collections team"],
        ),
        (
            ["moved_home", "death"],
            ["council_housing", "blue_badge", "council_tax"],
            [
                "Council Tax team",
                "Electoral registration team",
                "Council housing team",
                "Blue Badge team",
            ],
        ),
        (
            ["someone_joined"],
            ["benefits"],
            [
                "Council Tax team",
                "Electoral registration team",
                "Housing Benefit and Council Tax Support team",
            ],
        ),
    ],
)
def test_tell_us_once_reaches_every_department_concerned(
    changed: list[str], used: list[str], departments: list[str]
):
    j = journey("tell_us_once")
    details = {
        "new_address": ADDRESS,
        "old_address": ADDRESS,
        "move_date": {"day": "1", "month": "12", "year": "2026"},
        "joined_name": "Ali Khan",
        "joined_date": {"day": "1", "month": "11", "year": "2026"},
        "left_name": "Ali Khan",
        "left_date": {"day": "1", "month": "11", "year": "2026"},
        "died_name": "Arthur Jones",
        "died_date": {"day": "14", "month": "11", "year": "2026"},
        "died_relationship": "",
    }
    walk(
        j,
        {
            "what_changed": changed,
            **details,
            "services_used": used,
            "name": "Mary Jones",
            "phone": "01709 336000",
            "email": "",
        },
    )
    assert j.departments() == departments


def test_tell_us_once_tells_only_the_teams_the_citizen_chose():
    """Moving home with only Council Tax ticked reaches no benefits or housing team."""
    j = journey("tell_us_once")
    walk(
        j,
        {
            "what_changed": ["moved_home"],
            "new_address": ADDRESS,
            "old_address": ADDRESS,
            "move_date": {"day": "1", "month": "12", "year": "2026"},
            "services_used": ["council_tax"],
            "name": "Mary Jones",
            "phone": "01709 336000",
            "email": "",
        },
    )
    departments = j.departments()
    assert departments == ["Council Tax team", "Electoral registration team"]
    assert not any("Benefit" in name or "housing" in name for name in departments)
    j.change("services_used")
    j.submit(["council_tax", "benefits"])
    assert j.departments() == [
        "Council Tax team",
        "Electoral registration team",
        "Housing Benefit and Council Tax Support team",
    ]


def test_another_interpreter_language_is_asked_for_in_words():
    j = journey("appointment")
    answers = dict(WALKS[5][1], interpreter_language="other", interpreter_language_other="Tigrinya")
    order = [*WALKS[5][1]]
    order.insert(order.index("interpreter_language") + 1, "interpreter_language_other")
    assert walk(j, answers) == order
    assert j.payload()["interpreter_language"] == "other"
    assert j.payload()["interpreter_language_other"] == "Tigrinya"


def test_complaint_next_steps_say_sorry_then_promise_5_and_15_working_days():
    j = journey("complaint")
    walk(j, WALKS[2][1])
    steps = j.next_steps()
    assert steps[0].text == "We're sorry things went wrong." and steps[0].working_days is None
    assert [step.working_days for step in steps[1:]] == [5, 15]


def test_a_compliment_has_its_own_next_steps():
    j = journey("complaint")
    j.submit("compliment")
    steps = j.next_steps()
    assert 5 not in [step.working_days for step in steps]
    assert any("pass your message" in step.text for step in steps)
    assert not any("sorry" in step.text for step in steps)


@pytest.mark.parametrize(
    ("best_time", "window", "words"),
    [
        ("morning", ("09:00", "12:30"), "in the morning"),
        ("afternoon", ("13:30", "17:00"), "in the afternoon"),
        ("any_time", ("09:00", "17:00"), "between"),
    ],
)
def test_call_back_next_steps_follow_the_chosen_time(
    best_time: str, window: tuple[str, str], words: str
):
    j = journey("call_back")
    walk(j, dict(WALKS[4][1], best_time=best_time))
    dated = [step for step in j.next_steps() if step.window is not None]
    assert len(dated) == 1, "one call back promise, for the time chosen"
    step = dated[0]
    assert step.working_days == 1 and step.window == window
    assert words in step.text and "{start}" in step.text and "{end}" in step.text
    other = {"morning": "afternoon", "afternoon": "morning", "any_time": "morning"}[best_time]
    assert f"in the {other}" not in step.text


def test_summary_shows_answers_as_the_citizen_reads_them():
    j = journey("housing_repair")
    walk(j, WALKS[1][1])
    shown = {question.id: text for question, text in j.summary()}
    assert shown["room"] == "Bathroom or toilet"
    assert shown["started"] == "1 October 2026"
    assert shown["availability"] == "Weekday mornings"
    assert shown["address"] == "1 Main Street\nRotherham\nS65 1UF"
    assert shown["phone"] == "01709 336000"
    assert "access_notes" not in shown
    custom = dict((q.id, text) for q, text in j.summary(format_date=lambda d: d.isoformat()))
    assert custom["started"] == "2026-10-01"


def test_progress_counts_the_pages_shown_now():
    j = journey("complaint")
    j.submit("compliment")
    page, total = j.progress()
    assert page == 2
    assert total == len(j.visible_questions())
    assert "put_right" not in [q.id for q in j.visible_questions()]


def test_clear_forgets_everything():
    j = journey("housing_repair")
    walk(j, WALKS[1][1])
    j.clear()
    assert j.state == "question"
    assert j.current is not None and j.current.id == "emergency_check"
    assert all(j.raw(q.id) is None and j.answer(q.id) is None for q in j.form.questions)
    assert j.summary() == [] and j.departments() == []
    j.submit("gas")
    j.clear()
    assert j.state == "question" and j.emergency is None


def test_the_summary_is_in_the_language_of_the_moment(monkeypatch: pytest.MonkeyPatch):
    class Shouting(gettext.NullTranslations):
        def gettext(self, message: str) -> str:
            return message if "{" in message else message.upper()

    j = journey("housing_repair")
    walk(j, WALKS[1][1])
    monkeypatch.setattr(i18n, "_translation", Shouting())
    shown = {question.id: text for question, text in j.summary()}
    assert shown["room"] == "BATHROOM OR TOILET"
    assert shown["started"] == "1 OCTOBER 2026"


def test_keep_raw_keeps_what_is_typed_without_checking_it():
    j = journey("call_back")
    j.submit("council_tax")
    errors = j.submit("")
    j.keep_raw("Sam Pa")
    assert j.raw("name") == "Sam Pa"
    assert j.answer("name") is None
    assert j.errors() == errors  # the errors of the last Continue, said again
    assert j.current is not None and j.current.id == "name"
