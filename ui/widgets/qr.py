"""A QR code drawn crisp at any size, from the modules the domain computed."""

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from kiosk.qr import qr_modules
from ui import theme


def qr_side() -> int:
    """The side of a QR code beside its words: grown a little with the text, but a camera
    needs no more, and at the largest text a bigger code pushed the page off a portrait screen."""
    return min(400, max(280, theme.current().px(280)))


def qr_image(text: str, scale: int = 8) -> QImage:
    modules = qr_modules(text)
    size = len(modules) * scale
    image = QImage(size, size, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    for y, row in enumerate(modules):
        for x, dark in enumerate(row):
            if dark:
                painter.fillRect(QRect(x * scale, y * scale, scale, scale), QColor("black"))
    painter.end()
    return image


class QrCode(QWidget):
    """Always black on white, whatever the theme: phone cameras read that best."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._modules: list[list[bool]] = []
        self.setFixedSize(QSize(240, 240))

    def set_text(self, text: str, side: int) -> None:
        self._modules = qr_modules(text) if text else []
        self.setFixedSize(QSize(side, side))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.white)
        count = len(self._modules)
        if count:
            cell = self.width() / count
            for y, row in enumerate(self._modules):
                for x, dark in enumerate(row):
                    if dark:
                        painter.fillRect(
                            round(x * cell),
                            round(y * cell),
                            round((x + 1) * cell) - round(x * cell),
                            round((y + 1) * cell) - round(y * cell),
                            Qt.GlobalColor.black,
                        )
        painter.end()
