"""An editor for each type of question. Editors hold what the citizen typed or tapped (`raw`)
and hand it to the domain to validate; they never decide what is valid."""

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics, QTextCursor
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from kiosk.formatting import number
from kiosk.forms.model import PREFER_NOT_TO_SAY, Choice, Question
from kiosk.forms.validation import FieldError
from kiosk.i18n import N_, _, ngettext
from ui import theme
from ui.widgets.common import label
from ui.widgets.faces import FaceRow, FaceTile, feeling
from ui.widgets.wrap_button import WrapButton

_HINTS = {
    "phone": Qt.InputMethodHint.ImhDialableCharactersOnly,
    "email": Qt.InputMethodHint.ImhEmailCharactersOnly,
    "number": Qt.InputMethodHint.ImhFormattedNumbersOnly,
    "postcode": Qt.InputMethodHint.ImhPreferUppercase | Qt.InputMethodHint.ImhNoPredictiveText,
}


def _mark(widget: QWidget, error: bool) -> None:
    """A red border on a box whose answer has a problem (theme: [error="true"])."""
    if bool(widget.property("error")) != error:
        widget.setProperty("error", error)
        widget.style().unpolish(widget)
        widget.style().polish(widget)


def line_edit(question: Question | None, accessible: str, keyboard: str = "text") -> QLineEdit:
    edit = QLineEdit()
    edit.setAccessibleName(accessible)
    # Which on-screen keyboard opens for it (ui.widgets.keyboard): text, email, phone, number
    # or postcode. The hints say the same to a system input method.
    edit.setProperty("keyboard", keyboard)
    if keyboard in _HINTS:
        edit.setInputMethodHints(_HINTS[keyboard])
    # Nothing the citizen types may reach another citizen: no undo history, no drag out.
    edit.setDragEnabled(False)
    if question is not None and question.type == "postcode":
        edit.setMaxLength(12)
    return edit


class FieldEditor(QWidget):
    """Base: one question's input. `parts` maps an error's part (None = whole) to a widget."""

    # Typing questions take focus when they open, so the on-screen keyboard is ready; choices
    # do not (a focused tile looks chosen).
    wants_keyboard = True

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = question
        self.parts: dict[str | None, QWidget] = {}
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.setSpacing(theme.current().px(16))

    def raw(self) -> Any:
        raise NotImplementedError

    def set_raw(self, raw: Any) -> None:
        raise NotImplementedError

    def show_errors(self, errors: list[FieldError]) -> list[FieldError]:
        """Mark the boxes at fault; return the messages for the screen to show above the field
        (an editor of several boxes shows each message above its own box)."""
        at_fault = {error.part for error in errors}
        for part, widget in self.parts.items():
            if part is not None or len(self.parts) == 1:
                _mark(widget, bool(errors) if part is None else part in at_fault)
        return errors

    def focus_part(self, part: str | None) -> None:
        widget = self.parts.get(part) or self.parts.get(None) or next(iter(self.parts.values()))
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def first_focus(self) -> None:
        self.focus_part(None)

    def text_boxes(self) -> list[QLineEdit | QPlainTextEdit]:
        """The boxes the on-screen keyboard types into, first to last."""
        boxes = [w for w in self.parts.values() if isinstance(w, QLineEdit | QPlainTextEdit)]
        return list(dict.fromkeys(boxes))

    def keyboard_below(self, box: QWidget) -> QWidget:
        """What the on-screen keyboard opens right under, for `box`: the whole editor (its
        box, with a date's or the character count beside or under it)."""
        return self


class LineEditor(FieldEditor):
    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.edit = line_edit(question, _(question.label), question.keyboard)
        self.layout_.addWidget(self.edit)
        self.parts[None] = self.edit

    def raw(self) -> str:
        return self.edit.text()

    def set_raw(self, raw: Any) -> None:
        self.edit.setText("" if raw is None else str(raw))


class LongTextEditor(FieldEditor):
    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.edit = QPlainTextEdit()
        self.edit.setAccessibleName(_(question.label))
        self.edit.setProperty("keyboard", "text")
        self.edit.setTabChangesFocus(True)  # Tab moves on, as a keypad user expects
        self.edit.setMinimumHeight(theme.current().px(220))
        self.counter = label("", "Counter")
        self.edit.textChanged.connect(self._count)
        self.layout_.addWidget(self.edit)
        self.layout_.addWidget(self.counter)
        self.parts[None] = self.edit
        self._count()

    def _count(self) -> None:
        limit = self.question.limit or 0
        left = limit - len(self.edit.toPlainText())
        if left >= 0:
            text = ngettext(
                "You have {n} character remaining", "You have {n} characters remaining", left
            ).format(n=number(left))
            self.counter.setObjectName("Counter")
        else:
            text = ngettext(
                "You have {n} character too many", "You have {n} characters too many", -left
            ).format(n=number(-left))
            self.counter.setObjectName("CounterOver")
        self.counter.setText(text)
        self.counter.setAccessibleName(text)
        self.counter.style().unpolish(self.counter)
        self.counter.style().polish(self.counter)

    def raw(self) -> str:
        return self.edit.toPlainText()

    def set_raw(self, raw: Any) -> None:
        self.edit.setPlainText("" if raw is None else str(raw))
        self.edit.moveCursor(QTextCursor.MoveOperation.End)  # carry on typing after the text


def _choices(question: Question) -> tuple[Choice, ...]:
    if question.type == "yes_no":
        return (Choice("yes", N_("Yes")), Choice("no", N_("No")))
    choices = question.choices
    if question.monitoring and not any(c.value == PREFER_NOT_TO_SAY for c in choices):
        choices = (*choices, Choice(PREFER_NOT_TO_SAY, N_("Prefer not to say")))
    return choices


class ChoiceEditor(FieldEditor):
    """Large tiles, one per answer: single choice, yes/no, or several (multiple choice)."""

    wants_keyboard = False

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.multiple = question.type == "multiple_choice"
        self.group = QButtonGroup(self)
        self.group.setExclusive(not self.multiple)
        self.buttons: dict[str, WrapButton] = {}
        self.choices = _choices(question)
        for choice in self.choices:
            button = self._tile(choice)
            button.setCheckable(True)
            # A radio button to assistive technology (the group decides what is exclusive).
            button.setAutoExclusive(not self.multiple)
            button.setProperty("value", choice.value)
            self.group.addButton(button)
            self.buttons[choice.value] = button
            button.toggled.connect(lambda on, c=choice: self._toggled(c, on))
        self._place(list(self.buttons.values()))
        first = next(iter(self.buttons.values()), None)
        if first is not None:
            self.parts[None] = first

    def _tile(self, choice: Choice) -> WrapButton:
        return WrapButton(
            _(choice.label),
            _(choice.hint) if choice.hint else None,
            "Choice",
            indicator="check" if self.multiple else "radio",
        )

    def _place(self, tiles: list[WrapButton]) -> None:
        for tile in tiles:
            self.layout_.addWidget(tile)

    def _toggled(self, choice: Choice, on: bool) -> None:
        if self.multiple and on:
            # "None of these" and the other answers exclude each other.
            for other in self.choices:
                if other.value != choice.value and (choice.exclusive or other.exclusive):
                    self.buttons[other.value].setChecked(False)

    def raw(self) -> Any:
        ticked = [value for value, button in self.buttons.items() if button.isChecked()]
        if self.multiple:
            return ticked
        return ticked[0] if ticked else ""

    def set_raw(self, raw: Any) -> None:
        wanted = set(raw) if isinstance(raw, list | tuple) else {raw}
        if not self.multiple:
            # An exclusive group will not let its last ticked button go: lift that briefly.
            self.group.setExclusive(False)
        for value, button in self.buttons.items():
            button.setChecked(value in wanted)
        self.group.setExclusive(not self.multiple)


class FacesEditor(ChoiceEditor):
    """A rating (`display: faces`): the form's answers, worst first, as faces from very
    unhappy to very happy, side by side in reading order. An answer the kiosk adds ("Prefer
    not to say") is an ordinary tile under them."""

    def _tile(self, choice: Choice) -> WrapButton:
        rated = self.question.choices
        if choice not in rated:
            return super()._tile(choice)
        hint = _(choice.hint) if choice.hint else None
        return FaceTile(_(choice.label), hint, feeling(rated.index(choice), len(rated)))

    def _place(self, tiles: list[WrapButton]) -> None:
        self.row = FaceRow()
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.setSpacing(theme.current().px(16))
        self.layout_.addLayout(self.row)
        for tile in tiles:
            if isinstance(tile, FaceTile):
                self.row.addWidget(tile)
            else:
                self.layout_.addWidget(tile)

    def faces(self) -> list[FaceTile]:
        return [tile for tile in self.buttons.values() if isinstance(tile, FaceTile)]


class ConsentEditor(FieldEditor):
    wants_keyboard = False

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.box = WrapButton(_("Yes, I agree"), None, "Choice", indicator="check")
        self.box.setCheckable(True)
        self.layout_.addWidget(self.box)
        self.parts[None] = self.box

    def raw(self) -> bool:
        return self.box.isChecked()

    def set_raw(self, raw: Any) -> None:
        self.box.setChecked(bool(raw))


class _PartsEditor(FieldEditor):
    """Several labelled boxes for one answer (a date, an address)."""

    PARTS: tuple[tuple[str, str, str, int], ...] = ()  # part, label, keyboard, width in chars

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.edits: dict[str, QLineEdit] = {}
        self.messages: dict[str, QLabel] = {}
        current = theme.current()
        # The boxes' text is set by the stylesheet (28 px at 100%): size them for that font.
        font = QFont(self.font())
        font.setPixelSize(current.px(28))
        metrics = QFontMetrics(font)
        for index, (part, text, keyboard, chars) in enumerate(self.PARTS):
            caption = label(_(text), "FieldLabel")
            message = label("", "ErrorMessage")
            message.hide()
            edit = line_edit(None, _(text), keyboard)
            caption.setBuddy(edit)
            if chars:
                width = metrics.horizontalAdvance("W" * chars) + current.px(48)
                edit.setMinimumWidth(width)
                edit.setMaximumWidth(width)
            self._place(index, caption, message, edit)
            self.edits[part] = edit
            self.messages[part] = message
            self.parts[part] = edit
        self.parts[None] = self.edits[self.PARTS[0][0]]

    def _place(self, index: int, caption: QWidget, message: QWidget, edit: QWidget) -> None:
        # Each box with its label and its own error (and, while it is typed in, the on-screen
        # keyboard under it); a gap before the next, so labels are not read as belonging to
        # the box above.
        part = QVBoxLayout()
        part.setSpacing(theme.current().px(8))
        for widget in (caption, message, edit):
            part.addWidget(widget)
        if index:
            self.layout_.addSpacing(theme.current().px(8))
        self.layout_.addLayout(part)

    def show_errors(self, errors: list[FieldError]) -> list[FieldError]:
        unplaced = []
        for part, message in self.messages.items():
            mine = [error.message for error in errors if error.part == part]
            message.setText("\n".join(mine))
            message.setVisible(bool(mine))
            _mark(self.edits[part], bool(mine))
        for error in errors:
            if error.part not in self.messages:
                unplaced.append(error)
        return unplaced

    def raw(self) -> dict[str, str]:
        return {part: edit.text() for part, edit in self.edits.items()}

    def set_raw(self, raw: Any) -> None:
        values = raw if isinstance(raw, dict) else {}
        for part, edit in self.edits.items():
            edit.setText(str(values.get(part, "") or ""))


class DateEditor(_PartsEditor):
    PARTS = (
        ("day", N_("Day"), "number", 2),
        ("month", N_("Month"), "number", 2),
        ("year", N_("Year"), "number", 4),
    )

    def _place(self, index: int, caption: QWidget, message: QWidget, edit: QWidget) -> None:
        # Day, month and year side by side, as on paper; their messages above them all (and the
        # on-screen keyboard under them all).
        if index == 0:
            self.grid = QGridLayout()
            self.grid.setHorizontalSpacing(theme.current().px(32))
            self.grid.setVerticalSpacing(theme.current().px(8))
            self.grid.setColumnStretch(len(self.PARTS), 1)
            self.layout_.addLayout(self.grid)
        self.grid.addWidget(caption, 0, index)
        self.grid.addWidget(edit, 1, index)
        self.layout_.insertWidget(0, message)


class AddressEditor(_PartsEditor):
    def keyboard_below(self, box: QWidget) -> QWidget:
        return box  # under the line being typed, not under the postcode four boxes down

    PARTS = (
        ("line1", N_("Building and street"), "text", 0),
        ("line2", N_("Second line of the address (optional)"), "text", 0),
        ("town", N_("Town or city"), "text", 0),
        ("postcode", N_("Postcode"), "postcode", 9),
    )


EDITORS: dict[str, type[FieldEditor]] = {
    "short_text": LineEditor,
    "postcode": LineEditor,
    "phone": LineEditor,
    "email": LineEditor,
    "number": LineEditor,
    "long_text": LongTextEditor,
    "single_choice": ChoiceEditor,
    "multiple_choice": ChoiceEditor,
    "yes_no": ChoiceEditor,
    "consent": ConsentEditor,
    "date": DateEditor,
    "address": AddressEditor,
}


def editor_for(question: Question) -> FieldEditor:
    if question.type == "single_choice" and question.display == "faces":
        return FacesEditor(question)
    return EDITORS[question.type](question)
