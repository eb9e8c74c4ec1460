"""The sync engine: delivers the outbox to the council back end, oldest first, exactly once.

Exactly once = at-least-once sending with the submission's id as the idempotency key, which the
back end stores once. One failure never stops the batch; a back end that is down makes the engine
wait (with back-off) instead of hammering it.
"""

import logging
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from offline_queue.backoff import (
    DEFAULT_BASE_S,
    DEFAULT_CAP_S,
    MAX_RETRY_AFTER_S,
    backoff_delay,
)
from offline_queue.outbox import Outbox, Settlement, Status, Submission
from offline_queue.timefmt import Clock, utc_now
from offline_queue.transport import Delivery, Outcome, Transport

log = logging.getLogger(__name__)

SettledCallback = Callable[[Submission, Settlement], None]

INTERNAL_ERROR = "Internal error while recording the back end's answer; it will be sent again."
INTERRUPTED = "Sending stopped before the answer was recorded; it will be sent again."


@dataclass
class SyncReport:
    """What one round of delivery did."""

    delivered: int = 0
    retried: int = 0
    rejected: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def sent(self) -> int:
        return self.delivered + self.retried + self.rejected


class SyncEngine:
    """Delivers due submissions in batches; runs on a thread of the app or as its own process."""

    def __init__(
        self,
        outbox: Outbox,
        transport: Transport,
        *,
        clock: Clock = utc_now,
        rng: random.Random | None = None,
        batch_size: int = 200,
        base_delay_s: float = DEFAULT_BASE_S,
        max_delay_s: float = DEFAULT_CAP_S,
        retention: timedelta = timedelta(days=7),
        poll_interval_s: float = 30.0,
        on_settled: SettledCallback | None = None,
    ) -> None:
        self.outbox = outbox
        self.transport = transport
        self._clock = clock
        self._rng = rng or random.Random()
        self._batch_size = batch_size
        self._base_delay_s = base_delay_s
        self._max_delay_s = max_delay_s
        self._retention = retention
        self._poll_interval_s = poll_interval_s
        self._on_settled = on_settled
        self._recovered = False
        self._last_retention: datetime | None = None
        self._quiet_until: datetime | None = None
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    # -- one round ---------------------------------------------------------------------------

    def _recover(self) -> None:
        if not self._recovered:
            released = self.outbox.release_in_flight()
            if released:
                log.warning("Sending again %d submission(s) left in flight by a stop", released)
            self._recovered = True

    def _settlement(self, submission: Submission, delivery: Delivery) -> Settlement:
        if delivery.outcome is Outcome.DELIVERED:
            return Settlement(submission.id, Status.DELIVERED, delivery.backend_reference)
        if delivery.outcome is Outcome.REJECTED:
            return Settlement(submission.id, Status.REJECTED, error=delivery.error)
        retry_after_s = delivery.retry_after_s
        if retry_after_s is not None:
            # Whatever the transport parsed, a wait beyond the bound cannot be stored.
            retry_after_s = min(retry_after_s, MAX_RETRY_AFTER_S)
        delay = backoff_delay(
            submission.attempts,
            self._rng,
            base_s=self._base_delay_s,
            cap_s=self._max_delay_s,
            retry_after_s=retry_after_s,
        )
        return Settlement(
            submission.id,
            Status.PENDING,
            error=delivery.error,
            next_attempt_at=self._clock() + timedelta(seconds=delay),
        )

    def _settlement_or_release(self, submission: Submission, delivery: Delivery) -> Settlement:
        """The row's settlement; a bug working it out puts the row back to pending (after the
        longest back-off, so a bug that repeats does not spin) instead of leaving it in flight."""
        try:
            return self._settlement(submission, delivery)
        except Exception:
            log.exception("Working out what became of submission %s failed", submission.id)
            wait_s = min(self._max_delay_s, MAX_RETRY_AFTER_S)
            return Settlement(
                submission.id,
                Status.PENDING,
                error=INTERNAL_ERROR,
                next_attempt_at=self._clock() + timedelta(seconds=wait_s),
            )

    def _release(self, batch: list[Submission]) -> None:
        """Put a claimed batch back to pending after settling it failed; if even that fails,
        the next round releases whatever is left in flight."""
        try:
            self.outbox.settle([Settlement(s.id, Status.PENDING, error=INTERRUPTED) for s in batch])
        except Exception:
            log.exception("Putting %d submission(s) back to pending failed", len(batch))
            self._recovered = False

    def _send(self, batch: list[Submission]) -> list[Delivery]:
        try:
            deliveries = self.transport.send(batch)
            if len(deliveries) != len(batch):
                raise RuntimeError("transport answered for a different number of submissions")
            return deliveries
        except Exception:
            # A bug, not the network: log it loudly, keep every row and try again later.
            log.exception("Sending a batch failed unexpectedly")
            return [Delivery(Outcome.RETRY, error="Internal error while sending")] * len(batch)

    def sync_once(self) -> SyncReport:
        """Send everything that is due now; stop early if the back end cannot be reached."""
        self._recover()
        report = SyncReport()
        while not self._stopping.is_set():
            batch = self.outbox.claim_due(self._batch_size)
            if not batch:
                break
            # From claim to settle, whatever happens, no row of this batch stays in flight.
            try:
                deliveries = self._send(batch)
                settlements = [
                    self._settlement_or_release(s, d)
                    for s, d in zip(batch, deliveries, strict=True)
                ]
                self.outbox.settle(settlements)
            except BaseException:
                # The caller logs the error itself (run_forever does, with its traceback).
                log.error("A round stopped mid-batch; putting %d submission(s) back", len(batch))
                self._release(batch)
                raise
            for submission, settlement in zip(batch, settlements, strict=True):
                if settlement.status is Status.DELIVERED:
                    report.delivered += 1
                elif settlement.status is Status.REJECTED:
                    report.rejected += 1
                    log.warning("Submission %s rejected by the back end", submission.id)
                else:
                    report.retried += 1
                if settlement.error and settlement.error not in report.errors:
                    report.errors.append(settlement.error)
                if self._on_settled is not None:
                    try:
                        self._on_settled(submission, settlement)
                    except Exception:
                        # The row is recorded; a listener's bug must not stop the round.
                        log.exception("Reporting a settled submission failed")
            if all(s.status is Status.PENDING for s in settlements):
                # Nothing got through: the back end is down or refusing us. Wait before
                # sending the rest, as long as the soonest of these will wait.
                self._quiet_until = min(s.next_attempt_at or self._clock() for s in settlements)
                break
            self._quiet_until = None
        self._erase_old_payloads()
        return report

    def _erase_old_payloads(self) -> None:
        now = self._clock()
        if self._last_retention is None or now - self._last_retention >= timedelta(hours=1):
            erased = self.outbox.erase_delivered_payloads(self._retention)
            if erased:
                log.info("Erased the citizen data of %d delivered submission(s)", erased)
            self._last_retention = now

    def seconds_until_next_round(self) -> float:
        """How long the engine may sleep: until the next row is due, the quiet period ends, or
        the poll interval passes (another process may have enqueued)."""
        now = self._clock()
        wait = self._poll_interval_s
        due = self.outbox.next_due_at()
        if due is not None:
            wait = min(wait, (due - now).total_seconds())
        if self._quiet_until is not None:
            wait = max(wait, (self._quiet_until - now).total_seconds())
        return max(0.0, wait)

    # -- running ---------------------------------------------------------------------------

    def notify(self) -> None:
        """Something was enqueued: wake up and send it (unless the back end asked us to wait)."""
        self._wake.set()

    def run_forever(self) -> None:
        while not self._stopping.is_set():
            try:
                self.sync_once()
                wait = self.seconds_until_next_round()
            except Exception:
                log.exception("Sync round failed; trying again later")
                wait = self._poll_interval_s
            self._wake.wait(wait)
            self._wake.clear()

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("the sync engine is already running")
        self._stopping.clear()
        self._thread = threading.Thread(target=self.run_forever, name="outbox-sync", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float | None = None) -> None:
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout_s)
            self._thread = None
