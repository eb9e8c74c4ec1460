"""Phone numbers in running text: whole on one line, and in their order in right-to-left
sentences, where the groups of "01632 960041" would otherwise be laid out right one first."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextLayout, QTextOption

from kiosk.formatting import keep_numbers_whole
from ui.widgets.common import label
from ui.widgets.wrap_button import WrapButton

NUMBER = "01632 960041"
URDU = f"ہماری ہنگامی مرمت کی فون لائن {NUMBER} پر کال کریں"


def first_group_is_left_of_second(text: str) -> bool:
    """Lay `text` out right to left, as an Urdu page does, and compare where the groups fall."""
    layout = QTextLayout(text, QFont("Noto Sans"))
    option = QTextOption()
    option.setTextDirection(Qt.LayoutDirection.RightToLeft)
    layout.setTextOption(option)
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(5000)
    layout.endLayout()
    # The caret before each group's second digit: at a run's first digit it can sit on either
    # side, where the run meets the right-to-left words.
    first, second = text.index("01632") + 1, text.index("960041") + 1
    return line.cursorToX(first)[0] < line.cursorToX(second)[0]


def test_a_plain_space_lets_right_to_left_text_swap_the_groups(qapp: object) -> None:
    assert not first_group_is_left_of_second(URDU)  # what a citizen would have dialled wrongly


def test_a_number_kept_whole_reads_in_its_order_in_right_to_left_text(qapp: object) -> None:
    assert first_group_is_left_of_second(keep_numbers_whole(URDU))


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Phone 01632 960041 now", "Phone 01632\u00a0960041 now"),
        ("0800 111 999", "0800\u00a0111\u00a0999"),
        ("Call 999 or 111", "Call 999 or 111"),  # two numbers, not one with a space
        ("24 November 2026", "24 November 2026"),
    ],
)
def test_only_spaces_between_digits_are_joined(text: str, shown: str) -> None:
    assert keep_numbers_whole(text) == shown


def test_labels_and_buttons_show_numbers_whole_and_keep_their_words(qapp: object) -> None:
    shown = label()
    shown.setText(URDU)
    assert shown.text() == keep_numbers_whole(URDU)
    button = WrapButton(f"Phone {NUMBER}", f"or {NUMBER}")
    assert button.words() == f"Phone {NUMBER}"  # as given, for tests and assistive technology
    assert button.accessibleName() == f"Phone {NUMBER}"


def test_an_emergency_number_fits_on_the_first_screen_at_the_largest_text_in_portrait(
    qtbot: object, kiosk: object
) -> None:
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QFontMetrics

    from tests.ui.conftest import continue_, enter

    window = kiosk.window  # type: ignore[attr-defined]
    window.resize(1080, 1920)
    window.set_language("ur")
    window.set_scale(2.0)
    window.open_tile("housing_repair")
    enter(qtbot, window, "flooding")  # type: ignore[arg-type]
    continue_(qtbot, window)  # type: ignore[arg-type]
    screen = window.emergency
    assert window.current_screen() is screen
    phone = screen.phone
    viewport = screen.scroll.viewport()

    def fits() -> bool:
        wide = QFontMetrics(phone.font()).horizontalAdvance(phone.text())
        bottom = phone.mapTo(viewport, QPoint(0, phone.height())).y()
        return 0 < wide <= phone.contentsRect().width() and bottom <= viewport.height()

    qtbot.waitUntil(fits)  # type: ignore[attr-defined]
