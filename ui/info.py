"""The information screens: Find a service (search, A to Z, and who does what), Opening times
and places, Our customer charter. Their words come from assets/content (see ui.info_tiles)."""

import logging
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QEvent, QPoint, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.content import (
    Content,
    Service,
    describe_status,
    format_sessions,
    opening_status,
    search_services,
    services_by_letter,
    week_hours,
)
from kiosk.content.opening_words import day_name
from kiosk.i18n import _
from kiosk.working_days import WorkingDays
from ui import theme
from ui.widgets.common import Page, clear_layout, column_width, label
from ui.widgets.keyboard import attach_keyboard
from ui.widgets.wrap_button import WrapButton

log = logging.getLogger(__name__)


class _InfoPage(Page):
    back_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.back = WrapButton(_("Back"), None, "Secondary")
        self.back.clicked.connect(self._back)
        self.title = label("", "Title")
        self.body = QVBoxLayout()
        self.add_footer([self.back])
        self.column.addWidget(self.title)
        self.column.addLayout(self.body)
        self.column.addStretch(1)

    def _back(self) -> None:
        self.back_clicked.emit()

    def start(self, title: str) -> None:
        self.restyle()
        self.back.set_words(_("Back"))
        self.title.setText(title)
        clear_layout(self.body)
        self.scroll_to_top()

    def add(self, text: str, name: str = "") -> None:
        self.body.addWidget(label(text, name))


class ServicesScreen(_InfoPage):
    """Search by the citizen's own words, or A to Z: tap a letter, then a service, to see who
    does it and how to get it done."""

    form_chosen = Signal(str)

    def __init__(self, content: Content, form_titles: dict[str, str]) -> None:
        super().__init__()
        self.letter_heading: QLabel | None = None  # the chosen letter's, to scroll to
        self.content = content
        self.form_titles = form_titles
        self.letter: str | None = None
        self.service: Service | None = None
        self.who_does_what = False
        self.query: str | None = None  # the words last searched for; None shows the letters
        # The search box lives outside the body that refresh() rebuilds, so a refresh (a
        # language change, Back from a service) never takes its focus or its words.
        self.search_panel = QWidget()
        self._panel = panel = QVBoxLayout(self.search_panel)
        panel.setContentsMargins(0, 0, 0, 0)
        self.search_label = label("", "FieldLabel")
        self.search_hint = label("", "Hint")
        self.search_box = QLineEdit()
        self.search_box.setMaxLength(100)
        self.search_box.setProperty("keyboard", "text")
        self.search_box.setDragEnabled(False)
        # As tall as the Search button beside it, which grows with its words.
        self.search_box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.search_box.returnPressed.connect(self._search)
        self.search_label.setBuddy(self.search_box)
        self.search_button = WrapButton(_("Search"))
        self.search_button.clicked.connect(self._search)
        self.search_row = QHBoxLayout()
        self.search_row.setContentsMargins(0, 0, 0, 0)
        self.search_row.addWidget(self.search_box, 1)
        self.search_row.addWidget(self.search_button, 0)
        panel.addWidget(self.search_label)
        panel.addWidget(self.search_hint)
        panel.addLayout(self.search_row)
        self.column.insertWidget(1, self.search_panel)  # under the title, above the body
        # The keys open under the box and its button when the box is tapped.
        self.keyboard = attach_keyboard(self.search_box)

    def start(self, title: str) -> None:
        self.letter_heading = None  # it was in the body that is cleared now
        super().start(title)

    def refresh(self) -> None:
        if self.service is not None:
            self._show_service(self.service)
        elif self.who_does_what:
            self._show_organisations()
        else:
            self._show_letters()

    def _back(self) -> None:
        if self.service is not None:
            self.service = None
            self.refresh()
        elif self.who_does_what or self.letter is not None or self.query is not None:
            self.who_does_what = False
            self.letter = None
            self._forget_search()
            self.refresh()
        else:
            self.back_clicked.emit()

    def wipe(self) -> None:
        self.letter = None
        self.service = None
        self.who_does_what = False
        self._forget_search()
        self.refresh()  # no tile or message with the last citizen's words is left behind

    def _forget_search(self) -> None:
        self.query = None
        # setText, not clear(): clear() can be undone, and would give back the last words.
        self.search_box.setText("")
        self.keyboard.hide()

    def _show_search(self, shown: bool) -> None:
        if not shown:
            self.keyboard.hide()
            self.search_panel.hide()
            return
        current = theme.current()
        self._panel.setSpacing(current.px(12))
        self.search_row.setSpacing(current.px(16))
        self.search_label.setText(_("Search for a service"))
        self.search_hint.setText(_("For example: bins, parking, council tax"))
        self.search_box.setAccessibleName(self.search_label.text())
        self.search_box.setAccessibleDescription(self.search_hint.text())
        self.search_button.set_words(_("Search"))
        self.search_panel.show()

    def _search(self) -> None:
        words = " ".join(self.search_box.text().split())
        self.keyboard.hide()  # so the results are in view
        if words:
            self.query = words
            self.letter = None
        else:
            self.query = None
        self._show_letters()

    def _show_letters(self) -> None:
        self.start(_("Find a service"))
        self._show_search(True)
        if self.query is not None:
            # The citizen's own language too: Urdu words find a service by its Urdu name.
            found = search_services(self.content.services, self.query, translate=_)
            if found:
                self.add(_("Results for '{words}'").format(words=self.query), "SectionHeading")
                self._add_tiles(found)
                return
            self.add(
                _(
                    "We could not find a service for '{words}'. "
                    "Try another word, or choose a letter below."
                ).format(words=self.query),
                "FieldLabel",
            )
        index = services_by_letter(self.content.services, _)
        self.add(_("Tap the first letter of what you need."), "Caption")
        grid = QGridLayout()
        buttons = []
        for letter in index:
            # Made in the page, so that the page's style sizes it before it is measured below.
            button = WrapButton(letter, None, "Choice", parent=self.column_widget)
            button.ensurePolished()
            button.setCheckable(True)
            button.setChecked(letter == self.letter)
            button.setAccessibleName(_("Services starting with {letter}").format(letter=letter))
            button.clicked.connect(lambda _c=False, chosen=letter: self._choose_letter(chosen))
            buttons.append(button)
        # As many letters a row as fit in the column at this text size (at most 7): measured on
        # the buttons themselves, since a letter of some scripts is wider than a Latin one.
        current = theme.current()
        room = min(self.width(), column_width()) - 2 * current.px(40)
        spacing = current.px(12)
        grid.setSpacing(spacing)
        widest = max((b.minimumSizeHint().width() for b in buttons), default=current.target)
        per_row = max(3, min(7, (room + spacing) // (max(widest, current.target) + spacing)))
        for number, button in enumerate(buttons):
            grid.addWidget(button, number // per_row, number % per_row)
        self.body.addLayout(grid)
        who = WrapButton(_("Who does what"), _("Council, county, police and NHS"), "Tile")
        who.clicked.connect(self._choose_organisations)
        self.body.addWidget(who)
        if self.letter is not None:
            self.letter_heading = label(self.letter, "SectionHeading")
            self.body.addWidget(self.letter_heading)
            self._add_tiles(index.get(self.letter, []))

    def _add_tiles(self, services: list[Service]) -> None:
        for service in services:
            tile = WrapButton(_(service.name), _(service.summary), "Tile")
            tile.clicked.connect(lambda _c=False, s=service: self._show_service(s))
            self.body.addWidget(tile)

    def _choose_letter(self, letter: str) -> None:
        self.letter = letter
        self._forget_search()
        self._show_letters()
        # On a landscape screen the letter's services start below the fold: bring them up once
        # the page has been laid out.
        QTimer.singleShot(0, self._show_chosen_letter)

    def _show_chosen_letter(self) -> None:
        if self.letter_heading is not None:  # the letter's heading at the top, its list below
            # Lay out the page now (the layout requests may still be waiting) to know where.
            QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            top = self.letter_heading.mapTo(self.scroll.widget(), QPoint(0, 0)).y()
            self.scroll.verticalScrollBar().setValue(top - theme.current().px(24))

    def _choose_organisations(self) -> None:
        self.who_does_what = True
        self._show_organisations()

    def _show_service(self, service: Service) -> None:
        self.service = service
        self.start(_(service.name))
        self._show_search(False)
        if service.urgent:
            self.add(_(service.urgent), "ErrorMessage")
        self.add(_(service.summary), "Caption")
        organisation = self.content.organisation_for(service)
        if organisation is not None:
            self.add(_("Who does this: {name}").format(name=_(organisation.name)), "FieldLabel")
        self.add(_(service.how))
        if service.phone:
            self.add(_("Phone: {number}").format(number=service.phone))
        if service.web:
            self.add(_("Online: {address}").format(address=service.web))
        if service.form and service.form in self.form_titles:
            start = WrapButton(_(self.form_titles[service.form]))
            start.clicked.connect(lambda _c=False, f=service.form: self.form_chosen.emit(f))
            self.body.addWidget(start, 0, Qt.AlignmentFlag.AlignLeft)

    def _show_organisations(self) -> None:
        self.start(_("Who does what"))
        self._show_search(False)
        for organisation in self.content.organisations.values():
            self.add(_(organisation.name), "SectionHeading")
            for duty in organisation.does:
                self.add("• " + _(duty))
            if organisation.phone:
                self.add(_("Phone: {number}").format(number=organisation.phone))
            if organisation.emergency:
                self.add(_(organisation.emergency), "FieldLabel")


class PlacesScreen(_InfoPage):
    def __init__(
        self, content: Content, clock: Callable[[], datetime], working_days: WorkingDays
    ) -> None:
        super().__init__()
        self.content = content
        self.clock = clock
        self.holidays = working_days.holiday_name

    def refresh(self) -> None:
        now = self.clock().astimezone()
        self.start(_("Opening times and places"))
        for place in self.content.places:
            self.add(_(place.name), "SectionHeading")
            self.add(", ".join([*place.address, place.postcode]))  # addresses stay as written
            self.add(describe_status(opening_status(place, now, self.holidays)), "FieldLabel")
            hours = QVBoxLayout()
            for day, sessions, reason in week_hours(place, now.date(), self.holidays):
                row = QHBoxLayout()
                row.addWidget(label(day_name(day.weekday())), 1)
                text = format_sessions(sessions)
                if reason:
                    text = _("{hours} ({reason})").format(hours=text, reason=_(reason))
                row.addWidget(label(text), 2)
                hours.addLayout(row)
            self.body.addLayout(hours)
            if place.offers:
                self.add(_("What you can do here"), "FieldLabel")
                for offer in place.offers:
                    self.add("• " + _(offer))
            if place.accessibility:
                self.add(_("Access"), "FieldLabel")
                for note in place.accessibility:
                    self.add("• " + _(note))


class CharterScreen(_InfoPage):
    def __init__(self, content: Content) -> None:
        super().__init__()
        self.content = content

    def refresh(self) -> None:
        charter = self.content.charter
        if charter is None:
            self.start(_("Our customer charter"))
            self.add(_("The charter is not available at the moment. Please ask a member of staff."))
            return
        self.start(_(charter.title))
        self.add(_(charter.introduction), "Caption")
        self.add(_("Our promises to you"), "SectionHeading")
        for promise in charter.promises:
            self.add("• " + _(promise.text))
        self.add(_("What we ask of you"), "SectionHeading")
        for ask in charter.we_ask:
            self.add("• " + _(ask))
        self.add(_(charter.comments))
