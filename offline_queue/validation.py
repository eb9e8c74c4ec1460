"""Checks that a submission can be stored and sent as it is, before anything is written."""

import json
from typing import Any

from offline_queue.errors import InvalidSubmission

DEFAULT_MAX_PAYLOAD_BYTES = 1024 * 1024
MAX_KIND_LENGTH = 64
MAX_REFERENCE_LENGTH = 64


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_has_nul(v) for v in value)
    return False


def _check_label(name: str, value: str, max_length: int) -> None:
    if not value or len(value) > max_length or "\x00" in value:
        raise InvalidSubmission(
            f"The {name} must be 1 to {max_length} characters with no NUL bytes."
        )
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidSubmission(f"The {name} is not valid Unicode text.") from None


def serialize_payload(
    kind: str, payload: Any, reference: str | None, max_payload_bytes: int
) -> str:
    """Return the payload as JSON text, or raise InvalidSubmission saying what is wrong."""
    if not isinstance(kind, str):
        raise InvalidSubmission("The kind of submission must be text.")
    _check_label("kind of submission", kind, MAX_KIND_LENGTH)
    if reference is not None:
        if not isinstance(reference, str):
            raise InvalidSubmission("The reference must be text.")
        _check_label("reference", reference, MAX_REFERENCE_LENGTH)
    if not isinstance(payload, dict):
        raise InvalidSubmission("The payload must be a JSON object (a mapping of names to values).")
    try:
        text = json.dumps(payload, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    except (TypeError, ValueError) as error:
        raise InvalidSubmission(f"The payload is not plain JSON: {error}") from None
    # json.dumps escapes NUL, so look at the values only when its escape shows up.
    if "\\u0000" in text and _has_nul(payload):
        raise InvalidSubmission("The payload contains a NUL byte.")
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError:
        raise InvalidSubmission(
            "The payload contains text that is not valid Unicode (a lone surrogate)."
        ) from None
    if size > max_payload_bytes:
        raise InvalidSubmission(
            f"The payload is {size:,} bytes; the limit is {max_payload_bytes:,} bytes."
        )
    return text
