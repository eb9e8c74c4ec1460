"""`kiosk tour OUTDIR`: every screen as PNG pictures to look at. Every page of every form (empty,
with an error, filled), reached by choosing the answers that show it; every emergency; check
answers and the receipt; the information screens and their pages; tickets, desk and display."""

import argparse
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QApplication, QWidget

from kiosk.content import services_by_letter
from kiosk.form_walks import Plan, fitting_sample, refused_raw, walk_plans
from kiosk.forms.model import FormDefinition, Question
from kiosk.i18n import _
from kiosk.languages import LANGUAGES
from kiosk.settings import load_settings
from ui.info import ServicesScreen

TOUR_TOKEN = "tour-site-token"

if TYPE_CHECKING:
    from datetime import datetime

    from kiosk.tickets.queue import TicketQueue
    from ui.desk import DeskWindow
    from ui.main_window import MainWindow
    from ui.wall_display import WallDisplay


@dataclass(frozen=True)
class TourOptions:
    sizes: tuple[tuple[int, int], ...] = ((1920, 1080), (1080, 1920))
    languages: tuple[str, ...] = ("en",)
    scales: tuple[float, ...] = (1.0,)
    contrasts: tuple[bool, ...] = (False,)
    forms: tuple[str, ...] | None = None

    @classmethod
    def from_arguments(cls, args: argparse.Namespace) -> "TourOptions":
        sizes = tuple(
            (int(w), int(h)) for w, h in (s.lower().split("x") for s in args.sizes.split(","))
        )
        languages = (
            tuple(lang.code for lang in LANGUAGES)
            if args.languages == "all"
            else tuple(args.languages.split(","))
        )
        scales = tuple(float(s) for s in args.scales.split(","))
        contrasts = (False, True) if args.high_contrast else (False,)
        forms = None if args.forms == "all" else tuple(args.forms.split(","))
        return cls(sizes, languages, scales, contrasts, forms)


def _settle(widget: QWidget) -> None:
    """Let the layout catch up (a grab paints by itself; painting here only cost time)."""
    app = QApplication.instance()
    for _round in range(3):
        app.processEvents()  # type: ignore[union-attr]


class Camera:
    def __init__(self, window: QWidget, folder: Path) -> None:
        self.window = window
        self.folder = folder
        self.count = 0
        folder.mkdir(parents=True, exist_ok=True)

    def shoot(self, name: str) -> None:
        self.count += 1
        self.window.grab().save(str(self.folder / f"{self.count:03d}-{name}.png"))


Visit = Callable[[str], None]


class _FormTour:
    """One form's pages, each shown once however many walks pass it: empty, with an error,
    every emergency it can raise, filled."""

    def __init__(self, window: "MainWindow", visit: Visit, form: FormDefinition) -> None:
        self.window = window
        self.visit = visit
        self.form = form
        self.unseen = [question.id for question in form.questions]
        self.emergencies_unseen = set(form.emergencies)

    def walk(self, plan: Plan, *, to_receipt: bool) -> None:
        window = self.window
        window.open_tile(self.form.id)  # a new journey from the first page
        journey = window.journey
        assert journey is not None
        for _step in range(len(self.form.questions)):
            question = journey.current
            if question is None or not (self.unseen or to_receipt):
                break
            raw = fitting_sample(question, window.today(), plan)
            if question.id in self.unseen:
                self.unseen.remove(question.id)
                self._show_page(question, raw)
            else:
                self._set(raw)
            window.answer(window.question.current_raw())
            if journey.current is question:
                raise RuntimeError(
                    f"{self.form.id}: the tour's answer to {question.id} is refused: "
                    f"{[error.message for error in journey.errors()]}"
                )
        if to_receipt and journey.state == "check":
            self.visit(f"{self.form.id}-check-answers")
            window.submit()
            window.worker.wait()
            _settle(window)
            self.visit(f"{self.form.id}-receipt")

    def _set(self, raw: Any) -> None:
        editor = self.window.question.editor
        if editor is not None:
            editor.set_raw(raw)

    def _continue_and_return(self, question: Question) -> None:
        """Continue with what is on the page; if the form moved on, come back to the page."""
        window = self.window
        journey = window.journey
        assert journey is not None
        window.answer(window.question.current_raw())
        if journey.current is not question:
            window.back()

    def _show_page(self, question: Question, raw: Any) -> None:
        window = self.window
        journey = window.journey
        assert journey is not None
        name = f"{self.form.id}-{question.id}"
        self.visit(f"{name}-empty")
        refused = None if question.required else refused_raw(question, window.today())
        if refused is not None:
            self._set(refused)
        if refused is not None or (question.required and not question.monitoring):
            self._continue_and_return(question)  # with the refused answer, or with nothing
            if journey.errors():
                self.visit(f"{name}-errors")
        for choice in question.choices:
            if choice.emergency in self.emergencies_unseen:
                self.emergencies_unseen.discard(choice.emergency)
                self._set([choice.value] if question.type == "multiple_choice" else choice.value)
                window.answer(window.question.current_raw())
                self.visit(f"{name}-emergency-{choice.emergency}")
                window.back()
        self._set(raw)
        if journey.errors():
            # The page keeps its error until Continue accepts an answer: take the answer and
            # come back, so the filled page is drawn as the citizen sees it coming back to it.
            self._continue_and_return(question)
        self.visit(f"{name}-filled")


def _walk_form(window: "MainWindow", visit: Visit, form_id: str) -> None:
    """Every page of one form (see _FormTour), then check answers and the receipt. The first
    walk goes to the receipt; the others stop after the last page not yet shown."""
    tour = _FormTour(window, visit, window.forms[form_id])
    for number, plan in enumerate(walk_plans(tour.form)):
        tour.walk(plan, to_receipt=number == 0)


def _walk_services(screen: ServicesScreen, visit: Visit) -> None:
    """Find a service: the A to Z with the fullest letter chosen, a service of that letter (one
    that can be done here, if there is one), a search that finds and one that does not, and
    who does what."""
    index = services_by_letter(screen.content.services, _)
    if index:
        screen.letter = max(index, key=lambda letter: len(index[letter]))
        screen.refresh()
        visit("info-services-letter")
        screen.service = max(index[screen.letter], key=lambda service: service.form is not None)
        screen.refresh()
        visit("info-services-service")
    screen.wipe()
    for name, words in (("search", "bins"), ("search-nothing", "zzzz")):
        screen.search_box.setText(words)
        screen.search_box.returnPressed.emit()  # as Enter or the Search button does
        visit(f"info-services-{name}")
        screen.wipe()
    screen.who_does_what = True
    screen.refresh()
    visit("info-services-who-does-what")
    screen.wipe()


def _walk_tickets(window: "MainWindow", visit: Visit, look: Callable[[], None]) -> None:
    """Take a ticket: the choice, a problem reaching the hub, check-in, and the ticket."""
    flow = window.tickets
    assert flow is not None
    window.open_tile("ticket")
    visit("ticket-choose")
    flow.problem = _("This kiosk cannot reach the queue. Please ask at the desk.")
    flow.render()
    visit("ticket-cannot-reach-the-queue")
    flow.problem = None
    flow.choice.appointment.click()
    visit("ticket-appointment-empty")
    flow.check_in.next.click()
    visit("ticket-appointment-errors")
    flow.check_in.box.setText("RB-4821")
    flow.check_in.next.click()
    visit("ticket-appointment-service")
    flow.choice.buttons[flow.parts.services[0].id].click()
    flow.worker.wait()
    _settle(window)
    visit("ticket-appointment-ticket")
    window.finish()
    look()
    window.open_tile("ticket")
    flow.choice.extra_help.click()
    flow.choice.buttons[flow.parts.services[-1].id].click()
    flow.worker.wait()
    _settle(window)
    visit("ticket")
    window.finish()


SiteVisit = Callable[[str, QWidget], None]


def walk_site(
    desk: "DeskWindow",
    display: "WallDisplay",
    visit: SiteVisit,
    language: str = "en",
    scale: float = 1.0,
    high_contrast: bool = False,
) -> None:
    """The desk terminal and the wall display, in one look (their queue has tickets waiting)."""

    def settle() -> None:
        desk.calls.wait()
        display.calls.wait()
        _settle(desk)
        _settle(display)

    desk.set_look(language, scale, high_contrast)
    display.set_look(language, scale, high_contrast)
    settle()
    visit("desk-sign-in", desk)
    desk.sign_in_page.name.setText("Sam")
    for button in desk.sign_in_page.buttons.values():
        button.setChecked(True)
    desk.sign_in_page.start.click()
    settle()
    settle()
    visit("desk-waiting", desk)
    desk.call_next()
    settle()
    settle()
    visit("desk-serving", desk)
    desk.serving_page.transfer.click()
    settle()
    visit("desk-transfer", desk)
    desk.serving_page.transfer_box.hide()
    desk.mark_served()
    settle()
    desk.call_next()
    settle()
    desk.show_statistics()
    settle()
    visit("desk-statistics", desk)
    desk.stack.setCurrentWidget(desk.serving_page)
    desk.mark_no_show()
    settle()
    desk.sign_out()
    settle()
    display.poll()
    settle()
    visit("display", display)


def walk(
    window: "MainWindow",
    visit: Visit,
    language: str = "en",
    scale: float = 1.0,
    high_contrast: bool = False,
    forms: tuple[str, ...] | None = None,
) -> None:
    """Show every screen in one look, calling `visit(name)` once each is on screen and laid out."""

    def look_at(name: str) -> None:
        _settle(window)
        visit(name)

    window.finish()
    _apply(window, language, scale, high_contrast)
    look_at("home")
    window.show_languages()
    look_at("language")
    window.show_display()
    look_at("text-size-and-contrast")
    for key in window.parts.info_screens:
        _apply(window, language, scale, high_contrast)
        window.open_tile(key)
        look_at(f"info-{key}")
        screen = window.current_screen()
        if isinstance(screen, ServicesScreen):
            _walk_services(screen, look_at)
    for form in window.parts.forms:
        if forms is None or form.id in forms:
            window.finish()
            _apply(window, language, scale, high_contrast)
            _walk_form(window, look_at, form.id)
    if window.tickets is not None:
        window.finish()
        _apply(window, language, scale, high_contrast)
        _walk_tickets(window, look_at, lambda: _apply(window, language, scale, high_contrast))
    _apply(window, language, scale, high_contrast)
    window.overlay.show_countdown(27)
    look_at("more-time")
    window.overlay.hide()
    window.stop_overlay.ask()
    look_at("stop")
    window.stop_overlay.hide()
    _cannot_save(window, look_at)
    window.finish()


def _cannot_save(window: "MainWindow", look_at: Visit) -> None:
    """Check your answers when the outbox refused: the message above the answers."""
    form = next((f for f in window.parts.forms if f.id == "call_back"), None)
    if form is None:
        return
    window.open_tile(form.id)
    journey = window.journey
    while journey is not None and journey.state == "question" and journey.current is not None:
        window.answer(fitting_sample(journey.current, window.today(), {}))
    window.check.show_cannot_send()
    look_at("cannot-save")


def _looks(options: TourOptions) -> Iterator[tuple[str, tuple[int, int], str, float, bool]]:
    for width, height in options.sizes:
        for language in options.languages:
            for scale in options.scales:
                for high in options.contrasts:
                    look = f"{width}x{height}/{language}-{int(scale * 100)}{'-hc' if high else ''}"
                    yield look, (width, height), language, scale, high


def a_morning(queue: "TicketQueue", advance: Callable[[float], None]) -> None:
    """Tickets issued, called and served over a morning, so the desk's list and statistics
    and the wall display have something to show."""
    services = [s.id for s in queue.services()]
    for index in range(24):
        service = services[index % len(services)]
        queue.issue(
            service,
            extra_help=index % 7 == 3,
            appointment="RB-4821" if index % 9 == 5 else None,
            language=("en", "ur", "pl", "ar")[index % 4],
        )
        advance(150)
        if index % 3 == 2:
            for counter, serving in ((1, services[: len(services) // 2]), (2, services)):
                ticket = queue.call_next(counter, serving)
                advance(240 + 60 * (index % 5))
                if index % 4:
                    queue.served(ticket.id)
                else:
                    queue.no_show(ticket.id)


def run_tour(outdir: str, options: TourOptions) -> int:
    from datetime import timedelta

    from kiosk.tickets import load_services
    from kiosk.tickets.hub import HubServer
    from kiosk.tickets.queue import TicketQueue
    from offline_queue.timefmt import utc_now
    from ui.app import application, build_kiosk
    from ui.desk import DeskWindow
    from ui.wall_display import WallDisplay

    application()
    total = 0
    with tempfile.TemporaryDirectory(prefix="kiosk-tour-") as data:
        # The tour's submissions and tickets go to a scratch outbox and queue, never the
        # kiosk's own; the site's hub is a private one on 127.0.0.1.
        moment = [utc_now() - timedelta(hours=3)]

        def clock() -> "datetime":
            return moment[0]

        def advance(seconds: float) -> None:
            moment[0] += timedelta(seconds=seconds)

        queue = TicketQueue(Path(data) / "queue.sqlite3", load_services(), clock=clock)
        a_morning(queue, advance)
        hub = HubServer(queue, TOUR_TOKEN, host="127.0.0.1", port=0)
        hub.start()
        settings = replace(
            load_settings(None, {"KIOSK_DATA_DIR": data}),
            kiosk_code="TT",
            queue_enabled=True,
            queue_hub_url=hub.url,
            queue_site_token=TOUR_TOKEN,
        )
        kiosk = build_kiosk(settings, start_sync=False)
        window = kiosk.window
        window.ticker.stop()
        client = kiosk.window.parts.tickets.queue  # type: ignore[union-attr]
        desk = DeskWindow(client, 3, clock=clock, refresh_ms=3_600_000)  # type: ignore[arg-type]
        display = WallDisplay(client, None, clock=clock)  # type: ignore[arg-type]
        try:
            for look, (width, height), language, scale, high in _looks(options):
                window.resize(width, height)
                window.show()
                camera = Camera(window, Path(outdir) / look)
                walk(window, camera.shoot, language, scale, high, options.forms)
                for other in (desk, display):
                    other.resize(width, height)
                    other.show()

                def shoot(name: str, widget: QWidget, camera: Camera = camera) -> None:
                    camera.window = widget
                    camera.shoot(name)

                for service in ("council_tax", "housing"):  # the desk calls two each look
                    client.issue(service, extra_help=service == "housing", language=language)
                walk_site(desk, display, shoot, language=language, scale=scale, high_contrast=high)
                desk.hide()
                display.hide()
                total += camera.count
        finally:
            desk.shut_down()
            display.shut_down()
            kiosk.close()
            hub.stop()
            queue.close()
    return total


def _apply(window: "MainWindow", language: str, scale: float, high: bool) -> None:
    # Restyling every widget is slow: only when the look is not the window's already.
    if (window.language, window.scale, window.high_contrast) != (language, scale, high):
        window.language = language
        window.scale = scale
        window.high_contrast = high
        window.apply_look()
    window.render()
