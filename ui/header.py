"""The bar at the top of every screen: the council's name, Read aloud, Language, and Text size
and contrast. On a narrow screen or with large text the buttons go to a second row and their
words wrap: the bar never makes the window wider than the screen."""

from PySide6.QtCore import Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QWidget

from kiosk.i18n import _
from kiosk.languages import native_name
from ui import theme
from ui.widgets.common import label
from ui.widgets.wrap_button import WrapButton


class Header(QFrame):
    language_clicked = Signal()
    accessibility_clicked = Signal()
    home_clicked = Signal()
    read_aloud_clicked = Signal()

    def __init__(self, council: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Header")
        self.council = label(council, "CouncilName")
        self.home = WrapButton("", None, "Header", self)
        self.home.clicked.connect(self.home_clicked)
        self.read_aloud = WrapButton("", None, "Header", self)
        self.read_aloud.clicked.connect(self.read_aloud_clicked)
        self.language = WrapButton("", None, "Header", self)
        self.language.clicked.connect(self.language_clicked)
        self.accessibility = WrapButton("", None, "Header", self)
        self.accessibility.clicked.connect(self.accessibility_clicked)
        self.buttons = (self.home, self.read_aloud, self.language, self.accessibility)
        self.layout_ = QGridLayout(self)
        self._arrangement: tuple[bool, int, int] | None = None

    def refresh(self, language: str, show_home: bool, speaking: bool = False) -> None:
        margin = theme.current().px(16)
        self.layout_.setContentsMargins(margin * 2, margin, margin * 2, margin)
        self.layout_.setSpacing(margin)
        # The language button always names the language in its own script, plus "Language"
        # in the current one, so someone who cannot read the screen's language finds it.
        self.language.set_words(_("Language") + " · " + native_name(language))
        self.language.setAccessibleName(_("Change language"))
        self.accessibility.set_words(_("Text size and contrast"))
        self.read_aloud.set_words(_("Stop reading") if speaking else _("Read aloud"))
        self.home.set_words(_("Home"))
        self.home.setAccessibleName(_("Go to the home screen"))
        self.home.setVisible(show_home)
        self._arrange()

    def _arrange(self) -> None:
        shown = [button for button in self.buttons if not button.isHidden()]
        spacing = self.layout_.spacing()
        needed = self.council.sizeHint().width() + sum(
            button.sizeHint().width() + spacing for button in shown
        )
        margins = self.layout_.contentsMargins()
        room = self.width() - margins.left() - margins.right()
        one_row = needed <= room
        # Below the name, as many buttons a row as fit at their narrowest.
        narrowest = max((b.minimumSizeHint().width() for b in shown), default=1)
        per_row = max(1, min(len(shown), (room + spacing) // (narrowest + spacing)))
        arrangement = (one_row, per_row, len(shown))
        if arrangement == self._arrangement:
            return
        self._arrangement = arrangement
        for widget in (self.council, *self.buttons):
            self.layout_.removeWidget(widget)
        for column in range(len(self.buttons) + 1):
            self.layout_.setColumnStretch(column, 0)
        if one_row:
            self.layout_.addWidget(self.council, 0, 0)
            self.layout_.setColumnStretch(0, 1)
            for column, button in enumerate(shown, start=1):
                self.layout_.addWidget(button, 0, column)
        else:
            self.layout_.addWidget(self.council, 0, 0, 1, per_row)
            for index, button in enumerate(shown):
                self.layout_.addWidget(button, 1 + index // per_row, index % per_row)
            for column in range(per_row):
                self.layout_.setColumnStretch(column, 1)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange()
