"""Faces for a rating ("How did we do?"): each answer is a radio tile with a face drawn above
its words, from very unhappy for the worst answer to very happy for the best, and a row that
sets the tiles side by side when they fit and in even rows when they do not.

The face is never the only cue: the words stay under it, the tile is a radio button to
assistive technology and the chosen tile shows the filled radio mark as well as its colour.
"""

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QLayout, QLayoutItem, QStyle, QStyleOptionButton, QWidget

from ui import theme
from ui.widgets.wrap_button import _BIG, WrapButton, paint_focus_ring

_WORDS = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignHCenter)


def feeling(index: int, count: int) -> float:
    """How happy the face of answer `index` (worst first) of `count` is: -1 to 1."""
    return 0.0 if count < 2 else -1.0 + 2.0 * index / (count - 1)


def draw_face(painter: QPainter, box: QRect, feeling: float, colour: QColor) -> None:
    """A circle, two eyes and a mouth whose curve goes from a frown (-1) through a straight
    line (0) to a smile (1). Symmetric and never mirrored: it means the same in any language."""
    side = min(box.width(), box.height())
    radius = side / 2
    pen = QPen(colour, max(2.0, side / 16))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    centre = QRectF(box).center()
    x, y = centre.x(), centre.y()
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    inset = pen.widthF() / 2
    painter.drawEllipse(centre, radius - inset, radius - inset)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    eye = radius * 0.11
    for side_x in (-0.35, 0.35):
        painter.drawEllipse(QPointF(x + side_x * radius, y - 0.25 * radius), eye, eye)
    # The corners rise a little as the mouth turns up, so a smile and a frown both sit
    # between the eyes and the chin.
    corners = y + radius * (0.35 - 0.1 * feeling)
    mouth = QPainterPath(QPointF(x - 0.45 * radius, corners))
    mouth.quadTo(QPointF(x, corners + 0.6 * radius * feeling), QPointF(x + 0.45 * radius, corners))
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(mouth)
    painter.restore()


class FaceTile(WrapButton):
    """One answer: the face at the top, the words under it, the radio mark at the bottom."""

    def __init__(
        self, text: str, hint: str | None, feeling: float, parent: QWidget | None = None
    ) -> None:
        if not -1.0 <= feeling <= 1.0:
            raise ValueError(feeling)
        self.feeling = feeling
        super().__init__(text, hint, "Choice", parent, indicator="radio")

    # -- size: the face and the mark stand above and below the words, not beside them ------

    def _face_side(self) -> int:
        return round(self.font().pixelSize() * 3.0)

    def _mark_side(self) -> int:
        return round(self.font().pixelSize() * 1.3)  # as the radio mark of other tiles

    def _indicator_space(self) -> int:
        return 0

    def _text_height(self, width: int) -> int:
        words = super()._text_height(width)
        return self._face_side() + self._gap() + words + 2 * self._gap() + self._mark_side()

    def _natural_width(self) -> int:
        return max(super()._natural_width(), self._face_side() + 2)

    def _side(self) -> int:
        """From the tile's edge to its contents, left and right: less than the style's padding
        (made for words from the reading start), so that five tiles fit side by side in large
        text."""
        current = theme.current()
        return current.edge + current.px(12)

    def _frame(self) -> QSize:
        # The style's padding and border above and below, but not its min-height: that is for
        # one line of words, and the face and the mark already make the tile taller.
        tall = QSize(0, _BIG)
        option = self._option()
        style = self.style().sizeFromContents(QStyle.ContentsType.CT_PushButton, option, tall, self)
        return QSize(2 * self._side(), style.height() - _BIG)

    def minimumSizeHint(self) -> QSize:
        width = max(super().minimumSizeHint().width(), self._face_side() + self._frame().width())
        return QSize(width, self.heightForWidth(width))

    # -- painting ----------------------------------------------------------------------------

    def _option(self) -> QStyleOptionButton:
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = ""
        return option

    def _contents(self) -> QRect:
        contents = self.style().subElementRect(
            QStyle.SubElement.SE_PushButtonContents, self._option(), self
        )
        contents.setLeft(self._side())
        contents.setRight(self.width() - 1 - self._side())
        return contents

    def face_rect(self) -> QRect:
        """Where the face is drawn: at the top, in the middle (on whole pixels, so the same
        face looks the same in every tile)."""
        contents, side = self._contents(), self._face_side()
        return QRect(contents.left() + (contents.width() - side) // 2, contents.top(), side, side)

    def mark_rect(self) -> QRect:
        """Where the radio mark is drawn: at the bottom, in the middle, so the tiles of a row
        line their marks up whatever the length of their words."""
        contents, side = self._contents(), self._mark_side()
        mark = QRect(contents.left() + (contents.width() - side) // 2, 0, side, side)
        mark.moveBottom(contents.bottom())
        return mark

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        self.style().drawControl(QStyle.ControlElement.CE_PushButton, self._option(), painter, self)
        contents = self._contents()
        if self.hasFocus():
            paint_focus_ring(painter, self.rect())  # as on every tile
        colour = self._text_colour()
        face = self.face_rect()
        draw_face(painter, face, self.feeling, colour)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(colour)
        painter.setFont(self.font())
        words_rect = QRect(contents.left(), face.bottom() + 1 + self._gap(), contents.width(), _BIG)
        used = painter.boundingRect(words_rect, _WORDS, self.words())
        painter.drawText(words_rect, _WORDS, self.words())
        hint = self.hint()
        if hint:
            painter.setFont(self._hint_font())
            top = used.bottom() + 1 + self._gap()
            painter.drawText(QRect(contents.left(), top, contents.width(), _BIG), _WORDS, hint)
        # The same radio mark as other one-answer tiles; it is drawn at the start of the room
        # it is given, so give it just its own room.
        mark, gap = self.mark_rect(), self._gap()
        self._paint_indicator(painter, mark.adjusted(-gap, 0, gap, 0), colour)
        painter.end()


class FaceRow(QLayout):
    """The tiles side by side in reading order, all the same size. When they do not fit in one
    row (large text, a narrow screen), in as few rows as they need, evenly: 3 and 2, not 4
    and 1."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), place=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, place=True)

    def _spacing(self) -> int:
        return max(0, self.spacing())

    def _across(self) -> int:
        margins = self.contentsMargins()
        return margins.left() + margins.right()

    def sizeHint(self) -> QSize:
        count = len(self._items)
        widest = max((item.sizeHint().width() for item in self._items), default=0)
        width = count * widest + max(0, count - 1) * self._spacing() + self._across()
        return QSize(width, self.heightForWidth(width))

    def minimumSize(self) -> QSize:
        # One tile wide: narrower than that, the tiles go one under another. As tall as one
        # row only: the real height comes from heightForWidth, and a minimum as tall as all
        # the tiles one under another would stretch the page below them.
        width = max((item.minimumSize().width() for item in self._items), default=0)
        width += self._across()
        return QSize(width, self.heightForWidth(self.sizeHint().width()))

    def columns(self, width: int) -> int:
        """How many tiles a row holds at `width` (inside the margins)."""
        count = len(self._items)
        if count == 0:
            return 1
        tile = max(item.minimumSize().width() for item in self._items)
        space = self._spacing()
        fit = max(1, min(count, (width + space) // max(1, tile + space)))
        rows = -(-count // fit)
        return -(-count // rows)

    def _arrange(self, rect: QRect, place: bool) -> int:
        margins = self.contentsMargins()
        area = rect.marginsRemoved(margins)
        if not self._items:
            return margins.top() + margins.bottom()
        space = self._spacing()
        columns = self.columns(area.width())
        rows = -(-len(self._items) // columns)
        width = max(1, (area.width() - (columns - 1) * space) // columns)
        height = max(
            item.heightForWidth(width) if item.hasHeightForWidth() else item.sizeHint().height()
            for item in self._items
        )
        if place:
            parent = self.parentWidget()
            direction = Qt.LayoutDirection.LeftToRight
            if parent is not None:
                direction = parent.layoutDirection()
            for index, item in enumerate(self._items):
                row, column = divmod(index, columns)
                tile = QRect(
                    area.left() + column * (width + space),
                    area.top() + row * (height + space),
                    width,
                    height,
                )
                # In reading order: from the right in Urdu, Arabic and Farsi.
                item.setGeometry(QStyle.visualRect(direction, area, tile))
        return rows * height + (rows - 1) * space + margins.top() + margins.bottom()
