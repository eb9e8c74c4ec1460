"""The information screens: Find a service (A to Z, and who does what), Opening times and
places, Our customer charter. Their words come from assets/content (see ui.info_tiles)."""

import logging
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.content import (
    Content,
    Service,
    describe_status,
    format_sessions,
    opening_status,
    services_by_letter,
    week_hours,
)
from kiosk.content.opening_words import day_name
from kiosk.i18n import _
from kiosk.working_days import WorkingDays
from ui import theme
from ui.widgets.common import Page, clear_layout, label
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
    """A to Z: tap a letter, then a service, to see who does it and how to get it done."""

    form_chosen = Signal(str)

    def __init__(self, content: Content, form_titles: dict[str, str]) -> None:
        super().__init__()
        self.content = content
        self.form_titles = form_titles
        self.letter: str | None = None
        self.service: Service | None = None
        self.who_does_what = False

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
        elif self.who_does_what or self.letter is not None:
            self.who_does_what = False
            self.letter = None
            self.refresh()
        else:
            self.back_clicked.emit()

    def wipe(self) -> None:
        self.letter = None
        self.service = None
        self.who_does_what = False

    def _show_letters(self) -> None:
        self.start(_("Find a service"))
        index = services_by_letter(self.content.services, _)
        self.add(_("Tap the first letter of what you need."), "Caption")
        grid = QGridLayout()
        # As many letters a row as fit at this text size (7 at standard size on a wide screen).
        per_row = max(3, min(7, self.width() // (theme.current().target + theme.current().px(40))))
        for number, letter in enumerate(index):
            button = WrapButton(letter, None, "Choice")
            button.setCheckable(True)
            button.setChecked(letter == self.letter)
            button.setAccessibleName(_("Services starting with {letter}").format(letter=letter))
            button.clicked.connect(lambda _c=False, chosen=letter: self._choose_letter(chosen))
            grid.addWidget(button, number // per_row, number % per_row)
        self.body.addLayout(grid)
        who = WrapButton(_("Who does what"), _("Council, county, police and NHS"), "Tile")
        who.clicked.connect(self._choose_organisations)
        self.body.addWidget(who)
        if self.letter is not None:
            self.add(self.letter, "SectionHeading")
            for service in index.get(self.letter, []):
                tile = WrapButton(_(service.name), _(service.summary), "Tile")
                tile.clicked.connect(lambda _c=False, s=service: self._show_service(s))
                self.body.addWidget(tile)

    def _choose_letter(self, letter: str) -> None:
        self.letter = letter
        self._show_letters()

    def _choose_organisations(self) -> None:
        self.who_does_what = True
        self._show_organisations()

    def _show_service(self, service: Service) -> None:
        self.service = service
        self.start(_(service.name))
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
