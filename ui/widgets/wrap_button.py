"""A button whose text wraps instead of being cut off, at any text size and in any language.

QPushButton never wraps. This one lets the style draw the button's panel (so the stylesheet's
colours, borders and states apply) and draws the words itself, wrapped, in the theme's colour
for the button's role and state. Its height follows its width.
"""

from PySide6.QtCore import QEvent, QPointF, QRect, QSize, Qt, QTextBoundaryFinder
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QPushButton, QSizePolicy, QStyle, QStyleOptionButton, QWidget

from kiosk.formatting import keep_numbers_whole
from ui import theme

ROLES = ("Primary", "Secondary", "Tile", "Choice", "Link", "Header")
_FLAGS = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft)
_BIG = 100_000


def widest_unbreakable(text: str, metrics: QFontMetrics) -> int:
    """The width of the widest piece of `text` that cannot be broken across lines: a word in
    English, a single character in Chinese (Unicode line breaking, as Qt wraps)."""
    finder = QTextBoundaryFinder(QTextBoundaryFinder.BoundaryType.Line, text)
    widest, start = 0, 0
    while (end := finder.toNextBoundary()) != -1:
        widest = max(widest, metrics.horizontalAdvance(text[start:end].rstrip()))
        start = end
    return widest


def paint_focus_ring(painter: QPainter, rect: QRect) -> None:
    """Inside a focused tile's border, a yellow ring: seen on white, on grey and on blue alike."""
    edge = theme.current().edge
    ring = QPen(QColor("#ffdd00"), edge)
    ring.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
    painter.setPen(ring)
    inset = edge + edge // 2
    painter.drawRect(rect.adjusted(inset, inset, -inset - 1, -inset - 1))


class WrapButton(QPushButton):
    def __init__(
        self,
        text: str,
        hint: str | None = None,
        role: str = "Primary",
        parent: QWidget | None = None,
        indicator: str | None = None,
    ) -> None:
        super().__init__(parent)
        if role not in ROLES or indicator not in (None, "radio", "check"):
            raise ValueError(role)
        self.setObjectName(role)
        # A round "radio" for one answer, a square tick box for several: chosen answers are
        # marked by shape as well as colour.
        self.indicator = indicator
        self._given: tuple[str, str | None] = (text, hint)
        # What is drawn and measured: phone numbers kept whole (kiosk.formatting).
        self._words = keep_numbers_whole(text)
        self._hint = keep_numbers_whole(hint) if hint else hint
        # Height for each width asked: layouts ask the same widths many times over.
        self._heights: dict[int, int] = {}
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._update_accessible()

    # -- text ----------------------------------------------------------------------------

    def words(self) -> str:
        return self._given[0]

    def hint(self) -> str | None:
        return self._given[1]

    def set_words(self, text: str, hint: str | None = None) -> None:
        self._given = (text, hint)
        self._words = keep_numbers_whole(text)
        self._hint = keep_numbers_whole(hint) if hint else hint
        self._heights.clear()
        self._update_accessible()
        self.updateGeometry()
        self.update()

    def _update_accessible(self) -> None:
        self.setAccessibleName(self._given[0])
        self.setAccessibleDescription(self._given[1] or "")

    def _hint_font(self) -> QFont:
        font = QFont(self.font())
        font.setBold(False)
        font.setPixelSize(max(1, round(self.font().pixelSize() * 0.85)))
        return font

    def _indicator_space(self) -> int:
        if self.indicator is None:
            return 0
        return round(self.font().pixelSize() * 1.3) + self._gap() * 2

    def _text_height(self, width: int) -> int:
        rect = QRect(0, 0, max(1, width - self._indicator_space()), _BIG)
        height = QFontMetrics(self.font()).boundingRect(rect, _FLAGS, self._words).height()
        if self._hint:
            hint_rect = QFontMetrics(self._hint_font()).boundingRect(rect, _FLAGS, self._hint)
            height += hint_rect.height() + self._gap()
        return height

    def _gap(self) -> int:
        return max(4, self.font().pixelSize() // 3)

    # -- size ----------------------------------------------------------------------------

    def _frame(self) -> QSize:
        """What the style adds around the contents (padding and border from the stylesheet)."""
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = ""
        return self.style().sizeFromContents(
            QStyle.ContentsType.CT_PushButton, option, QSize(0, 0), self
        )

    def _natural_width(self) -> int:
        metrics = QFontMetrics(self.font())
        widest = max(
            (metrics.horizontalAdvance(line) for line in self._words.split("\n")), default=0
        )
        if self._hint:
            hint_metrics = QFontMetrics(self._hint_font())
            widest = max(widest, min(hint_metrics.horizontalAdvance(self._hint), widest * 2))
        return widest + 2 + self._indicator_space()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        self.ensurePolished()  # measured with the stylesheet's padding, never before it
        height = self._heights.get(width)
        if height is None:
            frame = self._frame()
            inner = max(1, width - frame.width())
            height = max(theme.current().target, self._text_height(inner) + frame.height())
            self._heights[width] = height
        return height

    def changeEvent(self, event: QEvent) -> None:
        # A new text size, language (font) or look (stylesheet): every height changes.
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._heights.clear()
        super().changeEvent(event)

    def sizeHint(self) -> QSize:
        frame = self._frame()
        width = max(theme.current().target, self._natural_width() + frame.width())
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        # As narrow as its widest unbreakable piece, so layouts may wrap it rather than clip it.
        longest = widest_unbreakable(self._words, QFontMetrics(self.font()))
        width = max(
            theme.current().target,
            longest + self._frame().width() + 2 + self._indicator_space(),
        )
        return QSize(width, self.heightForWidth(width))

    # -- keys ----------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # A tactile keypad or switch: Enter presses the button in focus, and the arrows move
        # between the answers of a question, as between radio buttons.
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.click()
        elif key in (Qt.Key.Key_Down, Qt.Key.Key_Right) and self.indicator:
            self.focusNextChild()
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Left) and self.indicator:
            self.focusPreviousChild()
        else:
            super().keyPressEvent(event)

    # -- painting --------------------------------------------------------------------------

    def _text_colour(self) -> QColor:
        palette = theme.current().palette
        role = self.objectName()
        if not self.isEnabled():
            return QColor(palette.secondary_text)  # with a dashed border: not now
        if role == "Choice" and self.isChecked():
            return QColor(palette.background)
        if role == "Primary":
            return QColor(palette.button_text)
        if role == "Link":
            return QColor(palette.link)
        if role == "Header":
            return QColor(palette.header_text)
        return QColor(palette.secondary_button_text)

    def paintEvent(self, event: QPaintEvent) -> None:
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = ""
        painter = QPainter(self)
        self.style().drawControl(QStyle.ControlElement.CE_PushButton, option, painter, self)
        contents = self.style().subElementRect(
            QStyle.SubElement.SE_PushButtonContents, option, self
        )
        if self.hasFocus():
            paint_focus_ring(painter, self.rect())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colour = self._text_colour()
        painter.setPen(colour)
        if self.indicator is not None:
            contents = self._paint_indicator(painter, contents, colour)
        # The reading start: the right edge for Urdu, Arabic and Farsi.
        rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        align = Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft
        flags = int(Qt.TextFlag.TextWordWrap) | int(align) | int(Qt.AlignmentFlag.AlignTop)
        # Centre the text block vertically in the button.
        top = contents.top() + max(
            0, (contents.height() - self._text_height(contents.width())) // 2
        )
        font = self.font()
        font.setUnderline(self.objectName() == "Link")
        painter.setFont(font)
        words_rect = QRect(contents.left(), top, contents.width(), _BIG)
        used = painter.boundingRect(words_rect, flags, self._words)
        painter.drawText(words_rect, flags, self._words)
        if self._hint:
            painter.setFont(self._hint_font())
            hint_top = used.bottom() + 1 + self._gap()
            painter.drawText(
                QRect(contents.left(), hint_top, contents.width(), _BIG), flags, self._hint
            )
        painter.end()

    def _paint_indicator(self, painter: QPainter, contents: QRect, colour: QColor) -> QRect:
        """Draw the radio or tick box at the reading start; return the room left for words."""
        side = round(self.font().pixelSize() * 1.3)
        space = self._indicator_space()
        rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        left = contents.right() - side - self._gap() if rtl else contents.left() + self._gap()
        box = QRect(left, contents.center().y() - side // 2, side, side)
        pen = QPen(colour, max(2.0, side / 10))
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if self.indicator == "radio":
            painter.drawEllipse(box)
            if self.isChecked():
                painter.setBrush(colour)
                inset = side // 4
                painter.drawEllipse(box.adjusted(inset, inset, -inset, -inset))
        else:
            painter.drawRect(box)
            if self.isChecked():
                tick = QPolygonF(
                    [
                        QPointF(box.left() + side * 0.2, box.top() + side * 0.5),
                        QPointF(box.left() + side * 0.42, box.top() + side * 0.72),
                        QPointF(box.left() + side * 0.8, box.top() + side * 0.28),
                    ]
                )
                painter.setPen(QPen(colour, max(3.0, side / 7)))
                painter.drawPolyline(tick)
        painter.setPen(colour)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if rtl:
            return contents.adjusted(0, 0, -space, 0)
        return contents.adjusted(space, 0, 0, 0)
