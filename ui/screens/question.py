"""One question per page (GOV.UK pattern): Back, the question as the heading, hint, the error
summary at the top linking to the field, the error again beside the field, Continue."""

import itertools
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from kiosk.forms.model import FormDefinition, Question
from kiosk.forms.validation import FieldError
from kiosk.i18n import _
from ui import theme
from ui.widgets.common import Page, clear_layout, label
from ui.widgets.fields import FieldEditor, editor_for
from ui.widgets.keyboard import OnScreenKeyboard
from ui.widgets.wrap_button import WrapButton


def question_heading(question: Question) -> str:
    if question.required and not question.monitoring:
        return _(question.label)
    return _("{question} (optional)").format(question=_(question.label))


class ErrorSummary(QFrame):
    """ "There is a problem": each error a link that takes the citizen to the box at fault."""

    part_chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ErrorSummary")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.body = QVBoxLayout(self)

    def show_errors(self, errors: list[FieldError]) -> None:
        clear_layout(self.body)
        heading = label(_("There is a problem"), "SectionHeading")
        self.body.addWidget(heading)
        for error in errors:
            link = WrapButton(error.message, None, "Link")
            link.clicked.connect(
                lambda _checked=False, part=error.part: self.part_chosen.emit(part)
            )
            self.body.addWidget(link)
        self.setAccessibleName(_("There is a problem"))
        self.setAccessibleDescription(" ".join(e.message for e in errors))
        self.setVisible(bool(errors))


class QuestionScreen(Page):
    continue_clicked = Signal(object)  # the raw answer
    back_clicked = Signal()
    stop_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor: FieldEditor | None = None
        self.back = WrapButton(_("Back"), None, "Secondary")
        self.back.clicked.connect(self.back_clicked)
        self.caption = label("", "Caption")
        self.summary = ErrorSummary()
        self.summary.part_chosen.connect(self._focus_part)
        self.title = label("", "Title")
        self.hint = label("", "Hint")
        self.field = QFrame()
        self.field.setObjectName("Field")
        field_layout = QVBoxLayout(self.field)
        field_layout.setContentsMargins(0, 0, 0, 0)
        self.error_messages = label("", "ErrorMessage")
        field_layout.addWidget(self.error_messages)
        self.field_layout = QVBoxLayout()  # holds the editor, replaced page by page
        field_layout.addLayout(self.field_layout)
        self.continue_button = WrapButton(_("Continue"))
        self.continue_button.clicked.connect(self._continue)
        self.stop = WrapButton(_("Stop and delete my answers"), None, "Link")
        self.stop.clicked.connect(self.stop_clicked)
        # Under the box being typed in, page by page (it steps out before an editor goes).
        self.keyboard = OnScreenKeyboard(self.field)
        for widget in (self.caption, self.summary, self.title, self.hint, self.field):
            self.column.addWidget(widget)
        self.column.addStretch(1)
        self.add_footer([self.back, self.stop], self.continue_button)

    def show_question(
        self,
        form: FormDefinition,
        question: Question,
        raw: Any,
        errors: list[FieldError],
        progress: tuple[int, int],
    ) -> None:
        self.restyle()
        self.back.set_words(_("Back"))
        self.continue_button.set_words(_("Continue"))
        self.stop.set_words(_("Stop and delete my answers"))
        # No "of N": the number of pages changes with the answers, and a total that grows
        # mid-way discourages.
        self.caption.setText(_("{form} · question {n}").format(form=_(form.title), n=progress[0]))
        self.summary.show_errors(errors)
        self.title.setText(question_heading(question))
        self.hint.setText(_(question.hint) if question.hint else "")
        self.hint.setVisible(bool(question.hint))
        self.keyboard.detach()
        clear_layout(self.field_layout)
        self.editor = editor_for(question)
        hint = _(question.hint) if question.hint else ""
        self.editor.setAccessibleDescription(hint)
        for box in self.editor.text_boxes():  # what assistive technology reads with the box
            box.setAccessibleDescription(hint)
        self.field_layout.addWidget(self.editor)
        above = self.editor.show_errors(errors)
        self.error_messages.setText("\n".join(e.message for e in above))
        self.error_messages.setVisible(bool(above))
        self.editor.show()  # now, not on the next turn of the event loop: focus needs it shown
        self.title.setBuddy(self.editor.parts.get(None))
        self.field.setObjectName("FieldWithError" if errors else "Field")
        gap = theme.current().px(20) if errors else 0
        self.field.layout().setContentsMargins(gap, 0, 0, 0)
        self.field.style().unpolish(self.field)
        self.field.style().polish(self.field)
        if raw is not None:
            self.editor.set_raw(raw)
        self._tab_order()
        self.scroll_to_top()
        boxes = self.editor.text_boxes()
        for box in boxes:
            self.keyboard.attach(box, below=self.editor.keyboard_below(box))
        if errors:
            self.summary.setFocus(Qt.FocusReason.OtherFocusReason)
        elif self.editor.wants_keyboard:
            self.editor.first_focus()
        else:
            self.title.setFocus(Qt.FocusReason.OtherFocusReason)
        if boxes:
            # Open from the start, under the box at fault if there is one; the error summary
            # stays in view.
            at_fault = self.editor.parts.get(errors[0].part) if errors else None
            first = at_fault if at_fault in boxes else boxes[0]
            self.keyboard.open(first, scroll=not errors)

    def _tab_order(self) -> None:
        """Tab goes question, answers, Continue, Back, Stop: the order a keypad user needs."""
        assert self.editor is not None
        chain: list[QWidget] = [self.title]
        tab = Qt.FocusPolicy.TabFocus
        chain += [w for w in self.editor.findChildren(QWidget) if w.focusPolicy() & tab]
        chain += [self.continue_button, self.back, self.stop]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _focus_part(self, part: str | None) -> None:
        if self.editor is not None:
            self.editor.focus_part(part)
            self.ensure_visible(self.editor)

    def current_raw(self) -> Any:
        return None if self.editor is None else self.editor.raw()

    def wipe(self) -> None:
        self.keyboard.detach()
        clear_layout(self.field_layout)
        self.editor = None
        self.summary.show_errors([])
        for widget in (self.caption, self.title, self.hint, self.error_messages):
            widget.clear()

    def _continue(self) -> None:
        self.continue_clicked.emit(self.current_raw())
