"""Nothing of one citizen is left for the next: the idle prompt, the wipe, Finish."""

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from kiosk.speech import RATES, VOLUMES
from tests.support import FakeClock
from tests.ui.conftest import continue_, enter, tap
from tests.ui.test_journey_screens import complete
from ui.app import Kiosk
from ui.main_window import MainWindow
from ui.widgets.wrap_button import WrapButton

SECRET = "Zebedee Quartermaine"


def everything_shown(window: MainWindow) -> list[str]:
    texts = []
    for widget in window.findChildren(QWidget):
        texts += [widget.accessibleName(), widget.accessibleDescription(), widget.toolTip()]
        if isinstance(widget, QLabel | QLineEdit | QAbstractButton):
            texts.append(widget.text())
        if isinstance(widget, QPlainTextEdit):
            texts.append(widget.toPlainText())
        if isinstance(widget, WrapButton):
            texts += [widget.words(), widget.hint() or ""]
    return texts


def fill_in_a_call_back(qtbot: QtBot, window: MainWindow) -> None:
    tap(qtbot, window.home.buttons["call_back"])
    enter(qtbot, window, "council_tax")
    continue_(qtbot, window)
    enter(qtbot, window, SECRET)
    continue_(qtbot, window)
    enter(qtbot, window, "01709 336000")
    window.question.editor.edit.selectAll()
    window.question.editor.edit.copy()  # even the clipboard


def test_idle_asks_then_wipes_everything(qtbot: QtBot, kiosk: Kiosk, clock: FakeClock):
    window = kiosk.window
    fill_in_a_call_back(qtbot, window)
    window.set_scale(1.5)
    assert window.journey is not None and window.journey.answer("name") == SECRET
    timeout = window.idle.timeout_s * window.idle.factor
    clock.advance(timeout - 1)
    window.check_idle()
    assert not window.overlay.isVisible()
    clock.advance(2)
    window.check_idle()
    assert window.overlay.isVisible()
    assert "This page will clear in" in window.overlay.detail.text()
    clock.advance(window.idle.more_time_s * window.idle.factor)
    window.check_idle()
    assert window.current_screen() is window.home
    assert not window.overlay.isVisible()
    assert window.journey is None
    assert window.scale == 1.0 and window.language == "en" and not window.high_contrast
    leftovers = [text for text in everything_shown(window) if SECRET in text or "336000" in text]
    assert leftovers == []
    assert QGuiApplication.clipboard().text() == ""
    assert kiosk.outbox.list() == []


def test_more_time_keeps_the_answers(qtbot: QtBot, kiosk: Kiosk, clock: FakeClock):
    window = kiosk.window
    fill_in_a_call_back(qtbot, window)
    clock.advance(window.idle.timeout_s + 5)
    window.check_idle()
    tap(qtbot, window.overlay.yes)
    assert not window.overlay.isVisible()
    assert window.journey is not None and window.journey.answer("name") == SECRET
    clock.advance(window.idle.timeout_s - 5)
    window.check_idle()
    assert not window.overlay.isVisible()


def test_finish_on_the_receipt_wipes_at_once(qtbot: QtBot, kiosk: Kiosk):
    window = kiosk.window
    fill_in_a_call_back(qtbot, window)
    continue_(qtbot, window)
    while window.current_screen() is window.question:
        enter(qtbot, window, "morning" if window.journey.current.id == "best_time" else "")
        continue_(qtbot, window)
    tap(qtbot, window.check.submit)
    qtbot.waitUntil(lambda: window.current_screen() is window.receipt_screen, timeout=10_000)
    reference = window.receipt_screen.reference.text()
    tap(qtbot, window.receipt_screen.finish)
    shown = everything_shown(window)
    assert not [t for t in shown if SECRET in t or reference in t]
    # Back cannot return to anyone's answers: home has no Back, and the form starts empty.
    tap(qtbot, window.home.buttons["call_back"])
    assert window.question.editor.raw() == ""


def test_a_quiet_kiosk_at_home_never_prompts(kiosk: Kiosk, clock: FakeClock):
    window = kiosk.window
    clock.advance(3600)
    window.check_idle()
    assert not window.overlay.isVisible()
    assert window.at_rest()


def test_access_modes_give_three_times_as_long(kiosk: Kiosk):
    window = kiosk.window
    assert window.idle.factor == 1.0
    window.set_contrast(True)
    assert window.idle.factor == 3.0
    window.set_contrast(False)
    window.set_scale(2.0)
    assert window.idle.factor == 3.0


def test_reading_speed_and_volume_are_reset_for_the_next_citizen(kiosk: Kiosk) -> None:
    window = kiosk.window
    default = (window.speech.rate, window.speech.volume)
    window.set_rate(max(RATES))
    window.set_volume(min(VOLUMES))
    assert not window.at_rest()  # a changed voice is the citizen's: the idle wipe resets it
    window.finish()
    assert (window.speech.rate, window.speech.volume) == default
    assert window.at_rest()


def test_while_a_request_is_being_kept_nothing_can_stop_or_leave_it(
    qtbot: QtBot, kiosk: Kiosk
) -> None:
    window = kiosk.window
    fill_in_a_call_back(qtbot, window)
    complete(qtbot, window)
    tap(qtbot, window.check.submit)  # the answer comes back through the event loop
    assert not window.check.isEnabled()  # Send, Back, Change and Stop
    assert not window.header.isEnabled()  # Home, language, text size
    qtbot.waitUntil(lambda: window.current_screen() is window.receipt_screen, timeout=10_000)
    assert window.header.isEnabled()


def test_a_receipt_coming_after_the_session_ended_is_not_shown_to_the_next_citizen(
    qtbot: QtBot, kiosk: Kiosk
) -> None:
    window = kiosk.window
    fill_in_a_call_back(qtbot, window)
    complete(qtbot, window)
    window.submit()
    window.finish()  # the idle wipe, before the outbox has answered
    assert window.journey is None
    qtbot.waitUntil(lambda: not window.worker.busy, timeout=10_000)
    QApplication.processEvents()  # the queued answer arrives, for a session that has ended
    assert window.current_screen() is window.home and window.receipt is None
    assert [text for text in everything_shown(window) if SECRET in text] == []
    assert window.header.isEnabled()
    assert len(kiosk.outbox.list()) == 1  # kept, and it will be sent: it was asked for
