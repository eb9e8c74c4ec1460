import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from council_backend import BackendServer


BACKEND_TOKEN = "test-token"

# Tests never read the developer's own settings or outbox.
os.environ.pop("KIOSK_DATA_DIR", None)
os.environ.pop("KIOSK_BACKEND_URL", None)
os.environ.pop("KIOSK_BACKEND_TOKEN", None)
os.environ.pop("KIOSK_LANGUAGE", None)
os.environ.pop("KIOSK_FORMS_DIR", None)


@pytest.fixture
def backend(tmp_path: Path) -> Iterator["BackendServer"]:
    """The reference council back end on 127.0.0.1 with its own SQLite file."""
    from council_backend import BackendServer, Faults

    server = BackendServer(tmp_path / "backend.sqlite3", token=BACKEND_TOKEN, faults=Faults())
    server.start()
    yield server
    server.stop()
