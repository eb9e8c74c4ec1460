"""The outbox tests' shared parts: a clock the test moves, and an outbox in a fresh file."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from offline_queue import Outbox
from tests.support import FakeClock


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def outbox(tmp_path: Path, clock: FakeClock) -> Iterator[Outbox]:
    with Outbox(tmp_path / "outbox.sqlite3", clock=clock) as box:
        yield box
