"""Questions asked over whatever is on screen: 'Do you need more time?' with a countdown, and
'Do you want to stop?'. The page stays visible, dimmed, so nobody loses their place."""

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from kiosk.i18n import _, ngettext
from ui import theme
from ui.widgets.common import label, scroll_by_touch
from ui.widgets.wrap_button import WrapButton


class Overlay(QFrame):
    yes_clicked = Signal()
    no_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Overlay")
        # In a scroll area, which gives wrapped words their height (and scrolls if the largest
        # text in a tall script still does not fit).
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setStyleSheet("background: transparent;")
        scroll_by_touch(scroll)
        inner = QWidget()
        inner.setStyleSheet("background: transparent;")
        scroll.setWidget(inner)
        frame_layout = QVBoxLayout(self)
        frame_layout.setContentsMargins(0, 0, 0, 0)
        frame_layout.addWidget(scroll)
        outer = QVBoxLayout(inner)
        self.box = QFrame()
        self.box.setObjectName("Warning")
        self.box.setMaximumWidth(1200)
        layout = QVBoxLayout(self.box)
        self.title = label("", "Title")
        self.detail = label("", "SectionHeading")
        self.explain = label("")
        self.yes = WrapButton("")
        self.yes.clicked.connect(self.yes_clicked)
        self.no = WrapButton("", None, "Secondary")
        self.no.clicked.connect(self.no_clicked)
        for widget in (self.title, self.detail, self.explain, self.yes, self.no):
            layout.addWidget(widget)
        self.layout_ = layout
        # Stretches, not an alignment, centre the box: an aligned widget is given its one-line
        # height, and wrapped words would be cut off.
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.box, 100)
        row.addStretch(1)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(1)
        self.hide()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(0, 0, 0, 170))
        painter.end()

    def present(self) -> None:
        spacing = theme.current().px(24)
        self.layout_.setSpacing(spacing)
        self.layout_.setContentsMargins(spacing * 2, spacing * 2, spacing * 2, spacing * 2)
        if self.parentWidget() is not None:
            self.setGeometry(self.parentWidget().rect())
        if not self.isVisible():
            self.show()
            self.raise_()
            self.title.setFocus()


class MoreTimeOverlay(Overlay):
    def show_countdown(self, seconds: int) -> None:
        self.title.setText(_("Do you need more time?"))
        self.detail.setText(
            ngettext(
                "This page will clear in {n} second.",
                "This page will clear in {n} seconds.",
                seconds,
            ).format(n=seconds)
        )
        self.explain.setText(
            _("To keep your information private, what you entered will be deleted.")
        )
        self.yes.set_words(_("Yes, I need more time"))
        self.no.set_words(_("No, clear my answers"))
        self.present()


class StopOverlay(Overlay):
    def ask(self) -> None:
        self.title.setText(_("Do you want to stop?"))
        self.detail.setText(_("Your answers will be deleted and nothing will be sent."))
        self.explain.setText("")
        self.explain.hide()
        self.yes.set_words(_("No, carry on"))
        self.no.set_words(_("Yes, stop and delete my answers"))
        self.present()
