"""The on-screen keyboard's layouts (assets/keyboards): every shipped one loads, each box kind
and language gets the right one, and a broken file is told plainly and falls back to English."""

from pathlib import Path

import pytest

from kiosk.keyboards import (
    DEFAULT_KEYBOARDS_DIR,
    MAX_ROW_KEYS,
    Key,
    Keyboards,
    built_in_english,
    load_keyboards,
    parse_layout,
)
from kiosk.languages import LANGUAGES

SHIPPED, PROBLEMS = load_keyboards()
KEYPADS = ("numeric", "phone", "postcode")


def test_every_shipped_layout_loads():
    assert PROBLEMS == []
    assert set(SHIPPED.layouts) == {lang.code for lang in LANGUAGES} | set(KEYPADS)
    assert {path.stem for path in DEFAULT_KEYBOARDS_DIR.glob("*.yaml")} == set(SHIPPED.layouts)


def test_each_letter_layout_has_its_layers():
    for code, layout in SHIPPED.layouts.items():
        if code in KEYPADS:
            assert layout.keypad and layout.second is None and layout.symbols is None
            continue
        assert layout.second is not None and layout.symbols is not None, code
        symbols = {key.types for key in layout.symbols.every_key()}
        # Emails and addresses can be typed in every language.
        assert set("0123456789@.-',/") <= symbols, code
        assert all(len(row) <= MAX_ROW_KEYS for layer in layout.layers() for row in layer.rows)


def test_arabic_script_letters_run_right_to_left_and_nothing_else_does():
    for code, layout in SHIPPED.layouts.items():
        rtl = code in ("ar", "fa", "ur")
        assert layout.letters.mirrored is rtl, code
        assert layout.second is None or layout.second.mirrored is rtl
        assert layout.symbols is None or not layout.symbols.mirrored  # numbers never mirror


def test_the_languages_own_letters_are_there():
    def letters(code: str) -> set[str]:
        layout = SHIPPED.layouts[code]
        return {
            k.types for layer in (layout.letters, layout.second) if layer for k in layer.every_key()
        }

    assert set("ąćęłńóśźż") <= letters("pl")
    assert set("áäčďéíĺľňóôŕšťúýž") <= letters("sk")
    assert set("éèàçùê") <= letters("fr")
    assert set("ٹڈڑںھےۃ") <= letters("ur")
    assert set("پچژگ") <= letters("fa")
    assert SHIPPED.layouts["fr"].letters.rows[1][:2] == (Key.of("a"), Key.of("z"))  # AZERTY
    assert [k.types for k in SHIPPED.layouts["sk"].letters.rows[1][:6]] == list("qwertz")


def test_keypads_type_only_what_their_boxes_accept():
    def typed(code: str) -> set[str]:
        return {ch for key in SHIPPED.layouts[code].letters.every_key() for ch in key.types}

    assert typed("numeric") == set("0123456789")
    assert typed("phone") == set("0123456789+")
    assert typed("postcode") == set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    assert SHIPPED.layouts["phone"].space and SHIPPED.layouts["postcode"].space
    assert not SHIPPED.layouts["numeric"].space


def test_what_opens_for_each_kind_of_box():
    english = SHIPPED.layouts["en"]
    urdu = SHIPPED.choose("text", "ur")
    assert urdu.layout.id == "ur" and urdu.english is english and urdu.extra == ()
    assert SHIPPED.choose("text", "en").english is None  # no "ABC" on English letters
    email = SHIPPED.choose("email", "ur")  # an address is written in Latin letters
    assert email.layout is english and [k.types for k in email.extra] == ["@", "."]
    assert SHIPPED.choose("email", "pl").layout.id == "pl"
    assert SHIPPED.choose("phone", "ar").layout.id == "phone"
    assert SHIPPED.choose("number", "fa").layout.id == "numeric"  # dates too
    assert SHIPPED.choose("postcode", "zh").layout.id == "postcode"
    assert SHIPPED.choose("text", "xx").layout is english  # a language without a layout


def test_a_vowel_sign_is_shown_on_a_dotted_circle_and_called_by_itself():
    key = Key.of("\u09bf")  # Bengali vowel sign i
    assert key.label == "\u25cc\u09bf" and key.name == key.types == "\u09bf"
    assert Key.of("\u200c", "half space") == Key("\u200c", "half space", "half space")


def problems_in(text: str, name: str = "ur") -> list[str]:
    found: list = []
    layout = parse_layout(name, f"{name}.yaml", text, found)
    assert (layout is None) == bool(found)
    return [str(problem) for problem in found]


GOOD = """name: Test
letters: [a b c]
symbols: [1 2 3]
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name: x\nletters: [a b\n", "ur.yaml, line 3: This is not valid YAML"),
        (
            GOOD + "capitols: [A B C]\n",
            "ur.yaml, line 4: 'capitols' is not a key used here; did you mean 'capitals'?",
        ),
        ("name: x\nletters: [a b c]\n", "'symbols' is missing"),
        (GOOD.replace("Test", ""), "ur.yaml, line 1: 'name' is missing"),
        (
            GOOD.replace("a b c", "a b a"),
            "ur.yaml, line 2: 'letters', row 1: 'a' is on this layer twice",
        ),
        (GOOD.replace("a b c", " ".join("abcdefghijklm")), "row 1 has 13 keys: at most 12"),
        (GOOD.replace("a b c", "a \u202e c"), "U+202E RIGHT-TO-LEFT OVERRIDE cannot be typed"),
        (GOOD + "right_to_left: yes\n", "'right_to_left' must be true or false"),
        (GOOD.replace("[a b c]", "a b c"), "'letters' must be a list of rows"),
        (GOOD + "capitals: [A]\nmore_letters: [x]\n", "'capitals' or 'more_letters'"),
        (GOOD.replace("[a b c]", '[[a, {types: "\\u200c"}]]'), "needs a 'label' to show"),
    ],
)
def test_a_broken_layout_is_told_with_its_file_and_line(text: str, expected: str):
    assert any(expected in problem for problem in problems_in(text)), problems_in(text)


def test_a_keypad_refuses_what_its_box_cannot_take():
    found = problems_in("name: Phone\nkeys: [1 2 3, + 0 x]\n", "phone")
    assert found == [
        "phone.yaml, line 2: 'x' cannot be typed in a phone box: the phone keypad may only"
        " have these: 0 1 2 3 4 5 6 7 8 9 + ( ) -"
    ]


def test_a_broken_layout_falls_back_to_english(tmp_path: Path):
    (tmp_path / "en.yaml").write_text((DEFAULT_KEYBOARDS_DIR / "en.yaml").read_text("utf-8"))
    (tmp_path / "ur.yaml").write_text("name: Urdu\nletters: [\u0627 \u0628\n", encoding="utf-8")
    (tmp_path / "phone.yaml").write_bytes(b"\xff\xfe not text")
    keyboards, problems = load_keyboards(tmp_path)
    assert [p.file for p in problems] == ["phone.yaml", "ur.yaml"]
    assert keyboards.choose("text", "ur").layout.id == "en"
    assert keyboards.choose("phone", "ur").layout.id == "en"  # its symbols have the numbers


def test_without_any_english_file_the_built_in_english_letters_are_used():
    keyboards = Keyboards({})
    assert keyboards.choose("text", "en").layout is built_in_english()
    assert keyboards.choose("postcode", "ur").layout is built_in_english()


DOCS = Path(__file__).resolve().parents[2] / "docs" / "keyboards.md"


def test_the_docs_name_every_key_and_file_and_their_example_loads():
    text = DOCS.read_text(encoding="utf-8")
    for key in ("name", "letters", "capitals", "more_letters", "symbols", "right_to_left"):
        assert f"`{key}`" in text or f"{key}:" in text, key
    for key in ("keys", "space"):
        assert f"`{key}`" in text, key
    for code in SHIPPED.layouts:
        assert f"`{code}.yaml`" in text, code
    example = text.split("```yaml\n", 1)[1].split("```", 1)[0]
    assert problems_in(example, "pl") == []
