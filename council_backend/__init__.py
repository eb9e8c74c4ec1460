"""The project's reference council back end: the kiosk JSON API (docs/backend-api.md) over HTTP,
with its own SQLite file. It stands in for a council's system in demos and tests, and shares no
code with the kiosk."""

from council_backend.faults import Faults
from council_backend.server import BackendServer
from council_backend.store import SubmissionStore

__all__ = ["BackendServer", "Faults", "SubmissionStore"]
