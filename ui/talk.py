"""Talk mode, for citizens who cannot read the screen well: the first tap on a control says what
it is and its state; a second tap on the same control does it. A new page says its heading and
any errors."""

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QPlainTextEdit, QWidget

from kiosk.speech import Speech
from ui.reading import describe


class TalkMode:
    def __init__(
        self, window: QWidget, speech: Callable[[], Speech], language: Callable[[], str]
    ) -> None:
        self.on = False
        self._window = window
        self._speech = speech
        self._language = language
        self._announced: QWidget | None = None  # the control heard, not yet chosen
        self._swallow_release: QWidget | None = None

    def forget(self) -> None:
        """A new page: nothing on it has been heard yet."""
        self._announced = None

    def _control_at(self, watched: QObject) -> QWidget | None:
        """The tappable control a press landed on, if it is one of this window's."""
        widget = watched if isinstance(watched, QWidget) else None
        while widget is not None and widget is not self._window:
            if isinstance(widget, QAbstractButton | QLineEdit | QPlainTextEdit):
                return widget if self._window.isAncestorOf(widget) else None
            widget = widget.parentWidget()
        return None

    def filter(self, watched: QObject, event: QEvent) -> bool:
        """True where the event is taken: the first tap is heard, not acted on."""
        if not self.on:
            return False
        if event.type() == QEvent.Type.MouseButtonRelease and self._swallow_release is not None:
            swallowed = self._control_at(watched) is self._swallow_release
            if swallowed:
                self._swallow_release = None
            return swallowed
        if event.type() != QEvent.Type.MouseButtonPress:
            return False
        control = self._control_at(watched)
        if control is None or control is self._announced:
            self._announced = None
            return False
        self._announced = control
        self._swallow_release = control
        control.setFocus(Qt.FocusReason.MouseFocusReason)
        self._speech().speak(describe(control), self._language())
        return True

    def speak_page(self, screen: QWidget) -> None:
        if not self.on:
            return
        words = [
            label.text()
            for label in screen.findChildren(QLabel)
            if label.isVisibleTo(screen) and label.objectName() in ("Title", "ErrorMessage")
        ]
        if words:
            self._speech().speak("\n".join(words), self._language())
