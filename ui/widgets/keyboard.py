"""The on-screen keyboard: touch kiosks have no keyboard.

One `OnScreenKeyboard` serves every text box of a page. It opens under the box that has focus
(or was tapped) with the layout for the box's kind and the current language (kiosk.keyboards),
and types as an input method does: a commit of the key's characters, a Backspace key for Delete.
So the box's own rules (maximum length, what it accepts) and a physical keyboard keep working.
Its keys never take the focus, so the caret stays where the citizen is typing.

To give a box the keyboard, after the box is in its page's layout:

    attach_keyboard(box)            # or attach_keyboard(box, kind="postcode")

A page that deletes its boxes (the question screen does, page by page) calls `detach()` on its
keyboard first, so the keyboard is not deleted with them.
"""

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache

from PySide6.QtCore import QEvent, QObject, QPointF, QRect, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QInputMethodEvent,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QWidget,
)

from kiosk.i18n import N_, SOURCE_LANGUAGE, _
from kiosk.keyboards import KeyboardChoice, KeyboardLayout, Keyboards, Layer, load_keyboards
from kiosk.languages import BY_CODE
from ui import theme
from ui.widgets.wrap_button import WrapButton, widest_unbreakable

TextBox = QLineEdit | QPlainTextEdit

# The words on the keyboard's own keys, translated where they are shown.
SPACE = N_("Space")
DELETE = N_("Delete")
HIDE = N_("Hide keyboard")
CAPITALS = N_("Capital letters")
SMALL = N_("Small letters")
MORE = N_("More letters")
SYMBOLS = N_("Numbers and symbols")
LETTERS = N_("Letters")
# Translators: the key that changes the keyboard to English letters; keep it short.
ABC = N_("ABC")
ABC_NAME = N_("English letters")

MIN_TARGET = 48  # logical px: the smallest side of a key at any text size
MIN_GAP = 8  # logical px between keys
_BIG = 100_000
_WRAP = int(Qt.AlignmentFlag.AlignCenter) | int(Qt.TextFlag.TextWordWrap)


@cache
def shipped_keyboards() -> Keyboards:
    """The layouts in assets/keyboards, read once (broken ones are logged and left out)."""
    keyboards, _problems = load_keyboards()
    return keyboards


def keyboard_kind(box: QWidget) -> str:
    """The box's keyboard: its "keyboard" property (ui.widgets.fields sets it), else read from
    its input method hints; text when neither says."""
    kind = box.property("keyboard")
    if isinstance(kind, str) and kind:
        return kind
    hints = box.inputMethodHints()
    imh = Qt.InputMethodHint
    if hints & imh.ImhDialableCharactersOnly:
        return "phone"
    if hints & imh.ImhEmailCharactersOnly:
        return "email"
    if hints & (imh.ImhFormattedNumbersOnly | imh.ImhDigitsOnly):
        return "number"
    if hints & (imh.ImhPreferUppercase | imh.ImhUppercaseOnly):
        return "postcode"  # capital letters and numbers, as a reference is written
    return "text"


@dataclass(frozen=True)
class _Action:
    kind: str  # type, space, delete, layer, english, hide
    value: str = ""


class KeyButton(WrapButton):
    """One key: a WrapButton (accessible name, talk mode, Enter on a keypad) that paints itself
    in the theme's colours, sized to its label, which it centres. A letter's label shrinks to
    fit a narrow key; a word wraps onto a second line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", None, "Secondary", parent)
        self.setObjectName("Key")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAutoRepeatDelay(800)  # holding Delete deletes on, not at once
        self.setAutoRepeatInterval(150)
        self.label = ""
        self.action = _Action("type")
        self.control = False  # a word (Delete, Space...) rather than a character
        self.label_px = 1
        self._measured: dict[tuple[object, ...], object] = {}
        self._font_key = ""

    def configure(self, label: str, name: str, action: _Action, control: bool) -> None:
        self.label = label
        self.action = action
        self.control = control
        self.set_words(name)  # the accessible name, and what talk mode says
        self.setAutoRepeat(action.kind == "delete")
        self.forget_sizes()

    def forget_sizes(self) -> None:
        """After a change of label, font or theme."""
        self._measured.clear()
        self._font_key = self.font().key()
        self.label_px = self.largest_px()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and self._font_key != self.font().key():
            self.forget_sizes()

    def _metrics(self, px: int | None = None) -> QFontMetrics:
        size = px or self.label_px
        found = self._measured.get(("metrics", size))
        if not isinstance(found, QFontMetrics):
            found = QFontMetrics(self.label_font(size))
            self._measured["metrics", size] = found
        return found

    # -- sizes -------------------------------------------------------------------------------

    def largest_px(self) -> int:
        return theme.current().px(22 if self.control else 28)

    def smallest_px(self) -> int:
        # A letter may shrink this far on a narrow screen before its row is split instead.
        return self.largest_px() if self.control else theme.current().px(18)

    def label_font(self, px: int | None = None) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(max(1, px or self.label_px))
        font.setBold(self.control)
        font.setUnderline(False)
        return font

    def frame(self) -> int:
        """Border and padding, both sides together."""
        current = theme.current()
        return 2 * (max(2, current.px(2)) + max(2, current.px(3)))

    def label_width(self, px: int | None = None) -> int:
        key = ("width", px or self.label_px)
        found = self._measured.get(key)
        if not isinstance(found, int):
            metrics = self._metrics(px)
            found = max(
                metrics.horizontalAdvance(self.label), metrics.tightBoundingRect(self.label).width()
            )
            self._measured[key] = found
        return found

    def fit(self, width: int) -> None:
        """The largest label that fits `width` (letters shrink; words wrap instead)."""
        self.label_px = self.largest_px()
        room = width - self.frame()
        while self.label_px > self.smallest_px() and self.label_width() > room:
            self.label_px -= 1

    def _one_line(self, inner: int) -> bool:
        return self.label_width() <= inner

    def _wrapped_height(self, inner: int) -> int:
        key = ("wrapped", self.label_px, inner)
        found = self._measured.get(key)
        if not isinstance(found, int):
            rect = QRect(0, 0, inner, _BIG)
            found = self._metrics().boundingRect(rect, _WRAP, self.label).height()
            self._measured[key] = found
        return found

    def lines_at(self, width: int) -> int:
        """How many lines the label takes in a key `width` wide."""
        inner = max(1, width - self.frame())
        if self._one_line(inner):
            return 1
        return max(1, round(self._wrapped_height(inner) / self._metrics().lineSpacing()))

    def ink(self) -> QRect:
        """Where the label's ink is about its baseline, taken together with a capital and a
        descender ("Hg"): letters share a baseline, as on a printed keyboard, and a tall
        letter (Nastaliq's) still fits."""
        key = ("ink", self.label_px)
        found = self._measured.get(key)
        if not isinstance(found, QRect):
            metrics = self._metrics()
            found = metrics.tightBoundingRect(self.label).united(metrics.tightBoundingRect("Hg"))
            self._measured[key] = found
        return found

    def heightForWidth(self, width: int) -> int:
        inner = max(1, width - self.frame())
        if self.control and not self._one_line(inner):
            height = self._wrapped_height(inner)
        else:
            height = self.ink().height()
        return max(MIN_TARGET, height + self.frame())

    def sizeHint(self) -> QSize:
        width = max(MIN_TARGET, self.label_width(self.largest_px()) + self.frame())
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        found = self._measured.get(("least", self.label_px))
        if not isinstance(found, QSize):
            found = self._least()
            self._measured["least", self.label_px] = found
        return found

    def _least(self) -> QSize:
        if self.control:
            metrics = self._metrics()
            overhang = self.label_width() - metrics.horizontalAdvance(self.label)  # the ink's
            widest = widest_unbreakable(self.label, metrics) + overhang
        else:
            widest = self.label_width(self.smallest_px())
        width = max(MIN_TARGET, widest + self.frame())
        return QSize(width, MIN_TARGET)

    # -- painting ----------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        current = theme.current()
        palette = current.palette
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        edge = max(2, current.px(2))
        if self.isDown():
            fill, border, ink = palette.link, palette.text, palette.background
        else:
            fill = palette.secondary_button if self.control else palette.background
            border, ink = palette.border, palette.secondary_button_text
        if self.hasFocus():
            border = palette.focus
        painter.setPen(QPen(QColor(border), edge))
        painter.setBrush(QColor(fill))
        radius = current.px(6)
        painter.drawRoundedRect(
            QRectF(self.rect()).adjusted(edge / 2, edge / 2, -edge / 2, -edge / 2), radius, radius
        )
        if self.hasFocus():  # talk mode's first tap: the key heard, ringed as WrapButton rings
            ring = QPen(QColor("#ffdd00"), current.edge)
            ring.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
            painter.setPen(ring)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            inset = edge + current.edge // 2
            painter.drawRect(self.rect().adjusted(inset, inset, -inset - 1, -inset - 1))
        painter.setPen(QColor(ink))
        font = self.label_font()
        painter.setFont(font)
        half = self.frame() // 2
        inner = self.rect().adjusted(half, half, -half, -half)
        if self.control and not self._one_line(inner.width()):
            painter.drawText(inner, _WRAP, self.label)
        else:
            # The ink, not the line, centred: a letter sits in the middle of its key whatever
            # the script's ascent (Nastaliq's is very tall), on the same baseline as the others.
            ink_box = self._metrics().tightBoundingRect(self.label)
            line = self.ink()
            centre = QPointF(self.rect().center()) + QPointF(0.5, 0.5)
            origin = centre - QPointF(
                ink_box.left() + ink_box.width() / 2, line.top() + line.height() / 2
            )
            painter.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
            painter.drawText(origin, self.label)
        painter.end()


@dataclass
class _Attached:
    kind: str
    below: QWidget


@dataclass(frozen=True)
class _Placed:
    key: KeyButton
    rect: QRect


class OnScreenKeyboard(QWidget):
    """The keys under the box being typed in; `attach` each box, `detach` before deleting them."""

    def __init__(
        self,
        parent: QWidget | None = None,
        keyboards: Keyboards | None = None,
        language: Callable[[], str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("Keyboard")
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self._home = parent
        self._keyboards = keyboards or shipped_keyboards()
        self._language = language or self._window_language
        self._attached: dict[TextBox, _Attached] = {}
        self._target: TextBox | None = None
        self._choice: KeyboardChoice | None = None
        self._for: tuple[str, str] | None = None  # (kind, language) of the choice
        self._english = False  # "ABC": English letters instead of the language's
        self._layer = "letters"  # letters, second or symbols
        self._keys: list[KeyButton] = []
        self._rows: list[list[KeyButton]] = []  # characters, row by row
        self._mirrored = False
        self._controls: list[KeyButton] = []
        self._styled_for: theme.Theme | None = None
        self._font_key = ""
        # The keys paint themselves from the theme's tokens; this only lifts the page's rules
        # for buttons (padding, least height) that would stop a key being as small as 48 px.
        self.setStyleSheet(
            "QPushButton#Key { padding: 0; margin: 0; border: none; min-height: 0;"
            " min-width: 0; background: transparent; }"
        )
        # Where the keys go at each width asked about: the panel, the keys, the height.
        self._arranged: dict[int, tuple[QRect, list[_Placed], int]] = {}
        self._reveal = QTimer(self)
        self._reveal.setSingleShot(True)
        self._reveal.setInterval(0)
        self._reveal.timeout.connect(self._scroll_into_view)
        self.hide()

    # -- boxes -------------------------------------------------------------------------------

    def attach(self, box: TextBox, kind: str | None = None, below: QWidget | None = None) -> None:
        """Type into `box` when it has focus or is tapped; open under `below` (the box itself
        unless something belongs right under it, like a character count)."""
        self._attached[box] = _Attached(kind or keyboard_kind(box), below or box)
        box.installEventFilter(self)
        if isinstance(box, QPlainTextEdit):
            box.viewport().installEventFilter(self)  # a tap lands on the viewport
        if box.hasFocus():
            self.open(box)

    def detach(self) -> None:
        """Forget every box and step out of their layout (before the boxes are deleted)."""
        for box in self._attached:
            box.removeEventFilter(self)
            if isinstance(box, QPlainTextEdit):
                box.viewport().removeEventFilter(self)
        self._attached.clear()
        self._target = None
        self._reveal.stop()
        self.hide()
        self._leave_layout()
        if self.parentWidget() is not self._home:  # (moving fifty keys is not free)
            self.setParent(self._home)

    def target(self) -> TextBox | None:
        return self._target

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.FocusIn, QEvent.Type.MouseButtonPress):
            box = watched if watched in self._attached else watched.parent()
            if isinstance(box, QLineEdit | QPlainTextEdit) and box in self._attached:
                self.open(box)
        return False

    def open(self, box: TextBox, scroll: bool = True) -> None:
        """Show the keys for `box` under it: also after "Hide keyboard", when it is tapped."""
        attached = self._attached.get(box)
        if attached is None:
            return
        self._target = box
        self._choose(attached.kind)
        self._move_under(attached.below)
        self._restyle()
        self.show()
        if scroll:
            self._reveal.start()

    # -- what is shown -----------------------------------------------------------------------

    def _window_language(self) -> str:
        # The kiosk window's language (MainWindow.language); English elsewhere.
        return str(getattr(self.window(), "language", SOURCE_LANGUAGE))

    def choice(self) -> KeyboardChoice | None:
        return self._choice

    def layout_shown(self) -> KeyboardLayout | None:
        """The layout on screen: the language's, or English letters after "ABC"."""
        if self._choice is None:
            return None
        if self._english and self._choice.english is not None:
            return self._choice.english
        return self._choice.layout

    def layer_shown(self) -> str:
        return self._layer

    def _choose(self, kind: str) -> None:
        wanted = (kind, self._language())
        if wanted == self._for:
            return
        self._for = wanted
        self._choice = self._keyboards.choose(*wanted)
        self._english = False
        self._layer = "letters"
        self._build()

    def _current_layer(self) -> Layer:
        layout = self.layout_shown()
        assert layout is not None
        if self._layer == "second" and layout.second is not None:
            return layout.second
        if self._layer == "symbols" and layout.symbols is not None:
            return layout.symbols
        return layout.letters

    def _build(self) -> None:
        """The keys of the layer shown: its rows of characters, then the keyboard's own keys."""
        layout = self.layout_shown()
        if layout is None or self._choice is None:
            return
        layer = self._current_layer()
        rows = [list(row) for row in layer.rows]
        if self._choice.extra and self._layer != "symbols" and not layout.keypad:
            rows[-1] += [k for k in self._choice.extra if k not in rows[-1]]
        pool = iter(self._pool(sum(map(len, rows)) + 7))
        self._rows = []
        for row in rows:
            made = []
            for key in row:
                button = next(pool)
                button.configure(key.label, key.name, _Action("type", key.types), False)
                made.append(button)
            self._rows.append(made)
        self._mirrored = layer.mirrored
        self._controls = []
        for label, name, action in self._control_keys(layout):
            button = next(pool)
            button.configure(label, name, action, True)
            self._controls.append(button)
        for button in pool:
            button.hide()
        for button in self.shown_keys():
            button.show()
        self._arranged = {}
        self.updateGeometry()
        self._place_keys()

    def _control_keys(self, layout: KeyboardLayout) -> Iterator[tuple[str, str, _Action]]:
        choice = self._choice
        assert choice is not None
        if not layout.keypad:
            if self._layer == "symbols":
                yield _(LETTERS), _(LETTERS), _Action("layer", "letters")
            else:
                if layout.second is not None:
                    if self._layer == "second":
                        back = SMALL if layout.capitals else LETTERS
                        yield _(back), _(back), _Action("layer", "letters")
                    else:
                        more = CAPITALS if layout.capitals else MORE
                        yield _(more), _(more), _Action("layer", "second")
                yield _(SYMBOLS), _(SYMBOLS), _Action("layer", "symbols")
                if choice.english is not None:
                    if self._english:
                        language = BY_CODE.get(self._for[1] if self._for else "")
                        native = language.native if language else choice.layout.name
                        yield native, native, _Action("english", "off")
                    else:
                        yield _(ABC), _(ABC_NAME), _Action("english", "on")
        if layout.space:
            yield _(SPACE), _(SPACE), _Action("space")
        yield _(DELETE), _(DELETE), _Action("delete")
        yield _(HIDE), _(HIDE), _Action("hide")

    def _pool(self, count: int) -> list[KeyButton]:
        while len(self._keys) < count:
            button = KeyButton(self)
            button.clicked.connect(lambda _checked=False, b=button: self._pressed(b))
            self._keys.append(button)
        return self._keys

    def shown_keys(self) -> list[KeyButton]:
        """The keys on screen now: characters row by row, then the keyboard's own."""
        return [*itertools.chain.from_iterable(self._rows), *self._controls]

    def key(self, name: str) -> KeyButton:
        """The key on screen that types `name`, or else the one called `name` ("Delete")."""
        shown = self.shown_keys()
        for button in shown:
            if button.action.kind == "type" and button.action.value == name:
                return button
        for button in shown:
            if button.words() == name:
                return button
        raise KeyError(name)

    # -- typing ------------------------------------------------------------------------------

    def _pressed(self, button: KeyButton) -> None:
        action = button.action
        if action.kind == "type":
            self._commit(action.value)
            if self._layer == "second":  # one capital (or one more letter), as phones do
                self._switch("letters")
        elif action.kind == "space":
            self._commit(" ")
        elif action.kind == "delete":
            self._backspace()
        elif action.kind == "layer":
            self._switch(action.value)
        elif action.kind == "english":
            self._english = action.value == "on"
            self._switch("letters")
        elif action.kind == "hide":
            self._box_in_focus()  # talk mode may have lent the focus to the key
            self.hide()

    def _switch(self, layer: str) -> None:
        self._layer = layer
        self._box_in_focus()
        self._build()
        self._reveal.start()  # the new layer may be taller

    def _box_in_focus(self) -> TextBox | None:
        box = self._target
        if box is not None and not box.hasFocus():
            box.setFocus(Qt.FocusReason.OtherFocusReason)
        return box

    def _commit(self, text: str) -> None:
        box = self._box_in_focus()
        if box is None:
            return
        event = QInputMethodEvent()
        event.setCommitString(text)
        QApplication.sendEvent(box, event)

    def _backspace(self) -> None:
        box = self._box_in_focus()
        if box is None:
            return
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                box, QKeyEvent(kind, Qt.Key.Key_Backspace, Qt.KeyboardModifier.NoModifier)
            )

    # -- where it sits -----------------------------------------------------------------------

    def _leave_layout(self) -> None:
        parent = self.parentWidget()
        layout = parent.layout() if parent is not None else None
        if layout is not None:
            _remove_from(layout, self)

    def _move_under(self, anchor: QWidget) -> None:
        slot = _slot_after(anchor)
        if slot is None:
            return
        layout, index = slot
        item = layout.itemAt(index)
        if item is not None and item.widget() is self:
            return  # already there
        self._leave_layout()
        slot = _slot_after(anchor)  # leaving may have moved the anchor up by one
        if slot is not None:
            layout, index = slot
            layout.insertWidget(index, self)

    def _scroll_area(self) -> QScrollArea | None:
        widget = self.parentWidget()
        while widget is not None and not isinstance(widget, QScrollArea):
            widget = widget.parentWidget()
        return widget

    def _scroll_into_view(self) -> None:
        """The box and the keys on screen together where they fit; the box first."""
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)  # where things are now
        area = self._scroll_area()
        box = self._target
        if area is None or box is None or not self.isVisible():
            return
        margin = theme.current().px(4)
        _show(area, self, margin)
        _show(area, self._attached[box].below if box in self._attached else box, 0)
        _show(area, box, margin)

    # -- look --------------------------------------------------------------------------------

    def _restyle(self) -> None:
        """Sizes follow the theme: measure again when the text size or colours changed."""
        current = theme.current()
        if current != self._styled_for:
            self._styled_for = current
            self._relabel()

    def _relabel(self) -> None:
        for button in self._keys:
            button.forget_sizes()
        self._arranged = {}
        self.updateGeometry()
        self._place_keys()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        kind = event.type()
        if kind == QEvent.Type.LayoutDirectionChange or (
            kind == QEvent.Type.FontChange and self.font().key() != self._font_key
        ):
            self._font_key = self.font().key()
            self._relabel()

    # -- arranging the keys ------------------------------------------------------------------

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(width)[2]

    def sizeHint(self) -> QSize:
        most = max((len(row) for row in self._rows), default=10)
        width = most * theme.current().px(84) + 2 * self._margin()
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        widest = max((k.minimumSizeHint().width() for k in self.shown_keys()), default=MIN_TARGET)
        return QSize(widest + 2 * self._margin(), MIN_TARGET)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_keys()

    def paintEvent(self, event: QPaintEvent) -> None:
        # A panel just round the keys, so they read as one keyboard.
        panel = self._arrange(self.width())[0]
        palette = theme.current().palette
        painter = QPainter(self)
        painter.setPen(QPen(QColor(palette.border), 1))
        painter.setBrush(QColor(palette.surface))
        painter.drawRect(panel.adjusted(0, 0, -1, -1))
        painter.end()

    def _place_keys(self) -> None:
        placed = self._arrange(self.width())[1]
        for one in placed:
            if not one.key.control:
                one.key.fit(one.rect.width())  # another width may have been tried since
            one.key.setGeometry(one.rect)

    def _margin(self) -> int:
        return max(MIN_GAP, theme.current().px(6))

    def _arrange(self, width: int) -> tuple[QRect, list[_Placed], int]:
        """Every key's place at `width`, the panel round them and the height they take.

        Characters go in rows of equal keys: when a row does not fit, first the gap shrinks to
        the least, then the letters' labels, and only then does the row split; nothing is cut
        off and nothing is wider than `width`. The keyboard's own keys go below, in the rows
        that take least height; beside a keypad when there is room, as on a phone."""
        if width in self._arranged:
            return self._arranged[width]
        current = theme.current()
        margin = self._margin()
        room = max(MIN_TARGET, width - 2 * margin)
        gap = max(MIN_GAP, current.px(8))
        rise = max(MIN_GAP, current.px(6))  # between rows: height is scarcer than width
        rows = [row for row in self._rows if row]
        characters = [key for row in rows for key in row]
        keypad = bool(rows) and max(map(len, rows)) <= 4
        preferred = current.px(120 if keypad else 76)
        # A key showing a word (the Farsi half space) is as wide as it needs; letters are alike.
        letters = [key for key in characters if len(key.label) <= 3]
        smallest = max((k.minimumSizeHint().width() for k in letters), default=MIN_TARGET)
        controls = self._controls
        rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        side = max((k.sizeHint().width() for k in controls), default=0)
        beside = keypad and len(controls) <= len(rows)

        def unit(rows: list[list[KeyButton]], gap: int, room: int) -> int:
            most = max((len(row) for row in rows), default=1)
            return min(preferred, (room - (most - 1) * gap) // most)

        if beside and unit(rows, gap, room - side - gap) < max(smallest, current.px(60)):
            beside = False
        keys_room = room - side - gap if beside else room
        if rows and unit(rows, gap, keys_room) < smallest:
            gap = MIN_GAP
        if rows and unit(rows, gap, keys_room) < smallest:
            per = max(1, (keys_room + gap) // (smallest + gap))
            rows = [part for row in rows for part in _split(row, per)]
        size = unit(rows, gap, keys_room) if rows else 0
        widths = {
            key: size if key in letters else min(keys_room, max(size, key.sizeHint().width()))
            for key in characters
        }
        keys_board = max((sum(widths[k] + gap for k in row) - gap for row in rows), default=0)
        board = keys_board + gap + side if beside else max(keys_board, min(room, side))
        # From the reading start, under the box, as the page's own text and boxes are.
        left = margin + (room - board if rtl else 0)
        keys_left = left + (board - keys_board) // 2 if not beside else left

        def at(x: int, width: int) -> int:  # the keyboard's own keys follow the reading order
            return left + board - (x - left) - width if rtl else x

        placed: list[_Placed] = []
        top = margin
        # Keys as tall as the text size asks, but not much taller than they are wide.
        height = max(MIN_TARGET, min(current.px(64 if keypad else 56), round(size * 1.15)))
        # Only measured here: the labels are set for the width the keys are placed at.
        before = [key.label_px for key in characters]
        for key in characters:
            key.fit(widths[key])
        for index, row in enumerate(rows):
            row_width = sum(widths[key] + gap for key in row) - gap
            start = keys_left + (keys_board - row_width) // 2
            row_height = max(height, *(key.heightForWidth(widths[key]) for key in row))
            if beside and index < len(controls):
                control = controls[index]
                row_height = max(row_height, control.heightForWidth(side))
                x = keys_left + keys_board + gap
                placed.append(_Placed(control, QRect(at(x, side), top, side, row_height)))
            x = start
            for key in row:
                shown_x = start + row_width - (x - start) - widths[key] if self._mirrored else x
                if beside and rtl:  # the keypad itself is never mirrored, only moved over
                    shown_x += board - keys_board
                placed.append(_Placed(key, QRect(shown_x, top, widths[key], row_height)))
                x += widths[key] + gap
            top += row_height + rise
        for line, line_widths in [] if beside else _control_rows(controls, board, gap, height):
            row_height = max(
                height, *(k.heightForWidth(w) for k, w in zip(line, line_widths, strict=True))
            )
            x = left
            for key, key_width in zip(line, line_widths, strict=True):
                placed.append(_Placed(key, QRect(at(x, key_width), top, key_width, row_height)))
                x += key_width + gap
            top += row_height + rise
        for key, px in zip(characters, before, strict=True):
            key.label_px = px
        total = top - rise + margin if placed else 0
        panel = QRect(left - margin, 0, board + 2 * margin, total)
        self._arranged[width] = (panel, placed, total)
        return self._arranged[width]


def _show(area: QScrollArea, widget: QWidget, margin: int) -> None:
    """Scroll `area` as little as shows the whole of `widget` (ensureWidgetVisible shows only
    a box's caret)."""
    inner = area.widget()
    if inner is None:
        return
    top_left = widget.mapTo(inner, widget.rect().topLeft())
    half = widget.height() // 2
    area.ensureVisible(top_left.x(), top_left.y() + half, 0, half + margin)


def _split(row: list[KeyButton], most: int) -> list[list[KeyButton]]:
    """`row` in as few rows of at most `most` keys as it needs, as even as they can be."""
    parts = -(-len(row) // most)
    size = -(-len(row) // parts)
    return [row[i : i + size] for i in range(0, len(row), size)]


def _control_rows(
    keys: list[KeyButton], board: int, gap: int, height: int
) -> list[tuple[list[KeyButton], list[int]]]:
    """The keyboard's own keys in order, in the rows (and widths) that take the least height:
    a word may go onto a second line in its key if that saves a row, never onto a third."""
    # best[end]: the least height for keys[:end], and its rows.
    best: list[tuple[int, list[tuple[list[KeyButton], list[int]]]] | None] = [(0, [])]
    for end in range(1, len(keys) + 1):
        best.append(None)
        for start in range(end):
            before = best[start]
            row = keys[start:end]
            widths = _widths(row, board, gap)
            if before is None or widths is None:
                continue
            tall = max(height, *map(KeyButton.heightForWidth, row, widths))
            total = before[0] + tall + gap
            if best[end] is None or total < best[end][0]:  # type: ignore[index]
                best[end] = (total, [*before[1], (row, widths)])
    if best[-1] is None:  # a word wider than the board: one key a row
        return [([key], [board]) for key in keys]
    return best[-1][1]


def _widths(row: list[KeyButton], board: int, gap: int) -> list[int] | None:
    """Widths for one row of the keyboard's own keys filling the board (Space takes most of
    what is spare), or None when they do not fit with each word on at most two lines."""
    room = board - gap * (len(row) - 1)
    natural = [key.sizeHint().width() for key in row]
    least = [key.minimumSizeHint().width() for key in row]
    if sum(least) > room:
        return None
    if sum(natural) <= room:
        spare = room - sum(natural)
        weights = [3 if key.action.kind == "space" else 1 for key in row]
        widths = [n + spare * w // sum(weights) for n, w in zip(natural, weights, strict=True)]
        widths[weights.index(max(weights))] += room - sum(widths)
    else:
        # Narrower than they would like: each gives up a share of what it could (a single word
        # gives up nothing), rounded so that together they give up enough.
        short = sum(natural) - room
        give = [n - m for n, m in zip(natural, least, strict=True)]
        widths = [n - -(-short * g // sum(give)) for n, g in zip(natural, give, strict=True)]
        widths[give.index(max(give))] += room - sum(widths)
    if len(row) > 1 and any(key.lines_at(w) > 2 for key, w in zip(row, widths, strict=True)):
        return None
    return widths


def _remove_from(layout: QLayout, widget: QWidget) -> bool:
    for index in range(layout.count()):
        item = layout.itemAt(index)
        if item is None:
            continue
        if item.widget() is widget:
            layout.takeAt(index)
            return True
        inner = item.layout()
        if inner is not None and _remove_from(inner, widget):
            return True
    return False


def _find(layout: QLayout, widget: QWidget) -> tuple[QBoxLayout | None, int] | None:
    """Where to put something under `widget` in `layout`: (the innermost top-to-bottom box
    layout holding it, the index after it); (None, 0) when it is in `layout` but in no such box;
    None when it is not in `layout`."""
    for index in range(layout.count()):
        item = layout.itemAt(index)
        if item is None:
            continue
        inner = item.layout()
        found: tuple[QBoxLayout | None, int] | None = None
        if item.widget() is widget:
            found = (None, 0)
        elif inner is not None:
            found = _find(inner, widget)
        if found is None:
            continue
        if found[0] is None and isinstance(layout, QBoxLayout) and _vertical(layout):
            return layout, index + 1
        return found
    return None


def _vertical(layout: QBoxLayout) -> bool:
    return layout.direction() in (
        QBoxLayout.Direction.TopToBottom,
        QBoxLayout.Direction.BottomToTop,
    )


def _slot_after(anchor: QWidget) -> tuple[QBoxLayout, int] | None:
    """The top-to-bottom layout and index right under `anchor` (or under the nearest thing that
    holds it, like the row of a date's boxes)."""
    widget = anchor
    while (parent := widget.parentWidget()) is not None:
        layout = parent.layout()
        if layout is not None:
            found = _find(layout, widget)
            if found is not None and found[0] is not None:
                return found[0], found[1]
        widget = parent
    return None


def attach_keyboard(
    box: TextBox, kind: str | None = None, below: QWidget | None = None
) -> OnScreenKeyboard:
    """The one call: `box` gets the page's on-screen keyboard (made on first use), opening under
    it whenever it has focus or is tapped. `kind` overrides the box's own (keyboard_kind)."""
    from ui.widgets.common import Page

    page: QWidget | None = box.parentWidget()
    while page is not None and not isinstance(page, Page):
        page = page.parentWidget()
    owner = page or box.window()
    keyboard = owner.findChild(OnScreenKeyboard)
    if keyboard is None:
        keyboard = OnScreenKeyboard(owner)
    keyboard.attach(box, kind, below)
    return keyboard


__all__ = ["KeyButton", "OnScreenKeyboard", "attach_keyboard", "keyboard_kind"]
