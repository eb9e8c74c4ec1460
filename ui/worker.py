"""Blocking work off the GUI thread (the outbox's fsync, calls to the site's queue hub); the
answer comes back to the GUI thread."""

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal


class Worker(QObject):
    """Runs jobs on a thread of their own, one at a time and in order (a desk's "Served" is
    done before its next "Call next" is sent); each job's answer handler runs on the GUI
    thread."""

    _answered = Signal(int, bool, object)  # call number, succeeded, result or error

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._handlers: dict[int, tuple[Callable[[Any], None], Callable[[Exception], None]]] = {}
        self._count = 0
        # Queued: the answer waits for the GUI thread's event loop, whichever thread emits it.
        self._answered.connect(self._answer, Qt.ConnectionType.QueuedConnection)

    def call(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[Exception], None],
    ) -> None:
        self._count += 1
        number = self._count
        self._handlers[number] = (done, failed)

        def run() -> None:
            try:
                result = work()
            except Exception as error:  # handed to the GUI thread, which decides
                self._answered.emit(number, False, error)
            else:
                self._answered.emit(number, True, result)

        self.pool.start(run)

    def _answer(self, number: int, succeeded: bool, value: Any) -> None:
        done, failed = self._handlers.pop(number)
        (done if succeeded else failed)(value)

    @property
    def busy(self) -> bool:
        return bool(self._handlers)

    def wait(self) -> None:
        self.pool.waitForDone()
