"""Blocking work (the outbox's fsync) off the GUI thread; the answer comes back as a signal."""

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


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
    """Calls to the site's queue hub off the GUI thread, each with its own answer handlers
    (run on the GUI thread). One at a time and in order: a desk's "Served" is done before
    its next "Call next" is sent."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._pending: set[_Signals] = set()

    def call(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[Exception], None],
    ) -> None:
        signals = _Signals()
        self._pending.add(signals)

        def finish(handler: Callable[[Any], None], value: Any) -> None:
            self._pending.discard(signals)
            handler(value)

        signals.done.connect(lambda value: finish(done, value))
        signals.failed.connect(lambda error: finish(failed, error))
        self.pool.start(_Task(work, signals))

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def wait(self) -> None:
        self.pool.waitForDone()
