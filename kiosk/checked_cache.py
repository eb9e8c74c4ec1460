"""What start-up has already checked, kept between runs of the kiosk.

A kiosk restarts every morning with the same forms. Parsing their YAML and checking it against
the schema was most of the work before the home screen could show, so each file that passed is
kept here as the plain data it gave, keyed by the SHA-256 of its bytes and of the code that
checks it. A changed file, a new version of the kiosk or a cache that cannot be read all mean the
same: check the file again. A file that failed is never kept, so its problems are logged at every
start until someone fixes it.
"""

import hashlib
import json
import logging
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


def fingerprint(sources: Iterable[Path]) -> str:
    """The SHA-256 of the named source files, in name order: any edit to them changes it."""
    digest = hashlib.sha256()
    for source in sorted(sources):
        digest.update(source.name.encode() + b"\0" + source.read_bytes() + b"\0")
    return digest.hexdigest()


class CheckedFiles:
    """Data of files already checked, in one JSON file. Only what was used or added by this run
    is written back, so entries for edited or removed files do not pile up."""

    def __init__(self, path: Path, code: str) -> None:
        self.path = path
        self._code = code
        self._old = self._read()
        self._new: dict[str, Any] = {}

    def _key(self, content: bytes) -> str:
        return hashlib.sha256(self._code.encode() + b"\0" + content).hexdigest()

    def _read(self) -> dict[str, Any]:
        try:
            stored = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as error:
            log.warning("Checking every file again: %s cannot be read (%s)", self.path, error)
            return {}
        files = stored.get("files") if isinstance(stored, dict) else None
        return files if isinstance(files, dict) else {}

    def get(self, content: bytes) -> Any | None:
        """What the file with these bytes gave when it last passed, or None."""
        key = self._key(content)
        value = self._old.get(key)
        if value is not None:
            self._new[key] = value
        return value

    def put(self, content: bytes, value: Any) -> None:
        self._new[self._key(content)] = value

    def save(self) -> None:
        """Write the cache whole or not at all. It only saves time, so a failure is logged and
        the kiosk carries on."""
        if self._new == self._old:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            import tempfile  # only when the cache changes

            handle, temporary = tempfile.mkstemp(prefix=".checked-", dir=self.path.parent)
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as file:
                    json.dump({"files": self._new}, file, ensure_ascii=False)
                os.replace(temporary, self.path)
            except BaseException:
                os.unlink(temporary)
                raise
        except OSError as error:
            log.warning("The cache %s was not saved (%s)", self.path, error)
            return
        self._old = dict(self._new)
