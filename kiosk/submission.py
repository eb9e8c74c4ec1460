"""Submit: from a finished form to a durable outbox row and the citizen's receipt.

The receipt exists only once `Outbox.enqueue` has returned (the row is committed and fsynced).
A refusal (outbox full, invalid) raises a known error; the citizen's answers stay where they are.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from kiosk.i18n import N_
from kiosk.references import ReferenceGenerator
from kiosk.working_days import WorkingDays
from offline_queue import Outbox
from offline_queue.timefmt import to_text

if TYPE_CHECKING:
    from kiosk.forms.journey import FormJourney


@dataclass(frozen=True)
class ReceiptStep:
    """One "what happens next" line: an English template (translated when shown) and values."""

    template: str
    due: date | None = None
    window: tuple[time, time] | None = None


@dataclass(frozen=True)
class Receipt:
    """What the citizen is told once a request is safely kept: reference and next steps."""

    reference: str
    form_id: str
    form_title: str
    title: str  # the receipt's heading, English source text: "Your report has been sent"
    submitted_at: datetime
    steps: tuple[ReceiptStep, ...]
    departments: tuple[str, ...]
    tracking_url: str


def _clock_time(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


@dataclass(frozen=True)
class Prepared:
    """A submission read from its journey, ready to be stored."""

    kind: str
    payload: dict[str, Any]
    receipt: Receipt


class SubmissionService:
    def __init__(
        self,
        outbox: Outbox,
        references: ReferenceGenerator,
        working_days: WorkingDays,
        clock: Callable[[], datetime],
        *,
        tracking_url: str,
        kiosk_code: str,
        site_name: str = "",
        on_enqueued: Callable[[], None] | None = None,
    ) -> None:
        self._outbox = outbox
        self._references = references
        self._working_days = working_days
        self._clock = clock
        self._tracking_url = tracking_url
        self._kiosk_code = kiosk_code
        self._site_name = site_name
        self.on_enqueued = on_enqueued

    def _steps(self, journey: "FormJourney", today: date) -> tuple[ReceiptStep, ...]:
        steps = []
        for step in journey.next_steps():
            due = None
            if step.working_days is not None:
                due = self._working_days.add(today, step.working_days)
            window = None
            if step.window is not None:
                window = (_clock_time(step.window[0]), _clock_time(step.window[1]))
            steps.append(ReceiptStep(step.text, due, window))
        return tuple(steps)

    def submit(self, journey: "FormJourney", language: str) -> Receipt:
        """Store the citizen's answers durably; raise OutboxError (known) if that is impossible."""
        return self.keep(self.prepare(journey, language))

    def prepare(self, journey: "FormJourney", language: str) -> Prepared:
        """Everything to store and to show, read from the journey now: the journey may be wiped
        (an idle wipe) while `keep` is still writing on another thread."""
        now = self._clock()
        today = now.astimezone().date()
        reference = self._references.next()
        steps = self._steps(journey, today)
        form = journey.form
        payload: dict[str, Any] = {
            "form": form.id,
            "services": list(form.services),
            "answers": journey.payload(),
            "departments": journey.departments(),
            "promised": [
                {"text": s.template, "due": s.due.isoformat() if s.due else None} for s in steps
            ],
            "language": language,
            "kiosk": self._kiosk_code,
            "site": self._site_name,
            "submitted_at": to_text(now),
        }
        receipt = Receipt(
            reference=reference,
            form_id=form.id,
            form_title=form.title,
            title=form.receipt_title or N_("Your request has been sent"),
            submitted_at=now,
            steps=steps,
            departments=tuple(journey.departments()),
            tracking_url=self._tracking_url.format(reference=reference),
        )
        return Prepared(form.kind, payload, receipt)

    def keep(self, prepared: Prepared) -> Receipt:
        """Store it durably (blocking: off the GUI thread); its receipt once it is safe."""
        receipt = prepared.receipt
        self._outbox.enqueue(prepared.kind, prepared.payload, reference=receipt.reference)
        if self.on_enqueued is not None:
            self.on_enqueued()
        return receipt
