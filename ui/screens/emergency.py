"""The emergency stop: an answer that means danger now. Nothing is queued; the citizen is told
whom to call and what to do straight away."""

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from kiosk.forms.model import Emergency
from kiosk.i18n import _
from ui import theme
from ui.widgets.common import Label, Page, label
from ui.widgets.qr import QrCode
from ui.widgets.wrap_button import WrapButton


class PhoneNumber(Label):
    """The number to call, on one line and as large as fits: at the largest text size in
    portrait it would otherwise be wider than the screen (it never breaks, see Label)."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("Huge")
        self.setTextFormat(Qt.TextFormat.PlainText)
        # Its width comes from the panel, never the other way round: the size is fitted to it.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._size = 0

    def fit(self) -> None:
        largest = theme.current().px(72)  # QLabel#Huge
        font = QFont(self.font())
        font.setPixelSize(largest)
        wide = QFontMetrics(font).horizontalAdvance(self.text()) or 1
        room = self.contentsRect().width()
        size = (
            largest
            if room <= 0
            else max(theme.current().px(28), min(largest, largest * room // wide))
        )
        if size != self._size:
            self._size = size
            self.setStyleSheet(f"font-size: {size}px;")

    def setText(self, text: str) -> None:
        super().setText(text)
        self.fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()


class EmergencyScreen(Page):
    back_clicked = Signal()
    finish_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.back = WrapButton(_("Back"), None, "Secondary")
        self.back.clicked.connect(self.back_clicked)
        self.box = QFrame()
        self.box.setObjectName("Warning")
        box_layout = QVBoxLayout(self.box)
        self.title = label("", "Title")
        self.phone_label = label("", "FieldLabel")
        self.phone = PhoneNumber()
        self.message = label("")
        # The number first: at the largest text size a long heading would push it off the
        # screen, and it is what the citizen needs at once. Focus still starts on the heading.
        for widget in (self.phone_label, self.phone, self.title, self.message):
            box_layout.addWidget(widget)
        call_row = QHBoxLayout()
        self.qr = QrCode()
        self.qr_text = label("")
        call_row.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignTop)
        call_row.addWidget(self.qr_text, 1)
        self.not_sent = label("")
        self.finish = WrapButton(_("Finish"))
        self.finish.clicked.connect(self.finish_clicked)
        self.column.addWidget(self.box)
        self.column.addLayout(call_row)
        self.column.addWidget(self.not_sent)
        self.column.addStretch(1)
        self.add_footer([self.back], self.finish)

    def show_emergency(self, emergency: Emergency) -> None:
        self.restyle()
        self.back.set_words(_("Back"))
        self.finish.set_words(_("Finish"))
        self.title.setText(_(emergency.title))
        self.phone_label.setText(
            _(emergency.phone_label) if emergency.phone_label else _("Phone now, day or night:")
        )
        self.phone.setText(emergency.phone)
        self.phone.setAccessibleName(" ".join(emergency.phone))  # read digit by digit
        self.message.setText(_(emergency.message))
        # A phone camera turns this into a call: no digits to copy in a hurry.
        self.qr.set_text("tel:" + "".join(ch for ch in emergency.phone if ch.isdigit()), 220)
        self.qr.setAccessibleName(_("QR code to call {number}").format(number=emergency.phone))
        self.qr_text.setText(_("Scan this code with your phone camera to call the number."))
        self.not_sent.setText(
            _(
                "This has not been sent to the council. If you do not have a phone, ask a "
                "member of staff to call for you. If anyone is in danger, call 999."
            )
        )
        self.scroll_to_top()
        self.title.setFocus()
