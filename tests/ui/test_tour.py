from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage, QImageReader

from kiosk.form_walks import walk_plans
from kiosk.forms.loader import load_forms
from kiosk.forms.model import Choice, Condition, Question
from ui.tour import TourOptions, run_tour

FORMS, _PROBLEMS = load_forms()


def names_in(folder: Path) -> set[str]:
    """The pictures' names without their number and .png: "call_back-phone-errors"."""
    return {picture.stem.split("-", 1)[1] for picture in folder.glob("*.png")}


@pytest.fixture(scope="module")
def landscape_tour(tmp_path_factory: pytest.TempPathFactory, qapp) -> Path:
    """Every form, one size: the tour's full walk, taken once for the tests below."""
    folder = tmp_path_factory.mktemp("tour")
    run_tour(str(folder), TourOptions(sizes=((1920, 1080),)))
    return folder / "1920x1080" / "en-100"


def test_the_tour_renders_every_page_of_a_form_in_both_orientations(tmp_path: Path, qapp):
    count = run_tour(str(tmp_path), TourOptions(forms=("call_back",)))
    pictures = sorted(tmp_path.rglob("*.png"))
    assert count == len(pictures) > 20
    names = {p.name.split("-", 1)[1] for p in pictures}
    for expected in (
        "home.png",
        "call_back-phone-errors.png",
        "call_back-phone-filled.png",
        "call_back-check-answers.png",
        "call_back-receipt.png",
        "more-time.png",
        "info-services.png",
    ):
        assert expected in names
    landscape = QImage(str(next(tmp_path.glob("1920x1080/en-100/*home.png"))))
    portrait = QImage(str(next(tmp_path.glob("1080x1920/en-100/*home.png"))))
    assert (landscape.width(), landscape.height()) == (1920, 1080)
    assert (portrait.width(), portrait.height()) == (1080, 1920)


def test_the_tour_reaches_every_question_of_every_form_empty_and_filled(landscape_tour: Path):
    names = names_in(landscape_tour)
    missing = [
        f"{form.id}-{question.id}-{state}"
        for form in FORMS
        for question in form.questions
        for state in ("empty", "filled")
        if f"{form.id}-{question.id}-{state}" not in names
    ]
    assert missing == []
    # A page the citizen cannot leave empty is shown with its error too.
    assert [
        f"{form.id}-{question.id}"
        for form in FORMS
        for question in form.questions
        if question.required
        and not question.monitoring
        and f"{form.id}-{question.id}-errors" not in names
    ] == []
    assert {f"{form.id}-receipt" for form in FORMS} <= names


def test_the_tour_shows_every_emergency_of_every_form(landscape_tour: Path):
    names = names_in(landscape_tour)
    missing = [
        f"{form.id}: {emergency}"
        for form in FORMS
        for emergency in form.emergencies
        if not any(
            name.startswith(f"{form.id}-") and name.endswith(f"-emergency-{emergency}")
            for name in names
        )
    ]
    assert any(form.emergencies for form in FORMS)
    assert missing == []


def test_the_tour_shows_each_page_once(landscape_tour: Path):
    stems = [picture.stem.split("-", 1)[1] for picture in landscape_tour.glob("*.png")]
    assert len(stems) == len(set(stems))


def test_the_tour_shows_the_find_a_service_pages(landscape_tour: Path):
    assert {
        "info-services",
        "info-services-letter",
        "info-services-service",
        "info-services-search",
        "info-services-search-nothing",
        "info-services-who-does-what",
    } <= names_in(landscape_tour)


def test_every_picture_is_a_png_of_the_screen_size(landscape_tour: Path):
    pictures = sorted(landscape_tour.glob("*.png"))
    assert len(pictures) > 200
    for picture in pictures:
        reader = QImageReader(str(picture))
        assert (bytes(reader.format().data()), reader.size()) == (b"png", QSize(1920, 1080))
    # A page that failed to draw would be one flat colour.
    receipt = QImage(str(next(landscape_tour.glob("*-street_problem-receipt.png"))))
    colours = {receipt.pixel(x, y) for x in range(0, 1920, 40) for y in range(0, 1080, 40)}
    assert len(colours) > 2


def _choice_question(
    question_id: str, values: str, *, multiple: bool = False, show_if: Condition | None = None
) -> Question:
    """A choice of `values` ("a b none!": a value ending in ! is exclusive)."""
    choices = tuple(Choice(v.strip("!"), v, exclusive=v.endswith("!")) for v in values.split())
    kind = "multiple_choice" if multiple else "single_choice"
    return Question(question_id, kind, question_id, choices=choices, show_if=show_if)


def _shown_if(question_id: str, asked: str, value: str) -> Question:
    return Question(question_id, "short_text", question_id, show_if=Condition(asked, value))


def test_walks_tick_together_what_a_multiple_choice_allows_and_split_the_rest():
    questions = (
        _choice_question("what", "moved joined none!", multiple=True),
        _shown_if("moved_page", "what", "moved"),
        _shown_if("joined_page", "what", "joined"),
        _shown_if("none_page", "what", "none"),
        _choice_question("how", "email phone post"),
        _shown_if("email_page", "how", "email"),
        _shown_if("phone_page", "how", "phone"),
        _choice_question("phone_kind", "mobile landline", show_if=Condition("how", "phone")),
        _shown_if("landline_page", "phone_kind", "landline"),
    )
    form = replace(FORMS[0], id="sample", questions=questions, emergencies={})
    assert walk_plans(form) == [
        {"what": ("moved", "joined"), "how": ("email",)},
        {"what": ("none",), "how": ("phone",), "phone_kind": ("landline",)},
    ]
