"""`kiosk sync`: the sync engine as its own process, printing what it delivers."""

import argparse
import signal
import sys
from types import FrameType

from kiosk.i18n import _
from kiosk.services import make_sync_engine, open_outbox
from kiosk.settings import Settings
from offline_queue import Settlement, Status, Submission


def print_settlement(submission: Submission, settlement: Settlement) -> None:
    """One line per outcome; references and kinds only, never the citizen's data."""
    name = submission.reference or submission.id
    if settlement.status is Status.DELIVERED:
        line = _("Delivered {name} ({kind}); council reference {council}").format(
            name=name, kind=submission.kind, council=settlement.backend_reference or "-"
        )
    elif settlement.status is Status.REJECTED:
        line = _("Rejected {name} ({kind}): {error}").format(
            name=name, kind=submission.kind, error=settlement.error
        )
    else:
        line = _("Will try {name} again: {error}").format(name=name, error=settlement.error)
    print(line, flush=True)


def run(args: argparse.Namespace, settings: Settings) -> int:
    with open_outbox(settings) as outbox:
        engine = make_sync_engine(settings, outbox, on_settled=print_settlement)
        try:
            if args.once:
                report = engine.sync_once()
                print(
                    _("Delivered {d}, rejected {r}, to try again {t}.").format(
                        d=report.delivered, r=report.rejected, t=report.retried
                    ),
                    file=sys.stderr,
                )
                return 0 if report.retried == 0 and report.rejected == 0 else 1

            def stop(signum: int, frame: FrameType | None) -> None:
                engine.stop()

            signal.signal(signal.SIGTERM, stop)
            signal.signal(signal.SIGINT, stop)
            print(
                _("Sending the outbox to {url}; Ctrl+C stops.").format(url=settings.backend_url),
                file=sys.stderr,
                flush=True,
            )
            engine.run_forever()
            return 0
        finally:
            engine.transport.close()
