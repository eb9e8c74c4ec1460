"""A wrapping button keeps the height it needs for each width, as layouts ask the same widths
many times; a new text size, language, look or wording must never leave an old height (words
cut off at the bottom)."""

from PySide6.QtWidgets import QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from ui.look import apply_look
from ui.widgets.wrap_button import WrapButton

WIDTH = 320


def measured_afresh(button: WrapButton, width: int) -> int:
    """The height a new button with the same words, in the same place, works out."""
    twin = WrapButton(button.words(), button.hint(), button.objectName(), button.parentWidget())
    try:
        return twin.heightForWidth(width)
    finally:
        twin.setParent(None)
        twin.deleteLater()


def test_the_height_for_a_width_follows_every_change(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    QVBoxLayout(window)
    apply_look(window, "en", 1.0, False)
    button = WrapButton("Report a street problem", "Graffiti, litter, potholes", "Tile", window)
    window.layout().addWidget(button)
    window.resize(600, 800)
    window.show()
    qtbot.waitExposed(window)

    first = button.heightForWidth(WIDTH)
    assert button.heightForWidth(WIDTH) == first == measured_afresh(button, WIDTH)

    apply_look(window, "en", 2.0, False)  # larger text
    larger = button.heightForWidth(WIDTH)
    assert larger > first and larger == measured_afresh(button, WIDTH)

    apply_look(window, "ur", 2.0, True)  # another language's font, high contrast
    assert button.heightForWidth(WIDTH) == measured_afresh(button, WIDTH)

    button.set_words("Report a street problem " * 4, "Graffiti, litter, potholes " * 4)
    longer = button.heightForWidth(WIDTH)
    assert longer > larger and longer == measured_afresh(button, WIDTH)

    apply_look(window, "en", 1.0, False)  # back as the next citizen finds it
    assert button.heightForWidth(WIDTH) == measured_afresh(button, WIDTH) < longer
