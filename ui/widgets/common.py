"""Small pieces every screen uses: plain-text labels and the scrolling page column."""

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QScroller,
    QVBoxLayout,
    QWidget,
)

from kiosk.formatting import keep_numbers_whole
from ui import theme

COLUMN_MAX_WIDTH = 1240


def column_width() -> int:
    """The reading column's widest, growing with the text so that large text on a wide screen
    keeps the same number of words a line (and the footer's buttons on one row)."""
    return round(COLUMN_MAX_WIDTH * max(1.0, theme.current().scale * 0.8))


class Label(QLabel):
    """Shows phone numbers whole, in every language (kiosk.formatting.keep_numbers_whole)."""

    def setText(self, text: str) -> None:
        super().setText(keep_numbers_whole(text))


def label(text: str = "", name: str = "", parent: QWidget | None = None) -> QLabel:
    """A wrapped label that never interprets its text: a citizen's '<b>' stays '<b>'."""
    widget = Label(parent)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    widget.setWordWrap(True)
    widget.setText(text)
    if name:
        widget.setObjectName(name)
    if name == "Title":
        # A page opens with focus on its heading (read out first), not on its first button,
        # which would look chosen and would be chosen by a stray Enter.
        widget.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    widget.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return widget


def clear_layout(layout: QVBoxLayout | QHBoxLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget()
        if widget is not None:
            # Off screen at once: deleteLater alone leaves it painted until the event loop runs.
            widget.hide()
            widget.setParent(None)
            widget.deleteLater()
        elif item.layout() is not None:
            clear_layout(item.layout())  # type: ignore[arg-type]


class _LiftGuard(QObject):
    """Once a finger has moved a page, lifting it clicks nothing: the button it came down on
    was carried away with the page. Watches the whole application from the first drag."""

    def __init__(self) -> None:
        super().__init__()
        self.moved = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.TouchBegin:
            self.moved = False  # a new touch
        elif self.moved and kind == QEvent.Type.MouseButtonRelease and isinstance(watched, QWidget):
            # The lift, as the widget under the finger gets it (the window saw it first).
            self.moved = False
            if isinstance(watched, QAbstractButton):
                watched.setDown(False)  # a button that is not down ignores the release
        return False


_guard: _LiftGuard | None = None


def _page_moving(state: QScroller.State) -> None:
    global _guard
    if state == QScroller.State.Dragging:
        if _guard is None:
            _guard = _LiftGuard()
            QApplication.instance().installEventFilter(_guard)  # type: ignore[union-attr]
        _guard.moved = True


def scroll_by_touch(area: QAbstractScrollArea) -> None:
    """A finger drawn up or down the page scrolls it, as on a phone. Qt's widgets do not do this
    by themselves: on a touch screen only the narrow scroll bar would move the page. A tap is
    still a tap, and a finger that moved the page taps nothing."""
    if QScroller.hasScroller(area.viewport()):
        return  # already
    QScroller.grabGesture(area.viewport(), QScroller.ScrollerGestureType.TouchGesture)
    QScroller.scroller(area.viewport()).stateChanged.connect(_page_moving)


class Page(QWidget):
    """A screen's body: a centred column that scrolls when the text is large."""

    def __init__(self, parent: QWidget | None = None, *, touch_scrolling: bool = True) -> None:
        super().__init__(parent)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        # Qt's first touch gesture costs some 50 ms: the home screen takes it once it has
        # painted (MainWindow.warm_up), every other page as it is made.
        if touch_scrolling:
            scroll_by_touch(self.scroll)
        inner = QWidget()
        outer = QHBoxLayout(inner)
        outer.setContentsMargins(0, 0, 0, 0)
        self.column_widget = QWidget()
        self.column_widget.setMaximumWidth(COLUMN_MAX_WIDTH)
        self.column = QVBoxLayout(self.column_widget)
        outer.addStretch(1)
        outer.addWidget(self.column_widget, 100)
        outer.addStretch(1)
        self.scroll.setWidget(inner)
        # The page's actions (Back, Continue...) stay in view at the bottom, whatever the length
        # of the page or the text size: the next step is never below the fold.
        self.footer_frame = QFrame(self)
        self.footer_frame.setObjectName("Footer")
        bar = QHBoxLayout(self.footer_frame)
        bar.setContentsMargins(0, 0, 0, 0)
        footer_column = QWidget()
        footer_column.setMaximumWidth(COLUMN_MAX_WIDTH)  # lined up with the page's column
        self.footer_column = footer_column
        self.footer = QGridLayout(footer_column)
        self._footer_leading: list[QWidget] = []
        self._footer_main: QWidget | None = None
        self._footer_rows = 0
        bar.addStretch(1)
        bar.addWidget(footer_column, 100)
        bar.addStretch(1)
        self.footer_frame.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.footer_frame)
        self.restyle()

    def add_footer(self, leading: list[QWidget], main: QWidget | None = None) -> None:
        """The bottom bar: `leading` from the reading start, the page's main action at the end."""
        self._footer_leading = [*self._footer_leading, *leading]
        self._footer_main = main if main is not None else self._footer_main
        self._footer_rows = 0  # new widgets: place them all
        self._arrange_footer()
        self.footer_frame.show()

    def _arrange_footer(self) -> None:
        """One row when everything fits; else the first and the main action on one row and
        the rest below, so the bar never makes the window wider than the screen."""
        widgets = [*self._footer_leading, *([self._footer_main] if self._footer_main else [])]
        if not widgets:
            return
        spacing = self.footer.spacing()
        margins = self.footer.contentsMargins()
        room = min(self.width(), column_width()) - margins.left() - margins.right()
        needed = sum(w.minimumSizeHint().width() + spacing for w in widgets)
        rows = 1 if needed <= room or len(widgets) <= 2 else 2
        if rows == self._footer_rows:
            return
        self._footer_rows = rows
        for widget in widgets:
            self.footer.removeWidget(widget)
        last = len(self._footer_leading) + 1
        for column in range(last + 1):
            self.footer.setColumnStretch(column, 0)
        if rows == 1:
            for column, widget in enumerate(self._footer_leading):
                self.footer.addWidget(widget, 0, column)
            self.footer.setColumnStretch(len(self._footer_leading), 1)
            if self._footer_main is not None:
                self.footer.addWidget(self._footer_main, 0, last)
        else:
            first, *others = self._footer_leading
            self.footer.addWidget(first, 0, 0)
            self.footer.setColumnStretch(1, 1)
            if self._footer_main is not None:
                self.footer.addWidget(self._footer_main, 0, 2)
            for widget in others:
                self.footer.addWidget(widget, 1, 0, 1, 3)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange_footer()

    def restyle(self) -> None:
        current = theme.current()
        self.column_widget.setMaximumWidth(column_width())
        self.footer_column.setMaximumWidth(column_width())
        margin = current.px(40)
        self.column.setContentsMargins(margin, margin, margin, margin)
        self.column.setSpacing(current.px(24))
        self.footer.setContentsMargins(margin, current.px(16), margin, current.px(16))
        self.footer.setSpacing(current.px(24))
        self._arrange_footer()

    def scroll_to_top(self) -> None:
        self.scroll.verticalScrollBar().setValue(0)

    def ensure_visible(self, widget: QWidget) -> None:
        self.scroll.ensureWidgetVisible(widget, 40, 80)
