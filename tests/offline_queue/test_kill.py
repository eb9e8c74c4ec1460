"""The outbox promise under SIGKILL: whatever a kiosk said was durable reaches the back end once."""

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

from council_backend import BackendServer, Faults
from offline_queue import Outbox
from tests.conftest import BACKEND_TOKEN
from tests.offline_queue.test_sync import received

CHILD = Path(__file__).with_name("kill_child.py")
ROOT = Path(__file__).resolve().parents[2]
KILLS = 50


def start_child(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, str(CHILD), *args],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )


def test_sigkill_at_random_moments_loses_nothing_and_duplicates_nothing(tmp_path: Path):
    rng = random.Random(2026)
    outbox_path = tmp_path / "outbox.sqlite3"
    durable: set[str] = set()
    settled_seen = 0
    # Some faults too, so kills also land between a send and its answer being recorded.
    with BackendServer(
        tmp_path / "backend.sqlite3",
        token=BACKEND_TOKEN,
        faults=Faults(error_rate=0.1, reset_rate=0.1),
        rng=random.Random(5),
    ) as backend:
        for run in range(KILLS):
            child = start_child(str(outbox_path), backend.url, BACKEND_TOKEN, "--run", str(run))
            assert child.stdout is not None
            lines_before_kill = rng.randint(1, 60)
            for _ in range(lines_before_kill):
                line = child.stdout.readline()
                if not line:
                    break
                word, _, submission_id = line.strip().partition(" ")
                if word == "DURABLE":
                    durable.add(submission_id)
                elif word == "SETTLED":
                    settled_seen += 1
            child.send_signal(signal.SIGKILL)
            # Whatever it printed before dying was also durable.
            rest, _ = child.communicate(timeout=60)
            durable.update(
                line.split()[1] for line in rest.splitlines() if line.startswith("DURABLE ")
            )
            assert child.returncode == -signal.SIGKILL

        backend.faults = Faults()
        drain = start_child(str(outbox_path), backend.url, BACKEND_TOKEN, "--drain")
        out, _ = drain.communicate(timeout=300)
        assert "DRAINED" in out
        keys = [item["idempotency_key"] for item in received(backend)]

    assert settled_seen > 0  # kills did land while the engine was sending
    assert len(durable) >= KILLS
    assert len(keys) == len(set(keys)), "a submission reached the back end twice"
    assert durable <= set(keys), f"{len(durable - set(keys))} durable submissions never arrived"
    with Outbox(outbox_path) as outbox:
        rows = outbox.list()
    # Rows committed just before a kill (not yet printed) were delivered too; nothing else was.
    assert {row.id for row in rows} == set(keys)
    assert all(row.status == "delivered" for row in rows)
