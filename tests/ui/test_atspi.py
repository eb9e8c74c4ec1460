"""What assistive technology sees of the kiosk: its AT-SPI tree, read over D-Bus as a screen
reader reads it, from the kiosk running on a real (virtual) X screen.

The offscreen platform exposes nothing to assistive technology, so this module starts a small
desktop of its own, as child processes it stops at the end: Xvfb, a private D-Bus session bus
(which starts Debian's at-spi-bus-launcher and at-spi2-registryd when first asked for them, as
on a desktop), and the kiosk (tests/ui/atspi_kiosk.py) on that screen. Debian's own Python with
python3-pyatspi (tests/ui/atspi_tree.py) prints the kiosk's tree as JSON for the tests to read.
Expected words come from the catalogues (kiosk.i18n), in the language on screen.
"""

from collections.abc import Iterator

import pytest

from kiosk.forms.loader import DEFAULT_FORMS_DIR, load_forms
from kiosk.forms.model import FormDefinition, Question
from kiosk.i18n import in_language
from kiosk.languages import BY_CODE, offered
from tests.ui.atspi_desktop import (
    CONTROL_ROLES,
    TEXT_BOX_ROLES,
    Children,
    Desktop,
    KioskProcess,
    Tree,
    missing_parts,
)
from ui.info_tiles import TILES


@pytest.fixture(scope="module")
def desktop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desktop]:
    missing = missing_parts()
    if missing:
        pytest.fail(
            "The AT-SPI test needs Debian packages that are not installed: "
            + " ".join(missing)
            + ". `make test` installs them through scripts/setup.sh (run it as root), or: "
            + "apt-get install "
            + " ".join(missing),
            pytrace=False,
        )
    children = Children()
    try:
        yield Desktop(tmp_path_factory.mktemp("atspi"), children)
    finally:
        children.stop_all()


@pytest.fixture(scope="module")
def english(desktop: Desktop) -> Iterator[KioskProcess]:
    kiosk = KioskProcess(desktop, "en")
    yield kiosk
    kiosk.stop()


@pytest.fixture
def urdu(desktop: Desktop) -> Iterator[KioskProcess]:
    kiosk = KioskProcess(desktop, "ur")
    yield kiosk
    kiosk.stop()


def nodes(tree: Tree) -> Iterator[Tree]:
    yield tree
    for child in tree["children"]:
        yield from nodes(child)


def on_screen(tree: Tree) -> list[Tree]:
    """What is showing (atspi_tree.py lists no children of what is not)."""
    return [node for node in nodes(tree) if "showing" in node["states"]]


def by_id(tree: Tree) -> dict[str, Tree]:
    return {node["id"]: node for node in nodes(tree)}


def outline(found: list[Tree]) -> str:
    return "\n".join(f"  {n['role']} {n['name']!r} {n['states']}" for n in found)


def unnamed_controls(tree: Tree) -> list[str]:
    return [
        f"{node['role']} {node['id']} (description {node['description']!r})"
        for node in on_screen(tree)
        if node["role"] in CONTROL_ROLES and not node["name"].strip()
    ]


def one(found: list[Tree], what: str, tree: Tree) -> Tree:
    assert len(found) == 1, f"{len(found)} x {what} on screen:\n{outline(on_screen(tree))}"
    return found[0]


def text_box(tree: Tree) -> Tree:
    return one([n for n in on_screen(tree) if n["role"] in TEXT_BOX_ROLES], "text box", tree)


def forms() -> dict[str, FormDefinition]:
    loaded, problems = load_forms(DEFAULT_FORMS_DIR)
    assert problems == []
    return {form.id: form for form in loaded}


def home_tiles() -> list[tuple[str, str]]:
    """The home screen's tiles (English source words): the forms offered there, then the
    information tiles (as MainWindow._tiles)."""
    offered = [(form.title, form.summary) for form in forms().values() if form.home]
    return offered + [(tile.title, tile.summary) for tile in TILES]


def question(form_id: str, question_id: str) -> Question:
    return next(q for q in forms()[form_id].questions if q.id == question_id)


# -- the tests ----------------------------------------------------------------------------------


def test_the_kiosk_is_on_the_accessibility_bus_with_its_window(english: KioskProcess):
    tree = english.tree()
    assert tree["role"] == "application"
    assert tree["name"] == "Council Kiosk"
    windows = [child for child in tree["children"] if "showing" in child["states"]]
    assert len(windows) == 1, outline(tree["children"])
    assert windows[0]["name"] == "Riverside Borough Council"
    # A top-level window is a frame (or window) to a screen reader, which reads its title
    # when it opens; a plain panel ("filler") is not announced as a window.
    assert windows[0]["role"] in ("frame", "window"), windows[0]["role"]


def test_the_header_and_the_home_tiles_are_named_buttons_in_english(english: KioskProcess):
    english.do("home")
    tree = english.tree()
    assert unnamed_controls(tree) == []
    buttons = {n["name"]: n for n in on_screen(tree) if n["role"] == "push button"}
    for words in ("Read aloud", "Change language", "Text size and contrast"):
        assert in_language("en", words) in buttons, f"no button {words!r}: {sorted(buttons)}"
        assert "Press" in buttons[words]["actions"]
    for title, summary in home_tiles():
        tile = buttons.get(in_language("en", title))
        assert tile is not None, f"no tile {title!r}: {sorted(buttons)}"
        assert tile["description"] == in_language("en", summary)
        assert "Press" in tile["actions"] and "focusable" in tile["states"]


def heading(language: str, asked: Question) -> str:
    """The question as its page's heading shows it (ui.screens.question.question_heading)."""
    words = in_language(language, asked.label)
    if asked.required and not asked.monitoring:
        return words
    return in_language(language, "{question} (optional)").format(question=words)


def go_to(kiosk: KioskProcess, form_id: str, question_id: str) -> None:
    """Start the form afresh and answer its questions until `question_id` is on screen."""
    kiosk.do("home")
    state = kiosk.do(f"open {form_id}")
    for _page in range(20):
        if state["question"] == question_id:
            return
        state = kiosk.do("answer")
    raise AssertionError(f"{form_id}: never reached {question_id}: {state}")


def assert_labelled_by_heading(tree: Tree, box: Tree, words: str) -> None:
    labels = [by_id(tree).get(target) for target in box["relations"].get("labelled-by", [])]
    names = [label["name"] for label in labels if label is not None]
    assert words in names, f"{box['role']} {box['name']!r} is labelled by {names}"


def test_a_text_box_is_named_by_its_question_and_labelled_by_it(english: KioskProcess):
    go_to(english, "call_back", "name")
    english.do("type Ann Example")
    tree = english.tree()
    assert unnamed_controls(tree) == []
    box = text_box(tree)
    asked = question("call_back", "name")
    assert "editable" in box["states"] and "focusable" in box["states"]
    assert box["name"] == in_language("en", asked.label)
    assert box.get("text") == "Ann Example"  # what was typed, read back
    assert_labelled_by_heading(tree, box, heading("en", asked))


def test_a_text_box_is_described_by_the_question_hint(english: KioskProcess):
    go_to(english, "call_back", "note")
    tree = english.tree()
    box = text_box(tree)
    asked = question("call_back", "note")
    assert asked.hint is not None
    assert "multi-line" in box["states"]
    assert_labelled_by_heading(tree, box, heading("en", asked))
    # The hint is on screen under the heading; a screen reader in the box must hear it too.
    assert box["description"] == in_language("en", asked.hint)


def test_one_answer_tiles_are_radio_buttons_that_say_which_is_chosen(english: KioskProcess):
    go_to(english, "call_back", "best_time")
    english.do("tick afternoon")
    tree = english.tree()
    assert unnamed_controls(tree) == []
    asked = question("call_back", "best_time")
    shown = {node["name"]: node for node in on_screen(tree)}
    tiles = [shown.get(in_language("en", choice.label)) for choice in asked.choices]
    assert None not in tiles, f"answers missing:\n{outline(on_screen(tree))}"
    for choice, tile in zip(asked.choices, tiles, strict=True):
        assert tile is not None
        assert "checkable" in tile["states"]
        assert ("checked" in tile["states"]) == (choice.value == "afternoon"), tile
        assert tile["description"] == in_language("en", choice.hint or "")
    # One answer of several is a radio button to a screen reader ("radio button, 2 of 3"),
    # as it is drawn on screen; a check box says that several may be chosen.
    roles = {tile["name"]: tile["role"] for tile in tiles if tile is not None}
    assert set(roles.values()) == {"radio button"}, roles


def test_several_answer_tiles_are_check_boxes_a_screen_reader_can_tick(english: KioskProcess):
    go_to(english, "appointment", "days")
    tuesday = in_language("en", "Tuesday")
    english.press(tuesday)
    english.wait_for(answer=["tuesday"])  # the kiosk heard it
    tree = english.tree()
    asked = question("appointment", "days")
    tiles = {
        node["name"]: node
        for node in on_screen(tree)
        if node["name"] in {in_language("en", choice.label) for choice in asked.choices}
    }
    assert len(tiles) == len(asked.choices), outline(on_screen(tree))
    for name, tile in tiles.items():
        assert tile["role"] == "check box", tile
        assert ("checked" in tile["states"]) == (name == tuesday), tile
        assert "Toggle" in tile["actions"]


def test_a_screen_reader_can_open_a_form_from_a_home_tile(english: KioskProcess):
    english.do("home")
    english.press(in_language("en", "Ask us to call you back"))
    english.wait_for(question="topic")
    tree = english.tree()
    headings = [node["name"] for node in on_screen(tree) if node["role"] == "label"]
    assert heading("en", question("call_back", "topic")) in headings


def test_in_urdu_the_names_are_in_urdu(urdu: KioskProcess):
    assert urdu.state["language"] == "ur"
    tree = urdu.tree()
    assert unnamed_controls(tree) == []
    buttons = {n["name"]: n for n in on_screen(tree) if n["role"] == "push button"}
    for english_words in ("Read aloud", "Change language", "Text size and contrast"):
        words = in_language("ur", english_words)
        assert words != english_words, f"{english_words!r} has no Urdu in the catalogue"
        assert words in buttons, f"no button {words!r}: {sorted(buttons)}"
    for title, summary in home_tiles():
        tile = buttons.get(in_language("ur", title))
        assert tile is not None, f"no tile {in_language('ur', title)!r}: {sorted(buttons)}"
        assert tile["description"] == in_language("ur", summary)
    english_names = {in_language("en", title) for title, _summary in home_tiles()}
    assert english_names.isdisjoint(buttons), "English names on an Urdu screen"

    go_to(urdu, "call_back", "name")
    tree = urdu.tree()
    box = text_box(tree)
    asked = question("call_back", "name")
    assert box["name"] == in_language("ur", asked.label) != asked.label
    assert_labelled_by_heading(tree, box, heading("ur", asked))
    footer = {n["name"] for n in on_screen(tree) if n["role"] == "push button"}
    for english_words in ("Back", "Continue", "Stop and delete my answers"):
        assert in_language("ur", english_words) in footer, sorted(footer)


def test_the_languages_are_radio_buttons_named_in_their_own_language(english: KioskProcess):
    english.do("home")
    english.press(in_language("en", "Change language"))
    english.wait_for(screen="LanguageScreen")
    tree = english.tree()
    assert unnamed_controls(tree) == []
    shown = {node["name"]: node for node in on_screen(tree)}
    choices = {}
    for code in offered():
        language = BY_CODE[code]
        choice = shown.get(f"{language.native} ({language.english})")
        assert choice is not None, f"no choice for {language.english}:\n{outline(on_screen(tree))}"
        assert ("checked" in choice["states"]) == (code == "en"), choice
        choices[language.english] = choice["role"]
    assert set(choices.values()) == {"radio button"}, choices


def test_text_size_and_colours_are_radio_buttons_and_talk_mode_a_check_box(
    english: KioskProcess,
):
    english.do("home")
    english.press(in_language("en", "Text size and contrast"))
    english.wait_for(screen="DisplayScreen")
    tree = english.tree()
    assert unnamed_controls(tree) == []
    shown = {node["name"]: node for node in on_screen(tree)}
    talk = shown[in_language("en", "Talk mode")]
    assert talk["role"] == "check box" and "checked" not in talk["states"]
    assert talk["description"] == in_language(
        "en", "Tap once to hear what something is; tap again to choose it."
    )
    chosen = {"Standard text": True, "Large text": False, "Largest text": False}
    chosen |= {"Standard colours": True, "High contrast: yellow and white on black": False}
    chosen |= {"Normal speed": True, "Slower": False, "Normal volume": True, "Louder": False}
    roles = {}
    for words, checked in chosen.items():
        choice = shown[in_language("en", words)]
        assert ("checked" in choice["states"]) == checked, choice
        roles[words] = choice["role"]
    # One of several (a size, a colour scheme, a speed, a volume): radio buttons, as drawn.
    assert set(roles.values()) == {"radio button"}, roles
