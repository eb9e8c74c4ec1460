"""The kiosk window: the header, one screen at a time, the idle watch. It renders the domain's
state and forwards taps; what is valid, what comes next and what is stored is decided in kiosk/."""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QClipboard, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.forms.model import FormDefinition
from kiosk.i18n import N_, _
from kiosk.idle import IdleState, IdleTimer
from kiosk.languages import BY_CODE
from kiosk.speech import Speech
from offline_queue import OutboxError
from ui.header import Header
from ui.look import apply_look
from ui.screens.home import HomeScreen, Tile
from ui.talk import TalkMode
from ui.widgets.common import label, scroll_by_touch

if TYPE_CHECKING:
    # The other screens' modules load when each is first built (see warm_up), and the journey
    # with the first form a citizen opens.
    from PySide6.QtPrintSupport import QPrinter

    from kiosk.forms.journey import FormJourney
    from kiosk.submission import Receipt, SubmissionService
    from ui.screens.check_answers import CheckAnswersScreen
    from ui.screens.choices import DisplayScreen, LanguageScreen
    from ui.screens.emergency import EmergencyScreen
    from ui.screens.more_time import MoreTimeOverlay, StopOverlay
    from ui.screens.notice import NoticeScreen
    from ui.screens.question import QuestionScreen
    from ui.screens.receipt import ReceiptScreen
    from ui.ticketing import TicketFlow, TicketParts
    from ui.worker import Worker

log = logging.getLogger(__name__)


def _journey(form: FormDefinition, today: Callable[[], date]) -> "FormJourney":
    from kiosk.forms.journey import FormJourney

    return FormJourney(form, today=today)


def _system_printer() -> "QPrinter | None":
    from ui import printing  # QtPrintSupport loads when a receipt is shown, not at start-up

    return printing.system_printer()


_S = TypeVar("_S", bound=QWidget)
_T = TypeVar("_T")
_SCREENS = ("question", "check", "receipt_screen", "emergency", "notice", "languages", "display")
# Built by warm_up, just after the home screen first shows (or on first use, if sooner).
_BUILT_LATER = (*_SCREENS, "overlay", "stop_overlay", "worker")

TICKET_TILE = Tile("ticket", N_("Take a ticket"), N_("To see someone face to face here today"))

_ACTIVITY = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.KeyPress,
    QEvent.Type.TouchBegin,
    QEvent.Type.Wheel,
}


@dataclass
class KioskParts:
    """What the window needs from the domain, built once at start-up (ui.app)."""

    forms: list[FormDefinition]
    # Opens the outbox: called just after the home screen first shows, or at first use.
    open_submissions: "Callable[[], SubmissionService]"
    clock: Callable[[], datetime]
    council: str
    default_language: str = "en"
    languages: list[str] = field(default_factory=lambda: ["en"])
    idle_timeout_s: float = 90.0
    more_time_s: float = 30.0
    printer: Callable[[], "QPrinter | None"] = field(default=lambda: _system_printer())
    extra_tiles: list[Tile] = field(default_factory=list)
    info_screens: dict[str, Callable[[], QWidget]] = field(default_factory=dict)
    speech: Speech = field(default_factory=Speech)
    tickets: "TicketParts | None" = None  # the site has a queue: "Take a ticket" is offered

    @cached_property
    def submissions(self) -> "SubmissionService":
        return self.open_submissions()


class MainWindow(QMainWindow):
    # Once the home screen is on the glass: the time to open what it did not need.
    home_painted = Signal()

    def __init__(self, parts: KioskParts) -> None:
        super().__init__()
        self.parts = parts
        self.setWindowTitle(parts.council)
        self.language = parts.default_language
        self.scale = 1.0
        self.high_contrast = False
        self.journey: FormJourney | None = None
        self.receipt: Receipt | None = None
        self.forms = {form.id: form for form in parts.forms}
        self.feedback_form = next((f for f in parts.forms if f.offered_at_end), None)
        self.talk = TalkMode(self, lambda: self.speech, lambda: self.language)
        self.idle = IdleTimer(parts.clock, parts.idle_timeout_s, parts.more_time_s)
        self.apply_look()  # before any child exists: each is styled once, as it is made

        self.header = Header(parts.council)
        self.stack = QStackedWidget()
        # A QMainWindow: assistive technology sees a frame (a window), not a panel.
        body = QWidget()
        self.setCentralWidget(body)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        self.notice_line = label("", "ErrorMessage")
        self.notice_line.hide()
        layout.addWidget(self.notice_line)
        layout.addWidget(self.stack, 1)

        self.home = HomeScreen()
        self.stack.addWidget(self.home)
        self.home.tile_clicked.connect(self.open_tile)
        # The other screens are built on first use, or just after the home screen first shows
        # (warm_up): a kiosk switched on shows its home screen without waiting for them.
        self.info: dict[str, QWidget] = {}
        self.tickets: TicketFlow | None = None
        if parts.tickets is not None:
            from ui import ticketing  # only where the site has a queue

            self.tickets = ticketing.TicketFlow(
                parts.tickets,
                self.show_screen,
                self.go_home,
                lambda: self.language,
                lambda: self.parts.printer(),
                parts.council,
            )
            self.tickets.on_finish = self.finish
            if self.feedback_form is not None:
                self.tickets.on_feedback = self.start_feedback
            for screen in self.tickets.screens:
                self.stack.addWidget(screen)

        self.header.language_clicked.connect(self.show_languages)
        self.header.accessibility_clicked.connect(self.show_display)
        self.header.home_clicked.connect(self.go_home)
        self.header.read_aloud_clicked.connect(self.read_aloud)
        self.speech = parts.speech

        self.ticker = QTimer(self)
        self.ticker.setInterval(1000)
        self.ticker.timeout.connect(self.check_idle)
        self.ticker.start()

        self._screen_before_choices: QWidget | None = None
        self._warm = False
        self._watching = False
        self._session = 0  # counts citizens: finish() starts the next one
        # Touches are watched application-wide only once the home screen has painted: the
        # first event of one of Qt's private objects makes PySide resolve every QObject class
        # it knows (some 40 ms), which a kiosk switched on should not wait for.
        self.home.installEventFilter(self)
        self.go_home()

    # -- screens, each built the first time it is needed -----------------------------------

    def _add(self, screen: _S) -> _S:
        self.stack.addWidget(screen)  # takes the window's font, style and direction
        return screen

    @cached_property
    def overlay(self) -> "MoreTimeOverlay":
        """The "Do you need more time?" overlay, over the whole window."""
        from ui.screens.more_time import MoreTimeOverlay

        overlay = MoreTimeOverlay(self)
        overlay.yes_clicked.connect(self.more_time)
        overlay.no_clicked.connect(self.finish)
        return overlay

    @cached_property
    def stop_overlay(self) -> "StopOverlay":
        """The "Do you want to stop?" overlay, over the whole window."""
        from ui.screens.more_time import StopOverlay

        overlay = StopOverlay(self)
        overlay.yes_clicked.connect(overlay.hide)  # "No, carry on"
        overlay.no_clicked.connect(self.finish)
        return overlay

    @cached_property
    def worker(self) -> "Worker":
        """Keeps a submission off the screen's thread, so the page never freezes."""
        from ui.worker import Worker

        return Worker(self)

    @cached_property
    def question(self) -> "QuestionScreen":
        from ui.screens.question import QuestionScreen

        screen = self._add(QuestionScreen())
        screen.stop_clicked.connect(self.ask_to_stop)
        screen.continue_clicked.connect(self.answer)
        screen.back_clicked.connect(self.back)
        return screen

    @cached_property
    def check(self) -> "CheckAnswersScreen":
        from ui.screens.check_answers import CheckAnswersScreen

        screen = self._add(CheckAnswersScreen())
        screen.stop_clicked.connect(self.ask_to_stop)
        screen.back_clicked.connect(self.back)
        screen.change_clicked.connect(self.change)
        screen.submit_clicked.connect(self.submit)
        return screen

    @cached_property
    def receipt_screen(self) -> "ReceiptScreen":
        from ui.screens.receipt import ReceiptScreen

        screen = self._add(ReceiptScreen())
        screen.finish_clicked.connect(self.finish)
        screen.print_clicked.connect(self.print_receipt)
        screen.feedback_clicked.connect(self.start_feedback)
        return screen

    @cached_property
    def emergency(self) -> "EmergencyScreen":
        from ui.screens.emergency import EmergencyScreen

        screen = self._add(EmergencyScreen())
        screen.back_clicked.connect(self.back)
        screen.finish_clicked.connect(self.finish)
        return screen

    @cached_property
    def notice(self) -> "NoticeScreen":
        from ui.screens.notice import NoticeScreen

        screen = self._add(NoticeScreen())
        screen.finish_clicked.connect(self.finish)
        return screen

    @cached_property
    def languages(self) -> "LanguageScreen":
        from ui.screens.choices import LanguageScreen

        screen = self._add(LanguageScreen(self.parts.languages))
        screen.chosen.connect(self.set_language)
        screen.back_clicked.connect(self.render)
        return screen

    @cached_property
    def display(self) -> "DisplayScreen":
        from ui.screens.choices import DisplayScreen

        screen = self._add(DisplayScreen())
        screen.scale_chosen.connect(self.set_scale)
        screen.contrast_chosen.connect(self.set_contrast)
        screen.talk_chosen.connect(self.set_talk_mode)
        screen.rate_chosen.connect(self.set_rate)
        screen.volume_chosen.connect(self.set_volume)
        screen.back_clicked.connect(self.render)
        return screen

    def info_screen(self, key: str) -> QWidget:
        """The information screen behind a home tile (Find a service, ...)."""
        if key not in self.info:
            screen = self.info[key] = self._add(self.parts.info_screens[key]())
            back = getattr(screen, "back_clicked", None)
            if back is not None:
                back.connect(self.go_home)
            start = getattr(screen, "form_chosen", None)
            if start is not None:
                start.connect(self.open_tile)
        return self.info[key]

    def _built(self, *names: str) -> list[QWidget]:
        """Those of the named screens that exist (nothing to wipe in one never built)."""
        return [self.__dict__[name] for name in names if name in self.__dict__]

    def warm_up(self) -> None:
        """Build every screen now, so that no tap waits for one."""
        scroll_by_touch(self.home.scroll)
        self._watch_touches()
        for name in _BUILT_LATER:
            getattr(self, name)
        for key in self.parts.info_screens:
            self.info_screen(key)

    # -- what is on screen -----------------------------------------------------------------

    def today(self) -> date:
        return self.parts.clock().astimezone().date()

    def current_screen(self) -> QWidget:
        return self.stack.currentWidget()

    def show_screen(self, screen: QWidget) -> None:
        self.speech.stop()  # a reading never runs on over the next screen
        self.notice_line.hide()
        self.talk.forget()
        if screen is not self.home:
            self._watch_touches()  # a citizen is here, whether or not home has painted yet
        self.stack.setCurrentWidget(screen)
        self.talk.speak_page(screen)
        # Home is offered where nothing would be lost; a form has Back, a receipt has Finish.
        show_home = (
            screen is not self.home
            and self.journey is None
            and self.receipt is None
            and not (self.tickets is not None and screen is self.tickets.ticket)
        )
        self.header.refresh(self.language, show_home=show_home)

    def read_aloud(self) -> None:
        """Read the screen aloud; a second tap stops. Without a synthesiser, say so on screen."""
        if self.speech.speaking:
            self.speech.stop()
        elif not self.speech.available:
            self.notice_line.setText(
                _("Reading aloud is not available on this kiosk. A member of staff can help you.")
            )
            self.notice_line.show()
        else:
            from ui.reading import screen_text

            text = screen_text(self.current_screen())
            if self.speech.voice_for(self.language) is None:
                # Said on screen in the citizen's language; the reading is in English.
                self.notice_line.setText(
                    _("There is no voice for this language on this kiosk, so it reads in English.")
                )
                self.notice_line.show()
            self.speech.speak(text, self.language)
        self.header.refresh(
            self.language,
            show_home=not self.header.home.isHidden(),
            speaking=self.speech.speaking,
        )

    def render(self) -> None:
        """Show the journey's state (or home), e.g. after a language change or Back."""
        journey = self.journey
        if self.tickets is not None and self.tickets.active:
            self.tickets.render()
        elif self.receipt is not None:
            self.receipt_screen.show_receipt(
                self.receipt, self.parts.printer() is not None, self._offer_feedback()
            )
            self.show_screen(self.receipt_screen)
        elif journey is None:
            self.home.show_tiles(self._tiles())
            self.show_screen(self.home)
        elif journey.state == "question" and journey.current is not None:
            question = journey.current
            self.question.show_question(
                journey.form,
                question,
                journey.raw(question.id),
                journey.errors(),
                journey.progress(),
            )
            self.show_screen(self.question)
        elif journey.state == "check":
            self.check.show_answers(journey)
            self.show_screen(self.check)
        elif journey.state == "emergency" and journey.emergency is not None:
            self.emergency.show_emergency(journey.emergency)
            self.show_screen(self.emergency)

    def _tiles(self) -> list[Tile]:
        tiles = [Tile(f.id, f.title, f.summary) for f in self.parts.forms if f.home]
        if self.tickets is not None:
            # In a Joint Service Centre most visitors come to see someone: it goes first.
            tiles.insert(0, TICKET_TILE)
        return tiles + self.parts.extra_tiles

    def _offer_feedback(self) -> bool:
        return (
            self.feedback_form is not None
            and self.receipt is not None
            and self.receipt.form_id != self.feedback_form.id
        )

    # -- taps ------------------------------------------------------------------------------

    def open_tile(self, key: str) -> None:
        if key == TICKET_TILE.key and self.tickets is not None:
            self.tickets.start()
        elif key in self.forms:
            self.journey = _journey(self.forms[key], self.today)
            self.receipt = None
            self.render()
        elif key in self.parts.info_screens:
            screen = self.info_screen(key)
            refresh = getattr(screen, "refresh", None)
            if refresh is not None:
                refresh()
            self.show_screen(screen)

    def go_home(self) -> None:
        if self.tickets is not None:
            self.tickets.wipe()
        self.journey = None
        self.receipt = None
        self.render()

    def answer(self, raw: object) -> None:
        if self.journey is not None:
            self.journey.submit(raw)
            self.render()

    def back(self) -> None:
        if self.journey is not None and not self.journey.back():
            self.journey.clear()
            self.journey = None
        self.render()

    def change(self, question_id: str) -> None:
        if self.journey is not None:
            self.journey.change(question_id)
            self.render()

    def submit(self) -> None:
        journey = self.journey
        if journey is None:
            return
        # One tap, one submission; and no Back, Stop or header button while it is being kept:
        # once stored it will be sent, so nothing may say otherwise.
        self._saving(True)
        prepared = self.parts.submissions.prepare(journey, self.language)
        self.worker.call(
            lambda: self.parts.submissions.keep(prepared),
            self._for_this_citizen(self._submitted),
            self._for_this_citizen(self._not_submitted),
        )

    def _for_this_citizen(self, handler: Callable[[_T], None]) -> Callable[[_T], None]:
        """`handler`, unless the session ended (an idle wipe) while the answer was coming: what
        belongs to one citizen is never shown to the next."""
        session = self._session

        def answer(value: _T) -> None:
            if session == self._session:
                handler(value)
            else:
                log.info("An answer came after its session ended; it was not shown")

        return answer

    def _saving(self, saving: bool) -> None:
        self.check.setEnabled(not saving)
        self.header.setEnabled(not saving)

    def _submitted(self, receipt: "Receipt") -> None:
        self._saving(False)
        finished_feedback = (
            self.feedback_form is not None and receipt.form_id == self.feedback_form.id
        )
        if self.journey is not None:
            self.journey.clear()
        self.journey = None
        if finished_feedback:
            self.receipt = None
            self.notice.show_thanks()
            self.show_screen(self.notice)
            return
        self.receipt = receipt
        self.render()

    def _not_submitted(self, error: Exception) -> None:
        if not isinstance(error, OutboxError):
            log.error("Submitting failed unexpectedly", exc_info=error)
        else:
            log.warning("The outbox refused a submission: %s", type(error).__name__)
        self._saving(False)
        self.check.show_cannot_send()
        if self.talk.on:
            self.speech.speak(
                f"{self.check.problem_title.text()}\n{self.check.problem_text.text()}",
                self.language,
            )

    def start_feedback(self) -> None:
        if self.feedback_form is not None:
            self.receipt = None
            self.journey = _journey(self.feedback_form, self.today)
            self.render()

    def print_receipt(self) -> None:
        printer = self.parts.printer()
        if self.receipt is None or printer is None:
            return
        from ui import printing

        rtl = BY_CODE[self.language].rtl
        printing.print_receipt(self.receipt, printer, self.parts.council, rtl)
        self.receipt_screen.set_print_status(_("Printing. Please take your receipt."))

    # -- language and look -----------------------------------------------------------------

    def _remember_screen(self) -> None:
        if self.current_screen() not in self._built("languages", "display"):
            self._screen_before_choices = self.current_screen()
        # Keep what is typed on the page being left, so nothing is lost.
        if self.journey is not None and self.current_screen() in self._built("question"):
            self.journey.keep_raw(self.question.current_raw())

    def show_languages(self) -> None:
        self._remember_screen()
        self.languages.show_languages(self.language)
        self.show_screen(self.languages)

    def show_display(self) -> None:
        self._remember_screen()
        self.display.show_choices(self.scale, self.high_contrast)
        self.display.show_speech(self.talk.on, self.speech.rate, self.speech.volume)
        self.show_screen(self.display)

    def set_talk_mode(self, on: bool) -> None:
        self._watch_touches()  # talk mode hears each tap first
        self.talk.on = on
        self.apply_look()
        self.display.show_speech(self.talk.on, self.speech.rate, self.speech.volume)
        if on:
            self.speech.speak(
                _("Talk mode is on. Tap once to hear, tap again to choose."), self.language
            )

    def set_rate(self, rate: int) -> None:
        self.speech.rate = rate
        self.display.show_speech(self.talk.on, self.speech.rate, self.speech.volume)
        self.speech.speak(_("This is the new reading speed."), self.language)

    def set_volume(self, volume: int) -> None:
        self.speech.volume = volume
        self.display.show_speech(self.talk.on, self.speech.rate, self.speech.volume)
        self.speech.speak(_("This is the new volume."), self.language)

    def set_language(self, code: str) -> None:
        self.language = code
        self.apply_look()
        self._back_to_remembered()

    def set_scale(self, scale: float) -> None:
        self.scale = scale
        self.apply_look()
        self.display.show_choices(self.scale, self.high_contrast)

    def set_contrast(self, high: bool) -> None:
        self.high_contrast = high
        self.apply_look()
        self.display.show_choices(self.scale, self.high_contrast)

    def _back_to_remembered(self) -> None:
        screen = self._screen_before_choices
        ticket_screens = self.tickets.screens if self.tickets is not None else []
        if (
            screen is None
            or screen in ticket_screens
            or screen is self.home
            or screen in self._built("question", "check", "emergency", "receipt_screen")
        ):
            self.render()
        else:
            refresh = getattr(screen, "refresh", None)
            if refresh is not None:
                refresh()
            self.show_screen(screen)

    def apply_look(self) -> None:
        apply_look(self, self.language, self.scale, self.high_contrast)
        # Any access mode (larger text, high contrast, talk mode) gives three times as long.
        access = self.scale > 1.0 or self.high_contrast or self.talk.on
        self.idle.set_factor(3.0 if access else 1.0)

    # -- idle and wiping -------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._warm and watched is self.home and event.type() == QEvent.Type.Paint:
            self._warm = True
            # Once this paint is over: the home screen is on the glass.
            QTimer.singleShot(0, self.home_painted.emit)
            QTimer.singleShot(0, self.warm_up)  # which starts watching touches, too
        if event.type() in _ACTIVITY and not self._overlay_showing():
            self.idle.touch()
        return self.talk.filter(watched, event)

    def _watch_touches(self) -> None:
        if not self._watching:
            self._watching = True
            self.home.removeEventFilter(self)
            QApplication.instance().installEventFilter(self)  # type: ignore[union-attr]

    def _overlay_showing(self) -> bool:
        return any(overlay.isVisible() for overlay in self._built("overlay"))

    def at_rest(self) -> bool:
        """Home, default look, nothing entered: there is nothing of anyone's to wipe."""
        return (
            self.journey is None
            and self.receipt is None
            and not (self.tickets is not None and self.tickets.active)
            and self.current_screen() is self.home
            and self.language == self.parts.default_language
            and self.scale == 1.0
            and not self.high_contrast
            and not self.talk.on
            and self.speech.voice_is_reset
        )

    def check_idle(self) -> None:
        self._watch_touches()  # by now, even if the home screen has not painted
        if self.at_rest():
            self.idle.touch()
            return
        state = self.idle.state
        if state is IdleState.ACTIVE:
            if self._overlay_showing():
                self.overlay.hide()
        elif state is IdleState.ASKING:
            if not self.overlay.isVisible() and self.talk.on:
                self.speech.speak(_("Do you need more time?"), self.language)
            self.overlay.show_countdown(self.idle.seconds_left)
        else:
            self.finish()

    def ask_to_stop(self) -> None:
        self.stop_overlay.ask()

    def more_time(self) -> None:
        self.idle.touch()
        self.overlay.hide()

    def finish(self) -> None:
        """Wipe everything this citizen entered or chose, and start again at home."""
        self._session += 1  # an answer still coming for the last citizen is not shown
        self.speech.stop()
        self.speech.reset_voice()
        if self.journey is not None:
            self.journey.clear()
        self.journey = None
        self.receipt = None
        if self.tickets is not None:
            self.tickets.wipe()
        built = self._built("question", "check", "receipt_screen", "emergency")
        for screen in [*built, *self.info.values()]:
            wipe = getattr(screen, "wipe", None)
            if wipe is not None:
                wipe()
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.clear()
            if clipboard.supportsSelection():  # text selected in a box (X11's primary)
                clipboard.clear(QClipboard.Mode.Selection)
        for overlay in self._built("overlay", "stop_overlay"):
            overlay.hide()
        self.header.setEnabled(True)
        self.language = self.parts.default_language
        self.scale = 1.0
        self.high_contrast = False
        self.talk.on = False
        self._screen_before_choices = None
        self.apply_look()
        self.idle.touch()
        self.go_home()

    def shut_down(self) -> None:
        self.speech.stop()
        self.ticker.stop()
        if "worker" in self.__dict__:
            self.worker.wait()
        if self.tickets is not None:
            self.tickets.shut_down()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def resizeEvent(self, event: object) -> None:
        for overlay in self._built("overlay", "stop_overlay"):
            if overlay.isVisible():
                overlay.setGeometry(self.rect())
