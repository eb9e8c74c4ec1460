"""Benchmark of the site's queue hub: how many "call next" a real hub answers per second while
five counters call at once, each with its own keep-alive HubClient. The hub is its own process
(`kiosk hub`, as the demo starts it), with its queue file and outbox on the project's disk,
pre-filled with tickets. Measures and returns; asserts nothing.
"""

import json
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk.demo import DEMO_SITE_TOKEN, HubProcess  # noqa: E402
from kiosk.settings import load_settings  # noqa: E402
from kiosk.tickets import HubClient, QueueEmpty, TicketQueue, load_services  # noqa: E402

CLIENTS = 5
TICKETS = 2500


@contextmanager
def scratch() -> Iterator[Path]:
    # On the project's own disk, where a hub's data folder would be, not a RAM-backed /tmp.
    with tempfile.TemporaryDirectory(dir=ROOT, prefix=".bench-") as folder:
        yield Path(folder)


def _fill(db: Path, tickets: int) -> list[str]:
    """Tickets for every service, one in seven with extra help; straight into the file."""
    services = load_services()
    with TicketQueue(db, services) as queue:
        for n in range(tickets):
            queue.issue(services[n % len(services)].id, extra_help=n % 7 == 0)
    return [service.id for service in services]


def run(tickets: int = TICKETS, clients: int = CLIENTS) -> dict[str, float]:
    with scratch() as folder:
        settings = load_settings(None, {"KIOSK_DATA_DIR": str(folder)})
        db = folder / "queue.sqlite3"
        services = _fill(db, tickets)
        hub = HubProcess(settings, db=db)
        calls = [0] * clients
        ready = threading.Barrier(clients + 1)

        def counter(index: int) -> None:
            with HubClient(hub.url, DEMO_SITE_TOKEN, timeout_s=30) as client:
                client.paused()  # connected before the clock starts
                ready.wait()
                while True:
                    try:
                        client.call_next(index + 1, services)
                    except QueueEmpty:
                        return
                    calls[index] += 1

        threads = [threading.Thread(target=counter, args=(n,)) for n in range(clients)]
        try:
            for thread in threads:
                thread.start()
            ready.wait()
            start = time.perf_counter()
            for thread in threads:
                thread.join()
            elapsed = time.perf_counter() - start
        finally:
            hub.stop()
    if sum(calls) != tickets:
        raise RuntimeError(f"{sum(calls)} calls for {tickets} tickets")
    return {"hub_calls_per_s": round(tickets / elapsed, 1)}


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
