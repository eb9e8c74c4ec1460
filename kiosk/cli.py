"""The `kiosk` command: the kiosk itself, its sync process, staff tools and the demo."""

import argparse
import errno
import importlib
import logging
import os
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from types import FrameType
from typing import Any, TypeAlias

from kiosk.i18n import _
from kiosk.settings import Settings, SettingsError, load_settings
from offline_queue.errors import OutboxError

Handler = Callable[[argparse.Namespace, Settings], int]


def _when_run(module: str, name: str) -> Handler:
    """A command's handler, loaded only when that command runs: `kiosk run` starts without
    loading the outbox tools, the sync process or the demo."""

    def handler(args: argparse.Namespace, settings: Settings) -> int:
        run: Handler = getattr(importlib.import_module(module), name)
        return run(args, settings)

    return handler


def _add_outbox_commands(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    outbox = commands.add_parser(
        "outbox",
        help=_("Look after the outbox: status, rejected submissions, retry, export."),
        description=_("Staff tools for the outbox of submissions waiting for the council."),
    )
    actions = outbox.add_subparsers(dest="action", metavar="ACTION", required=True)

    status = actions.add_parser(
        "status", help=_("How many submissions are waiting, delivered or rejected.")
    )
    status.add_argument("--json", action="store_true", help=_("Print JSON instead of text."))
    status.set_defaults(handler=_when_run("kiosk.cli_outbox", "status"))

    listing = actions.add_parser("list", help=_("List submissions (without the citizen's data)."))
    listing.add_argument(
        "--status",
        choices=["pending", "in_flight", "delivered", "rejected"],
        help=_("Only submissions in this state."),
    )
    listing.add_argument("--json", action="store_true", help=_("Print JSON lines."))
    listing.set_defaults(handler=_when_run("kiosk.cli_outbox", "listing"))

    retry = actions.add_parser("retry", help=_("Send rejected submissions again."))
    which = retry.add_mutually_exclusive_group(required=True)
    which.add_argument("id", nargs="?", help=_("The id of one rejected submission."))
    which.add_argument("--all-rejected", action="store_true", help=_("Every rejected submission."))
    retry.set_defaults(handler=_when_run("kiosk.cli_outbox", "retry"))

    export = actions.add_parser(
        "export", help=_("Write every submission, with its data, to a JSON lines file.")
    )
    export.add_argument("file", help=_("The file to write, or - for the screen."))
    export.set_defaults(handler=_when_run("kiosk.cli_outbox", "export"))


def _add_forms_commands(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    forms = commands.add_parser(
        "forms",
        help=_("Check the forms the kiosk offers, before it starts."),
        description=_(
            "Staff tools for the council's forms, kept in the forms folder (forms.folder in the "
            "settings file, or KIOSK_FORMS_DIR)."
        ),
    )
    actions = forms.add_subparsers(dest="action", metavar="ACTION", required=True)
    check = actions.add_parser(
        "check",
        help=_("Check form files as the kiosk does when it starts: OK, or what to fix and where."),
    )
    check.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help=_("A form file or a folder of forms (default: the forms folder)."),
    )
    check.set_defaults(handler=_when_run("kiosk.cli_forms", "check"))


def _port(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or int(text) > 65535:
        raise argparse.ArgumentTypeError(_("a port is a number from 0 to 65535"))
    return int(text)


def _add_hub_command(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    hub = commands.add_parser(
        "hub",
        help=_("Run this site's queue hub: tickets, counters and the wall display use it."),
        description=_(
            "The site's queue of tickets, kept on this machine and served to the site's kiosks, "
            "counters and wall display with the site token (queue.site_token or "
            "KIOSK_SITE_TOKEN). Runs until Ctrl+C or SIGTERM."
        ),
    )
    hub.add_argument("--host", help=_("Address to listen on (default: queue.hub_host)."))
    hub.add_argument(
        "--port",
        type=_port,
        help=_("Port to listen on; 0 picks a free one (default: queue.hub_port)."),
    )
    hub.add_argument(
        "--db",
        type=Path,
        metavar="PATH",
        help=_("The queue file (default: queue.sqlite3 in the data folder)."),
    )
    hub.set_defaults(handler=_run_hub)


def _run_hub(args: argparse.Namespace, settings: Settings) -> int:
    """The hub until SIGTERM or Ctrl+C; each queue event goes to the outbox for the council."""
    from kiosk.tickets import ServicesFileError, load_services
    from kiosk.tickets.hub import HubServer
    from kiosk.tickets.queue import QueueFileError, TicketQueue

    if not settings.queue_site_token:
        print(
            _(
                "The hub needs the site's token: set queue.site_token in the settings file, or "
                "KIOSK_SITE_TOKEN."
            ),
            file=sys.stderr,
        )
        return 1
    host = args.host or settings.queue_hub_host
    port = settings.queue_hub_port if args.port is None else args.port
    db = args.db or settings.queue_path
    try:
        services = load_services(settings.queue_services or None)
    except ServicesFileError as error:
        print(_("Queue services problem: {error}").format(error=error), file=sys.stderr)
        return 1

    stop = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    from kiosk.services import open_outbox

    with open_outbox(settings) as outbox:

        def record(event: dict[str, Any]) -> None:
            outbox.enqueue("queue_event", event)  # for the council's statistics; no personal data

        try:
            queue = TicketQueue(db, services, on_event=record)
        except QueueFileError as error:
            print(_("Queue problem: {error}").format(error=error), file=sys.stderr)
            return 1
        try:
            try:
                server = HubServer(queue, settings.queue_site_token, host, port)
            except OSError as error:
                if error.errno == errno.EADDRINUSE:
                    reason = _("the port is in use; stop the other program or pick another --port")
                else:
                    reason = error.strerror or str(error)
                print(
                    _("Cannot listen on {host}:{port}: {reason}").format(
                        host=host, port=port, reason=reason
                    ),
                    file=sys.stderr,
                )
                return 1
            with server:
                print(
                    _("Site queue hub listening on {url} (queue file {path})").format(
                        url=server.url, path=db
                    ),
                    flush=True,
                )
                stop.wait()
        finally:
            queue.close()
    return 0


Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def build_parser(
    more_commands: Callable[[Commands], None] | None = None,
) -> argparse.ArgumentParser:
    """The command line; the screens' package adds its own commands (run, tour) through
    `more_commands`, since this domain package never imports them."""
    parser = argparse.ArgumentParser(
        prog="kiosk",
        description=_("Council Kiosk: self-service for council customer-access points."),
    )
    parser.add_argument(
        "--config", type=Path, metavar="PATH", help=_("The settings file (TOML) to use.")
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help=_("Say more of what is happening.")
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    sync = commands.add_parser(
        "sync",
        help=_("Deliver the outbox to the council back end."),
        description=_("Deliver waiting submissions to the council back end, exactly once."),
    )
    when = sync.add_mutually_exclusive_group(required=True)
    when.add_argument("--once", action="store_true", help=_("Send what is due now, then stop."))
    when.add_argument(
        "--forever", action="store_true", help=_("Keep sending until stopped (Ctrl+C).")
    )
    sync.set_defaults(handler=_when_run("kiosk.cli_sync", "run"))

    _add_outbox_commands(commands)
    _add_forms_commands(commands)
    _add_hub_command(commands)

    commands.add_parser(
        "backend",
        help=_("Run the reference council back end (kiosk backend --help for its options)."),
        add_help=False,
    ).set_defaults(handler=None)

    demo_parser = commands.add_parser(
        "demo", help=_("Start the reference back end and the kiosk together, for a try-out.")
    )
    demo_parser.add_argument(
        "--interval",
        type=float,
        default=4.0,
        help=_("Seconds between sample submissions when there is no screen (default 4)."),
    )
    demo_parser.set_defaults(handler=_when_run("kiosk.demo", "run"))
    if more_commands is not None:
        more_commands(commands)
    return parser


def _run_backend(arguments: Sequence[str], settings: Settings) -> int:
    """Hand over to the reference back end's own program; it shares no code with the kiosk."""
    args = list(arguments)
    if not any(a == "--db" or a.startswith("--db=") for a in args):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        args += ["--db", str(settings.data_dir / "council-backend.sqlite3")]
    os.execv(sys.executable, [sys.executable, "-m", "council_backend", *args])


def _split_backend(
    parser: argparse.ArgumentParser, argv: list[str]
) -> tuple[list[str], list[str] | None]:
    """`kiosk [--config P] backend ...`: the words after the command `backend` are the back end's
    own. Only the command counts: in `kiosk outbox export backend`, "backend" is a file name."""
    options = [action for action in parser._actions if action.option_strings]
    at = 0
    while at < len(argv) and argv[at].startswith("-") and argv[at] != "-":
        word = argv[at]
        at += 1
        if word == "--":
            break
        # The option as argparse reads it: in full, or the start of one long option's name.
        named = [a for a in options if word in a.option_strings]
        if not named and word.startswith("--"):
            named = [a for a in options if any(s.startswith(word) for s in a.option_strings)]
        if len(named) == 1 and named[0].nargs != 0:
            at += 1  # its value, "--config PATH"; "--config=PATH" is one word
    if at < len(argv) and argv[at] == "backend":
        return argv[: at + 1], argv[at + 1 :]
    return argv, None


def main(argv: Sequence[str] | None = None, parser: argparse.ArgumentParser | None = None) -> int:
    parser = parser or build_parser()
    argv, backend_args = _split_backend(parser, list(sys.argv[1:] if argv is None else argv))
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        settings = load_settings(args.config, os.environ)
        if backend_args is not None:
            return _run_backend(backend_args, settings)
        handler: Handler = args.handler
        return handler(args, settings)
    except SettingsError as error:
        print(_("Settings problem: {error}").format(error=error), file=sys.stderr)
        return 1
    except OutboxError as error:
        print(_("Outbox problem: {error}").format(error=error), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
