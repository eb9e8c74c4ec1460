"""Faults over real HTTP: what a kiosk's sync engine must survive."""

import random
from pathlib import Path
from typing import Any

import pytest
import requests

from council_backend import BackendServer, Faults

TOKEN = "kiosk-test-token"


def seed_whose_first_draw(wanted: Any) -> int:
    """A seed for the server's rng whose first draw satisfies `wanted` (deterministic)."""
    return next(seed for seed in range(1000) if wanted(random.Random(seed).random()))


def test_error_rate_one_answers_503_with_retry_after(db_path: Path, make_api: Any) -> None:
    faults = Faults(error_rate=1.0, retry_after=1)
    with BackendServer(db_path, token=TOKEN, faults=faults) as server:
        api = make_api(server)
        response = api.submit("key-1", api.body())
        assert response.status_code == 503
        assert response.headers["Retry-After"] == "1"
        assert "try again" in response.json()["error"]
        batch = api.batch({"items": [{**api.body(), "idempotency_key": "key-2"}]})
        assert batch.status_code == 503
        # Health stays truthful, so a kiosk can tell "busy" from "down".
        assert api.received() == 0

        server.faults = Faults()
        assert api.submit("key-1", api.body()).status_code == 201


def test_without_retry_after_there_is_no_header(db_path: Path, make_api: Any) -> None:
    with BackendServer(db_path, token=TOKEN, faults=Faults(error_rate=1.0)) as server:
        response = make_api(server).submit("key-1", {})
        assert response.status_code == 503
        assert "Retry-After" not in response.headers


def test_reset_before_store_drops_the_connection_and_stores_nothing(
    db_path: Path, make_api: Any
) -> None:
    rng = random.Random(seed_whose_first_draw(lambda draw: draw < 0.5))
    with BackendServer(db_path, token=TOKEN, faults=Faults(reset_rate=1.0), rng=rng) as server:
        api = make_api(server)
        with pytest.raises(requests.ConnectionError):
            api.submit("key-1", api.body())
        assert api.received() == 0

        server.faults = Faults()
        retry = api.submit("key-1", api.body())
        assert retry.status_code == 201
        assert "Idempotent-Replayed" not in retry.headers
        assert api.received() == 1


def test_reset_after_store_keeps_it_so_a_resend_is_stored_once(
    db_path: Path, make_api: Any
) -> None:
    rng = random.Random(seed_whose_first_draw(lambda draw: draw >= 0.5))
    with BackendServer(db_path, token=TOKEN, faults=Faults(reset_rate=1.0), rng=rng) as server:
        api = make_api(server)
        with pytest.raises(requests.ConnectionError):
            api.submit("key-1", api.body())
        assert api.received() == 1  # stored, though the kiosk never heard so

        server.faults = Faults()
        stored = api.get("/submissions").json()["items"]
        retry = api.submit("key-1", api.body())
        assert retry.status_code == 201
        assert retry.headers["Idempotent-Replayed"] == "true"
        assert retry.json()["reference"] == stored[0]["reference"]
        assert api.received() == 1


def test_reset_after_store_of_a_batch_keeps_every_item(db_path: Path, make_api: Any) -> None:
    rng = random.Random(seed_whose_first_draw(lambda draw: draw >= 0.5))
    with BackendServer(db_path, token=TOKEN, faults=Faults(reset_rate=1.0), rng=rng) as server:
        api = make_api(server)
        items = [{**api.body(), "idempotency_key": f"key-{n}"} for n in range(3)]
        with pytest.raises(requests.ConnectionError):
            api.batch({"items": items})
        assert api.received() == 3

        server.faults = Faults()
        results = api.batch({"items": items}).json()["results"]
        assert [r["replayed"] for r in results] == [True, True, True]
        assert api.received() == 3


def test_a_shaky_back_end_still_stores_each_key_exactly_once(db_path: Path, make_api: Any) -> None:
    faults = Faults(error_rate=0.3, reset_rate=0.4)
    with BackendServer(db_path, token=TOKEN, faults=faults, rng=random.Random(7)) as server:
        api = make_api(server)
        references: dict[str, str] = {}
        for n in range(30):
            key = f"key-{n}"
            # A kiosk resends until it hears back; the seeded rng makes this finite.
            while key not in references:
                try:
                    response = api.submit(key, api.body())
                except requests.ConnectionError:
                    continue
                if response.status_code == 201:
                    references[key] = response.json()["reference"]
        assert api.received() == 30
        assert len(set(references.values())) == 30
