"""Start-up: the home screen shows first; every other screen is built just after it has been
painted, or on first use if a tap comes sooner, and nothing of a session depends on which."""

from dataclasses import replace
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.settings import load_settings
from tests.support import FakeClock
from ui.app import build_kiosk
from ui.main_window import _BUILT_LATER, _SCREENS


def _kiosk(tmp_path: Path, clock: FakeClock):  # type: ignore[no-untyped-def]
    settings = replace(
        load_settings(None, {"KIOSK_DATA_DIR": str(tmp_path / "data")}), kiosk_code="TT"
    )
    return build_kiosk(settings, clock=clock, start_sync=False)


def _built(window: object) -> set[str]:
    return {name for name in _BUILT_LATER if name in vars(window)}


def test_only_the_home_screen_is_built_before_the_window_first_paints(
    qtbot: QtBot, tmp_path: Path
) -> None:
    kiosk = _kiosk(tmp_path, FakeClock())
    window = kiosk.window
    try:
        assert _built(window) == set()
        assert window.info == {}
        assert window.stack.count() == 1 and window.current_screen() is window.home

        window.resize(1920, 1080)
        window.show()
        qtbot.waitUntil(lambda: _built(window) == set(_BUILT_LATER), timeout=10_000)
        qtbot.waitUntil(lambda: set(window.info) == set(window.parts.info_screens))
        assert window.stack.count() == 1 + len(_SCREENS) + len(window.parts.info_screens)
        assert window.current_screen() is window.home  # built behind the home screen
    finally:
        kiosk.close()


def test_a_tap_before_the_screens_are_built_builds_the_one_it_needs(
    qtbot: QtBot, tmp_path: Path
) -> None:
    kiosk = _kiosk(tmp_path, FakeClock())
    window = kiosk.window
    try:
        window.open_tile("call_back")
        assert window.current_screen() is window.question
        assert _built(window) == {"question"}
        window.finish()  # wipes what exists, builds nothing more to wipe
        assert _built(window) == {"question"}
        assert window.info == {}
        assert window.current_screen() is window.home
    finally:
        kiosk.close()


def test_screens_built_later_take_the_look_the_citizen_chose(qtbot: QtBot, tmp_path: Path) -> None:
    kiosk = _kiosk(tmp_path, FakeClock())
    window = kiosk.window
    try:
        window.set_language("ur")
        window.set_scale(2.0)
        window.open_tile("complaint")
        screen = window.current_screen()
        assert screen is window.question
        assert screen.layoutDirection().name == "RightToLeft"
        assert screen.font().pointSizeF() == window.font().pointSizeF()
        assert window.styleSheet() and screen.styleSheet() == ""  # inherits the window's
    finally:
        kiosk.close()


def test_a_restart_after_the_clock_was_set_back_never_repeats_a_reference(
    tmp_path: Path,
) -> None:
    """References count seconds and never go back. The last one issued is found by the order
    of storing, not by the clock's time of it, which a clock set back makes earlier."""
    from datetime import timedelta

    from kiosk.forms.journey import FormJourney
    from kiosk.references import ReferenceGenerator

    clock = FakeClock()
    start = clock.now
    issued = []
    for moment in (start + timedelta(seconds=100), start, start + timedelta(seconds=1)):
        clock.now = moment  # each start: the clock as the kiosk finds it
        kiosk = _kiosk(tmp_path, clock)
        try:
            feedback = next(f for f in kiosk.window.parts.forms if f.id == "feedback")
            journey = FormJourney(feedback, today=lambda: clock.now.date())
            journey.submit("5")
            journey.submit("")
            assert journey.state == "check"
            issued.append(kiosk.window.parts.submissions.submit(journey, "en").reference)
        finally:
            kiosk.close()

    seconds = [ReferenceGenerator.seconds_of(reference) for reference in issued]
    assert len(set(issued)) == 3
    assert seconds == sorted(seconds)


def test_the_outbox_opens_once_the_home_screen_has_painted(qtbot: QtBot, tmp_path: Path) -> None:
    kiosk = _kiosk(tmp_path, FakeClock())
    window = kiosk.window
    try:
        assert "outbox" not in vars(kiosk) and "submissions" not in vars(window.parts)
        with qtbot.waitSignal(window.home_painted, timeout=10_000):
            window.resize(1920, 1080)
            window.show()
        assert "outbox" in vars(kiosk) and "submissions" in vars(window.parts)
        assert kiosk.failure is None
    finally:
        kiosk.close()


def test_an_outbox_that_cannot_be_opened_stops_the_kiosk_with_a_plain_message(
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The outbox opens after the home screen shows; if it cannot (here: written by a newer
    kiosk), the kiosk stops at once and says why, as it did when it opened first."""
    import sqlite3

    from ui.cli import main

    data = tmp_path / "data"
    data.mkdir()
    outbox = data / "outbox.sqlite3"
    with sqlite3.connect(outbox) as newer:
        newer.execute("PRAGMA user_version = 99")
    newer.close()
    before = outbox.read_bytes()
    monkeypatch.setenv("KIOSK_DATA_DIR", str(data))

    assert main(["run", "--size", "800x600"]) == 1

    error = capsys.readouterr().err
    assert error.startswith("Outbox problem: ") and "schema version 99" in error
    assert "Traceback" not in error
    assert outbox.read_bytes() == before  # left as it was, for the newer kiosk
