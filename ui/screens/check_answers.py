"""Check your answers before sending: each answer with a Change link, then Send. If the kiosk
cannot keep the request, a calm message says so above the answers, which stay on screen."""

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from kiosk.forms.journey import FormJourney
from kiosk.i18n import _
from ui.widgets.common import Page, clear_layout, label
from ui.widgets.wrap_button import WrapButton


class CheckAnswersScreen(Page):
    change_clicked = Signal(str)  # question id
    submit_clicked = Signal()
    back_clicked = Signal()
    stop_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.back = WrapButton(_("Back"), None, "Secondary")
        self.back.clicked.connect(self.back_clicked)
        self.caption = label("", "Caption")
        self.title = label("", "Title")
        self.problem = QFrame()
        self.problem.setObjectName("Warning")
        problem = QVBoxLayout(self.problem)
        self.problem_title = label("", "ErrorMessage")
        self.problem_text = label("")
        problem.addWidget(self.problem_title)
        problem.addWidget(self.problem_text)
        self.problem.hide()
        self.rows = QVBoxLayout()
        self.send_heading = label("", "SectionHeading")
        self.send_text = label("")
        self.submit = WrapButton(_("Send"))
        self.submit.clicked.connect(self.submit_clicked)
        self.stop = WrapButton(_("Stop and delete my answers"), None, "Link")
        self.stop.clicked.connect(self.stop_clicked)
        self.add_footer([self.back, self.stop], self.submit)
        self.column.addWidget(self.caption)
        self.column.addWidget(self.title)
        self.column.addWidget(self.problem)
        self.column.addLayout(self.rows)
        self.column.addWidget(self.send_heading)
        self.column.addWidget(self.send_text)
        self.column.addStretch(1)

    def show_answers(self, journey: FormJourney, format_date: object = None) -> None:
        self.restyle()
        self.back.set_words(_("Back"))
        self.caption.setText(_(journey.form.title))
        self.title.setText(_("Check your answers before sending"))
        self.send_heading.setText(_("Now send your request"))
        self.send_text.setText(
            _("By sending this you confirm that, as far as you know, the details are correct.")
        )
        self.submit.set_words(_("Send"))
        self.stop.set_words(_("Stop and delete my answers"))
        self.setEnabled(True)
        self.problem.hide()
        clear_layout(self.rows)
        for question, answer in journey.summary():
            row = QFrame()
            row.setObjectName("SummaryRow")
            layout = QVBoxLayout(row)
            layout.setContentsMargins(0, 0, 0, 12)
            layout.addWidget(label(_(question.label), "FieldLabel"))
            layout.addWidget(label(answer or _("Not answered")))
            change = WrapButton(_("Change"), None, "Link")
            change.setAccessibleName(
                _("Change your answer to: {question}").format(question=_(question.label))
            )
            change.clicked.connect(lambda _c=False, qid=question.id: self.change_clicked.emit(qid))
            layout.addWidget(change, 0, Qt.AlignmentFlag.AlignLeft)
            self.rows.addWidget(row)
        self.scroll_to_top()
        self.title.setFocus()

    def show_cannot_send(self) -> None:
        """The outbox refused (full, or it cannot be written): say so, keep the answers."""
        self.setEnabled(True)
        self.problem_title.setText(_("Sorry, your request has not been sent"))
        self.problem_text.setText(
            _(
                "Please show this screen to a member of staff. They can help you send it "
                "another way. Your answers are still here."
            )
        )
        self.problem.show()
        self.scroll_to_top()
        self.problem_title.setFocus()

    def wipe(self) -> None:
        self.problem.hide()
        clear_layout(self.rows)
        self.caption.clear()
