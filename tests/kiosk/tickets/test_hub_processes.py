"""The hub as its own process (`kiosk hub`): started, stopped with SIGTERM, killed with SIGKILL
and restarted while kiosks and counters in other processes keep using it."""

import collections
import itertools
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from kiosk.demo import DEMO_SITE_TOKEN, HubProcess
from kiosk.settings import load_settings
from kiosk.tickets import HubClient
from offline_queue import Outbox

ROOT = Path(__file__).resolve().parents[3]
WORKER = Path(__file__).with_name("hub_worker.py")
TOKEN = "site-token-for-process-tests"
LISTENING = re.compile(r"listening on (http://\S+)")
ISSUERS, PER_ISSUER, KILL_AFTER = 2, 150, 100
DESKS = {1: "council_tax,benefits", 2: "benefits,housing", 3: "housing,council_tax"}


def environment(data_dir: Path, token: str = TOKEN) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "KIOSK_DATA_DIR": str(data_dir),
        "KIOSK_SITE_TOKEN": token,
        "XDG_CONFIG_HOME": str(data_dir / "config"),  # never the developer's own settings
    }


def start_hub(env: dict[str, str], db: Path, port: int = 0) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "kiosk.cli", "hub", "--port", str(port), "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    line = process.stdout.readline()  # the hub says where it listens once it does
    found = LISTENING.search(line)
    if found is None:
        process.kill()
        _, err = process.communicate(timeout=30)
        raise AssertionError(f"the hub did not start: {line!r} {err}")
    return process, found.group(1)


def test_kiosk_hub_serves_records_events_and_stops_cleanly_on_sigterm(tmp_path: Path):
    data = tmp_path / "data"
    hub, url = start_hub(environment(data), data / "queue.sqlite3")
    with HubClient(url, TOKEN) as client:
        issued = client.issue("housing", appointment="REF-42")
        client.served(client.call_next(1, ["housing"]).id)
    hub.send_signal(signal.SIGTERM)
    _out, err = hub.communicate(timeout=30)
    assert hub.returncode == 0
    assert "Traceback" not in err
    with Outbox(data / "outbox.sqlite3") as outbox:
        sent = [row for row in outbox.list() if row.kind == "queue_event"]
    assert [row.payload["event"] for row in sent if row.payload] == ["issued", "called", "served"]
    assert all("REF-42" not in str(row.payload) for row in sent)
    assert issued.ticket.number == "H001"


def test_kiosk_hub_refuses_to_start_without_a_site_token(tmp_path: Path):
    result = subprocess.run(
        [sys.executable, "-m", "kiosk.tickets", "--port", "0"],
        capture_output=True,
        text=True,
        env=environment(tmp_path, token=""),
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "The hub needs the site's token" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_demo_starts_a_hub_beside_the_back_end(tmp_path: Path):
    settings = load_settings(None, {"KIOSK_DATA_DIR": str(tmp_path)})
    hub = HubProcess(settings)
    try:
        kiosk_settings = hub.settings_for(settings)
        assert kiosk_settings.queue_enabled and kiosk_settings.queue_hub_url == hub.url
        with HubClient(hub.url, DEMO_SITE_TOKEN) as client:
            assert client.issue("general").ticket.number == "G001"
    finally:
        hub.stop()
    assert hub.process.returncode == 0
    assert (tmp_path / "demo-queue.sqlite3").exists()


class Lines:
    """Every line each worker prints, read on threads, and a way to wait for enough of them."""

    def __init__(self) -> None:
        self.by_worker: dict[str, list[str]] = collections.defaultdict(list)
        self._changed = threading.Condition()
        self._threads: list[threading.Thread] = []

    def follow(self, name: str, process: subprocess.Popen[str]) -> None:
        def read() -> None:
            assert process.stdout is not None
            for line in process.stdout:
                with self._changed:
                    self.by_worker[name].append(line.strip())
                    self._changed.notify_all()

        thread = threading.Thread(target=read, daemon=True)
        thread.start()
        self._threads.append(thread)

    def words(self, word: str) -> list[list[str]]:
        with self._changed:
            lines = list(itertools.chain.from_iterable(self.by_worker.values()))
        return [line.split()[1:] for line in lines if line.split()[0] == word]

    def wait_for(self, word: str, count: int, timeout_s: float) -> None:
        with self._changed:
            reached = self._changed.wait_for(
                lambda: (
                    sum(
                        line.startswith(word + " ")
                        for lines in self.by_worker.values()
                        for line in lines
                    )
                    >= count
                ),
                timeout=timeout_s,
            )
        assert reached, f"fewer than {count} {word} lines within {timeout_s} s"

    def join(self) -> None:
        for thread in self._threads:
            thread.join(timeout=30)


@pytest.mark.slow
def test_many_kiosks_and_counters_and_a_killed_hub_lose_nothing(tmp_path: Path):
    data, db, done = tmp_path / "data", tmp_path / "queue.sqlite3", tmp_path / "issuers-done"
    env = environment(data)
    hub, url = start_hub(env, db)
    port = int(url.rsplit(":", 1)[1])
    lines = Lines()

    def worker(name: str, *args: str) -> subprocess.Popen[str]:
        with (tmp_path / f"{name}.err").open("w") as err:
            process = subprocess.Popen(
                [sys.executable, str(WORKER), *args],
                stdout=subprocess.PIPE,
                stderr=err,
                text=True,
                env=env,
            )
        lines.follow(name, process)
        return process

    def finished_well(process: subprocess.Popen[str]) -> bool:
        if process.wait(timeout=60) == 0:
            return True
        print(*(path.read_text() for path in tmp_path.glob("*.err")))
        return False

    issuers = [
        worker(f"issuer{n}", "issue", url, TOKEN, "--count", str(PER_ISSUER), "--seed", str(n))
        for n in range(ISSUERS)
    ]
    desks = [
        worker(
            f"desk{k}",
            "call",
            url,
            TOKEN,
            "--counter",
            str(k),
            "--services",
            services,
            "--seed",
            str(10 + k),
            "--done",
            str(done),
        )
        for k, services in DESKS.items()
    ]
    try:
        lines.wait_for("ISSUED", KILL_AFTER, timeout_s=30)
        hub.kill()  # SIGKILL: in the middle of whatever it was doing
        hub.communicate(timeout=30)
        issued_before_kill = len(lines.words("ISSUED"))
        hub, _ = start_hub(env, db, port)  # the same port and file: the kiosks carry on
        assert all(finished_well(process) for process in issuers)
        done.touch()
        assert all(finished_well(process) for process in desks)
    finally:
        for process in [*issuers, *desks]:
            if process.poll() is None:
                process.kill()
            process.wait(timeout=30)
        lines.join()
        for process in [*issuers, *desks]:
            if process.stdout is not None:
                process.stdout.close()
        hub.send_signal(signal.SIGTERM)
        hub.communicate(timeout=30)
    assert hub.returncode == 0
    assert 0 < issued_before_kill < ISSUERS * PER_ISSUER  # the kill did land mid-way

    issued = {ticket_id: number for ticket_id, number, _n in lines.words("ISSUED")}
    called = collections.Counter(ticket_id for (ticket_id,) in lines.words("CALLED"))
    finished = dict(lines.words("FINISHED"))
    assert len(issued) == len(lines.words("ISSUED")) == ISSUERS * PER_ISSUER

    conn = sqlite3.connect(db)
    rows = conn.execute(
        "SELECT id, number, service, day, priority, issued_at, first_called_at, status FROM tickets"
    ).fetchall()
    first_calls = collections.Counter(
        ticket for (ticket,) in conn.execute("SELECT ticket FROM calls WHERE recall = 0")
    )
    conn.close()

    # Nothing lost, nothing twice: every ticket a kiosk was given is there once, was called
    # once by one counter and finished once; and there is no ticket no kiosk was given.
    assert {row[0]: row[1] for row in rows} == issued
    assert set(called) == set(issued) and set(called.values()) == {1}
    assert set(first_calls) == set(issued) and set(first_calls.values()) == {1}
    assert finished == {row[0]: row[7] for row in rows}
    assert set(finished.values()) <= {"served", "no_show"}
    # Numbers: each one once per service and day, none skipped.
    by_prefix: dict[tuple[str, str], list[int]] = collections.defaultdict(list)
    for _id, number, _service, day, *_rest in rows:
        by_prefix[(day, number[0])].append(int(number[1:]))
    for numbers in by_prefix.values():
        assert sorted(numbers) == list(range(1, len(numbers) + 1))

    # The policy, as the hub recorded it. Each change reads the clock holding the write lock,
    # so a ticket issued before a call (issued_at < first_called_at) was in the queue that call
    # chose from: whatever was in flight at the clients, the hub's own record shows no call of
    # a ticket while one of the same service that ranks before it was waiting.
    def rank(row: tuple[object, ...]) -> tuple[int, str]:
        return (-int(str(row[4])), str(row[5]))

    chosen = jumped = 0
    for service in ("council_tax", "benefits", "housing"):
        mine = [row for row in rows if row[2] == service]
        for x in mine:
            waiting = [y for y in mine if str(y[5]) < str(x[6]) < str(y[6])]
            passed_over = [y[1] for y in waiting if rank(y) < rank(x)]
            assert not passed_over, f"{x[1]} was called while {passed_over} waited before it"
            chosen += bool(waiting)
            jumped += any(str(y[5]) < str(x[5]) for y in waiting)
    # Not vacuous: most calls chose among several, and extra help or a booking went first.
    assert chosen >= len(rows) // 2 and jumped > 0

    # The council's statistics: one event per change, except those in flight at the kill.
    with Outbox(data / "outbox.sqlite3") as outbox:
        events = [row.payload for row in outbox.list() if row.kind == "queue_event"]
    assert 3 * len(issued) - (ISSUERS + len(DESKS)) <= len(events) <= 3 * len(issued)
    assert not any("BK-" in str(event) for event in events)
