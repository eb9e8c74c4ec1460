"""Form definitions: the shipped ones load; a broken one is refused naming file, line and field."""

import textwrap
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from kiosk.forms import (
    DEFAULT_FORMS_DIR,
    FormDefinitionError,
    FormProblem,
    load_form,
    load_forms,
)
from kiosk.forms.model import FIELD_TYPES
from kiosk.forms.schema import FORM_SCHEMA

SHIPPED = {
    "street_problem",
    "housing_repair",
    "complaint",
    "tell_us_once",
    "call_back",
    "appointment",
    "feedback",
}

GOOD = """\
id: {id}
kind: complaint
services: [customer_feedback]
title: Comments, compliments and complaints
summary: Tell us what went well or what went wrong
home: true
order: {order}
questions:
  - id: feedback_type
    type: single_choice
    label: What would you like to do?
    choices:
      - {{value: complaint, label: Make a complaint}}
      - {{value: compliment, label: Give a compliment}}
  - id: what_happened
    type: long_text
    label: What happened?
next_steps:
  - text: We will acknowledge your complaint by {{date}}.
    working_days: 5
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(FormDefinitionError) as refused:
        load_form(path)
    return [str(problem) for problem in refused.value.problems]


def good(form_id: str = "complaint", order: int = 30) -> str:
    return GOOD.format(id=form_id, order=order)


def test_the_schema_is_a_valid_json_schema():
    Draft202012Validator.check_schema(FORM_SCHEMA)


def test_every_shipped_form_loads_without_problems():
    forms, problems = load_forms(DEFAULT_FORMS_DIR)
    assert problems == []
    assert {form.id for form in forms} == SHIPPED
    assert [form.order for form in forms] == sorted(form.order for form in forms)


def test_shipped_forms_have_unique_ids_next_steps_and_sources():
    forms, _ = load_forms(DEFAULT_FORMS_DIR)
    assert len({form.id for form in forms}) == len(forms)
    for form in forms:
        assert form.next_steps, form.id
        assert form.source == f"{form.id}.yaml"
        assert all(question.line > 0 for question in form.questions)


def test_feedback_is_offered_at_the_end_and_is_not_a_home_tile():
    forms, _ = load_forms(DEFAULT_FORMS_DIR)
    by_id = {form.id: form for form in forms}
    assert not by_id["feedback"].home and by_id["feedback"].offered_at_end
    assert by_id["feedback"].question("rating").display == "faces"
    assert [c.value for c in by_id["feedback"].question("rating").choices] == list("12345")
    assert all(by_id[i].home and not by_id[i].offered_at_end for i in SHIPPED - {"feedback"})


def test_defaults_are_filled_in(tmp_path: Path):
    form = load_form(write(tmp_path, "complaint.yaml", good()))
    assert form.question("what_happened").max_length == 1200
    assert form.question("what_happened").required
    assert form.emergencies == {} and form.routes == ()
    assert form.home and not form.offered_at_end
    assert form.question("feedback_type").line == 9


def test_a_receipt_title_is_loaded_and_is_optional(tmp_path: Path):
    assert load_form(write(tmp_path, "complaint.yaml", good())).receipt_title is None
    text = good().replace("order: 30\n", "order: 30\nreceipt_title: Your complaint has been sent\n")
    form = load_form(write(tmp_path, "complaint.yaml", text))
    assert form.receipt_title == "Your complaint has been sent"
    empty = good().replace("order: 30\n", 'order: 30\nreceipt_title: ""\n')
    assert problems_of(write(tmp_path, "complaint.yaml", empty))
    forms, _ = load_forms(DEFAULT_FORMS_DIR)
    assert all(form.receipt_title for form in forms)


def test_the_guide_explains_the_receipt_title():
    guide = (DEFAULT_FORMS_DIR.parent.parent / "docs" / "forms.md").read_text(encoding="utf-8")
    row = next(line for line in guide.splitlines() if line.startswith("| `receipt_title`"))
    assert "Your request has been sent" in row  # what the kiosk says without it


def test_monitoring_questions_are_optional_and_offer_prefer_not_to_say():
    form = load_form(DEFAULT_FORMS_DIR / "complaint.yaml")
    for question_id in ("age_group", "sex", "disability", "ethnic_group"):
        question = form.question(question_id)
        assert question.monitoring and not question.required
        assert question.choices[-1].value == "prefer_not_to_say"
        assert question.choices[-1].label == "Prefer not to say"


def test_yes_no_questions_get_their_two_choices():
    form = load_form(DEFAULT_FORMS_DIR / "street_problem.yaml")
    assert [c.value for c in form.question("wants_updates").choices] == ["yes", "no"]


def test_yaml_words_and_times_stay_text(tmp_path: Path):
    """YAML 1.1 would read `no` as false and 17:00 as 1020."""
    text = good().replace(
        "      - {value: compliment, label: Give a compliment}",
        "      - {value: compliment, label: Give a compliment}\n      - {value: no, label: No}",
    )
    text += '  - text: "Between {start} and {end}."\n    window: [09:00, 17:00]\n'
    form = load_form(write(tmp_path, "complaint.yaml", text))
    assert form.question("feedback_type").choices[-1].value == "no"
    assert form.question("feedback_type").choices[-1].label == "No"
    assert form.next_steps[-1].window == ("09:00", "17:00")


BROKEN = [
    pytest.param(
        ("    type: long_text\n", "    type: long_txt\n"),
        "complaint.yaml, line 16: question 'what_happened': 'long_txt' is not a field type"
        " (use one of: short_text, long_text, single_choice,",
        id="bad field type",
    ),
    pytest.param(
        ("    label: What happened?\n", ""),
        "complaint.yaml, line 15: question 'what_happened': 'label' is missing",
        id="missing label",
    ),
    pytest.param(
        ("    label: What happened?\n", "    label: What happened?\n    lable: Oops\n"),
        "complaint.yaml, line 18: question 'what_happened': 'lable' is not a key used here;"
        " did you mean 'label'?",
        id="unknown key",
    ),
    pytest.param(
        ("  - id: what_happened\n", "  - id: feedback_type\n"),
        "complaint.yaml, line 15: question 'feedback_type': the question id 'feedback_type'"
        " is used twice",
        id="duplicate question id",
    ),
    pytest.param(
        (
            "    label: What happened?\n",
            "    label: What happened?\n    show_if: {question: reason, equals: complaint}\n",
        ),
        "complaint.yaml, line 18: question 'what_happened', show_if: there is no question"
        " 'reason' in this form",
        id="show_if to an unknown question",
    ),
    pytest.param(
        (
            "    label: What happened?\n",
            "    label: What happened?\n    show_if: {question: feedback_type, equals: complain}\n",
        ),
        "complaint.yaml, line 18: question 'what_happened', show_if: 'complain' is not a"
        " choice of question 'feedback_type' (use one of: complaint, compliment)",
        id="show_if to an unknown choice",
    ),
    pytest.param(
        (
            "      - {value: complaint, label: Make a complaint}\n",
            "      - {value: complaint, label: Make a complaint, emergency: gas}\n",
        ),
        "complaint.yaml, line 13: question 'feedback_type', choice 'complaint': there is no"
        " emergency 'gas' in 'emergencies'",
        id="unknown emergency",
    ),
    pytest.param(
        ("    label: What would you like to do?\n", "    label: [What would you like to do?\n"),
        "complaint.yaml, line 12: this is not valid YAML: did not find expected ',' or ']'",
        id="YAML syntax error",
    ),
    pytest.param(
        ("order: 30\n", "order: thirty\n"),
        "complaint.yaml, line 7: 'order' must be a whole number",
        id="wrong value type",
    ),
    pytest.param(
        ("id: complaint\n", "id: Complaint Form\n"),
        "complaint.yaml, line 1: 'Complaint Form' is not a usable name for 'id'",
        id="bad id",
    ),
    pytest.param(
        ("    working_days: 5\n", ""),
        "complaint.yaml, line 19: next step 1: the text uses {date} but 'working_days' is missing",
        id="next step without its working days",
    ),
    pytest.param(
        ("    type: long_text\n", "    type: long_text\n    min: 3\n"),
        "complaint.yaml, line 17: question 'what_happened': 'min' cannot be used in a"
        " long_text question (only in: number)",
        id="key of another field type",
    ),
    pytest.param(
        ("title: Comments", "title: Comments\ntitle: Comments"),
        "complaint.yaml, line 5: the key 'title' is given twice",
        id="key given twice",
    ),
    pytest.param(
        (
            "      - {value: complaint, label: Make a complaint}\n",
            "      - {value: complaint, label: Make a complaint, or not}\n",
        ),
        "complaint.yaml, line 13: question 'feedback_type', choice 'complaint': 'or not' is not"
        " a key used here; if a text has a comma in it, put the whole text in quotes",
        id="unquoted comma in a flow mapping",
    ),
]


@pytest.mark.parametrize(("change", "expected"), BROKEN)
def test_a_broken_form_is_refused_naming_file_line_and_field(
    tmp_path: Path, change: tuple[str, str], expected: str
):
    old, new = change
    text = good()
    assert old in text
    problems = problems_of(write(tmp_path, "complaint.yaml", text.replace(old, new, 1)))
    assert any(problem.startswith(expected) for problem in problems), problems


def test_a_missing_top_level_key_is_named(tmp_path: Path):
    text = good().replace("summary: Tell us what went well or what went wrong\n", "")
    assert problems_of(write(tmp_path, "complaint.yaml", text)) == [
        "complaint.yaml, line 1: 'summary' is missing"
    ]


def test_every_problem_is_reported_not_just_the_first(tmp_path: Path):
    text = good().replace("order: 30", "order: soon").replace("type: long_text", "type: essay")
    problems = problems_of(write(tmp_path, "complaint.yaml", text))
    assert [p.split(":")[0] for p in problems] == [
        "complaint.yaml, line 7",
        "complaint.yaml, line 16",
    ]


def test_a_show_if_must_name_an_earlier_question(tmp_path: Path):
    text = good().replace(
        "    label: What would you like to do?\n",
        "    label: What would you like to do?\n"
        "    show_if: {question: what_happened, equals: x}\n",
    )
    assert problems_of(write(tmp_path, "complaint.yaml", text)) == [
        "complaint.yaml, line 12: question 'feedback_type', show_if: question 'what_happened'"
        " comes later: show_if can only use an earlier question"
    ]


def test_a_route_must_name_a_real_choice(tmp_path: Path):
    text = good() + (
        "routes:\n"
        "  - when: {question: feedback_type, any_of: [complaint, moved_home]}\n"
        "    departments: [Council Tax]\n"
    )
    assert problems_of(write(tmp_path, "complaint.yaml", text)) == [
        "complaint.yaml, line 22: route 1, when: 'moved_home' is not a choice of question"
        " 'feedback_type' (use one of: complaint, compliment)"
    ]


def test_empty_and_unreadable_files_are_refused(tmp_path: Path):
    assert problems_of(write(tmp_path, "empty.yaml", "")) == ["empty.yaml: the file is empty"]
    (tmp_path / "latin.yaml").write_bytes("title: Caf\xe9\n".encode("latin-1"))
    assert problems_of(tmp_path / "latin.yaml") == [
        "latin.yaml: the file is not saved as UTF-8 text"
    ]
    assert problems_of(write(tmp_path, "list.yaml", "- a\n- b\n")) == [
        "list.yaml, line 1: The form must be a set of keys, each on its own line like"
        " 'id: complaint'"
    ]


def test_a_folder_with_a_broken_form_loads_the_good_ones(tmp_path: Path):
    write(tmp_path, "b_complaint.yaml", good("complaint", order=30))
    write(tmp_path, "c_call_back.yaml", good("call_back", order=10))
    write(tmp_path, "a_broken.yaml", good("broken").replace("type: long_text", "type: essay"))
    forms, problems = load_forms(tmp_path)
    assert [form.id for form in forms] == ["call_back", "complaint"]
    assert len(problems) == 1
    assert isinstance(problems[0], FormProblem)
    assert problems[0].file == "a_broken.yaml" and problems[0].line == 16
    assert "'essay' is not a field type" in problems[0].message


def test_two_forms_with_one_id_keep_the_first(tmp_path: Path):
    write(tmp_path, "a.yaml", good("complaint"))
    write(tmp_path, "b.yaml", good("complaint"))
    forms, problems = load_forms(tmp_path)
    assert [form.source for form in forms] == ["a.yaml"]
    assert [str(p) for p in problems] == [
        "b.yaml: the form id 'complaint' is already used by a.yaml"
    ]


def test_a_missing_folder_is_a_problem_not_a_crash(tmp_path: Path):
    forms, problems = load_forms(tmp_path / "nowhere")
    assert forms == [] and len(problems) == 1


def test_the_example_in_the_guide_for_officers_loads(tmp_path: Path):
    guide = (DEFAULT_FORMS_DIR.parent.parent / "docs" / "forms.md").read_text(encoding="utf-8")
    example = guide.split("```yaml\n", 1)[1].split("```", 1)[0]
    form = load_form(write(tmp_path, "call_back.yaml", example))
    assert [q.id for q in form.questions] == ["topic", "name", "phone", "note"]


def test_the_guide_names_every_field_type_and_key():
    guide = (DEFAULT_FORMS_DIR.parent.parent / "docs" / "forms.md").read_text(encoding="utf-8")
    question_keys = FORM_SCHEMA["properties"]["questions"]["items"]["properties"]
    for name in [*FIELD_TYPES, *FORM_SCHEMA["properties"], *question_keys]:
        assert f"`{name}`" in guide, name


def test_a_list_written_once_can_be_used_again(tmp_path: Path):
    """YAML anchors (&) and aliases (*) let a form repeat a list of choices."""
    text = good().replace("    choices:\n", "    choices: &kinds\n", 1)
    text = text.replace(
        "    label: What happened?\n",
        "    label: What happened?\n  - id: again\n    type: single_choice\n"
        "    label: Again?\n    choices: *kinds\n"
        "  - id: details\n    <<: {type: short_text, label: Details}\n",
    )
    form = load_form(write(tmp_path, "complaint.yaml", text))
    assert form.question("again").choices == form.question("feedback_type").choices
    assert form.question("details").type == "short_text"
