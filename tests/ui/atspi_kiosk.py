"""The kiosk window on a real screen, for tests that look at it from outside the process (what
assistive technology sees over AT-SPI: tests/ui/test_atspi.py).

    QT_QPA_PLATFORM=xcb .venv/bin/python tests/ui/atspi_kiosk.py --language ur

It builds the kiosk as `kiosk run --windowed` does (without the sync engine), shows it at
1920x1080 and then takes one command a line on stdin, answering each with one line on stdout
once the window has caught up: `ready {...}`, JSON with the screen, the language, the question
on screen and its answer so far. The first `ready` line comes when the window is shown.
Commands:

    open FORM_ID        tap a home tile (a form)
    answer              answer the question on screen with a sample answer, and Continue
    tick VALUE          tap the answer tile VALUE on a choice page (and stay on the page)
    type TEXT           type TEXT into the text box on screen (and stay on the page)
    language CODE       choose a language
    home                Finish: wipe the session and go back to the home screen
    state               nothing: only the `ready` line (to see what a tap from outside did)

End of input (or SIGTERM) closes the kiosk.
"""

import argparse
import json
import os
import signal
import sys

from PySide6.QtCore import QSocketNotifier, QTimer
from PySide6.QtWidgets import QApplication

from kiosk.sample_answers import sample_raw
from kiosk.settings import load_settings
from ui.app import Kiosk, application, build_kiosk
from ui.widgets.fields import ChoiceEditor, LineEditor, LongTextEditor


def state(kiosk: Kiosk) -> dict[str, object]:
    window = kiosk.window
    screen = window.current_screen()
    journey = window.journey
    question = journey.current if journey is not None else None
    return {
        "screen": type(screen).__name__,
        "language": window.language,
        "question": question.id if question is not None and screen is window.question else None,
        "answer": window.question.current_raw() if screen is window.question else None,
    }


def run_command(kiosk: Kiosk, line: str) -> None:
    window = kiosk.window
    command, _space, argument = line.partition(" ")
    editor = window.question.editor
    journey = window.journey
    if command == "open":
        window.open_tile(argument)
    elif command == "answer" and journey is not None and journey.current is not None:
        window.answer(sample_raw(journey.current, window.today()))
    elif command == "tick" and isinstance(editor, ChoiceEditor):
        editor.buttons[argument].click()
    elif command == "type" and isinstance(editor, LineEditor):
        editor.edit.insert(argument)
    elif command == "type" and isinstance(editor, LongTextEditor):
        editor.edit.insertPlainText(argument)
    elif command == "language":
        window.set_language(argument)
    elif command == "home":
        window.finish()
    elif command != "state":
        raise SystemExit(f"atspi_kiosk: cannot do {line!r} on {state(kiosk)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--language", default="en", help="the language the kiosk starts in")
    args = parser.parse_args()
    # KIOSK_DATA_DIR comes from the test (the outbox is a file in its tmp_path); the language
    # goes through the settings, as a kiosk configured to start in it does.
    settings = load_settings(None, {**os.environ, "KIOSK_LANGUAGE": args.language})
    app = application()
    kiosk = build_kiosk(settings, start_sync=False)
    window = kiosk.window
    window.ticker.stop()  # no idle timeout half-way through a test
    window.resize(1920, 1080)
    window.show()

    def reply() -> None:
        app.processEvents()
        print("ready", json.dumps(state(kiosk)), flush=True)

    def read() -> None:
        line = sys.stdin.readline()
        if not line:
            app.quit()
            return
        if line.strip():
            run_command(kiosk, line.rstrip("\n"))
            reply()

    notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
    notifier.activated.connect(read)
    # Qt's loop does not run Python signal handlers by itself: a timer lets SIGTERM in.
    signal.signal(signal.SIGTERM, lambda *_: app.quit())
    wake = QTimer()
    wake.timeout.connect(lambda: None)
    wake.start(100)
    QTimer.singleShot(0, reply)
    try:
        return app.exec()
    finally:
        kiosk.close()
        QApplication.processEvents()


if __name__ == "__main__":
    sys.exit(main())
