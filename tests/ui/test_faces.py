"""The "How did we do?" rating: five face tiles from very unhappy to very happy, each a radio
button named by its words, at every text size, in high contrast and right to left."""

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QAccessible, QColor, QImage
from pytestqt.qtbot import QtBot

from kiosk.forms.model import PREFER_NOT_TO_SAY, Choice, Question
from kiosk.i18n import in_language
from tests.ui.conftest import continue_, tap
from ui import theme
from ui.app import Kiosk
from ui.main_window import MainWindow
from ui.widgets.faces import FaceTile
from ui.widgets.fields import FacesEditor, editor_for

MIN_TARGET = 48


def open_rating(
    qtbot: QtBot, window: MainWindow, language: str = "en", scale: float = 1.0, high: bool = False
) -> FacesEditor:
    window.set_language(language)
    window.set_scale(scale)
    window.set_contrast(high)
    window.open_tile("feedback")  # offered after a receipt, never a home tile
    editor = window.question.editor
    assert isinstance(editor, FacesEditor)
    # Laid out: every tile as tall as its face, words and mark need at its width.
    qtbot.waitUntil(
        lambda: all(
            tile.isVisible() and tile.height() + 1 >= tile.heightForWidth(tile.width())
            for tile in editor.faces()
        ),
        timeout=5000,
    )
    return editor


def rating(window: MainWindow) -> Question:
    question = window.forms["feedback"].questions[0]
    assert question.display == "faces"
    return question


def ink(image: QImage, colour: QColor, x: int, y: int) -> bool:
    """Whether the pixel is (nearly) the colour the face is drawn in."""
    here = image.pixelColor(x, y)
    distance = (
        abs(here.red() - colour.red())
        + abs(here.green() - colour.green())
        + abs(here.blue() - colour.blue())
    )
    return distance < 120


def mouth_height(image: QImage, face: QRect, colour: QColor, across: float) -> float:
    """Where the mouth is, down the face, at `across` (-1 left edge to 1 right edge): the mean
    row of its ink between the middle of the face and above the chin."""
    radius = face.width() / 2
    x = round(face.center().x() + across * radius)
    top, bottom = round(face.center().y()), round(face.center().y() + 0.8 * radius)
    rows = [y for y in range(top, bottom) if ink(image, colour, x, y)]
    assert rows, f"no mouth at {across}"
    return sum(rows) / len(rows)


def test_the_rating_shows_five_faces_named_by_their_words_as_radio_buttons(
    qtbot: QtBot, kiosk: Kiosk
):
    window = kiosk.window
    editor = open_rating(qtbot, window)
    question = rating(window)
    tiles = editor.faces()
    assert len(tiles) == len(question.choices) == 5
    assert [tile.accessibleName() for tile in tiles] == [c.label for c in question.choices]
    assert tiles[0].accessibleName() == "Very poor"
    for tile in tiles:
        face = QAccessible.queryAccessibleInterface(tile)
        assert face is not None
        assert face.role() == QAccessible.Role.RadioButton
        assert tile.isCheckable() and not tile.isChecked()
    # From very unhappy to very happy, worst first, side by side in reading order.
    assert [tile.feeling for tile in tiles] == [-1.0, -0.5, 0.0, 0.5, 1.0]
    assert len({tile.y() for tile in tiles}) == 1
    assert [tile.x() for tile in tiles] == sorted(tile.x() for tile in tiles)


def test_tapping_a_face_chooses_it_and_the_answer_reaches_the_outbox(qtbot: QtBot, kiosk: Kiosk):
    window = kiosk.window
    editor = open_rating(qtbot, window)
    good, very_good = editor.buttons["4"], editor.buttons["5"]
    tap(qtbot, very_good)
    tap(qtbot, good)  # a change of mind: one answer only
    assert [value for value, tile in editor.buttons.items() if tile.isChecked()] == ["4"]
    told = QAccessible.queryAccessibleInterface(good)
    assert told is not None and told.state().checked  # what a screen reader says
    continue_(qtbot, window)
    journey = window.journey
    assert journey is not None
    assert journey.answer("rating") == "4"
    assert journey.current is not None and journey.current.id == "comment"
    continue_(qtbot, window)  # the comment is optional
    assert window.current_screen() is window.check
    tap(qtbot, window.check.submit)
    qtbot.waitUntil(lambda: window.current_screen() is not window.check, timeout=10_000)
    (row,) = kiosk.outbox.list()
    assert row.payload["form"] == "feedback"
    assert row.payload["answers"]["rating"] == "4"


def test_coming_back_to_the_rating_shows_the_face_chosen(qtbot: QtBot, kiosk: Kiosk):
    window = kiosk.window
    editor = open_rating(qtbot, window)
    tap(qtbot, editor.buttons["2"])
    continue_(qtbot, window)
    tap(qtbot, window.question.back)
    editor = window.question.editor
    assert isinstance(editor, FacesEditor)
    assert [value for value, tile in editor.buttons.items() if tile.isChecked()] == ["2"]


@pytest.mark.parametrize("scale", [1.0, 2.0])
@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)])
def test_the_faces_fit_and_are_big_enough_to_tap(
    qtbot: QtBot, kiosk: Kiosk, scale: float, size: tuple[int, int]
):
    window = kiosk.window
    window.resize(*size)
    editor = open_rating(qtbot, window, scale=scale)
    tiles = editor.faces()
    for tile in tiles:
        assert min(tile.width(), tile.height()) >= max(MIN_TARGET, theme.current().target)
        assert tile.width() + 1 >= tile.minimumSizeHint().width(), "a word is cut"
        assert tile.height() + 1 >= tile.heightForWidth(tile.width()), "words are cut"
        assert tile.face_rect().width() == round(tile.font().pixelSize() * 3.0)
        assert tile.rect().contains(tile.face_rect())
        assert tile.x() >= 0 and tile.geometry().right() < editor.width()
    # No tile on another; the rows are even (3 and 2, never 4 and 1).
    for index, tile in enumerate(tiles):
        assert not any(tile.geometry().intersects(o.geometry()) for o in tiles[index + 1 :])
    rows: dict[int, int] = {}
    for tile in tiles:
        rows[tile.y()] = rows.get(tile.y(), 0) + 1
    assert max(rows.values()) - min(rows.values()) <= 1
    assert window.width() == size[0]  # the faces never push the window wider
    if scale == 1.0:
        assert len(rows) == 1  # side by side at the usual size


def test_the_faces_grow_with_the_text(qtbot: QtBot, kiosk: Kiosk):
    window = kiosk.window
    small = open_rating(qtbot, window, scale=1.0).faces()[0].face_rect().width()
    window.finish()
    large = open_rating(qtbot, window, scale=2.0).faces()[0].face_rect().width()
    assert large == 2 * small


def test_each_face_is_drawn_from_a_frown_to_a_smile(qtbot: QtBot, kiosk: Kiosk):
    editor = open_rating(qtbot, kiosk.window)
    colour = QColor(theme.current().palette.secondary_button_text)
    heights = []
    for tile in editor.faces():
        image = tile.grab().toImage()
        face = tile.face_rect()
        drawn = sum(
            ink(image, colour, x, y)
            for x in range(face.left(), face.right() + 1)
            for y in range(face.top(), face.bottom() + 1)
        )
        assert drawn > face.width() * 3, f"'{tile.words()}' has no face"
        middle = mouth_height(image, face, colour, 0.0)
        corners = (
            mouth_height(image, face, colour, -0.3) + mouth_height(image, face, colour, 0.3)
        ) / 2
        heights.append(middle - corners)  # > 0: the middle lower than the corners, a smile
    very_poor, poor, neither, good, very_good = heights
    assert very_poor < poor < -1
    assert abs(neither) <= 1
    assert 1 < good < very_good


def test_the_chosen_face_in_high_contrast_is_marked_by_shape_and_colour(qtbot: QtBot, kiosk: Kiosk):
    window = kiosk.window
    editor = open_rating(qtbot, window, high=True)
    palette = theme.current().palette
    chosen, other = editor.buttons["5"], editor.buttons["1"]
    tap(qtbot, chosen)
    assert isinstance(chosen, FaceTile) and chosen.isChecked()
    for tile, face_colour, ground in (
        (chosen, palette.background, palette.link),  # black on yellow
        (other, palette.secondary_button_text, palette.secondary_button),  # yellow on black
    ):
        image = tile.grab().toImage()
        face = tile.face_rect()
        assert ink(image, QColor(ground), face.left() + 2, face.top() + 2)
        assert ink(image, QColor(face_colour), face.center().x(), face.bottom() - 1)
        # The radio mark under the words: filled when chosen, only a ring when not.
        mark = tile.mark_rect()
        ring = range(mark.top() - 2, mark.top() + 3)
        assert any(ink(image, QColor(face_colour), mark.center().x(), y) for y in ring)
        filled = ink(image, QColor(face_colour), mark.center().x(), mark.center().y())
        assert filled == (tile is chosen), tile.words()


def test_the_faces_are_not_mirrored_right_to_left(qtbot: QtBot, kiosk: Kiosk):
    window = kiosk.window
    english = open_rating(qtbot, window, "en").faces()
    english_faces = [tile.grab().toImage().copy(tile.face_rect()) for tile in english]
    window.finish()
    editor = open_rating(qtbot, window, "ur")
    tiles = editor.faces()
    assert tiles[0].layoutDirection() == Qt.LayoutDirection.RightToLeft
    # The tiles follow the reading direction: the worst answer at the right...
    assert [tile.x() for tile in tiles] == sorted((tile.x() for tile in tiles), reverse=True)
    assert tiles[0].accessibleName() == in_language("ur", "Very poor")
    # ...but each face is drawn exactly as in English: a frown stays a frown.
    for tile, face in zip(tiles, english_faces, strict=True):
        assert tile.grab().toImage().copy(tile.face_rect()) == face


def test_any_number_of_answers_runs_from_very_unhappy_to_very_happy(qtbot: QtBot):
    question = Question(
        "service",
        "single_choice",
        "How was the service?",
        choices=(Choice("bad", "Bad"), Choice("fine", "Fine"), Choice("great", "Great")),
        monitoring=True,
        display="faces",
    )
    editor = editor_for(question)
    qtbot.addWidget(editor)
    assert isinstance(editor, FacesEditor)
    assert [tile.feeling for tile in editor.faces()] == [-1.0, 0.0, 1.0]
    # The answer the kiosk adds is no face: an ordinary tile, still one of the radio buttons.
    extra = editor.buttons[PREFER_NOT_TO_SAY]
    assert not isinstance(extra, FaceTile) and extra.indicator == "radio"
    extra.click()
    assert editor.raw() == PREFER_NOT_TO_SAY
    editor.set_raw("great")
    assert editor.raw() == "great" and not extra.isChecked()
