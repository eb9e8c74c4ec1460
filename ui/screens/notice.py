"""A short message at the end of a session: thanks for the feedback, then Finish. (A request the
outbox refuses is told on the Check your answers page, above the answers.)"""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from kiosk.i18n import _
from ui.widgets.common import Page, label
from ui.widgets.wrap_button import WrapButton


class NoticeScreen(Page):
    finish_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = QFrame()
        self.box.setObjectName("Panel")
        layout = QVBoxLayout(self.box)
        self.title = label("", "Title")
        self.message = label("")
        layout.addWidget(self.title)
        layout.addWidget(self.message)
        self.finish = WrapButton(_("Finish"))
        self.finish.clicked.connect(self.finish_clicked)
        self.column.addWidget(self.box)
        self.column.addStretch(1)
        self.add_footer([], self.finish)

    def show_thanks(self) -> None:
        self.restyle()
        self.title.setText(_("Thank you for your feedback"))
        self.message.setText(_("It helps us improve our services."))
        self.finish.set_words(_("Finish"))
        self.title.setFocus()
