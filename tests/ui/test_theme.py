"""Colour contrast computed from the theme's tokens (WCAG 2.2 relative luminance)."""

import pytest

from ui.theme import DEFAULT, HIGH_CONTRAST, Palette


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_pairs(p: Palette) -> list[tuple[str, str, str]]:
    """Every pair of text and the background it is drawn on, as the stylesheet uses them."""
    return [
        ("body text", p.text, p.background),
        ("secondary text", p.secondary_text, p.background),
        ("header", p.header_text, p.header_background),
        ("links", p.link, p.background),
        ("main buttons", p.button_text, p.button),
        ("other buttons", p.secondary_button_text, p.secondary_button),
        ("chosen answer", p.background, p.link),
        ("errors", p.error, p.background),
        ("confirmation panel", p.success_text, p.success),
        ("warning panel", p.warning_text, p.warning_background),
        ("footer buttons", p.secondary_button_text, p.surface),
    ]


@pytest.mark.parametrize(("palette", "minimum"), [(DEFAULT, 4.5), (HIGH_CONTRAST, 7.0)])
def test_every_text_meets_its_contrast_ratio(palette: Palette, minimum: float):
    low = [
        (name, round(contrast(fg, bg), 2))
        for name, fg, bg in text_pairs(palette)
        if contrast(fg, bg) < minimum
    ]
    assert low == []


@pytest.mark.parametrize("palette", [DEFAULT, HIGH_CONTRAST])
def test_focus_ring_stands_out_from_the_page(palette: Palette):
    # WCAG 2.2 focus appearance: at least 3:1 against what is around it.
    assert contrast(palette.focus, palette.background) >= 3.0
