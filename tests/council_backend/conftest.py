"""Shared fixtures: a real back end on 127.0.0.1 with its own SQLite file, and an HTTP client."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from council_backend import BackendServer

TOKEN = "kiosk-test-token"


class Api:
    """The kiosk API as a test calls it: one keep-alive session against one back end."""

    def __init__(self, session: requests.Session, base: str) -> None:
        self.session = session
        self.base = base

    @staticmethod
    def body(kind: str = "street_problem", **fields: Any) -> dict[str, Any]:
        """A well-formed single-submission body; `fields` override or add."""
        body: dict[str, Any] = {
            "kind": kind,
            "reference": "K7QM-4XRT-P",
            "created_at": "2026-11-23T10:15:00.000000Z",
            "payload": {"problem": "graffiti"},
        }
        body.update(fields)
        return body

    def url(self, path: str) -> str:
        return f"{self.base}/api/v1{path}"

    def submit(self, key: str | None, body: Any, **kwargs: Any) -> requests.Response:
        headers = dict(kwargs.pop("headers", {}))
        if key is not None:
            headers["Idempotency-Key"] = key
        return self.session.post(self.url("/submissions"), json=body, headers=headers, **kwargs)

    def batch(self, body: Any) -> requests.Response:
        return self.session.post(self.url("/submissions/batch"), json=body)

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.session.get(self.url(path), **kwargs)

    def received(self) -> int:
        count: int = self.get("/health").json()["received"]
        return count


@pytest.fixture
def token() -> str:
    return TOKEN


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "council.sqlite3"


@pytest.fixture
def backend(db_path: Path) -> Iterator[BackendServer]:
    with BackendServer(db_path, token=TOKEN) as server:
        yield server


@pytest.fixture
def session() -> Iterator[requests.Session]:
    with requests.Session() as http:
        http.headers["Authorization"] = f"Bearer {TOKEN}"
        yield http


@pytest.fixture
def api(backend: BackendServer, session: requests.Session) -> Api:
    return Api(session, backend.url)


@pytest.fixture
def make_api(session: requests.Session) -> Any:
    """For tests that start their own back end (faults, services, restarts)."""

    def make(server: BackendServer) -> Api:
        return Api(session, server.url)

    return make
