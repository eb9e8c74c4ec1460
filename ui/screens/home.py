"""The home screen: large tiles for what a citizen can do here."""

from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QWidget

from kiosk.i18n import _
from ui import theme
from ui.widgets.common import Page, column_width, label
from ui.widgets.wrap_button import WrapButton

# Tiles are not lines of text to read: on a landscape screen they may spread wider than the
# reading column, four abreast, so that every tile shows without scrolling.
GRID_WIDTH_RATIO = 1.4
MAX_COLUMNS = 4


@dataclass(frozen=True)
class Tile:
    """One tile of the home screen."""

    key: str  # a form id, or "services", "places", "charter"
    title: str  # English source text, translated when shown
    summary: str


class HomeScreen(Page):
    tile_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, touch_scrolling=False)  # not before the first paint
        self.title = label("", "Title")
        self.intro = label("", "Caption")
        self.grid = QGridLayout()
        self.column.addWidget(self.title)
        self.column.addWidget(self.intro)
        self.column.addLayout(self.grid)
        self.column.addStretch(1)
        self.tiles: list[Tile] = []
        self.buttons: dict[str, WrapButton] = {}
        self._columns = 0

    @staticmethod
    def grid_width() -> int:
        return round(column_width() * GRID_WIDTH_RATIO)

    def restyle(self) -> None:
        super().restyle()
        self.column_widget.setMaximumWidth(self.grid_width())

    def show_tiles(self, tiles: list[Tile]) -> None:
        self.restyle()
        self.title.setText(_("How can we help you today?"))
        self.intro.setText(
            _("Tap what you need. You can change the language or text size at the top.")
        )
        if [t.key for t in tiles] != [t.key for t in self.tiles]:
            for button in self.buttons.values():
                button.deleteLater()
            self.buttons = {}
            for tile in tiles:
                button = WrapButton(_(tile.title), _(tile.summary), "Tile")
                button.clicked.connect(lambda _c=False, key=tile.key: self.tile_clicked.emit(key))
                self.buttons[tile.key] = button
            self.tiles = tiles
            self._columns = 0
        for tile in tiles:
            self.buttons[tile.key].set_words(_(tile.title), _(tile.summary))
        self._arrange()
        self.scroll_to_top()

    def _arrange(self) -> None:
        # As many columns as fit tiles of a comfortable width at this text size.
        spacing = theme.current().px(24)
        self.grid.setSpacing(spacing)
        # The page's own width: the column inside may not have been laid out yet.
        margin = theme.current().px(40)
        width = max(1, min(self.width(), self.grid_width()) - 2 * margin)
        columns = max(1, min(MAX_COLUMNS, width // max(1, theme.current().px(360))))
        if columns == self._columns:
            return
        self._columns = columns
        for button in self.buttons.values():
            self.grid.removeWidget(button)
        for index, tile in enumerate(self.tiles):
            self.grid.addWidget(self.buttons[tile.key], index // columns, index % columns)
        for column in range(MAX_COLUMNS):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange()
