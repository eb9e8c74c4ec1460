"""A calm message when the kiosk cannot keep the citizen's request (outbox full or refusing):
speak to a member of staff; the answers stay, nothing is lost."""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from kiosk.i18n import _
from ui.widgets.common import Page, label
from ui.widgets.wrap_button import WrapButton


class NoticeScreen(Page):
    back_clicked = Signal()
    finish_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = QFrame()
        self.box.setObjectName("Warning")
        layout = QVBoxLayout(self.box)
        self.title = label("", "Title")
        self.message = label("")
        layout.addWidget(self.title)
        layout.addWidget(self.message)
        self.back = WrapButton(_("Go back to your answers"))
        self.back.clicked.connect(self.back_clicked)
        self.finish = WrapButton(_("Finish"))
        self.finish.clicked.connect(self.finish_clicked)
        self.column.addWidget(self.box)
        self.column.addStretch(1)
        # Only one of the two is shown at a time (back to the answers, or finish).
        self.add_footer([self.back], self.finish)

    def _panel(self, kind: str) -> None:
        # Green for thanks, the yellow warning for a problem.
        self.box.setObjectName(kind)
        self.box.style().unpolish(self.box)
        self.box.style().polish(self.box)

    def show_cannot_send(self) -> None:
        self.restyle()
        self._panel("Warning")
        self.title.setText(_("Sorry, your request has not been sent"))
        self.message.setText(
            _(
                "Please show this screen to a member of staff. They can help you send it "
                "another way. Your answers are still here."
            )
        )
        self.back.set_words(_("Go back to your answers"))
        self.back.show()
        self.finish.hide()
        self.title.setFocus()

    def show_thanks(self) -> None:
        self.restyle()
        self._panel("Panel")
        self.title.setText(_("Thank you for your feedback"))
        self.message.setText(_("It helps us improve our services."))
        self.back.hide()
        self.finish.set_words(_("Finish"))
        self.finish.show()
        self.title.setFocus()
