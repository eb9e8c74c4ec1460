"""Start-up: settings → forms, content → the kiosk window; once its home screen shows, the
outbox and the sync engine."""

import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import QApplication

from kiosk.forms.loader import checked_forms_cache, load_forms
from kiosk.languages import offered
from kiosk.services import make_sync_engine, open_outbox
from kiosk.settings import Settings
from kiosk.working_days import WorkingDays
from offline_queue.timefmt import utc_now
from ui.info_tiles import content_parts
from ui.main_window import KioskParts, MainWindow

if TYPE_CHECKING:
    from kiosk.submission import SubmissionService
    from kiosk.tickets.client import HubClient
    from offline_queue.outbox import Outbox
    from offline_queue.sync import SyncEngine
    from ui.ticketing import TicketParts

log = logging.getLogger(__name__)


def application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("Council Kiosk")
    return app


def _last_reference(outbox: "Outbox") -> str | None:
    """The last reference this kiosk issued, so a restart never issues it again."""
    from kiosk.references import InvalidReference, normalise

    try:
        return normalise(outbox.last_reference() or "")
    except InvalidReference:
        return None  # none yet, or not one of ours: the clock alone decides


@dataclass
class Kiosk:
    """The running kiosk: its window and settings; the outbox and the sync engine once open."""

    window: MainWindow
    settings: Settings
    engine: "SyncEngine | None" = None
    # Why the outbox could not be opened: the kiosk stops, and says so (run_window).
    failure: Exception | None = None

    @cached_property
    def outbox(self) -> "Outbox":
        return open_outbox(self.settings)

    def open(self) -> None:
        """Open the outbox, once the home screen shows: a kiosk switched on shows its home
        screen without waiting for it. If it cannot be opened, the kiosk stops."""
        try:
            _ = self.window.parts.submissions  # the outbox, and the last reference issued
        except Exception as error:  # an OutboxError is said plainly; anything else, in full
            self.failure = error
            QApplication.exit(1)

    def start_sync(self) -> None:
        """Deliver the outbox on a background thread (from half a second after the window shows:
        the home screen need not wait for the network code to load)."""
        if self.engine is None and self.failure is None:
            self.engine = make_sync_engine(self.settings, self.outbox)
            self.engine.start()

    def notify_sync(self) -> None:
        if self.engine is not None:
            self.engine.notify()

    def close(self) -> None:
        if self.engine is not None:
            self.engine.stop(timeout_s=10)
            self.engine.transport.close()
        self.window.shut_down()
        if self.window.parts.tickets is not None:
            self.window.parts.tickets.queue.close()
        self.window.close()
        self.window.deleteLater()
        app = QApplication.instance()
        if app is not None:
            app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        if "outbox" in self.__dict__:
            self.outbox.close()


def _ticket_parts(settings: Settings) -> "TicketParts | None":
    """Where the site has a queue, the kiosk issues tickets through the site's hub."""
    if not settings.queue_enabled:
        return None
    from kiosk.tickets import load_services
    from ui.ticketing import TicketParts

    return TicketParts(hub_client(settings), load_services(settings.queue_services))


def hub_client(settings: Settings) -> "HubClient":
    """The site's queue hub, as the settings name it (kiosk, desk and wall display alike)."""
    from kiosk.tickets.client import HubClient

    return HubClient(settings.queue_hub_url, settings.queue_site_token)


def build_kiosk(
    settings: Settings,
    *,
    clock: Callable[[], datetime] = utc_now,
    start_sync: bool = True,
) -> Kiosk:
    """Everything the kiosk needs, from its settings. Problems in forms are logged, not fatal.
    The outbox opens once the home screen shows, or at first use if sooner."""
    now = clock
    checked = checked_forms_cache(settings.data_dir / "checked-forms.json")
    forms, problems = load_forms(settings.forms_dir, checked)
    checked.save()
    for problem in problems:
        log.error("Form not loaded: %s", problem)
    working_days = WorkingDays()  # one bank holiday calendar for deadlines and opening times

    def open_submissions() -> "SubmissionService":
        from kiosk.references import ReferenceGenerator
        from kiosk.submission import SubmissionService

        outbox = kiosk.outbox
        references = ReferenceGenerator(
            settings.kiosk_code, now, last_issued=_last_reference(outbox)
        )
        return SubmissionService(
            outbox,
            references,
            working_days,
            now,
            tracking_url=settings.tracking_url,
            kiosk_code=settings.kiosk_code,
            site_name=settings.site_name,
            on_enqueued=kiosk.notify_sync,
        )

    tiles, screens = content_parts(now, {form.id: form.title for form in forms}, working_days)
    parts = KioskParts(
        forms=forms,
        open_submissions=open_submissions,
        clock=now,
        council=settings.council_name,
        default_language=settings.language,
        languages=offered(),
        idle_timeout_s=settings.idle_timeout_s,
        more_time_s=settings.more_time_s,
        extra_tiles=tiles,
        info_screens=screens,
        tickets=_ticket_parts(settings),
    )
    window = MainWindow(parts)
    kiosk = Kiosk(window, settings)
    window.home_painted.connect(kiosk.open)
    if start_sync:
        QTimer.singleShot(500, kiosk.start_sync)
    return kiosk


__all__ = ["Kiosk", "application", "build_kiosk"]
