"""Language, text size and contrast applied to a top-level window: the kiosk, the desk
terminal and the wall display all look and read the same way."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QWidget

from kiosk import formatting
from kiosk.i18n import set_language
from kiosk.languages import BY_CODE
from ui import theme


def apply_look(window: QWidget, code: str, scale: float, high_contrast: bool) -> None:
    language = BY_CODE[code]
    set_language(language.code)
    formatting.set_locale(language.locale)
    palette = theme.HIGH_CONTRAST if high_contrast else theme.DEFAULT
    current = theme.Theme(palette, scale)
    theme.set_current(current)
    font = QFont(window.font())
    font.setFamilies(list(language.fonts))
    window.setFont(font)
    window.setStyleSheet(current.stylesheet())
    direction = Qt.LayoutDirection.RightToLeft if language.rtl else Qt.LayoutDirection.LeftToRight
    window.setLayoutDirection(direction)
