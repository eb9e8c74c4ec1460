"""A kiosk or a counter for the multi-process test, using the hub over HTTP. While the hub is
down (killed and restarting) it asks again, with the same request id, so nothing is done twice.

    issue URL TOKEN --count N --seed S
        takes N tickets; prints "ISSUED <id> <number>" once the hub has given each
    call URL TOKEN --counter K --services a,b --seed S --done FILE
        calls the next ticket and marks it served or not here; prints "CALLED <id>" and
        "FINISHED <id> <status>"; stops at an empty queue once FILE exists (no more tickets come)
"""

import argparse
import random
import sys
import time
import uuid
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TypeVar

from kiosk.tickets import HubClient, HubUnavailable, QueueEmpty

T = TypeVar("T")
PATIENCE_S = 30.0


def patiently(action: Callable[[], T]) -> T:
    """The action, asked again while the hub cannot be reached (for PATIENCE_S at most)."""
    deadline = time.monotonic() + PATIENCE_S
    while True:
        try:
            return action()
        except HubUnavailable:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.01)  # the hub is restarting; let it have the CPU


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def issue(client: HubClient, count: int, rng: random.Random) -> None:
    for n in range(count):
        request_id = uuid.uuid4().hex  # one per ticket, the same for every try
        service = rng.choice(["council_tax", "benefits", "housing"])
        extra_help = rng.random() < 0.15
        appointment = f"BK-{rng.randrange(10**6):06d}" if rng.random() < 0.1 else None
        language = rng.choice(["en", "pl", "ur"])
        issued = patiently(
            partial(
                client.issue,
                service,
                extra_help=extra_help,
                appointment=appointment,
                language=language,
                request_id=request_id,
            )
        )
        say(f"ISSUED {issued.ticket.id} {issued.ticket.number} {n}")


def call(
    client: HubClient, counter: int, services: list[str], done: Path, rng: random.Random
) -> None:
    last_chance = False
    while True:
        call_id = uuid.uuid4().hex
        try:
            ticket = patiently(partial(client.call_next, counter, services, request_id=call_id))
        except QueueEmpty:
            if last_chance:
                return
            # Once the issuers have finished, an empty queue stays empty.
            last_chance = done.exists()
            time.sleep(0.002)
            continue
        say(f"CALLED {ticket.id}")
        finish_id = uuid.uuid4().hex
        finish = client.served if rng.random() < 0.85 else client.no_show
        finished = patiently(partial(finish, ticket.id, request_id=finish_id))
        say(f"FINISHED {finished.id} {finished.status}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("role", choices=["issue", "call"])
    parser.add_argument("url")
    parser.add_argument("token")
    parser.add_argument("--count", type=int, default=0)
    parser.add_argument("--counter", type=int, default=1)
    parser.add_argument("--services", default="")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--done", type=Path)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with HubClient(args.url, args.token, timeout_s=10) as client:
        if args.role == "issue":
            issue(client, args.count, rng)
        else:
            call(client, args.counter, args.services.split(","), args.done, rng)
    say("DONE")
    return 0


if __name__ == "__main__":
    sys.exit(main())
