"""What "Read aloud" reads: the words on screen in reading order (heading, question, hint,
errors, answers and their state, buttons), as one text for the speech synthesiser."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QWidget

from kiosk.i18n import _
from ui.widgets.wrap_button import WrapButton

# Sentence ends in the kiosk's scripts (full-width Chinese, Arabic, Urdu, Bengali and others).
_END = (".", "?", "!", ":", "\u3002", "\uff1f", "\uff01", "\u061f", "\u06d4", "\u0964")


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if not text or text.endswith(_END) else text + "."


def describe(control: QWidget) -> str:
    """One control as talk mode says it on the first tap: what it is, and its state."""
    if isinstance(control, WrapButton):
        words = _sentence(control.words())
        if control.hint():
            words += " " + _sentence(control.hint())
        if control.isCheckable():
            words += " " + _sentence(_("selected") if control.isChecked() else _("not selected"))
        return words
    if isinstance(control, QLineEdit | QPlainTextEdit):
        typed = control.text() if isinstance(control, QLineEdit) else control.toPlainText()
        empty = _("empty")
        return f"{_sentence(control.accessibleName())} {_sentence(typed or empty)}"
    name = control.accessibleName() or getattr(control, "text", lambda: "")()
    return _sentence(name)


def screen_text(page: QWidget) -> str:
    """The visible words of `page`, top to bottom, each line in the language's reading order."""
    from ui.widgets.keyboard import KeyButton  # loaded with the first page that has a keyboard

    rtl = page.layoutDirection() == Qt.LayoutDirection.RightToLeft
    found: list[tuple[int, int, str]] = []
    for widget in page.findChildren(QWidget):
        if not widget.isVisible() or isinstance(widget, KeyButton):
            continue  # the on-screen keyboard's keys are not read out one by one
        if isinstance(widget, WrapButton | QLineEdit | QPlainTextEdit):
            words = describe(widget)
        elif isinstance(widget, QLabel):
            words = widget.text()
        else:
            continue
        if words.strip():
            position = widget.mapTo(page, widget.rect().topLeft())
            x = -position.x() if rtl else position.x()
            found.append((position.y(), x, _sentence(words)))
    return "\n".join(words for _y, _x, words in sorted(found))
