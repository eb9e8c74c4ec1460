"""The bar at the top of every screen: the council's name, Language and Accessibility."""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QWidget

from kiosk.i18n import _
from kiosk.languages import native_name
from ui import theme
from ui.widgets.common import label


class Header(QFrame):
    language_clicked = Signal()
    accessibility_clicked = Signal()
    home_clicked = Signal()
    read_aloud_clicked = Signal()

    def __init__(self, council: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Header")
        layout = QHBoxLayout(self)
        self.council = label(council, "CouncilName")
        self.home = QPushButton()
        self.home.clicked.connect(self.home_clicked)
        self.language = QPushButton()
        self.language.clicked.connect(self.language_clicked)
        self.accessibility = QPushButton()
        self.accessibility.clicked.connect(self.accessibility_clicked)
        self.read_aloud = QPushButton()
        self.read_aloud.clicked.connect(self.read_aloud_clicked)
        layout.addWidget(self.council, 1)
        for button in (self.home, self.read_aloud, self.language, self.accessibility):
            layout.addWidget(button)
        self.layout_ = layout

    def refresh(self, language: str, show_home: bool, speaking: bool = False) -> None:
        margin = theme.current().px(16)
        self.layout_.setContentsMargins(margin * 2, margin, margin * 2, margin)
        self.layout_.setSpacing(margin)
        # The language button always names the language in its own script, plus "Language"
        # in the current one, so someone who cannot read the screen's language finds it.
        self.language.setText(_("Language") + " · " + native_name(language))
        self.language.setAccessibleName(_("Change language"))
        self.accessibility.setText(_("Text size and contrast"))
        self.accessibility.setAccessibleName(_("Text size and contrast"))
        self.read_aloud.setText(_("Stop reading") if speaking else _("Read aloud"))
        self.read_aloud.setAccessibleName(self.read_aloud.text())
        self.home.setText(_("Home"))
        self.home.setAccessibleName(_("Go to the home screen"))
        self.home.setVisible(show_home)
