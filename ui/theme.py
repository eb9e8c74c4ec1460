"""One theme of tokens: colours for the default and high-contrast looks, sizes scaled by the
citizen's text size. Every colour and size a screen uses comes from here."""

from dataclasses import dataclass

TEXT_SCALES = (1.0, 1.5, 2.0)


@dataclass(frozen=True)
class Palette:
    """The colours of one look: the default, or high contrast."""

    name: str
    background: str
    surface: str  # panels, the header
    text: str
    secondary_text: str
    header_text: str
    header_background: str
    link: str
    button: str
    button_text: str
    secondary_button: str
    secondary_button_text: str
    border: str
    focus: str  # the ring round whatever has keyboard focus
    error: str
    success: str
    success_text: str
    warning_background: str
    warning_text: str


# GOV.UK Design System colours: body text on white is 19:1; link blue 5.2:1; error red 5.4:1.
DEFAULT = Palette(
    name="default",
    background="#ffffff",
    surface="#f3f2f1",
    text="#0b0c0c",
    secondary_text="#484949",
    header_text="#ffffff",
    header_background="#0b0c0c",
    link="#1d70b8",
    button="#00703c",
    button_text="#ffffff",
    secondary_button="#f3f2f1",
    secondary_button_text="#0b0c0c",
    border="#505a5f",
    # A ring, never a fill: a filled button looked chosen when it only had focus.
    focus="#0b0c0c",
    error="#d4351c",
    success="#00703c",
    success_text="#ffffff",
    warning_background="#fff7bf",
    warning_text="#0b0c0c",
)

# Yellow and white on black: every pair at least 7:1 (WCAG AAA).
HIGH_CONTRAST = Palette(
    name="high_contrast",
    background="#000000",
    surface="#000000",
    text="#ffffff",
    secondary_text="#ffffff",
    header_text="#ffff00",
    header_background="#000000",
    link="#ffff00",
    button="#ffff00",
    button_text="#000000",
    secondary_button="#000000",
    secondary_button_text="#ffff00",
    border="#ffffff",
    focus="#00ffff",
    error="#ff9c9c",
    success="#ffff00",
    success_text="#000000",
    warning_background="#000000",
    warning_text="#ffff00",
)


@dataclass(frozen=True)
class Theme:
    """A palette at a text size: the stylesheet and the sizes every screen uses."""

    palette: Palette = DEFAULT
    scale: float = 1.0

    def px(self, size: float) -> int:
        return round(size * self.scale)

    @property
    def body(self) -> int:
        return self.px(24)

    @property
    def heading(self) -> int:
        return self.px(42)

    @property
    def edge(self) -> int:
        return max(4, self.px(4))

    @property
    def target(self) -> int:
        """The smallest side of anything tappable: well above 48 px at every size."""
        return max(72, self.px(72))

    def stylesheet(self) -> str:
        p = self.palette
        body, heading, px = self.body, self.heading, self.px
        # One border width for a button in every state (chosen, focused, pressed): a border
        # that grows with the state changes the button's size and cuts off its words.
        edge = self.edge
        return f"""
        QWidget {{ background: {p.background}; color: {p.text}; font-size: {body}px; }}
        QScrollArea, QScrollArea > QWidget > QWidget {{ border: none; }}
        QLabel {{ background: transparent; }}
        #Header, #Header QWidget {{ background: {p.header_background}; color: {p.header_text}; }}
        #Header QLabel#CouncilName {{ font-size: {px(28)}px; font-weight: bold; }}
        #Header QPushButton {{
            background: {p.header_background}; color: {p.header_text};
            border: {edge}px solid {p.header_text}; border-radius: 6px;
            padding: {px(8)}px {px(16)}px; font-size: {px(22)}px; font-weight: bold;
            min-height: {self.target - 2 * px(8)}px;
        }}
        QLabel#Title {{ font-size: {heading}px; font-weight: bold; }}
        QLabel#Huge {{ font-size: {px(72)}px; font-weight: bold; }}
        QLabel#Caption {{ color: {p.secondary_text}; font-size: {px(26)}px; }}
        QLabel#Hint {{ color: {p.secondary_text}; }}
        QLabel#FieldLabel {{ font-size: {px(28)}px; font-weight: bold; }}
        QLabel#ErrorMessage {{ color: {p.error}; font-weight: bold; }}
        QLabel#Counter {{ color: {p.secondary_text}; }}
        QLabel#CounterOver {{ color: {p.error}; font-weight: bold; }}
        QLabel#SectionHeading {{ font-size: {px(32)}px; font-weight: bold; }}
        QFrame#ErrorSummary {{
            border: {px(5)}px solid {p.error}; padding: {px(16)}px; background: {p.background};
        }}
        QFrame#ErrorSummary QLabel {{ font-weight: bold; }}
        QFrame#FieldWithError {{
            border-left: {px(5)}px solid {p.error}; padding-left: {px(12)}px;
        }}
        QFrame#Panel {{
            background: {p.success}; color: {p.success_text}; padding: {px(24)}px;
        }}
        QFrame#Panel QLabel {{ background: {p.success}; color: {p.success_text}; }}
        QFrame#Warning {{
            background: {p.warning_background}; border: {px(4)}px solid {p.text};
            padding: {px(20)}px;
        }}
        QFrame#Warning QLabel {{ background: {p.warning_background}; color: {p.warning_text}; }}
        QFrame#SummaryRow {{ border-bottom: 1px solid {p.border}; }}
        QLineEdit, QPlainTextEdit {{
            background: {p.background}; color: {p.text};
            border: {max(2, px(2))}px solid {p.text}; padding: {px(10)}px;
            font-size: {px(28)}px; min-height: {self.target - 2 * px(10) - 4}px;
            selection-background-color: {p.link}; selection-color: {p.background};
        }}
        QLineEdit:focus, QPlainTextEdit:focus {{
            border: {px(4)}px solid {p.text}; outline: none;
            background: {p.background};
        }}
        QPushButton {{
            background: {p.button}; color: {p.button_text};
            border: {edge}px solid {p.button}; border-bottom-color: {p.text}; border-radius: 0;
            padding: {px(14)}px {px(28)}px; font-weight: bold; font-size: {px(26)}px;
            min-height: {self.target - 2 * px(14)}px;
        }}
        QPushButton#Secondary, QPushButton#Tile, QPushButton#Choice {{
            background: {p.secondary_button}; color: {p.secondary_button_text};
            border: {edge}px solid {p.border};
        }}
        QPushButton#Choice:checked {{ background: {p.link}; border-color: {p.text}; }}
        QPushButton#Link {{
            background: transparent; color: {p.link}; border: {edge}px solid transparent;
            padding: {px(6)}px; font-weight: normal; text-align: left;
        }}
        QPushButton:disabled {{
            background: {p.surface}; border: {edge}px dashed {p.border};
        }}
        QPushButton:focus {{ border-color: {p.focus}; }}
        #Header QPushButton:focus {{ border-color: {p.header_text}; }}
        QCheckBox {{ spacing: {px(16)}px; font-size: {px(28)}px; min-height: {self.target}px; }}
        QCheckBox::indicator {{
            width: {px(48)}px; height: {px(48)}px; border: {max(2, px(3))}px solid {p.text};
            background: {p.background};
        }}
        QCheckBox::indicator:checked {{ background: {p.link}; }}
        QCheckBox:focus {{ border: {max(5, px(5))}px solid {p.focus}; }}
        QLineEdit[error="true"], QPlainTextEdit[error="true"] {{
            border: {max(4, px(4))}px solid {p.error};
        }}
        #Footer {{ border-top: 1px solid {p.border}; background: {p.surface}; }}
        #Footer > QWidget {{ background: {p.surface}; }}
        QFrame#Overlay {{ background: transparent; }}
        """


_current = Theme()


def current() -> Theme:
    """The theme on screen now; widgets that paint their own text ask it for colours."""
    return _current


def set_current(theme: Theme) -> None:
    global _current
    _current = theme
