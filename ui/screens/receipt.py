"""The receipt, shown only once the submission is safe in the outbox: the reference, what
happens next and by when, a QR code to follow it, Print, and Finish."""

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.i18n import _
from kiosk.submission import Receipt
from ui import receipt_text
from ui.widgets.common import Page, clear_layout, label
from ui.widgets.qr import QrCode, qr_side
from ui.widgets.wrap_button import WrapButton


class ReceiptScreen(Page):
    print_clicked = Signal()
    feedback_clicked = Signal()
    finish_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.panel = QFrame()
        self.panel.setObjectName("Panel")
        panel_layout = QVBoxLayout(self.panel)
        self.title = label("", "Title")
        self.reference_label = label("", "FieldLabel")
        self.reference = label("", "Title")
        self.reference.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        for widget in (self.title, self.reference_label, self.reference):
            panel_layout.addWidget(widget)
        self.next_heading = label("", "SectionHeading")
        self.steps = QVBoxLayout()
        self.departments_heading = label("", "SectionHeading")
        self.departments = QVBoxLayout()
        qr_row = QHBoxLayout()
        self.qr = QrCode()
        qr_words = QVBoxLayout()
        self.qr_text = label("")
        self.qr_url = label("", "FieldLabel")  # on its own line: it breaks badly inside a sentence
        qr_words.addWidget(self.qr_text)
        qr_words.addWidget(self.qr_url)
        qr_words.addStretch(1)
        qr_row.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignTop)
        qr_row.addLayout(qr_words, 1)
        self.keep = label("")
        self.print_status = label("", "Hint")
        self.print_button = WrapButton(_("Print"), None, "Secondary")
        self.print_button.clicked.connect(self.print_clicked)
        self.feedback = WrapButton(_("Tell us how we did (optional)"), None, "Link")
        self.feedback.clicked.connect(self.feedback_clicked)
        self.finish = WrapButton(_("Finish"))
        self.finish.clicked.connect(self.finish_clicked)
        self.add_footer([self.print_button, self.feedback], self.finish)
        for widget in (self.panel, self.next_heading):
            self.column.addWidget(widget)
        self.column.addLayout(self.steps)
        self.column.addWidget(self.departments_heading)
        self.column.addLayout(self.departments)
        self.column.addLayout(qr_row)
        self.column.addWidget(self.keep)
        self.column.addWidget(self.print_status)
        self.column.addStretch(1)

    def show_receipt(self, receipt: Receipt, can_print: bool, offer_feedback: bool) -> None:
        self.restyle()
        self.title.setText(_(receipt.title))
        self.reference_label.setText(_("Your reference number"))
        self.reference.setText(receipt.reference)
        # Read out in groups, character by character.
        self.reference.setAccessibleName(
            _("Your reference number is {reference}").format(
                reference=" ".join(receipt.reference.replace("-", " - "))
            )
        )
        self.next_heading.setText(_("What happens next"))
        clear_layout(self.steps)
        for line in receipt_text.steps(receipt):
            self.steps.addWidget(label(line))
        clear_layout(self.departments)
        self.departments_heading.setText(_("We have passed this on to"))
        self.departments_heading.setVisible(bool(receipt.departments))
        for name in receipt_text.departments(receipt):
            self.departments.addWidget(label("• " + name))
        # Large enough for an older phone's camera at arm's length.
        self.qr.set_text(receipt.tracking_url, qr_side())
        self.qr.setAccessibleName(_("QR code to follow your request"))
        self.qr_text.setText(
            _("Scan this code with your phone camera to follow your request, or go to:")
        )
        # A web address has no spaces to wrap at: allow breaks after its / . and - (zero-width
        # spaces, shown only on screen; the address itself is unchanged).
        self.qr_url.setText(re.sub(r"([/.\-])", "\\1\u200b", receipt.tracking_url))
        self.qr_url.setAccessibleName(receipt.tracking_url)
        self.keep.setText(
            _("Write down or take a photo of your reference number, or print this page.")
            if can_print
            else _("Write down or take a photo of your reference number.")
        )
        self.print_button.set_words(_("Print"))
        self.print_button.setVisible(can_print)
        self.print_status.setText("")
        self.print_status.setVisible(False)
        self.feedback.set_words(_("Tell us how we did (optional)"))
        self.feedback.setVisible(offer_feedback)
        self.finish.set_words(_("Finish"))
        self.scroll_to_top()
        self.title.setFocus()

    def set_print_status(self, text: str) -> None:
        self.print_status.setText(text)
        self.print_status.setVisible(bool(text))

    def wipe(self) -> None:
        clear_layout(self.steps)
        clear_layout(self.departments)
        for widget in (self.reference, self.qr_text, self.qr_url, self.print_status):
            widget.clear()
        self.reference.setAccessibleName("")
        self.qr_url.setAccessibleName("")
        self.qr.set_text("", self.qr.width())
