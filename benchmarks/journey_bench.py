"""Benchmarks of the citizen journey, offscreen: start-up, a page turn, Send to receipt, and
memory over many sessions. Measures and prints; asserts nothing."""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CHILD = Path(__file__).with_name("start_child.py")


def _cold_start(mode: str, data: str) -> dict[str, float]:
    start = time.time()
    # As an installed kiosk restarts: with its modules' bytecode cached from the last start.
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env |= {
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(ROOT),
        "PYTHONPYCACHEPREFIX": str(Path(data) / "bytecode"),
    }
    out = subprocess.run(
        [sys.executable, str(CHILD), mode, repr(start), data],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    ).stdout
    words = out.split()
    return {word: float(words[i + 1]) for i, word in enumerate(words) if word in _MOMENTS}


_MOMENTS = ("PAINTED", "READY")


def cold_start_figures(rounds: int = 7) -> dict[str, float]:
    kiosk, ready, hello = [], [], []
    with tempfile.TemporaryDirectory(dir=ROOT, prefix=".bench-") as data:
        # The first start creates the outbox, the bytecode and the cache of checked forms:
        # a kiosk is installed once and restarts every day.
        _cold_start("kiosk", data)
        _cold_start("hello", data)
        for _ in range(rounds):  # interleaved, so the machine's moods hit both alike
            moments = _cold_start("kiosk", data)
            kiosk.append(moments["PAINTED"])
            ready.append(moments["READY"])
            hello.append(_cold_start("hello", data)["PAINTED"])
    k, h = statistics.median(kiosk), statistics.median(hello)
    return {
        "cold_start_s": round(k, 3),
        "hello_window_start_s": round(h, 3),
        "cold_start_vs_hello": round(k / h, 2),
        "all_screens_ready_s": round(statistics.median(ready), 3),
    }


@contextmanager
def kiosk_window(**overrides: Any) -> Iterator[tuple[Any, Any]]:
    """The real kiosk window, offscreen at 1920x1080, over a scratch outbox."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from kiosk.settings import load_settings
    from ui.app import application, build_kiosk

    app = application()
    with tempfile.TemporaryDirectory(dir=ROOT, prefix=".bench-") as data:
        settings = replace(
            load_settings(None, {"KIOSK_DATA_DIR": data}), kiosk_code="K9", **overrides
        )
        kiosk = build_kiosk(settings, start_sync=False)
        kiosk.window.ticker.stop()
        kiosk.window.resize(1920, 1080)
        kiosk.window.show()
        app.processEvents()
        try:
            yield app, kiosk.window
        finally:
            kiosk.close()


def _rss_kib() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


def journey_figures(sessions: int = 2000) -> dict[str, float]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from kiosk.sample_answers import sample_raw

    with kiosk_window() as (app, window):

        def settle() -> None:
            app.processEvents()
            QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

        page_turns: list[float] = []
        submits: list[float] = []
        rss_after_100 = 0

        for number in range(1, sessions + 1):
            window.open_tile("call_back")
            journey = window.journey
            assert journey is not None
            while journey.state == "question" and journey.current is not None:
                editor = window.question.editor
                assert editor is not None
                editor.set_raw(sample_raw(journey.current, window.today()))
                began = time.perf_counter()
                QTest.mouseClick(window.question.continue_button, Qt.MouseButton.LeftButton)
                window.repaint()  # painted, not just laid out
                page_turns.append(time.perf_counter() - began)
            began = time.perf_counter()
            QTest.mouseClick(window.check.submit, Qt.MouseButton.LeftButton)
            while window.current_screen() is not window.receipt_screen:
                app.processEvents()
            window.repaint()
            submits.append(time.perf_counter() - began)
            window.finish()
            settle()
            if number == 100:
                rss_after_100 = _rss_kib()
        rss_end = _rss_kib()
    return {
        "page_turn_ms": round(statistics.median(page_turns) * 1000, 2),
        "page_turn_p90_ms": round(statistics.quantiles(page_turns, n=10)[-1] * 1000, 2),
        "submit_to_receipt_ms": round(statistics.median(submits) * 1000, 2),
        "rss_after_100_sessions_mib": round(rss_after_100 / 1024, 1),
        "rss_after_2000_sessions_mib": round(rss_end / 1024, 1),
        "rss_growth_pct_2000_sessions": round((rss_end - rss_after_100) / rss_after_100 * 100, 2),
    }


def language_figures(rounds: int = 3) -> dict[str, float]:
    """Re-lay a filled form page in another language; and Read aloud until audio starts."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from kiosk.languages import offered
    from kiosk.speech import Speech
    from ui.reading import screen_text

    with kiosk_window() as (app, window):
        window.open_tile("complaint")
        window.answer("complaint")
        window.answer("council_tax")
        editor = window.question.editor
        assert editor is not None
        editor.set_raw("The bin was not emptied for three weeks running.")
        app.processEvents()
        switches = []
        languages = [code for code in offered() if code != "en"] or ["en"]
        for _ in range(rounds):
            for code in [*languages, "en"]:
                began = time.perf_counter()
                window.set_language(code)
                window.repaint()
                switches.append(time.perf_counter() - began)

        speech = Speech()
        starts = []
        if speech.program is not None:
            for _ in range(5):
                began = time.perf_counter()
                text = screen_text(window.current_screen())
                voice = speech.voice_for("en") or "en-gb"
                # As Speech.speak starts it, but to standard output: the first sound bytes
                # mark the moment audio would start playing.
                process = subprocess.Popen(
                    [speech.program, "-v", voice, "-b", "1", "--stdout", "--", text],
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                )
                assert process.stdout is not None
                process.stdout.read(4096)
                starts.append(time.perf_counter() - began)
                process.kill()
                process.wait()
    figures = {"language_switch_ms": round(statistics.median(switches) * 1000, 2)}
    if starts:
        figures["speech_start_ms"] = round(statistics.median(starts) * 1000, 2)
    return figures


def ticket_figures(rounds: int = 60) -> dict[str, float]:
    """Tap a service on "Take a ticket" until the ticket is painted, through a real hub on
    127.0.0.1 (its own SQLite, fsynced) as a site's kiosk does."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from kiosk.tickets import load_services
    from kiosk.tickets.hub import HubServer
    from kiosk.tickets.queue import TicketQueue

    token = "bench-site-token"
    with tempfile.TemporaryDirectory(dir=ROOT, prefix=".bench-") as data:
        queue = TicketQueue(Path(data) / "queue.sqlite3", load_services())
        hub = HubServer(queue, token, host="127.0.0.1", port=0)
        hub.start()
        try:
            with kiosk_window(
                queue_enabled=True, queue_hub_url=hub.url, queue_site_token=token
            ) as (app, window):
                window.parts.printer = lambda: None
                flow = window.tickets
                issues = []
                for number in range(rounds):
                    window.open_tile("ticket")
                    app.processEvents()
                    service = flow.parts.services[number % len(flow.parts.services)].id
                    began = time.perf_counter()
                    QTest.mouseClick(flow.choice.buttons[service], Qt.MouseButton.LeftButton)
                    while window.current_screen() is not flow.ticket:
                        app.processEvents()
                    window.repaint()
                    issues.append(time.perf_counter() - began)
                    window.finish()
        finally:
            hub.stop()
            queue.close()
    return {"ticket_issue_ms": round(statistics.median(issues[5:]) * 1000, 2)}
