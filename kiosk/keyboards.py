"""The on-screen keyboard's layouts: one YAML file a layout in assets/keyboards, checked when the
kiosk starts (docs/keyboards.md says how to write one).

A letter layout is named after the language that uses it (`ur.yaml`) and has a first layer of
`letters`, a second layer of `capitals` (or `more_letters`, for a script without capitals) and a
layer of `symbols`. The keypads (`numeric.yaml`, `phone.yaml`, `postcode.yaml`) have one layer of
`keys`. The words on the keyboard's own keys (Space, Delete...) are not here: the screens
translate them.

A file with a mistake is left out with a problem naming the file, the line and what to fix, and
the keyboard falls back to English letters: a broken layout never stops a citizen typing. The
problems are for the council's officers, so they are in English (like the log).
"""

import difflib
import functools
import logging
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.yaml_source import (
    FileProblem,
    Located,
    PathInFile,
    YamlProblem,
    duplicate_keys,
    read_yaml,
)

log = logging.getLogger(__name__)

DEFAULT_KEYBOARDS_DIR = Path(__file__).resolve().parent.parent / "assets" / "keyboards"
ENGLISH = "en"
# The box's keyboard kind (kiosk.forms.model.Keyboard) to the keypad it opens on.
KEYPADS: Mapping[str, str] = {"number": "numeric", "phone": "phone", "postcode": "postcode"}
# What each keypad may type: the forms accept nothing else in those boxes.
_KEYPAD_CHARACTERS: Mapping[str, str] = {
    "numeric": "0123456789",
    "phone": "0123456789+()-",
    "postcode": "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
}
# The keys an email box has on its first layer, whatever the language.
EMAIL_KEYS = ("@", ".")
# At the largest text on a portrait screen no more keys than this fit in a row.
MAX_ROW_KEYS = 12
LETTER_LAYERS = ("letters", "capitals", "more_letters", "symbols")
_LETTER_KEYS = ("name", "right_to_left", *LETTER_LAYERS)
_KEYPAD_KEYS = ("name", "keys", "space")
# Invisible characters a key may type: the zero-width non-joiner (the Farsi half-space) and
# joiner. Every other format character, above all the direction overrides, is refused.
_ALLOWED_FORMAT = frozenset("\u200c\u200d")
_DOTTED_CIRCLE = "\u25cc"


# Something wrong in a keyboard file, named as officers read it: "ur.yaml, line 4: ...".
KeyboardProblem = FileProblem


@dataclass(frozen=True)
class Key:
    """One key: what a tap types, what the key shows and what it is called aloud."""

    types: str
    label: str
    name: str

    @classmethod
    def of(cls, types: str, label: str | None = None) -> "Key":
        if label is not None:
            return cls(types, label, label)
        # A vowel sign or other combining mark is shown on its dotted circle, as printed
        # keyboards do; it is called by the mark alone.
        mark = unicodedata.category(types[0]).startswith("M")
        shown = _DOTTED_CIRCLE + types if mark else types
        return cls(types, shown, types)


@dataclass(frozen=True)
class Layer:
    rows: tuple[tuple[Key, ...], ...]
    # The first key of each row at the right: the letters of Arabic-script layouts, written in
    # the file in reading order, right to left.
    mirrored: bool = False

    def every_key(self) -> Iterator[Key]:
        for row in self.rows:
            yield from row


@dataclass(frozen=True)
class KeyboardLayout:
    id: str
    name: str
    letters: Layer  # the first layer: the only one of a keypad
    second: Layer | None = None  # capitals, or more letters
    capitals: bool = False  # the second layer is capital letters
    symbols: Layer | None = None
    keypad: bool = False
    space: bool = True

    def layers(self) -> tuple[Layer, ...]:
        return tuple(layer for layer in (self.letters, self.second, self.symbols) if layer)

    def characters(self) -> set[str]:
        return {ch for layer in self.layers() for key in layer.every_key() for ch in key.label}

    @property
    def latin(self) -> bool:
        """Its letters are Latin letters: an email address can be typed on it."""
        return not self.keypad and all(
            unicodedata.name(ch, "").startswith("LATIN") or not ch.isalpha()
            for key in self.letters.every_key()
            for ch in key.types
        )


@dataclass(frozen=True)
class KeyboardChoice:
    """What opens for a box: its layout, the English letters behind "ABC" when the layout is
    another language's, and keys added to the first layer (an email box's @ and .)."""

    layout: KeyboardLayout
    english: KeyboardLayout | None = None
    extra: tuple[Key, ...] = ()


class Keyboards:
    """Every layout that loaded, and what to open for a box of a kind in a language."""

    def __init__(self, layouts: Mapping[str, KeyboardLayout]) -> None:
        self.layouts = dict(layouts)

    def english(self) -> KeyboardLayout:
        return self.layouts.get(ENGLISH) or built_in_english()

    def letters(self, language: str) -> KeyboardLayout:
        layout = self.layouts.get(language)
        if layout is None or layout.keypad:
            return self.english()
        return layout

    def choose(self, kind: str, language: str) -> KeyboardChoice:
        """`kind` is the box's keyboard (kiosk.forms.model.Keyboard): text, email, phone,
        number or postcode; anything else is text."""
        if kind in KEYPADS:
            keypad = self.layouts.get(KEYPADS[kind])
            if keypad is not None:
                return KeyboardChoice(keypad)
            # No keypad: English letters, whose symbols have the numbers.
            return KeyboardChoice(self.english())
        letters = self.letters(language)
        if kind == "email" and not letters.latin:
            letters = self.english()
        english = None if letters is self.english() else self.english()
        extra = tuple(Key.of(ch) for ch in EMAIL_KEYS) if kind == "email" else ()
        return KeyboardChoice(letters, english, extra)


def load_keyboards(
    folder: Path = DEFAULT_KEYBOARDS_DIR,
) -> tuple[Keyboards, list[KeyboardProblem]]:
    """Every layout in `folder` that is usable, and every problem found (file by file)."""
    layouts: dict[str, KeyboardLayout] = {}
    problems: list[KeyboardProblem] = []
    for path in sorted(folder.glob("*.yaml")):
        found: list[KeyboardProblem] = []
        layout = read_layout(path, found)
        problems += found
        if layout is not None and not found:
            layouts[layout.id] = layout
    for problem in problems:
        log.error("Keyboard layout not loaded: %s", problem)
    return Keyboards(layouts), problems


def read_layout(path: Path, problems: list[KeyboardProblem]) -> KeyboardLayout | None:
    """The layout in `path`, or None with what is wrong added to `problems`."""
    name = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        problems.append(KeyboardProblem(name, None, "The file is not UTF-8 text."))
        return None
    except OSError as error:
        problems.append(KeyboardProblem(name, None, f"The file cannot be read: {error.strerror}"))
        return None
    return parse_layout(path.stem, name, text, problems)


def parse_layout(
    layout_id: str, file: str, text: str, problems: list[KeyboardProblem]
) -> KeyboardLayout | None:
    try:
        located = read_yaml(text)
    except YamlProblem as error:
        message = (
            f"This is not valid YAML ({error.message}). Check the spaces at the start of lines,"
            " and put a row in quotes if it has \" ' : # or a comma in it."
        )
        problems.append(KeyboardProblem(file, error.line, message))
        return None
    return _Checker(layout_id, file, located, problems).layout()


class _Checker:
    def __init__(
        self, layout_id: str, file: str, located: Located, problems: list[KeyboardProblem]
    ) -> None:
        self.id = layout_id
        self.file = file
        self.located = located
        self.problems = problems
        self.count = len(problems)

    def problem(self, path: PathInFile, message: str, line: int | None = None) -> None:
        where = line if line is not None else self.located.line(path)
        self.problems.append(KeyboardProblem(self.file, where, message))

    def layout(self) -> KeyboardLayout | None:
        data = self.located.data
        if not isinstance(data, dict):
            self.problem(
                [], "The file must be a set of keys, each on its own line like 'name: ...'"
            )
            return None
        for line, key in duplicate_keys(self.located.root):
            self.problem([], f"'{key}' is written twice; write it once", line)
        keypad = "keys" in data
        allowed = _KEYPAD_KEYS if keypad else _LETTER_KEYS
        for key in data:
            if key not in allowed:
                self._unknown(str(key), allowed, keypad)
        name = data.get("name")
        if not isinstance(name, str) or not name.strip():
            self.problem(["name"], "'name' is missing: say which layout this is, for people")
        layout = self._keypad(data) if keypad else self._letters(data)
        return layout if len(self.problems) == self.count else None

    def _unknown(self, key: str, allowed: tuple[str, ...], keypad: bool) -> None:
        close = difflib.get_close_matches(key, allowed, n=1)
        if close:
            hint = f"did you mean '{close[0]}'?"
        elif keypad and key in LETTER_LAYERS:
            hint = "a keypad has only 'keys' (and 'space')"
        else:
            hint = "use one of: " + ", ".join(allowed)
        self.problem([], f"'{key}' is not a key used here; {hint}", self.located.key_line([], key))

    def _flag(self, data: dict[str, Any], key: str, default: bool) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            self.problem([key], f"'{key}' must be true or false")
            return default
        return value

    def _keypad(self, data: dict[str, Any]) -> KeyboardLayout | None:
        space = self._flag(data, "space", False)
        keys = self._layer(data, "keys", False)
        allowed = _KEYPAD_CHARACTERS.get(self.id)
        if keys is not None and allowed is not None:
            for row_index, row in enumerate(keys.rows):
                for key in row:
                    if not set(key.types) <= set(allowed):
                        self.problem(
                            ["keys", row_index],
                            f"'{key.types}' cannot be typed in a {self.id} box: the {self.id}"
                            f" keypad may only have these: {' '.join(allowed)}",
                        )
        if keys is None:
            return None
        return KeyboardLayout(self.id, str(data.get("name")), keys, keypad=True, space=space)

    def _letters(self, data: dict[str, Any]) -> KeyboardLayout | None:
        mirrored = self._flag(data, "right_to_left", False)
        for needed in ("letters", "symbols"):
            if needed not in data:
                self.problem(
                    [],
                    f"'{needed}' is missing: a letter layout needs 'letters' and 'symbols'"
                    " (a keypad has 'keys' instead)",
                )
        if "capitals" in data and "more_letters" in data:
            self.problem(
                ["more_letters"],
                "A layout has 'capitals' or 'more_letters' for its second layer, not both",
            )
        letters = self._layer(data, "letters", mirrored) if "letters" in data else None
        second_key = "capitals" if "capitals" in data else "more_letters"
        second = self._layer(data, second_key, mirrored) if second_key in data else None
        symbols = self._layer(data, "symbols", False) if "symbols" in data else None
        if letters is None or symbols is None:
            return None
        return KeyboardLayout(
            self.id,
            str(data.get("name")),
            letters,
            second,
            capitals=second_key == "capitals" and second is not None,
            symbols=symbols,
        )

    def _layer(self, data: dict[str, Any], layer: str, mirrored: bool) -> Layer | None:
        rows = data.get(layer)
        if not isinstance(rows, list) or not rows:
            self.problem(
                [layer],
                f"'{layer}' must be a list of rows, each on its own line starting with '-'",
            )
            return None
        made: list[tuple[Key, ...]] = []
        seen: set[str] = set()
        for index, row in enumerate(rows):
            keys = self._row(layer, index, row)
            if len(keys) > MAX_ROW_KEYS:
                self.problem(
                    [layer, index],
                    f"'{layer}', row {index + 1} has {len(keys)} keys: at most {MAX_ROW_KEYS} fit"
                    " at the largest text; move some to another row",
                )
            for key in keys:
                if key.types in seen:
                    self.problem(
                        [layer, index],
                        f"'{layer}', row {index + 1}: '{key.types}' is on this layer twice",
                    )
                seen.add(key.types)
            if keys:
                made.append(tuple(keys))
        return Layer(tuple(made), mirrored) if made else None

    def _row(self, layer: str, index: int, row: Any) -> list[Key]:
        where: PathInFile = [layer, index]
        place = f"'{layer}', row {index + 1}"
        if isinstance(row, str):
            items: list[Any] = row.split()
        elif isinstance(row, list):
            items = row
        else:
            self.problem(
                where,
                f"{place} must be keys separated by spaces, like: q w e r t y"
                " (put it in quotes if it has \" ' : # or a comma in it)",
            )
            return []
        if not items:
            self.problem(where, f"{place} is empty")
        keys = []
        for item in items:
            key = self._key(where, place, item)
            if key is not None:
                keys.append(key)
        return keys

    def _key(self, where: PathInFile, place: str, item: Any) -> Key | None:
        if isinstance(item, str):
            types, label = item, None
        elif isinstance(item, dict) and isinstance(item.get("types"), str):
            unknown = set(item) - {"types", "label"}
            if unknown:
                self.problem(
                    where,
                    f"{place}: a key is written with 'types' and 'label' only, not "
                    + ", ".join(sorted(map(str, unknown))),
                )
            types = item["types"]
            label = item.get("label")
            if label is not None and (not isinstance(label, str) or not label.strip()):
                self.problem(where, f"{place}: the 'label' of '{types}' must be text")
                return None
        else:
            self.problem(
                where,
                f"{place}: each key is a character, or 'types' and 'label' like"
                ' {types: "\\u200c", label: half space}',
            )
            return None
        wrong = _unusable(types)
        if wrong:
            self.problem(where, f"{place}: {wrong}")
            return None
        if label is None and not _visible(types):
            self.problem(where, f"{place}: a key that types '{types!r}' needs a 'label' to show")
            return None
        return Key.of(types, label)


def _unusable(types: str) -> str | None:
    if not types:
        return "a key must type something"
    for ch in types:
        category = unicodedata.category(ch)
        if ch.isspace():
            return "a key cannot type a space (the keyboard has its own Space key)"
        if category in ("Cc", "Cs", "Co", "Cn"):
            return f"U+{ord(ch):04X} cannot be typed: it is not a character people write"
        if category == "Cf" and ch not in _ALLOWED_FORMAT:
            return (
                f"U+{ord(ch):04X} {unicodedata.name(ch, '')} cannot be typed: the forms refuse"
                " invisible direction marks"
            )
    return None


def _visible(types: str) -> bool:
    return any(unicodedata.category(ch) != "Cf" for ch in types)


_ENGLISH_TEXT = """
name: English (QWERTY), built in
letters: [q w e r t y u i o p, a s d f g h j k l, z x c v b n m]
capitals: [Q W E R T Y U I O P, A S D F G H J K L, Z X C V B N M]
symbols: [1 2 3 4 5 6 7 8 9 0, "@ . , - ' / & ( ) :", "? ! # _ +"]
"""


@functools.cache
def built_in_english() -> KeyboardLayout:
    """Used when en.yaml itself is broken or missing (parsed when first needed)."""
    found: list[KeyboardProblem] = []
    layout = parse_layout(ENGLISH, "(built in)", _ENGLISH_TEXT, found)
    assert layout is not None and not found, found
    return layout
