"""A real kiosk window on the offscreen platform, with its own outbox file and a clock the
test moves, and a driver that answers questions the way a citizen does: taps and typing."""

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk.settings import load_settings
from kiosk.tickets import load_services
from kiosk.tickets.client import HubClient
from kiosk.tickets.hub import HubServer
from kiosk.tickets.queue import TicketQueue
from tests.support import FakeClock
from ui import printing
from ui.app import Kiosk, build_kiosk
from ui.main_window import MainWindow
from ui.widgets.fields import ChoiceEditor, ConsentEditor, LineEditor, LongTextEditor, _PartsEditor


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def kiosk(qtbot: QtBot, tmp_path: Path, clock: FakeClock) -> Iterator[Kiosk]:
    settings = replace(
        load_settings(None, {"KIOSK_DATA_DIR": str(tmp_path / "data")}), kiosk_code="TT"
    )
    built = build_kiosk(settings, clock=clock, start_sync=False)
    built.window.ticker.stop()  # the test calls check_idle() after moving the clock
    qtbot.addWidget(built.window)
    built.window.resize(1920, 1080)
    built.window.show()
    qtbot.waitExposed(built.window)
    yield built
    built.close()


SITE_TOKEN = "site-token-for-tests"


@pytest.fixture
def queue(tmp_path: Path, clock: FakeClock) -> Iterator[TicketQueue]:
    opened = TicketQueue(tmp_path / "queue.sqlite3", load_services(), clock=clock)
    yield opened
    opened.close()


@pytest.fixture
def hub(queue: TicketQueue) -> Iterator[HubServer]:
    server = HubServer(queue, SITE_TOKEN, host="127.0.0.1", port=0)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def client(hub: HubServer) -> Iterator[HubClient]:
    opened = HubClient(hub.url, SITE_TOKEN)
    yield opened
    opened.close()


@pytest.fixture
def ticket_kiosk(qtbot: QtBot, tmp_path: Path, clock: FakeClock, hub: HubServer) -> Iterator[Kiosk]:
    settings = replace(
        load_settings(None, {"KIOSK_DATA_DIR": str(tmp_path / "data")}),
        kiosk_code="TT",
        queue_enabled=True,
        queue_hub_url=hub.url,
        queue_site_token=SITE_TOKEN,
    )
    built = build_kiosk(settings, clock=clock, start_sync=False)
    built.window.ticker.stop()
    built.window.parts.printer = lambda: printing.pdf_printer(str(tmp_path / "ticket.pdf"))
    qtbot.addWidget(built.window)
    built.window.resize(1920, 1080)
    built.window.show()
    qtbot.waitExposed(built.window)
    yield built
    built.close()


def tap(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.waitUntil(widget.isVisible, timeout=5000)
    assert widget.isEnabled(), f"{widget} cannot be tapped"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def type_text(qtbot: QtBot, edit: QWidget, text: str) -> None:
    """Type as the kiosk's keyboards do: keys for short plain text; an input-method commit
    (what an on-screen keyboard sends) for other scripts, emoji, controls and long text."""
    if text.isascii() and len(text) <= 200:
        qtbot.keyClicks(edit, text)
        return
    edit.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(edit, event)


def enter(qtbot: QtBot, window: MainWindow, raw: Any) -> None:
    """Answer the question on screen as a citizen would."""
    editor = window.question.editor
    assert editor is not None
    if isinstance(editor, LineEditor | LongTextEditor):
        editor.edit.clear()
        type_text(qtbot, editor.edit, str(raw))
    elif isinstance(editor, ChoiceEditor):
        wanted = raw if isinstance(raw, list) else [raw]
        for value, button in editor.buttons.items():
            if button.isChecked() != (value in wanted):
                tap(qtbot, button)
    elif isinstance(editor, ConsentEditor):
        if editor.box.isChecked() != bool(raw):
            tap(qtbot, editor.box)
    elif isinstance(editor, _PartsEditor):
        for part, edit in editor.edits.items():
            edit.clear()
            if raw.get(part):
                type_text(qtbot, edit, raw[part])
    else:  # pragma: no cover - a new editor type needs a line here
        raise AssertionError(type(editor))


def continue_(qtbot: QtBot, window: MainWindow) -> None:
    tap(qtbot, window.question.continue_button)
