"""Reading aloud with the real espeak-ng: a screen spoken to a WAV file, stopped on a screen
change, in the citizen's language."""

import wave
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.speech import VOICES, Speech
from tests.ui.conftest import tap
from ui.app import Kiosk
from ui.reading import screen_text


def seconds(path: Path) -> float:
    with wave.open(str(path)) as audio:
        return audio.getnframes() / audio.getframerate()


@pytest.fixture
def speech(tmp_path: Path) -> Speech:
    spoken = Speech(wav_folder=tmp_path)
    assert spoken.available, "make test installs espeak-ng"
    return spoken


def test_every_language_has_a_voice(speech: Speech):
    assert {code for code in VOICES if speech.voice_for(code) is None} == set()


def test_read_aloud_speaks_the_question_its_hint_and_answers(
    qtbot: QtBot, kiosk: Kiosk, speech: Speech
):
    window = kiosk.window
    window.speech = speech
    tap(qtbot, window.home.buttons["street_problem"])
    text = screen_text(window.question)
    assert "What is the problem?" in text
    assert "Graffiti. not selected." in text
    assert text.index("What is the problem?") < text.index("Graffiti")
    tap(qtbot, window.header.read_aloud)
    assert window.header.read_aloud.words() == "Stop reading"
    speech.wait()
    (wav,) = speech.wav_folder.glob("*.wav")  # type: ignore[union-attr]
    # Plausible: a few words a second at the normal rate, for the whole page.
    assert 3.0 < seconds(wav) < 2.0 * len(text.split())


def test_speech_stops_when_the_screen_changes(qtbot: QtBot, kiosk: Kiosk, speech: Speech):
    window = kiosk.window
    window.speech = speech
    tap(qtbot, window.home.buttons["complaint"])
    speech.speak("A long reading. " * 200, "en")
    assert speech.speaking
    tap(qtbot, window.question.back)  # to the home screen
    assert not speech.speaking


def test_speaking_in_urdu_uses_the_urdu_voice(speech: Speech):
    wav = speech.speak("آپ کا حوالہ نمبر", "ur")
    speech.wait()
    assert wav is not None and seconds(wav) > 0.5
    assert speech.voice_for("ur") == "ur"


def test_no_synthesiser_says_so_and_everything_else_works(qtbot: QtBot, kiosk: Kiosk):
    window = kiosk.window
    window.speech = Speech(program="no-such-synthesiser")
    tap(qtbot, window.header.read_aloud)
    assert "not available on this kiosk" in window.notice_line.text()
    assert window.notice_line.isVisible()
    tap(qtbot, window.home.buttons["call_back"])
    assert window.current_screen() is window.question
    assert not window.notice_line.isVisible()


def test_talk_mode_first_tap_speaks_second_tap_chooses(qtbot: QtBot, kiosk: Kiosk, speech: Speech):
    window = kiosk.window
    window.speech = speech
    window.set_talk_mode(True)
    assert window.idle.factor == 3.0
    speech.wait()
    tap(qtbot, window.home.buttons["street_problem"])  # heard, not opened
    assert window.current_screen() is window.home
    speech.wait()
    tap(qtbot, window.home.buttons["street_problem"])  # now opened
    assert window.current_screen() is window.question
    graffiti = window.question.editor.buttons["graffiti"]
    tap(qtbot, graffiti)
    assert not graffiti.isChecked() and graffiti.hasFocus()
    speech.wait()
    tap(qtbot, graffiti)
    assert graffiti.isChecked()
    tap(qtbot, window.question.continue_button)
    tap(qtbot, window.question.continue_button)
    speech.wait()
    # Talk mode on, the tile, the new page's heading, the answer, Continue, the next heading;
    # a reading cut short by the next tap leaves no file, the others are real speech.
    assert speech.readings >= 5
    readings = sorted(speech.wav_folder.glob("*.wav"))  # type: ignore[union-attr]
    assert readings and all(seconds(wav) > 0.3 for wav in readings)
    window.finish()
    assert not window.talk.on


def test_the_complaint_form_in_talk_mode(qtbot: QtBot, kiosk: Kiosk, speech: Speech):
    from kiosk.sample_answers import sample_raw
    from tests.ui.conftest import type_text
    from ui.widgets.fields import ChoiceEditor

    window = kiosk.window
    window.speech = speech

    def double_tap(widget) -> None:
        tap(qtbot, widget)
        tap(qtbot, widget)

    window.set_talk_mode(True)
    double_tap(window.home.buttons["complaint"])
    for _ in range(30):
        if window.current_screen() is not window.question:
            break
        editor = window.question.editor
        raw = sample_raw(window.journey.current, window.today())
        if isinstance(editor, ChoiceEditor):
            double_tap(editor.buttons[raw if isinstance(raw, str) else raw[0]])
        else:
            double_tap(editor.edit)
            type_text(qtbot, editor.edit, str(raw))
        double_tap(window.question.continue_button)
    assert window.current_screen() is window.check
    double_tap(window.check.submit)
    qtbot.waitUntil(lambda: window.current_screen() is window.receipt_screen, timeout=10_000)
    assert kiosk.outbox.list()[0].kind == "complaint"
