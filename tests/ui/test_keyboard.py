"""The whole complaint form with a keyboard alone (a tactile keypad or a switch): Tab, the
arrows, Space and Enter; no mouse, no touch."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk.sample_answers import sample_raw
from tests.ui.conftest import type_text
from ui.app import Kiosk
from ui.main_window import MainWindow
from ui.widgets.fields import ChoiceEditor, LineEditor, LongTextEditor
from ui.widgets.wrap_button import WrapButton


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def press(qtbot: QtBot, key: Qt.Key) -> None:
    qtbot.keyClick(focused(), key)


def tab_to(qtbot: QtBot, target: QWidget) -> None:
    for _ in range(60):
        if focused() is target:
            return
        press(qtbot, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {target.accessibleName()}")


def answer_by_keys(qtbot: QtBot, window: MainWindow) -> None:
    question = window.journey.current
    editor = window.question.editor
    raw = sample_raw(question, window.today())
    if isinstance(editor, ChoiceEditor):
        wanted = editor.buttons[raw if isinstance(raw, str) else raw[0]]
        first = next(iter(editor.buttons.values()))
        tab_to(qtbot, first)
        for _ in range(len(editor.buttons)):  # the arrows walk the answers
            if focused() is wanted:
                break
            press(qtbot, Qt.Key.Key_Down)
        assert focused() is wanted
        press(qtbot, Qt.Key.Key_Space)
        assert wanted.isChecked()
    elif isinstance(editor, LineEditor | LongTextEditor):
        tab_to(qtbot, editor.edit)
        type_text(qtbot, editor.edit, str(raw))
    else:  # pragma: no cover - the complaint form has no other kind of question
        raise AssertionError(type(editor))
    tab_to(qtbot, window.question.continue_button)
    press(qtbot, Qt.Key.Key_Return)


def test_the_complaint_form_with_the_keyboard_alone(qtbot: QtBot, kiosk: Kiosk):
    window = kiosk.window
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None or window.isActiveWindow())
    tile = window.home.buttons["complaint"]
    tile.setFocus()
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current_screen() is window.question)
    for _ in range(30):
        if window.current_screen() is not window.question:
            break
        answer_by_keys(qtbot, window)
    assert window.current_screen() is window.check
    send: WrapButton = window.check.submit
    tab_to(qtbot, send)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current_screen() is window.receipt_screen, timeout=10_000)
    assert kiosk.outbox.list()[0].kind == "complaint"
