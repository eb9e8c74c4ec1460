"""`kiosk outbox ...`: what staff need to see and fix a stuck outbox without a developer."""

import argparse
import json
import os
import sys
from datetime import UTC, datetime

from kiosk.i18n import N_, _, ngettext
from kiosk.services import open_outbox
from kiosk.settings import Settings
from offline_queue import Status, Submission


def _when(moment: datetime | None) -> str:
    return "-" if moment is None else moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _age(seconds: float) -> str:
    minutes = int(seconds // 60)
    if minutes < 1:
        return _("under a minute")
    if minutes < 120:
        return ngettext("{n} minute", "{n} minutes", minutes).format(n=minutes)
    hours = minutes // 60
    if hours < 48:
        return ngettext("{n} hour", "{n} hours", hours).format(n=hours)
    days = hours // 24
    return ngettext("{n} day", "{n} days", days).format(n=days)


STATUS_LABELS = {
    "pending": N_("waiting to send"),
    "in_flight": N_("being sent"),
    "delivered": N_("delivered"),
    "rejected": N_("rejected (needs staff)"),
}


def status(args: argparse.Namespace, settings: Settings) -> int:
    with open_outbox(settings) as outbox:
        report = outbox.status()
    now = datetime.now(UTC)
    if args.json:
        print(json.dumps(report.to_json_dict(now), indent=2))
        return 0
    print(_("Outbox: {path}").format(path=report.path))
    for name, count in report.counts.items():
        print(f"  {_(STATUS_LABELS[name]):<24} {count:>8}")
    if report.oldest_pending_at is not None:
        age = _age((now - report.oldest_pending_at).total_seconds())
        print(
            _("Oldest waiting: {age} ago ({when})").format(
                age=age, when=_when(report.oldest_pending_at)
            )
        )
    print(_("Last delivered: {when}").format(when=_when(report.last_delivered_at)))
    if report.last_error:
        print(
            _("Last error: {error} ({when})").format(
                error=report.last_error, when=_when(report.last_error_at)
            )
        )
    for event in report.events:
        if event.kind == "corrupt_file_set_aside":
            print(
                _(
                    "{when}: the outbox file was damaged; it was kept aside and a new one "
                    "started ({detail})."
                ).format(when=_when(event.at), detail=event.detail)
            )
        else:
            print(f"{_when(event.at)}: {event.kind} {event.detail}")
    return 0


def _line(submission: Submission) -> str:
    return "  ".join(
        [
            submission.id,
            submission.reference or "-",
            submission.kind,
            _when(submission.created_at),
            str(submission.status),
            _("tries: {n}").format(n=submission.attempts),
            submission.last_error or "",
        ]
    )


def listing(args: argparse.Namespace, settings: Settings) -> int:
    with open_outbox(settings) as outbox:
        rows = outbox.list(Status(args.status) if args.status else None)
    for submission in rows:
        if args.json:
            row = submission.to_json_dict()
            row.pop("payload")  # the citizen's data stays out of listings
            print(json.dumps(row, ensure_ascii=False))
        else:
            print(_line(submission))
    if not args.json:
        print(
            ngettext("{n} submission", "{n} submissions", len(rows)).format(n=len(rows)),
            file=sys.stderr,
        )
    return 0


def retry(args: argparse.Namespace, settings: Settings) -> int:
    with open_outbox(settings) as outbox:
        if args.all_rejected:
            count = outbox.retry_all_rejected()
            print(
                ngettext(
                    "{n} rejected submission will be sent again.",
                    "{n} rejected submissions will be sent again.",
                    count,
                ).format(n=count)
            )
        else:
            submission = outbox.retry(args.id)
            print(_("Submission {id} will be sent again.").format(id=submission.id))
    return 0


def export(args: argparse.Namespace, settings: Settings) -> int:
    with open_outbox(settings) as outbox:
        if args.file == "-":
            count = outbox.export(sys.stdout)
        else:
            # The file holds citizens' data: readable by its owner only.
            fd = os.open(args.file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                count = outbox.export(out)
    print(
        ngettext("Exported {n} submission.", "Exported {n} submissions.", count).format(n=count),
        file=sys.stderr,
    )
    return 0
