"""The command line: run the reference back end until Ctrl-C or SIGTERM.

python -m council_backend --port 8080 [--host 127.0.0.1] [--token T] [--db PATH]
                          [--faults SPEC] [--services a,b]
"""

import argparse
import errno
import logging
import os
import signal
import sqlite3
import sys
import threading
from collections.abc import Sequence
from types import FrameType

from council_backend.faults import Faults
from council_backend.server import BackendServer
from council_backend.validation import is_valid_kind

PROG = "council_backend"
DEFAULT_DB = "council-backend.sqlite3"
TOKEN_ENV = "COUNCIL_BACKEND_TOKEN"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="The reference council back end for demos and tests (kiosk API v1).",
    )
    parser.add_argument("--port", type=int, default=8080, help="0 picks a free port (default 8080)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (loopback)")
    parser.add_argument(
        "--allow-remote",
        action="store_true",
        help="allow a --host other machines can reach",
    )
    parser.add_argument(
        "--token",
        default=os.environ.get(TOKEN_ENV),
        help=f"bearer token kiosks must send (default: ${TOKEN_ENV}; none: no check)",
    )
    parser.add_argument("--db", default=DEFAULT_DB, help=f"SQLite file (default {DEFAULT_DB})")
    parser.add_argument(
        "--faults",
        default="",
        metavar="SPEC",
        help="e.g. 'error_rate=0.3,reset_rate=0.1,latency_ms=200,retry_after=1'",
    )
    parser.add_argument(
        "--services", metavar="KINDS", help="comma-separated kinds to accept (default: all)"
    )
    parser.add_argument("--verbose", action="store_true", help="log every request")
    return parser


def _fail(message: str, code: int) -> int:
    print(f"{PROG}: {message}", file=sys.stderr, flush=True)
    return code


def _services(text: str | None) -> frozenset[str] | None:
    if text is None:
        return None
    kinds = frozenset(kind.strip() for kind in text.split(",") if kind.strip())
    bad = sorted(kind for kind in kinds if not is_valid_kind(kind))
    if not kinds or bad:
        raise ValueError(
            "--services takes kinds separated by commas, each 1 to 64 characters of a-z, 0-9, "
            f"'_', '.' or '-' starting with a letter (not {', '.join(bad) or 'nothing'})"
        )
    return kinds


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if not 0 <= args.port <= 65535:
        return _fail(f"bad --port: {args.port} is not a port number (0 to 65535)", 2)
    try:
        faults = Faults.parse(args.faults)
    except ValueError as error:
        return _fail(f"bad --faults: {error}", 2)
    try:
        services = _services(args.services)
    except ValueError as error:
        return _fail(str(error), 2)
    token = args.token or None

    try:
        server = BackendServer(
            args.db,
            host=args.host,
            port=args.port,
            token=token,
            faults=faults,
            services=services,
            allow_remote=args.allow_remote,
        )
    except ValueError as error:
        return _fail(str(error), 2)
    except sqlite3.Error as error:
        return _fail(f"cannot open the database '{args.db}': {error}", 1)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            return _fail(
                f"port {args.port} on {args.host} is already in use; stop the other program "
                "or pick another --port",
                1,
            )
        return _fail(f"cannot listen on {args.host}:{args.port}: {error.strerror or error}", 1)

    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(message)s",
    )

    stop = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    try:
        server.start()
        details = ["token required" if token else "no token"]
        if faults.active:
            details.append(f"faults: {faults.describe()}")
        if services is not None:
            details.append(f"services: {','.join(sorted(services))}")
        print(f"Council back end listening on {server.url} ({'; '.join(details)})", flush=True)
        stop.wait()
    finally:
        server.stop()
    return 0
