"""The "Take a ticket" journey at the kiosk: its screens, and the calls to the site's queue hub
made off the GUI thread (the hub is across the site's network, and may not answer)."""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from kiosk.i18n import _
from kiosk.languages import BY_CODE
from kiosk.tickets.model import Issued, QueueError, QueueService
from ui.screens.ticket import AppointmentScreen, TicketChoiceScreen, TicketScreen
from ui.worker import Worker

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

log = logging.getLogger(__name__)


class TicketIssuer(Protocol):
    """What the kiosk needs of the site queue (kiosk.tickets.client.HubClient)."""

    def issue(
        self,
        service: str,
        *,
        extra_help: bool = False,
        appointment: str | None = None,
        language: str = "en",
    ) -> Issued: ...

    def follow_url(self, ticket_id: str) -> str: ...

    def close(self) -> None: ...


@dataclass
class TicketParts:
    queue: TicketIssuer
    services: list[QueueService]


class TicketFlow(QObject):
    """Choose a service (or check in), then the ticket. State lives here so that a language
    or text-size change re-lays whichever step is showing, and Finish wipes it all."""

    def __init__(
        self,
        parts: TicketParts,
        show: Callable[[QWidget], None],
        go_home: Callable[[], None],
        language: Callable[[], str],
        printer: Callable[[], "QPrinter | None"],
        council: str,
    ) -> None:
        super().__init__()
        self.parts = parts
        self._show = show
        self._go_home = go_home
        self._language = language
        self._printer = printer
        self._council = council
        self.choice = TicketChoiceScreen()
        self.check_in = AppointmentScreen()
        self.ticket = TicketScreen()
        self.step: str | None = None  # "choose", "appointment", "appointment_service", "ticket"
        self.appointment: str | None = None
        self.issued: Issued | None = None
        self.problem: str | None = None
        self.worker = Worker(self)
        self.choice.service_chosen.connect(self.take)
        self.choice.appointment_clicked.connect(self._ask_appointment)
        self.choice.back_clicked.connect(self._back)
        self.check_in.continue_clicked.connect(self._appointment_given)
        self.check_in.back_clicked.connect(self._back)
        self.ticket.print_clicked.connect(self.print_ticket)
        self.ticket.finish_clicked.connect(self.finished)
        self.ticket.feedback_clicked.connect(self._feedback)
        self.on_finish: Callable[[], None] = go_home
        # Set where the kiosk has a "How did we do?" form: offered once the ticket is taken.
        self.on_feedback: Callable[[], None] | None = None

    @property
    def screens(self) -> list[QWidget]:
        return [self.choice, self.check_in, self.ticket]

    @property
    def active(self) -> bool:
        return self.step is not None

    def start(self) -> None:
        self.wipe()
        self.step = "choose"
        self.render()

    def render(self) -> None:
        if self.step in ("choose", "appointment_service"):
            self.choice.show_services(
                self.parts.services,
                for_appointment=self.step == "appointment_service",
                problem=self.problem,
            )
            self._show(self.choice)
        elif self.step == "appointment":
            self.check_in.show_check_in()
            self._show(self.check_in)
        elif self.step == "ticket" and self.issued is not None:
            self._show_ticket(self.issued)

    def _service(self, service_id: str) -> QueueService:
        return next(s for s in self.parts.services if s.id == service_id)

    def _back(self) -> None:
        self.problem = None
        if self.step == "appointment_service":
            self.step = "appointment"
            self.render()
        elif self.step == "appointment":
            self.step = "choose"
            self.render()
        else:
            self.wipe()
            self._go_home()

    def _ask_appointment(self) -> None:
        self.problem = None
        self.step = "appointment"
        self.render()

    def _appointment_given(self, reference: str) -> None:
        self.appointment = reference
        self.step = "appointment_service"
        self.render()

    def take(self, service_id: str) -> None:
        """Ask the hub for a ticket; the ticket screen shows when it answers."""
        extra_help = self.choice.extra_help.isChecked() and self.step == "choose"
        appointment = self.appointment if self.step == "appointment_service" else None
        language = self._language()
        queue = self.parts.queue
        self.worker.call(
            lambda: queue.issue(
                service_id, extra_help=extra_help, appointment=appointment, language=language
            ),
            self._issued,
            self._not_issued,
        )

    def _issued(self, issued: Issued) -> None:
        if self.step is None:
            return  # the session ended while the hub answered
        self.issued = issued
        self.problem = None
        self.step = "ticket"
        self._show_ticket(issued)
        self.print_ticket()

    def _not_issued(self, error: Exception) -> None:
        if self.step is None:
            return
        if isinstance(error, QueueError):
            log.warning("The queue refused a ticket: %s", error.code)
            self.problem = error.message
        else:
            log.error("Taking a ticket failed unexpectedly", exc_info=error)
            self.problem = _("Sorry, we could not give you a ticket. Please ask at the desk.")
        self.render()

    def _show_ticket(self, issued: Issued) -> None:
        service = self._service(issued.ticket.service)
        self.ticket.show_ticket(
            issued,
            service,
            self.parts.queue.follow_url(issued.ticket.id),
            offer_feedback=self.on_feedback is not None,
        )
        self._show(self.ticket)

    def print_ticket(self) -> None:
        printer = self._printer()
        if self.issued is None or printer is None:
            self.ticket.set_print_status("", can_print_again=False)
            return
        from ui import printing  # QtPrintSupport loads on the first ticket

        issued = self.issued
        printing.print_ticket(
            issued,
            _(self._service(issued.ticket.service).name),
            self.parts.queue.follow_url(issued.ticket.id),
            printer,
            self._council,
            BY_CODE[self._language()].rtl,
        )
        self.ticket.set_print_status(_("Printing. Please take your ticket."), can_print_again=True)

    def finished(self) -> None:
        self.wipe()
        self.on_finish()

    def _feedback(self) -> None:
        self.wipe()
        if self.on_feedback is not None:
            self.on_feedback()

    def wipe(self) -> None:
        self.step = None
        self.appointment = None
        self.issued = None
        self.problem = None
        for screen in (self.choice, self.check_in, self.ticket):
            screen.wipe()

    def shut_down(self) -> None:
        self.worker.wait()
