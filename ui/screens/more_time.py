"""'Do you need more time?' over whatever is on screen, with a countdown; then everything is
wiped."""

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from kiosk.i18n import _, ngettext
from ui.widgets.common import label
from ui.widgets.wrap_button import WrapButton


class MoreTimeOverlay(QFrame):
    more_time = Signal()
    start_again = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Overlay")
        self.setAutoFillBackground(True)
        outer = QVBoxLayout(self)
        box = QFrame()
        box.setObjectName("Warning")
        box.setMaximumWidth(1100)
        layout = QVBoxLayout(box)
        self.title = label("", "Title")
        self.countdown = label("", "SectionHeading")
        self.explain = label("")
        self.yes = WrapButton(_("Yes, I need more time"))
        self.yes.clicked.connect(self.more_time)
        self.no = WrapButton(_("No, start again"), None, "Secondary")
        self.no.clicked.connect(self.start_again)
        for widget in (self.title, self.countdown, self.explain, self.yes, self.no):
            layout.addWidget(widget)
        outer.addStretch(1)
        outer.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(1)
        self.hide()

    def show_countdown(self, seconds: int) -> None:
        self.title.setText(_("Do you need more time?"))
        text = ngettext(
            "This page will clear in {n} second.", "This page will clear in {n} seconds.", seconds
        ).format(n=seconds)
        self.countdown.setText(text)
        self.explain.setText(
            _("To keep your information private, what you entered will be deleted.")
        )
        self.yes.set_words(_("Yes, I need more time"))
        self.no.set_words(_("No, start again"))
        if self.parentWidget() is not None:
            self.setGeometry(self.parentWidget().rect())
        if not self.isVisible():
            self.show()
            self.raise_()
            self.yes.setFocus()
