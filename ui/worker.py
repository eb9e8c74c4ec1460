"""Blocking work (the outbox's fsync) off the GUI thread; the answer comes back as a signal."""

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, Signal


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    def __init__(self, work: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self.work = work
        self.signals = signals

    def run(self) -> None:
        try:
            result = self.work()
        except Exception as error:  # handed to the GUI thread, which decides
            self.signals.failed.emit(error)
        else:
            self.signals.done.emit(result)


class Worker(QObject):
    """Runs one job at a time on a thread pool; `done`/`failed` arrive on the GUI thread."""

    done = Signal(object)
    failed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._signals = _Signals()
        self._signals.done.connect(self.done)
        self._signals.failed.connect(self.failed)

    def run(self, work: Callable[[], Any]) -> None:
        self.pool.start(_Task(work, self._signals))

    def wait(self) -> None:
        self.pool.waitForDone()


class Calls(QObject):
    """Calls to the site's queue hub off the GUI thread, each with its own answer handlers,
    always run on the GUI thread. One at a time and in order: a desk's "Served" is done before
    its next "Call next" is sent."""

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
        QCoreApplication.sendPostedEvents(self)
