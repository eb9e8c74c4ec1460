"""A kiosk process for the kill test: enqueues and syncs until it is killed.

Prints `DURABLE <id>` only after `Outbox.enqueue` returned, and `SETTLED <id>` as the sync engine
records answers, so the test can kill it at random moments of either. With `--drain` it sends
what is left and prints `DRAINED`.
"""

import argparse
import sys
import threading

from offline_queue import KioskApiTransport, Outbox, SyncEngine


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("outbox")
    parser.add_argument("url")
    parser.add_argument("token")
    parser.add_argument("--run", type=int, default=0)
    parser.add_argument("--drain", action="store_true")
    args = parser.parse_args()

    outbox = Outbox(args.outbox)
    transport = KioskApiTransport(args.url, args.token, read_timeout_s=30)
    if args.drain:
        engine = SyncEngine(outbox, transport, base_delay_s=0.01, max_delay_s=0.05)
        while outbox.status().counts["pending"]:
            engine.sync_once()
            due = engine.seconds_until_next_round()
            engine._wake.wait(min(due, 0.05))
        print("DRAINED", flush=True)
        return 0

    lock = threading.Lock()

    def say(word: str, submission_id: str) -> None:
        # One write per line under a lock: the enqueueing and syncing threads both print.
        with lock:
            sys.stdout.write(f"{word} {submission_id}\n")
            sys.stdout.flush()

    def settled(submission: object, settlement: object) -> None:
        say("SETTLED", getattr(submission, "id", ""))

    engine = SyncEngine(
        outbox, transport, batch_size=7, base_delay_s=0.01, max_delay_s=0.05, on_settled=settled
    )
    engine.start()
    for n in range(100_000):
        submission = outbox.enqueue("complaint", {"run": args.run, "n": n})
        say("DURABLE", submission.id)
        engine.notify()
    return 0


if __name__ == "__main__":
    sys.exit(main())
