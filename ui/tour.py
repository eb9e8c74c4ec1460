"""`kiosk tour OUTDIR`: every screen of every form (empty, with errors, filled), check answers,
the receipt, the emergency stop, the information screens, as PNG pictures to look at."""

import argparse
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QWidget

from kiosk.i18n import _
from kiosk.languages import LANGUAGES
from kiosk.sample_answers import sample_raw
from kiosk.settings import load_settings

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
    app = QApplication.instance()
    for _round in range(3):
        app.processEvents()  # type: ignore[union-attr]
    widget.repaint()


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


def _walk_form(window: "MainWindow", visit: Visit, form_id: str) -> None:
    """Every page of one form: empty, with errors, an emergency if it has one, filled; then
    check answers and the receipt."""
    window.open_tile(form_id)
    journey = window.journey
    assert journey is not None
    emergency_shown = False
    for _step in range(60):
        if journey.state != "question" or journey.current is None:
            break
        question = journey.current
        visit(f"{form_id}-{question.id}-empty")
        if question.required and not question.monitoring:
            window.answer(None if question.type != "consent" else False)
            visit(f"{form_id}-{question.id}-errors")
        emergency = next((c for c in question.choices if c.emergency), None)
        if emergency is not None and not emergency_shown:
            window.answer(emergency.value)
            visit(f"{form_id}-{question.id}-emergency")
            window.back()
            emergency_shown = True
        raw = sample_raw(question, window.today())
        if window.question.editor is not None:
            window.question.editor.set_raw(raw)
        visit(f"{form_id}-{question.id}-filled")
        window.answer(raw)
    if journey.state == "check":
        visit(f"{form_id}-check-answers")
        window.submit()
        window.worker.wait()
        _settle(window)
        visit(f"{form_id}-receipt")


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
    given = visit

    def visit(name: str) -> None:
        _settle(window)
        given(name)

    window.finish()
    _apply(window, language, scale, high_contrast)
    visit("home")
    window.show_languages()
    visit("language")
    window.show_display()
    visit("text-size-and-contrast")
    for key in window.info:
        _apply(window, language, scale, high_contrast)
        window.open_tile(key)
        visit(f"info-{key}")
    for form in window.parts.forms:
        if forms is None or form.id in forms:
            window.finish()
            _apply(window, language, scale, high_contrast)
            _walk_form(window, visit, form.id)
    if window.tickets is not None:
        window.finish()
        _apply(window, language, scale, high_contrast)
        _walk_tickets(window, visit, lambda: _apply(window, language, scale, high_contrast))
    _apply(window, language, scale, high_contrast)
    window.overlay.show_countdown(27)
    visit("more-time")
    window.overlay.hide()
    window.stop_overlay.ask()
    visit("stop")
    window.stop_overlay.hide()
    window.notice.show_cannot_send()
    window.show_screen(window.notice)
    visit("cannot-save")
    window.finish()


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
    window.language = language
    window.scale = scale
    window.high_contrast = high
    window.apply_look()
    window.render()
