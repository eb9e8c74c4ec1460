"""`kiosk outbox ...`: what staff need to see and fix a stuck outbox without a developer."""

import argparse
import contextlib
import errno
import json
import os
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from kiosk.i18n import N_, _, ngettext
from kiosk.services import open_outbox
from kiosk.settings import Settings
from offline_queue import Outbox, Status, Submission, durable


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


_COMPANIONS = ("", "-wal", "-shm", "-journal")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)  # hard links and other names of one file too
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def _is_the_outbox(target: Path, outbox: Path) -> bool:
    """The outbox file or one of SQLite's files beside it (writing there would wipe it)."""
    return any(_same_file(target, Path(f"{outbox}{suffix}")) for suffix in _COMPANIONS)


def _write_export(outbox: Outbox, target: Path) -> int:
    """Write the export beside `target` and rename it into place once it is complete and on
    disk: a failed export never leaves half a file, and the file is its owner's only (0600,
    from mkstemp) even where an older, wider-open file stood."""
    folder = target.parent
    fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            count = outbox.export(out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    with contextlib.suppress(OSError):  # the file is complete; some file systems cannot
        durable.fsync_directory(folder)
    return count


def export(args: argparse.Namespace, settings: Settings) -> int:
    with open_outbox(settings) as outbox:
        if args.file == "-":
            count = outbox.export(sys.stdout)
        else:
            target = Path(args.file)
            if _is_the_outbox(target, outbox.path):
                print(
                    _(
                        "Will not export to {file}: it is the outbox itself. Choose another file."
                    ).format(file=args.file),
                    file=sys.stderr,
                )
                return 1
            try:
                if target.is_dir():
                    raise IsADirectoryError(errno.EISDIR, _("it is a folder"))
                count = _write_export(outbox, target)
            except OSError as error:
                print(
                    _("Cannot write {file}: {reason}").format(
                        file=args.file, reason=error.strerror or error
                    ),
                    file=sys.stderr,
                )
                return 1
    print(
        ngettext("Exported {n} submission.", "Exported {n} submissions.", count).format(n=count),
        file=sys.stderr,
    )
    return 0
