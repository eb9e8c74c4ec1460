"""`kiosk demo` (what `make demo` runs): the reference back end and the kiosk, together.

The back end runs as its own process on 127.0.0.1 with a demo token; the kiosk uses its usual
outbox in the user data folder and sends to that back end. The site's queue hub can run beside
it (`HubProcess`), with a demo site token.
"""

import argparse
import itertools
import os
import re
import subprocess
import sys
import threading
import uuid
from dataclasses import replace
from pathlib import Path

from kiosk.cli_sync import print_settlement
from kiosk.i18n import _
from kiosk.services import make_sync_engine, open_outbox
from kiosk.settings import Settings
from offline_queue import Outbox, SyncEngine

DEMO_TOKEN = "demo-token"
DEMO_SITE_TOKEN = "demo-site-token"
_LISTENING = re.compile(r"listening on (http://\S+)")

# Sample submissions, plainly marked as such: no real person's data.
SAMPLES = [
    ("street_problem", {"problem": "graffiti", "where": "Sample Street bus shelter"}),
    ("complaint", {"service": "waste", "what_happened": "Sample: bin not emptied twice"}),
    ("call_back", {"topic": "council_tax", "name": "Sample Citizen"}),
]


class _ServerProcess:
    """A server in a child process that prints "... listening on URL" once it listens."""

    def __init__(self, command: list[str], failed: str, env: dict[str, str] | None = None) -> None:
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
        assert self.process.stdout is not None
        first_line = self.process.stdout.readline()
        found = _LISTENING.search(first_line)
        if not found:
            self.stop()
            raise RuntimeError(failed.format(line=first_line.strip() or _("no answer")))
        self.url = found.group(1)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
        self.process.communicate(timeout=10)  # and close its pipe


class BackendProcess(_ServerProcess):
    """The reference back end in a child process, on a free loopback port."""

    def __init__(self, settings: Settings) -> None:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        db = settings.data_dir / "demo-backend.sqlite3"
        super().__init__(
            [
                sys.executable,
                "-m",
                "council_backend",
                "--port",
                "0",
                "--token",
                DEMO_TOKEN,
                "--db",
                str(db),
            ],
            _("The reference back end did not start: {line}"),
        )


class HubProcess(_ServerProcess):
    """The site's queue hub (`kiosk hub`) in a child process, on a free loopback port, with the
    demo site token. Its queue file is demo-queue.sqlite3 in the data folder unless `db` says
    otherwise; its events go to the usual outbox."""

    def __init__(self, settings: Settings, db: Path | None = None) -> None:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        db = db or settings.data_dir / "demo-queue.sqlite3"
        config = [] if settings.source is None else ["--config", str(settings.source)]
        env = {
            **os.environ,
            "KIOSK_DATA_DIR": str(settings.data_dir),
            "KIOSK_SITE_TOKEN": DEMO_SITE_TOKEN,
        }
        super().__init__(
            [
                sys.executable,
                "-m",
                "kiosk.cli",
                *config,
                "hub",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--db",
                str(db),
            ],
            _("The queue hub did not start: {line}"),
            env,
        )

    def settings_for(self, settings: Settings) -> Settings:
        """The kiosk's settings, pointed at this hub with "Take a ticket" offered."""
        return replace(
            settings, queue_enabled=True, queue_hub_url=self.url, queue_site_token=DEMO_SITE_TOKEN
        )


def _sample_traffic(
    outbox: Outbox, engine: SyncEngine, interval_s: float, stop: threading.Event
) -> None:
    for number in itertools.count():
        if stop.wait(interval_s):
            return
        kind, payload = SAMPLES[number % len(SAMPLES)]
        # Unique across demo runs, as real references are across a fleet.
        reference = f"DEMO-{uuid.uuid4().hex[:6].upper()}"
        submission = outbox.enqueue(kind, payload, reference=reference)
        print(
            _("Enqueued {reference} ({kind})").format(reference=submission.reference, kind=kind),
            flush=True,
        )
        engine.notify()


def run(args: argparse.Namespace, settings: Settings) -> int:
    backend = BackendProcess(settings)
    print(_("Reference council back end: {url}").format(url=backend.url), flush=True)
    settings = replace(settings, backend_url=backend.url, backend_token=DEMO_TOKEN)
    try:
        return _run_without_screen(args, settings)
    finally:
        backend.stop()


def _run_without_screen(args: argparse.Namespace, settings: Settings) -> int:
    print(
        _(
            "A sample submission is stored every {s:g} seconds and delivered to the back end; "
            "Ctrl+C stops."
        ).format(s=args.interval),
        flush=True,
    )
    stop = threading.Event()
    with open_outbox(settings) as outbox:
        engine = make_sync_engine(settings, outbox, on_settled=print_settlement)
        traffic = threading.Thread(
            target=_sample_traffic, args=(outbox, engine, args.interval, stop), daemon=True
        )
        traffic.start()
        try:
            engine.start()
            stop.wait()
        except KeyboardInterrupt:
            print(_("Stopping."), flush=True)
        finally:
            stop.set()
            traffic.join()
            engine.stop()
            engine.transport.close()
    return 0
