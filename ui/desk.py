"""The front-desk terminal (`kiosk desk --counter 3`): staff sign in, choose the services they
serve, see who is waiting and for how long, and call the next citizen. Every change goes
through the site's queue hub, off the GUI thread; the waiting list refreshes every few seconds.
"""

import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, Protocol

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.i18n import _, ngettext
from kiosk.tickets.model import (
    TARGET_SHARE,
    TARGET_WAIT_S,
    Call,
    Counter,
    QueueError,
    QueueService,
    ServiceStats,
    Ticket,
)
from ui.look import apply_look
from ui.widgets.common import Page, clear_layout, label
from ui.widgets.wrap_button import WrapButton
from ui.worker import Worker

log = logging.getLogger(__name__)
REFRESH_MS = 5000
NOT_YET = "\u2013"  # an en dash: nothing to show yet


class DeskQueue(Protocol):
    """What a desk needs of the site queue (kiosk.tickets.client.HubClient)."""

    def services(self) -> list[QueueService]: ...
    def sign_in(self, counter: int, staff: str, services: Sequence[str]) -> Counter: ...
    def sign_out(self, counter: int) -> None: ...
    def pause_counter(self, counter: int, paused: bool) -> Counter: ...
    def call_next(self, counter: int, services: Sequence[str]) -> Ticket: ...
    def recall(self, ticket_id: str, counter: int) -> Ticket: ...
    def served(self, ticket_id: str) -> Ticket: ...
    def no_show(self, ticket_id: str) -> Ticket: ...
    def transfer(self, ticket_id: str, to_service: str) -> Ticket: ...
    def waiting(self, services: Sequence[str] | None = None) -> list[Ticket]: ...
    def statistics(self) -> list[ServiceStats]: ...
    def recent_calls(self, limit: int = 6) -> list[Call]: ...


def minutes(seconds: float) -> str:
    whole = max(0, round(seconds / 60))
    return ngettext("{n} minute", "{n} minutes", whole).format(n=whole)


def flags(ticket: Ticket) -> str:
    words = []
    if ticket.extra_help:
        words.append(_("Extra help"))
    if ticket.appointment is not None:
        words.append(_("Appointment {reference}").format(reference=ticket.appointment))
    return ", ".join(words)


class SignInPage(Page):
    signed_in = Signal(str, list)

    def __init__(self, counter: int) -> None:
        super().__init__()
        self.counter = counter
        self.title = label("", "Title")
        self.name_label = label("", "FieldLabel")
        self.name = QLineEdit()
        self.name.setMaxLength(40)
        self.name_label.setBuddy(self.name)
        self.services_label = label("", "FieldLabel")
        self.error = label("", "ErrorMessage")
        self.error.hide()
        self.choices = QVBoxLayout()
        for widget in (self.title, self.error, self.name_label, self.name, self.services_label):
            self.column.addWidget(widget)
        self.column.addLayout(self.choices)
        self.column.addStretch(1)
        self.start = WrapButton("")
        self.start.clicked.connect(self._start)
        self.add_footer([], self.start)
        self.buttons: dict[str, WrapButton] = {}

    def show_services(self, services: list[QueueService]) -> None:
        self.restyle()
        self.title.setText(_("Sign in to counter {n}").format(n=self.counter))
        self.name_label.setText(_("Your name or staff number"))
        self.name.setAccessibleName(_("Your name or staff number"))
        self.services_label.setText(_("The services you serve today"))
        if list(self.buttons) != [s.id for s in services]:
            clear_layout(self.choices)
            self.buttons = {}
            for service in services:
                button = WrapButton("", None, "Choice", indicator="check")
                button.setCheckable(True)
                self.buttons[service.id] = button
                self.choices.addWidget(button)
        for service in services:
            self.buttons[service.id].set_words(_(service.name))
        self.start.set_words(_("Start serving"))

    def show_problem(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def _start(self) -> None:
        chosen = [key for key, button in self.buttons.items() if button.isChecked()]
        staff = self.name.text().strip()
        if not staff:
            self.show_problem(_("Enter your name or staff number"))
            self.name.setFocus()
        elif not chosen:
            self.show_problem(_("Choose at least one service."))
        else:
            self.show_problem("")
            self.signed_in.emit(staff, chosen)


class ServingPage(Page):
    """The ticket at this counter, its actions, and who is waiting."""

    def __init__(self) -> None:
        super().__init__()
        self.who = label("", "Caption")
        self.panel = QFrame()
        self.panel.setObjectName("Panel")
        panel = QVBoxLayout(self.panel)
        self.now_label = label("", "FieldLabel")
        self.number = label("", "Huge")
        self.detail = label("")
        for widget in (self.now_label, self.number, self.detail):
            panel.addWidget(widget)
        self.message = label("", "ErrorMessage")
        self.message.hide()
        self.call_next = WrapButton("")
        self.recall = WrapButton("", None, "Secondary")
        self.served = WrapButton("", None, "Secondary")
        self.no_show = WrapButton("", None, "Secondary")
        self.transfer = WrapButton("", None, "Secondary")
        self.pause = WrapButton("", None, "Secondary")
        self.statistics = WrapButton("", None, "Secondary")
        self.sign_out = WrapButton("", None, "Link")
        self.action_grid = QGridLayout()
        self.action_buttons = (
            self.call_next,
            self.recall,
            self.served,
            self.no_show,
            self.transfer,
            self.pause,
        )
        self._columns = 0
        self.transfer_heading = label("", "SectionHeading")
        self.transfer_choices = QVBoxLayout()
        self.transfer_box = QWidget()
        box = QVBoxLayout(self.transfer_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.transfer_heading)
        box.addLayout(self.transfer_choices)
        self.transfer_box.hide()
        self.waiting_heading = label("", "SectionHeading")
        # One line a ticket, in the order they will be called; words wrap at any text size.
        self.waiting_list = QVBoxLayout()
        for widget in (self.who, self.panel, self.message):
            self.column.addWidget(widget)
        self.column.addLayout(self.action_grid)
        self.column.addWidget(self.transfer_box)
        self.column.addWidget(self.waiting_heading)
        self.column.addLayout(self.waiting_list)
        self.add_footer([self.sign_out, self.statistics])

    def arrange_actions(self) -> None:
        """Three buttons a row where their longest words fit, else two, else one."""
        spacing = self.action_grid.spacing()
        room = self.column_widget.width() - self.column.contentsMargins().left() * 2
        widest = max(b.minimumSizeHint().width() for b in self.action_buttons)
        columns = next((n for n in (3, 2) if n * widest + (n - 1) * spacing <= room), 1)
        if columns == self._columns:
            return
        self._columns = columns
        for button in self.action_buttons:
            self.action_grid.removeWidget(button)
        for index, button in enumerate(self.action_buttons):
            self.action_grid.addWidget(button, index // columns, index % columns)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.arrange_actions()


class StatisticsPage(Page):
    """Today per service: counts, waiting and service times, and the 15-minute target."""

    back_clicked = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.title = label("", "Title")
        self.explain = label("", "Caption")
        self.chart_holder = QVBoxLayout()
        # A block a service rather than a table: it reflows at any size and in any language.
        self.services = QVBoxLayout()
        self.blocks: dict[str, QLabel] = {}
        for widget in (self.title, self.explain):
            self.column.addWidget(widget)
        self.column.addLayout(self.chart_holder)
        self.column.addLayout(self.services)
        self.back = WrapButton("", None, "Secondary")
        self.back.clicked.connect(self.back_clicked)
        self.add_footer([self.back])
        self.chart_view: QWidget | None = None

    def show_statistics(self, stats: list[ServiceStats], names: dict[str, str]) -> None:
        self.restyle()
        self.title.setText(_("Today at this site"))
        self.explain.setText(
            _(
                "Our promise: {share}% of visitors seen within {minutes} minutes of arriving. "
                "The bars show the share seen within {minutes} minutes for each service."
            ).format(share=round(TARGET_SHARE * 100), minutes=TARGET_WAIT_S // 60)
        )
        self.back.set_words(_("Back"))
        clear_layout(self.chart_holder)
        self.chart_view = _chart(stats, names)
        self.chart_holder.addWidget(self.chart_view)
        clear_layout(self.services)
        self.blocks = {}

        def time_or_dash(value: float | None) -> str:
            return NOT_YET if value is None else minutes(value)

        for item in stats:
            heading = label(names.get(item.service, item.service), "SectionHeading")
            share = NOT_YET if item.seen_within_target is None else f"{item.seen_within_target:.0%}"
            lines = [
                _("Tickets today: {issued}. Seen: {seen}. Waiting now: {waiting}.").format(
                    issued=item.issued, seen=item.seen, waiting=item.waiting
                ),
                _("Waiting time: half waited up to {median}; 9 in 10 up to {p90}.").format(
                    median=time_or_dash(item.median_wait_s), p90=time_or_dash(item.p90_wait_s)
                ),
                _("Time at the counter: half took up to {median}; 9 in 10 up to {p90}.").format(
                    median=time_or_dash(item.median_service_s),
                    p90=time_or_dash(item.p90_service_s),
                ),
                _("Seen within {minutes} minutes: {share} (target: {target}).").format(
                    minutes=TARGET_WAIT_S // 60,
                    share=share,
                    target=f"{TARGET_SHARE:.0%}",
                ),
            ]
            block = label("\n".join(lines))
            self.blocks[item.service] = block
            self.services.addWidget(heading)
            self.services.addWidget(block)


def _chart(stats: list[ServiceStats], names: dict[str, str]) -> QWidget:
    # QtCharts loads when the statistics are first opened, not when the desk starts.
    from PySide6.QtCharts import (
        QBarCategoryAxis,
        QBarSet,
        QChart,
        QChartView,
        QHorizontalBarSeries,
        QLineSeries,
        QValueAxis,
    )
    from PySide6.QtGui import QColor, QPainter, QPen

    from ui import theme

    palette = theme.current().palette
    bars = QBarSet(_("Seen within {minutes} minutes (%)").format(minutes=TARGET_WAIT_S // 60))
    bars.setColor(QColor(palette.link))
    bars.setBorderColor(QColor(palette.text))
    categories = []
    for item in reversed(stats):  # the axis runs bottom to top; the list reads top down
        bars.append(0.0 if item.seen_within_target is None else 100 * item.seen_within_target)
        categories.append(names.get(item.service, item.service))
    # Bars across the page: each service's whole name fits beside its bar, at any text size.
    series = QHorizontalBarSeries()
    series.append(bars)
    target = QLineSeries()
    target.setName(_("Target: {share}%").format(share=round(TARGET_SHARE * 100)))
    target.append(100 * TARGET_SHARE, -0.5)
    target.append(100 * TARGET_SHARE, max(0, len(stats) - 1) + 0.5)
    pen = QPen(QColor(palette.error))
    pen.setWidth(theme.current().px(4))
    pen.setStyle(Qt.PenStyle.DashLine)
    target.setPen(pen)
    chart = QChart()
    chart.addSeries(series)
    chart.addSeries(target)
    axis_y = QBarCategoryAxis()
    axis_y.append(categories)
    axis_x = QValueAxis()
    axis_x.setRange(0, 100)
    axis_x.setLabelFormat("%d%%")
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    for each in (series, target):
        each.attachAxis(axis_x)
        each.attachAxis(axis_y)
    font = chart.font()
    font.setPixelSize(theme.current().px(18))
    for axis in (axis_x, axis_y):
        axis.setLabelsFont(font)
        axis.setLabelsColor(QColor(palette.text))
    chart.legend().setFont(font)
    chart.legend().setLabelColor(QColor(palette.text))
    chart.setBackgroundBrush(QColor(palette.background))
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(theme.current().px(160 + 56 * max(1, len(stats))))
    view.setAccessibleName(
        _("Chart: share of visitors seen within {minutes} minutes, by service").format(
            minutes=TARGET_WAIT_S // 60
        )
    )
    view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return view


class DeskWindow(QWidget):
    """One counter's terminal."""

    def __init__(
        self,
        queue: DeskQueue,
        counter: int,
        *,
        clock: Callable[[], datetime],
        language: str = "en",
        scale: float = 1.0,
        high_contrast: bool = False,
        refresh_ms: int = REFRESH_MS,
    ) -> None:
        super().__init__()
        self.queue = queue
        self.counter = counter
        self.clock = clock
        self.language, self.scale, self.high_contrast = language, scale, high_contrast
        self.calls = Worker(self)
        self.all_services: list[QueueService] = []
        self.staff = ""
        self.serving: list[str] = []
        self.paused = False
        self.current: Ticket | None = None
        self.waiting_now: list[Ticket] = []
        self.stack = QStackedWidget()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.sign_in_page = SignInPage(counter)
        self.serving_page = ServingPage()
        self.statistics_page = StatisticsPage()
        for page in (self.sign_in_page, self.serving_page, self.statistics_page):
            self.stack.addWidget(page)
        self.sign_in_page.signed_in.connect(self._sign_in)
        page = self.serving_page
        page.call_next.clicked.connect(self.call_next)
        page.recall.clicked.connect(self.recall)
        page.served.clicked.connect(self.mark_served)
        page.no_show.clicked.connect(self.mark_no_show)
        page.transfer.clicked.connect(self._choose_transfer)
        page.pause.clicked.connect(self.toggle_pause)
        page.statistics.clicked.connect(self.show_statistics)
        page.sign_out.clicked.connect(self.sign_out)
        self.statistics_page.back_clicked.connect(self._back_to_serving)
        self.refresher = QTimer(self)
        self.refresher.setInterval(refresh_ms)
        self.refresher.timeout.connect(self.refresh)
        self.setWindowTitle(_("Counter {n}").format(n=counter))
        apply_look(self, language, scale, high_contrast)
        self.calls.call(self.queue.services, self._got_services, self._failed)

    # -- look --------------------------------------------------------------------------------

    def set_look(self, language: str, scale: float, high_contrast: bool) -> None:
        self.language, self.scale, self.high_contrast = language, scale, high_contrast
        apply_look(self, language, scale, high_contrast)
        self.render()

    def names(self) -> dict[str, str]:
        return {s.id: _(s.name) for s in self.all_services}

    def render(self) -> None:
        self.sign_in_page.show_services(self.all_services)
        self._render_serving()
        if self.stack.currentWidget() is self.statistics_page:
            self.show_statistics()

    def _render_serving(self) -> None:
        page = self.serving_page
        page.restyle()
        names = self.names()
        page.who.setText(
            _("Counter {n} · {staff} · serving: {services}").format(
                n=self.counter,
                staff=self.staff,
                services=", ".join(names.get(s, s) for s in self.serving),
            )
        )
        ticket = self.current
        if ticket is None:
            page.now_label.setText(_("No one at the counter"))
            page.number.setText(NOT_YET)
            page.detail.setText(_("Call the next person when you are ready."))
        else:
            page.now_label.setText(_("Now serving"))
            page.number.setText(ticket.number)
            waited = (ticket.first_called_at or self.clock()) - ticket.issued_at
            details = [
                names.get(ticket.service, ticket.service),
                _("Waited {time}").format(time=minutes(waited.total_seconds())),
            ]
            if flags(ticket):
                details.append(flags(ticket))
            page.detail.setText(" · ".join(details))
        page.call_next.set_words(_("Call next"))
        page.recall.set_words(_("Call again"))
        page.served.set_words(_("Served"))
        page.no_show.set_words(_("Did not come"))
        page.transfer.set_words(_("Move to another service"))
        page.pause.set_words(_("Resume calling") if self.paused else _("Pause calling"))
        page.statistics.set_words(_("Statistics"))
        page.sign_out.set_words(_("Sign out"))
        page.arrange_actions()
        has_ticket = ticket is not None
        for button in (page.recall, page.served, page.no_show, page.transfer):
            button.setEnabled(has_ticket)
        page.call_next.setEnabled(not has_ticket and not self.paused)
        page.transfer_heading.setText(
            _("Move {number} to:").format(number=ticket.number if ticket else "")
        )
        page.waiting_heading.setText(
            ngettext("{n} person waiting", "{n} people waiting", len(self.waiting_now)).format(
                n=len(self.waiting_now)
            )
        )
        self._fill_waiting()

    def _fill_waiting(self) -> None:
        listing = self.serving_page.waiting_list
        clear_layout(listing)
        names = self.names()
        now = self.clock()
        for ticket in self.waiting_now:
            parts = [
                ticket.number,
                names.get(ticket.service, ticket.service),
                _("waiting {time}").format(time=minutes((now - ticket.issued_at).total_seconds())),
            ]
            if flags(ticket):
                parts.append(flags(ticket))
            listing.addWidget(label(" · ".join(parts), "WaitingTicket"))

    # -- answers from the hub ---------------------------------------------------------------

    def _got_services(self, services: list[QueueService]) -> None:
        self.all_services = services
        self.render()
        self.stack.setCurrentWidget(self.sign_in_page)

    def _failed(self, error: Exception) -> None:
        if isinstance(error, QueueError):
            text = error.message
        else:
            log.error("Desk call failed unexpectedly", exc_info=error)
            text = _("Something went wrong. Please try again.")
        if self.stack.currentWidget() is self.sign_in_page:
            self.sign_in_page.show_problem(text)
        else:
            self._say(text)

    def _say(self, text: str) -> None:
        message = self.serving_page.message
        message.setText(text)
        message.setVisible(bool(text))

    def _do(self, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        self._say("")
        self.calls.call(work, done, self._failed)

    # -- staff actions ----------------------------------------------------------------------

    def _sign_in(self, staff: str, services: list[str]) -> None:
        counter_number = self.counter

        def work() -> tuple[Counter, Ticket | None]:
            counter = self.queue.sign_in(counter_number, staff, services)
            # After a restart of this terminal, the ticket it had called is still its own.
            called = next(
                (
                    call.ticket
                    for call in self.queue.recent_calls(100)
                    if call.counter == counter_number and call.ticket.status == "called"
                ),
                None,
            )
            return counter, called

        def done(answer: tuple[Counter, Ticket | None]) -> None:
            counter, self.current = answer
            self.staff, self.serving, self.paused = counter.staff, list(counter.services), False
            self.stack.setCurrentWidget(self.serving_page)
            self._render_serving()
            self.refresh()
            self.refresher.start()

        self._do(work, done)

    def refresh(self) -> None:
        if self.calls.busy:
            return  # an action is under way; its answer refreshes the list

        def done(tickets: list[Ticket]) -> None:
            self.waiting_now = tickets
            self._render_serving()

        self.calls.call(lambda: self.queue.waiting(self.serving), done, self._failed)

    def _after(self, ticket: Ticket | None) -> None:
        self.current = ticket
        self.serving_page.transfer_box.hide()
        self._render_serving()
        self.refresh()

    def call_next(self) -> None:
        self._do(lambda: self.queue.call_next(self.counter, self.serving), self._after)

    def recall(self) -> None:
        if self.current is not None:
            ticket_id = self.current.id
            self._do(lambda: self.queue.recall(ticket_id, self.counter), self._after)

    def mark_served(self) -> None:
        if self.current is not None:
            ticket_id = self.current.id
            self._do(lambda: self.queue.served(ticket_id), lambda _t: self._after(None))

    def mark_no_show(self) -> None:
        if self.current is not None:
            ticket_id = self.current.id
            self._do(lambda: self.queue.no_show(ticket_id), lambda _t: self._after(None))

    def _choose_transfer(self) -> None:
        page = self.serving_page
        clear_layout(page.transfer_choices)
        if self.current is None:
            return
        for service in self.all_services:
            if service.id == self.current.service:
                continue
            button = WrapButton(_(service.name), None, "Choice")
            button.clicked.connect(lambda _c=False, key=service.id: self.transfer(key))
            page.transfer_choices.addWidget(button)
        page.transfer_box.show()
        page.ensure_visible(page.transfer_box)

    def transfer(self, service: str) -> None:
        if self.current is not None:
            ticket_id = self.current.id
            self._do(lambda: self.queue.transfer(ticket_id, service), lambda _t: self._after(None))

    def toggle_pause(self) -> None:
        def done(counter: Counter) -> None:
            self.paused = counter.paused
            self._render_serving()

        paused = not self.paused
        self._do(lambda: self.queue.pause_counter(self.counter, paused), done)

    def show_statistics(self) -> None:
        def done(stats: list[ServiceStats]) -> None:
            self.statistics_page.show_statistics(stats, self.names())
            self.stack.setCurrentWidget(self.statistics_page)

        self._do(self.queue.statistics, done)

    def _back_to_serving(self) -> None:
        self.stack.setCurrentWidget(self.serving_page)
        self.refresh()

    def sign_out(self) -> None:
        if self.current is not None:
            self._say(
                _(
                    "Finish with ticket {number} first: Served, Did not come, or Move to "
                    "another service."
                ).format(number=self.current.number)
            )
            return

        def done(_none: object) -> None:
            self.refresher.stop()
            self.staff, self.serving, self.current, self.waiting_now = "", [], None, []
            self.sign_in_page.name.clear()
            for button in self.sign_in_page.buttons.values():
                button.setChecked(False)
            self.stack.setCurrentWidget(self.sign_in_page)

        self._do(lambda: self.queue.sign_out(self.counter), done)

    def shut_down(self) -> None:
        self.refresher.stop()
        self.calls.wait()
