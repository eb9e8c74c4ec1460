"""The words of the shipped forms: what a citizen reads must be specific, consistent and true."""

import re
from datetime import time

import pytest

from kiosk import formatting
from kiosk.forms import FormDefinition, load_forms
from kiosk.forms.loader import DEFAULT_FORMS_DIR
from kiosk.forms.validation import _REQUIRED

FORMS, _PROBLEMS = load_forms(DEFAULT_FORMS_DIR)
BY_ID = {form.id: form for form in FORMS}
GENERAL_ERRORS = set(_REQUIRED.values())
NO_PHONE = "If you do not have a phone, ask a member of staff to call for you."
# Real numbers a council shows as they are; its own are in Ofcom's drama range (01632 960xxx).
NATIONAL_NUMBERS = {"999", "0800 111 999"}


def required_questions() -> list[tuple[str, str]]:
    return [
        (form.id, question.id) for form in FORMS for question in form.questions if question.required
    ]


def test_the_forms_load():
    assert _PROBLEMS == []


@pytest.mark.parametrize(("form_id", "question_id"), required_questions())
def test_every_required_question_has_its_own_error_message(form_id: str, question_id: str):
    question = BY_ID[form_id].question(question_id)
    assert question.error, f"{form_id}.{question_id} has no error message"
    assert question.error not in GENERAL_ERRORS
    assert not question.error.endswith(".")  # GOV.UK: error messages have no full stop
    if question.type in ("single_choice", "multiple_choice", "yes_no"):
        assert question.error.startswith("Select "), question.error
    else:
        assert question.error.startswith(("Enter ", "Tell us ")), question.error


def test_every_hint_ends_with_a_full_stop():
    for form in FORMS:
        for question in form.questions:
            hints = [question.hint, *(choice.hint for choice in question.choices)]
            for hint in filter(None, hints):
                assert hint.endswith("."), f"{form.id}.{question.id}: {hint!r}"


def test_questions_are_asked_the_same_way_in_every_form():
    for form in FORMS:
        for question in form.questions:
            assert question.label.endswith("?"), (form.id, question.id)
            if question.id in ("name", "contact_name"):
                assert question.label == "What is your full name?"
                assert question.error == "Enter your full name"
            if question.id == "contact_method":
                assert question.label == "How should we contact you?"
                assert question.error == "Select how you want us to contact you"


def test_catch_all_choices_are_exclusive():
    catch_all = re.compile(r"^(any |none of |i am not sure|i do not know)", re.IGNORECASE)
    found = 0
    for form in FORMS:
        for question in form.questions:
            if question.type != "multiple_choice":
                continue
            for choice in question.choices:
                if catch_all.match(choice.label):
                    found += 1
                    assert choice.exclusive, f"{form.id}.{question.id}.{choice.value}"
    assert found >= 3


def test_receipt_titles_say_what_was_sent():
    titles = {form.id: form.receipt_title for form in FORMS}
    assert titles == {
        "street_problem": "Your report has been sent",
        "housing_repair": "Your repair request has been sent",
        "complaint": "Your complaint, comment or compliment has been sent",
        "tell_us_once": "We have your change of circumstances",
        "call_back": "Your call back request has been sent",
        "appointment": "Your appointment request has been sent",
        "feedback": "Thank you for your feedback",
    }


# Times


def shown(moment: str) -> str:
    hour, minute = moment.split(":")
    return formatting.clock_time(time(int(hour), int(minute)))


def test_call_back_windows_match_the_words_of_the_choices(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(formatting, "_locale", "en_GB")
    form = BY_ID["call_back"]
    best_time = form.question("best_time")
    steps = [step for step in form.next_steps if step.window is not None]
    assert sorted(step.when.equals for step in steps if step.when) == sorted(
        choice.value for choice in best_time.choices
    )
    for step in steps:
        assert step.when is not None and step.window is not None
        choice = best_time.choice(step.when.equals or "")
        assert choice is not None
        start, end = step.window
        assert choice.hint == f"{shown(start)} to {shown(end)}."


def test_time_ranges_are_the_same_in_every_form():
    wanted = {
        "morning": "9am to 12:30pm.",
        "afternoon": "1:30pm to 5pm.",
        "any": "9am to 5pm.",
    }
    seen = 0
    for form in FORMS:
        for question in form.questions:
            for choice in question.choices:
                if choice.hint and re.search(r"\d(am|pm)", choice.hint):
                    seen += 1
                    label = choice.label.lower()
                    kind = (
                        "morning"
                        if "morning" in label
                        else "afternoon"
                        if "afternoon" in label
                        else "any"
                    )
                    assert choice.hint == wanted[kind], (form.id, question.id, choice.value)
    assert seen >= 8


# Emergencies and phone numbers


def all_emergencies() -> list[tuple[FormDefinition, str]]:
    return [(form, key) for form in FORMS for key in form.emergencies]


@pytest.mark.parametrize(
    ("form", "key"), all_emergencies(), ids=[f"{f.id}.{k}" for f, k in all_emergencies()]
)
def test_emergencies_are_numbered_steps_that_work_without_a_phone(form: FormDefinition, key: str):
    emergency = form.emergencies[key]
    assert emergency.title.endswith(" now"), "the title says what to do, now"
    lines = emergency.message.split("\n")
    steps = [line for line in lines if re.match(r"^\d+\. ", line)]
    assert len(steps) >= 2
    assert [int(line.split(".")[0]) for line in steps] == list(range(1, len(steps) + 1))
    assert all(line.endswith(".") for line in lines)
    assert NO_PHONE in lines


def test_the_carbon_monoxide_emergency():
    form = BY_ID["housing_repair"]
    choice = form.question("emergency_check").choice("carbon_monoxide")
    assert choice is not None and choice.emergency == "carbon_monoxide"
    assert choice.label == (
        "A carbon monoxide alarm is sounding, or you feel unwell near a gas appliance"
    )
    emergency = form.emergencies["carbon_monoxide"]
    assert emergency.phone == "0800 111 999"
    assert emergency.phone_label == "National Gas Emergency Service"
    assert "fresh air" in emergency.message
    assert "Get medical help. Call 999 if anyone is unwell." in emergency.message


def test_the_first_safe_answer_to_the_emergency_question_is_none_of_these():
    """The sample answers (and so the UI tests) take the first choice that is not an emergency."""
    question = BY_ID["housing_repair"].question("emergency_check")
    safe = [choice for choice in question.choices if choice.emergency is None]
    assert [choice.value for choice in safe] == ["none"]


def test_phone_numbers_shown_are_the_example_councils_or_national_ones():
    texts: list[str] = []
    for form in FORMS:
        for emergency in form.emergencies.values():
            texts += [emergency.phone, emergency.message]
            assert emergency.phone in NATIONAL_NUMBERS or emergency.phone.startswith("01632 960")
        texts += [step.text for step in form.next_steps]
        for question in form.questions:
            texts += [question.label, question.hint or ""]
    numbers = re.findall(r"\b0\d{3,4} ?\d{3} ?\d{3,4}\b|\b999\b", " ".join(texts))
    assert numbers
    for number in numbers:
        assert number in NATIONAL_NUMBERS or number.startswith("01632 960"), number


# Tell us once, complaints


def test_a_bereavement_is_handled_gently():
    form = BY_ID["tell_us_once"]
    assert "death" not in form.summary.lower()
    death = form.question("what_changed").choice("death")
    assert death is not None and death.label == "Someone has died"
    assert death.hint is not None and "Tell Us Once" in death.hint and "registrar" in death.hint
    died_name = form.question("died_name")
    assert died_name.hint == "We're sorry for your loss. We will only ask what we need."


def test_departments_are_named_after_the_choices_the_citizen_saw():
    form = BY_ID["tell_us_once"]
    services = form.question("services_used")
    named = {
        route.when.any_of[0]: route.departments
        for route in form.routes
        if route.when.question == "services_used" and route.when.any_of
    }
    assert named["benefits"] == ("Housing Benefit and Council Tax Support team",)
    benefits = services.choice("benefits")
    assert benefits is not None and benefits.label == "Housing Benefit or Council Tax Support"
    # Only the change itself reaches a team the citizen did not pick, and only these two.
    always = [route for route in form.routes if route.when.question == "what_changed"]
    assert [route.departments for route in always] == [
        ("Council Tax team", "Electoral registration team")
    ]


def test_the_monitoring_hint_promises_only_what_is_true():
    question = BY_ID["complaint"].question("equality_questions")
    assert question.hint is not None
    assert "kept apart" not in question.hint
    assert "only to check that we treat everyone fairly" in question.hint


def test_a_service_has_one_name_in_every_form():
    labels = {
        choice.value: choice.label
        for form in FORMS
        if form.id in ("call_back", "appointment", "complaint")
        for question in form.questions
        if question.id in ("topic", "service")
        for choice in question.choices
    }
    for form_id, question_id in (
        ("call_back", "topic"),
        ("appointment", "service"),
        ("complaint", "service"),
    ):
        for choice in BY_ID[form_id].question(question_id).choices:
            assert labels[choice.value] == choice.label


@pytest.mark.parametrize(
    "emergency",
    [e for form in FORMS for e in form.emergencies.values()],
    ids=lambda e: e.id,
)
def test_every_emergency_shows_a_number_that_answers_day_and_night(emergency):
    """An emergency is not kept to office hours: the number shown large (and in the QR code)
    is one that answers at any time, and the words say so."""
    said = f"{emergency.phone_label} {emergency.message}".lower()
    assert "24 hours" in said or "day and night" in said or "day or night" in said
