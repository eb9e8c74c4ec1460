"""Take a ticket: choose who you need to see (or check in for an appointment), then the ticket
with its number, how many are ahead, the estimated wait and a QR code to follow the queue."""

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from kiosk.i18n import _, ngettext
from kiosk.tickets.model import Issued, QueueService
from ui.widgets.common import Page, clear_layout, label
from ui.widgets.keyboard import attach_keyboard
from ui.widgets.qr import QrCode, qr_side
from ui.widgets.wrap_button import WrapButton

# Booking references the council's systems give: letters, digits and hyphens.
APPOINTMENT_REFERENCE = re.compile(r"[A-Z0-9][A-Z0-9-]{2,18}[A-Z0-9]")


def normalise_appointment(text: str) -> str:
    return re.sub(r"\s+", "", text).upper()


def wait_words(issued: Issued) -> str:
    if issued.ahead == 0:
        return _("You are next. Please listen for your number.")
    minutes = max(1, -(-issued.estimated_wait_s // 60))
    return ngettext(
        "Estimated wait: about {n} minute.", "Estimated wait: about {n} minutes.", minutes
    ).format(n=minutes)


def ahead_words(issued: Issued) -> str:
    if issued.ahead == 0:
        return _("No one is ahead of you.")
    return ngettext(
        "There is {n} person ahead of you.", "There are {n} people ahead of you.", issued.ahead
    ).format(n=issued.ahead)


def _problem_box() -> tuple[QFrame, QLabel]:
    box = QFrame()
    box.setObjectName("Warning")
    words = label("")
    QVBoxLayout(box).addWidget(words)
    box.hide()
    return box, words


class TicketChoiceScreen(Page):
    """Which service: large tiles, "I have an appointment", and a discreet extra-help choice."""

    service_chosen = Signal(str)
    appointment_clicked = Signal()
    back_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = label("", "Title")
        self.intro = label("", "Caption")
        self.problem, self.problem_text = _problem_box()
        self.extra_help = WrapButton("", None, "Choice", indicator="check")
        self.extra_help.setCheckable(True)
        self.tiles = QVBoxLayout()
        # Above the services: it is chosen first, and the ticket is taken by tapping a service.
        for widget in (self.title, self.intro, self.problem, self.extra_help):
            self.column.addWidget(widget)
        self.column.addLayout(self.tiles)
        self.column.addStretch(1)
        self.buttons: dict[str, WrapButton] = {}
        self.appointment = WrapButton("", None, "Tile")
        self.appointment.clicked.connect(self.appointment_clicked)
        self.back = WrapButton(_("Back"), None, "Secondary")
        self.back.clicked.connect(self.back_clicked)
        self.add_footer([self.back])
        self._keys: list[str] = []
        self._appointment_mode = False

    def show_services(
        self, services: list[QueueService], *, for_appointment: bool, problem: str | None = None
    ) -> None:
        self.restyle()
        self._appointment_mode = for_appointment
        if for_appointment:
            self.title.setText(_("Which service is your appointment with?"))
            self.intro.setText(_("Tap the service. Your ticket is shown next."))
        else:
            self.title.setText(_("Take a ticket to see someone"))
            self.intro.setText(
                _("Tap the service you need. We will call your ticket number on the screen.")
            )
        if [s.id for s in services] != self._keys:
            clear_layout(self.tiles)
            self.buttons = {}
            for service in services:
                button = WrapButton("", None, "Tile")
                button.clicked.connect(lambda _c=False, key=service.id: self._choose(key))
                self.buttons[service.id] = button
                self.tiles.addWidget(button)
            self.tiles.addWidget(self.appointment)
            self._keys = [s.id for s in services]
        for service in services:
            self.buttons[service.id].set_words(_(service.name), _(service.summary))
        self.back.set_words(_("Back"))
        self.appointment.setVisible(not for_appointment)
        self.appointment.set_words(
            _("I have an appointment"), _("Check in with your booking reference")
        )
        self.extra_help.set_words(
            _("I need extra help"),
            _(
                "For example an interpreter, British Sign Language, or support to talk to us. "
                "Choose this first, then tap a service."
            ),
        )
        self.extra_help.setVisible(not for_appointment)
        self.problem_text.setText(problem or "")
        self.problem.setVisible(problem is not None)
        for button in [*self.buttons.values(), self.appointment]:
            button.setEnabled(True)
        self.scroll_to_top()
        self.title.setFocus()

    def _choose(self, key: str) -> None:
        # One tap, one ticket: the tiles wait until the ticket (or a problem) is shown.
        for button in [*self.buttons.values(), self.appointment]:
            button.setEnabled(False)
        self.service_chosen.emit(key)

    def wipe(self) -> None:
        self.extra_help.setChecked(False)
        self.problem.hide()


class AppointmentScreen(Page):
    """Check in: the booking reference, checked for its shape before anything is sent."""

    continue_clicked = Signal(str)
    back_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = label("", "Title")
        self.hint = label("", "Hint")
        self.error = label("", "ErrorMessage")
        self.error.hide()
        self.box_label = label("", "FieldLabel")
        self.box = QLineEdit()
        self.box.setMaxLength(24)
        self.box.setInputMethodHints(
            Qt.InputMethodHint.ImhPreferUppercase | Qt.InputMethodHint.ImhNoPredictiveText
        )
        self.box.setDragEnabled(False)
        self.box.returnPressed.connect(self._continue)
        self.box_label.setBuddy(self.box)
        for widget in (self.title, self.box_label, self.hint, self.error, self.box):
            self.column.addWidget(widget)
        self.column.addStretch(1)
        # Letters with the hyphen a booking reference may have, under the box.
        attach_keyboard(self.box, kind="text")
        self.back = WrapButton(_("Back"), None, "Secondary")
        self.back.clicked.connect(self.back_clicked)
        self.next = WrapButton(_("Continue"))
        self.next.clicked.connect(self._continue)
        self.add_footer([self.back], self.next)

    def show_check_in(self, keep: str | None = None) -> None:
        self.restyle()
        self.title.setText(_("Check in for your appointment"))
        self.box_label.setText(_("Your booking reference"))
        self.hint.setText(
            _("It is in your appointment letter, email or text message, for example RB-4821.")
        )
        self.box.setAccessibleName(_("Your booking reference"))
        self.back.set_words(_("Back"))
        self.next.set_words(_("Continue"))
        if keep is not None:
            self.box.setText(keep)
        self.box.setFocus()

    def _continue(self) -> None:
        reference = normalise_appointment(self.box.text())
        if not reference:
            problem = _("Enter your booking reference")
        elif not APPOINTMENT_REFERENCE.fullmatch(reference):
            problem = _(
                "Enter your booking reference as it is written: 4 to 20 letters, numbers or hyphens"
            )
        else:
            self.error.hide()
            self.box.setProperty("error", False)
            self.continue_clicked.emit(reference)
            return
        self.error.setText(problem)
        self.error.show()
        self.box.setAccessibleDescription(problem)
        self.box.setFocus()

    def wipe(self) -> None:
        self.box.setText("")  # not clear(): that can be undone, bringing the reference back
        self.error.hide()
        self.box.setAccessibleDescription("")


class TicketScreen(Page):
    """The ticket: number large, what happens now, the wait, follow on a phone, print, done."""

    print_clicked = Signal()
    finish_clicked = Signal()
    feedback_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.panel = QFrame()
        self.panel.setObjectName("Panel")
        panel = QVBoxLayout(self.panel)
        self.title = label("", "Title")
        self.number = label("", "Huge")
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.service = label("", "SectionHeading")
        for widget in (self.title, self.number, self.service):
            panel.addWidget(widget)
        self.ahead = label("")
        self.wait = label("")
        self.what_now = label("")
        self.noted = label("", "Hint")
        qr_row = QHBoxLayout()
        self.qr = QrCode()
        self.qr_text = label("")
        qr_row.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignTop)
        qr_row.addWidget(self.qr_text, 1)
        self.print_status = label("", "Hint")
        for widget in (self.panel, self.ahead, self.wait, self.what_now, self.noted):
            self.column.addWidget(widget)
        self.column.addLayout(qr_row)
        self.column.addWidget(self.print_status)
        self.column.addStretch(1)
        self.print_button = WrapButton(_("Print again"), None, "Secondary")
        self.print_button.clicked.connect(self.print_clicked)
        self.finish = WrapButton(_("Finish"))
        self.finish.clicked.connect(self.finish_clicked)
        self.feedback = WrapButton(_("Tell us how we did (optional)"), None, "Link")
        self.feedback.clicked.connect(self.feedback_clicked)
        self.add_footer([self.print_button, self.feedback], self.finish)

    def show_ticket(
        self, issued: Issued, service: QueueService, follow_url: str, offer_feedback: bool = False
    ) -> None:
        self.restyle()
        ticket = issued.ticket
        self.title.setText(_("Your ticket number"))
        self.number.setText(ticket.number)
        # Read out letter by letter and digit by digit: "C 0 1 7".
        self.number.setAccessibleName(
            _("Your ticket number is {number}").format(number=" ".join(ticket.number))
        )
        self.service.setText(_("For: {service}").format(service=_(service.name)))
        self.ahead.setText(ahead_words(issued))
        self.wait.setText(wait_words(issued))
        self.what_now.setText(
            _(
                "Please take a seat. When it is your turn, your number and the counter to go "
                "to are shown on the screen and said out loud."
            )
        )
        if ticket.appointment is not None:
            noted = _("You are checked in for your appointment.")
        elif ticket.extra_help:
            noted = _("We have noted that you need extra help. Staff will see this.")
        else:
            noted = ""
        self.noted.setText(noted)
        self.noted.setVisible(bool(noted))
        self.qr.set_text(follow_url, qr_side())
        self.qr.setAccessibleName(_("QR code to follow your place in the queue"))
        self.qr_text.setText(_("Scan this code to see your place in the queue on your phone."))
        self.print_button.set_words(_("Print again"))
        self.feedback.set_words(_("Tell us how we did (optional)"))
        self.feedback.setVisible(offer_feedback)
        self.finish.set_words(_("Finish"))
        self.scroll_to_top()
        self.title.setFocus()

    def set_print_status(self, text: str, can_print_again: bool) -> None:
        self.print_status.setText(text)
        self.print_status.setVisible(bool(text))
        self.print_button.setVisible(can_print_again)

    def wipe(self) -> None:
        self.number.clear()
        self.qr.set_text("", self.qr.width())
        self.print_status.clear()
