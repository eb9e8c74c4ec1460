"""The wall display (`kiosk display`): full screen, large, readable across a waiting room. The
newest call at the top, the ones before it below; each new call chimes and is said out loud,
in English and in the language the citizen used at the kiosk."""

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from kiosk.callout import CALL_OUT, Announcer
from kiosk.formatting import clock_time
from kiosk.i18n import _
from kiosk.tickets.model import Call, QueueError
from ui import theme
from ui.look import apply_look
from ui.widgets.common import label
from ui.worker import Worker

log = logging.getLogger(__name__)
POLL_MS = 1000
SHOWN = 5


class CallSource(Protocol):
    def recent_calls(self, limit: int = 6) -> list[Call]: ...


def _key(call: Call) -> tuple[str, str]:
    return call.ticket.id, call.at.isoformat()


class WallDisplay(QWidget):
    def __init__(
        self,
        queue: CallSource,
        announcer: Announcer | None,
        *,
        clock: Callable[[], datetime],
        language: str = "en",
        scale: float = 1.0,
        high_contrast: bool = False,
        poll_ms: int = POLL_MS,
    ) -> None:
        super().__init__()
        self.setObjectName("WallDisplay")
        self.queue = queue
        self.announcer = announcer
        self.clock = clock
        self.language, self.scale, self.high_contrast = language, scale, high_contrast
        self.calls = Worker(self)
        self.shown: list[Call] = []
        self._seen: set[tuple[str, str]] | None = None  # None until the first answer
        self.reachable = True
        layout = QVBoxLayout(self)
        top = QGridLayout()
        self.heading = label("", "Title")
        self.time = label("", "Title")
        self.time.setAlignment(Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter)
        top.addWidget(self.heading, 0, 0)
        top.addWidget(self.time, 0, 1)
        layout.addLayout(top)
        self.latest = QFrame()
        self.latest.setObjectName("Panel")
        latest = QVBoxLayout(self.latest)
        self.latest_number = label("", "Huge")
        self.latest_counter = label("", "CallCounter")
        for widget in (self.latest_number, self.latest_counter):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            latest.addWidget(widget)
        layout.addWidget(self.latest)
        self.earlier_heading = label("", "SectionHeading")
        layout.addWidget(self.earlier_heading)
        self.rows = QGridLayout()
        self.row_labels: list[tuple[QLabel, QLabel]] = []
        for row in range(SHOWN - 1):
            number, counter = label("", "SectionHeading"), label("", "SectionHeading")
            self.rows.addWidget(number, row, 0)
            self.rows.addWidget(counter, row, 1)
            self.row_labels.append((number, counter))
        self.rows.setColumnStretch(0, 1)
        self.rows.setColumnStretch(1, 2)
        layout.addLayout(self.rows)
        layout.addStretch(1)
        self.status = label("", "Hint")
        layout.addWidget(self.status)
        self.poller = QTimer(self)
        self.poller.setInterval(poll_ms)
        self.poller.timeout.connect(self.poll)
        self.set_look(language, scale, high_contrast)

    def set_look(self, language: str, scale: float, high_contrast: bool) -> None:
        self.language, self.scale, self.high_contrast = language, scale, high_contrast
        apply_look(self, language, scale, high_contrast)
        self._size_words()
        self.render()

    def _size_words(self) -> None:
        """Read from across the room: the words grow with the screen, not the text size (no
        one stands at a wall display to choose one), and always fit it without scrolling."""
        long_side, short_side = max(self.width(), self.height()), min(self.width(), self.height())
        unit = max(0.4, min(long_side / 1920, short_side / 1080))  # landscape or portrait
        sizes = {"Title": 52, "Huge": 170, "CallCounter": 110, "SectionHeading": 60, "Hint": 28}
        base = theme.Theme(theme.current().palette, 1.0).stylesheet()
        self.setStyleSheet(
            base
            + "".join(
                f"QLabel#{name} {{ font-size: {round(px * unit)}px; font-weight: bold; }}"
                for name, px in sizes.items()
            )
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._size_words()

    def start(self) -> None:
        self.poll()
        self.poller.start()

    def poll(self) -> None:
        if not self.calls.busy:
            self.calls.call(lambda: self.queue.recent_calls(SHOWN), self._got, self._failed)

    def _got(self, calls: list[Call]) -> None:
        self.reachable = True
        keys = {_key(c) for c in calls}
        if self._seen is None:
            self._seen = keys  # calls made before the display started are not said again
        new = [c for c in calls if _key(c) not in self._seen]
        self._seen |= keys
        self.shown = calls
        self.render()
        # Oldest first, so two desks calling together are said in the order they called.
        for call in reversed(new):
            if self.announcer is not None:
                self.announcer.announce(call.ticket.number, call.counter, call.ticket.language)

    def _failed(self, error: Exception) -> None:
        if not isinstance(error, QueueError):
            log.error("The display could not read the queue", exc_info=error)
        self.reachable = False
        self.render()

    def render(self) -> None:
        self.heading.setText(_("Now calling"))
        self.time.setText(clock_time(self.clock().astimezone().time()))
        if self.shown:
            first = self.shown[0]
            self.latest_number.setText(first.ticket.number)
            self.latest_counter.setText(_("Counter {n}").format(n=first.counter))
            self.latest.setAccessibleName(
                _(CALL_OUT).format(number=first.ticket.number, counter=first.counter)
            )
        else:
            self.latest_number.setText("")
            self.latest_counter.setText(_("Please wait to be called"))
        self.earlier_heading.setText(_("Numbers already called") if len(self.shown) > 1 else "")
        for index, (number, counter) in enumerate(self.row_labels, start=1):
            call = self.shown[index] if index < len(self.shown) else None
            number.setText(call.ticket.number if call else "")
            counter.setText(_("Counter {n}").format(n=call.counter) if call else "")
        # For staff walking past: the display cannot reach the queue, so it may be out of date.
        self.status.setText(
            "" if self.reachable else _("Cannot reach the queue. Please ask at the desk.")
        )

    def shut_down(self) -> None:
        self.poller.stop()
        self.calls.wait()
        if self.announcer is not None:
            self.announcer.close()
