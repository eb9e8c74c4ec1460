"""Language, and text size and contrast: the choices offered from the header on every screen."""

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QWidget

from kiosk.i18n import _
from kiosk.languages import LANGUAGES
from kiosk.speech import RATES, VOLUMES
from ui import theme
from ui.theme import TEXT_SCALES
from ui.widgets.common import Page, column_width, label
from ui.widgets.wrap_button import WrapButton


class LanguageScreen(Page):
    chosen = Signal(str)
    back_clicked = Signal()

    def __init__(self, available: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.back = WrapButton(_("Back"), None, "Secondary")
        self.back.clicked.connect(self.back_clicked)
        self.title = label("", "Title")
        grid = QGridLayout()
        self.buttons: dict[str, WrapButton] = {}
        shown = [language for language in LANGUAGES if language.code in available]
        for language in shown:
            # The English name only where it adds something ("English / English" does not).
            english = language.english if language.english != language.native else None
            button = WrapButton(language.native, english, "Choice", indicator="radio")
            button.setCheckable(True)
            button.setAutoExclusive(True)  # a radio button to assistive technology
            button.clicked.connect(lambda _c=False, code=language.code: self.chosen.emit(code))
            # Each name is read in its own language by assistive technology, and drawn in its
            # own script's font whatever the kiosk's language is.
            button.setAccessibleName(f"{language.native} ({language.english})")
            font = QFont(button.font())
            font.setFamilies(list(language.fonts))
            button.setFont(font)
            self.buttons[language.code] = button
        self.grid = grid
        self._columns = 0
        self.add_footer([self.back])
        self.column.addWidget(self.title)
        self.column.addLayout(grid)
        self.column.addStretch(1)

    def _arrange(self) -> None:
        # Two columns when both fit side by side at this text size, else one.
        widest = max((b.minimumSizeHint().width() for b in self.buttons.values()), default=0)
        room = min(self.width(), column_width()) - 2 * theme.current().px(40)
        columns = 2 if 2 * widest + theme.current().px(24) <= room else 1
        if columns == self._columns:
            return
        self._columns = columns
        for button in self.buttons.values():
            self.grid.removeWidget(button)
        for index, button in enumerate(self.buttons.values()):
            self.grid.addWidget(button, index // columns, index % columns)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange()

    def show_languages(self, current: str) -> None:
        self.restyle()
        self._columns = 0
        self._arrange()
        self.back.set_words(_("Back"))
        self.title.setText(_("Choose your language"))
        for code, button in self.buttons.items():
            button.setChecked(code == current)
        focus = self.buttons.get(current) or next(iter(self.buttons.values()), None)
        if focus is not None:
            focus.setFocus()


class DisplayScreen(Page):
    """Text size (three steps) and contrast."""

    scale_chosen = Signal(float)
    contrast_chosen = Signal(bool)
    talk_chosen = Signal(bool)
    rate_chosen = Signal(int)
    volume_chosen = Signal(int)
    back_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.back = WrapButton(_("Back"), None, "Secondary")
        self.back.clicked.connect(self.back_clicked)
        self.title = label("", "Title")
        self.size_heading = label("", "SectionHeading")
        self.contrast_heading = label("", "SectionHeading")
        self.sizes: dict[float, WrapButton] = {}
        # Each set of radio tiles is its own group; autoExclusive makes each a radio button to
        # assistive technology (the group, not the parent, decides what is exclusive).
        self.groups: list[QButtonGroup] = []
        self.add_footer([self.back])
        self.column.addWidget(self.title)
        self.column.addWidget(self.size_heading)
        for scale in TEXT_SCALES:
            button = WrapButton("", None, "Choice", indicator="radio")
            button.setCheckable(True)
            button.clicked.connect(lambda _c=False, s=scale: self.scale_chosen.emit(s))
            self.sizes[scale] = button
            self.column.addWidget(button)
        self.column.addWidget(self.contrast_heading)
        self.standard = WrapButton("", None, "Choice", indicator="radio")
        self.high = WrapButton("", None, "Choice", indicator="radio")
        for button, high in ((self.standard, False), (self.high, True)):
            button.setCheckable(True)
            button.clicked.connect(lambda _c=False, h=high: self.contrast_chosen.emit(h))
            self.column.addWidget(button)
        self.speech_heading = label("", "SectionHeading")
        self.column.addWidget(self.speech_heading)
        self.talk = WrapButton("", None, "Choice", indicator="check")
        self.talk.setCheckable(True)
        self.talk.clicked.connect(lambda on: self.talk_chosen.emit(bool(on)))
        self.column.addWidget(self.talk)
        self.rates: dict[int, WrapButton] = {}
        self.volumes: dict[int, WrapButton] = {}
        for store, values, signal in (
            (self.rates, RATES, self.rate_chosen),
            (self.volumes, VOLUMES, self.volume_chosen),
        ):
            # One under another: three side by side do not fit at the largest text.
            for value in values:
                button = WrapButton("", None, "Choice", indicator="radio")
                button.setCheckable(True)
                button.clicked.connect(lambda _c=False, v=value, s=signal: s.emit(v))
                store[value] = button
                self.column.addWidget(button)
        self.column.addStretch(1)
        self._radio_group(list(self.sizes.values()))
        self._radio_group([self.standard, self.high])
        self._radio_group(list(self.rates.values()))
        self._radio_group(list(self.volumes.values()))

    def _radio_group(self, buttons: list[WrapButton]) -> None:
        group = QButtonGroup(self)
        for button in buttons:
            button.setAutoExclusive(True)
            group.addButton(button)
        self.groups.append(group)

    def show_choices(self, scale: float, high_contrast: bool) -> None:
        self.restyle()
        self.back.set_words(_("Back"))
        self.title.setText(_("Text size and contrast"))
        self.size_heading.setText(_("Text size"))
        names = {1.0: _("Standard text"), 1.5: _("Large text"), 2.0: _("Largest text")}
        for value, button in self.sizes.items():
            button.set_words(names[value])
            button.setChecked(value == scale)
        self.contrast_heading.setText(_("Colours"))
        self.standard.set_words(_("Standard colours"))
        self.high.set_words(_("High contrast: yellow and white on black"))
        self.standard.setChecked(not high_contrast)
        self.high.setChecked(high_contrast)

    def show_speech(self, talk: bool, rate: int, volume: int) -> None:
        self.speech_heading.setText(_("Speech"))
        self.talk.set_words(
            _("Talk mode"), _("Tap once to hear what something is; tap again to choose it.")
        )
        self.talk.setChecked(talk)
        for value, words in zip(RATES, (_("Slower"), _("Normal speed"), _("Faster")), strict=True):
            self.rates[value].set_words(words)
            self.rates[value].setChecked(value == rate)
        for value, words in zip(
            VOLUMES, (_("Quieter"), _("Normal volume"), _("Louder")), strict=True
        ):
            self.volumes[value].set_words(words)
            self.volumes[value].setChecked(value == volume)
