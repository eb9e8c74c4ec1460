"""Checks what a kiosk sends against the API contract, with messages staff can act on."""

import json
import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

MAX_PAYLOAD_BYTES = 1024 * 1024
MAX_REFERENCE_LENGTH = 64
MAX_CREATED_AT_LENGTH = 64
MAX_BATCH_ITEMS = 500
NOT_AN_OBJECT = "The submission must be a JSON object."

_KIND = re.compile(r"[a-z][a-z0-9_.-]{0,63}")
_IDEMPOTENCY_KEY = re.compile(r"[A-Za-z0-9_-]{1,64}")


class Rejected(Exception):
    """The request (or one batch item) cannot be accepted as it is; `status` is the answer."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Submission:
    """A submission that passed validation, ready to store."""

    kind: str
    kiosk_reference: str | None
    created_at: str | None
    payload_json: str


def is_valid_kind(kind: object) -> bool:
    return isinstance(kind, str) and _KIND.fullmatch(kind) is not None


def check_idempotency_key(value: object, status: int) -> str:
    """Return the key, or raise Rejected with `status` (400 for a header, 422 in a batch)."""
    if value is None or value == "":
        raise Rejected(
            status,
            "The submission has no idempotency key, so the council cannot tell whether it "
            "already has it. The kiosk software must send one.",
        )
    if not isinstance(value, str) or _IDEMPOTENCY_KEY.fullmatch(value) is None:
        raise Rejected(
            status,
            "The idempotency key must be 1 to 64 characters of letters, digits, '-' or '_'.",
        )
    return value


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in JSON")


def parse_json(raw: bytes) -> Any:
    """Decode a UTF-8 JSON body, or raise Rejected(422)."""
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
    except UnicodeDecodeError:
        raise Rejected(422, "The request body is not UTF-8 text.") from None
    except ValueError as error:
        raise Rejected(422, f"The request body is not valid JSON: {error}.") from None


def _check_text(name: str, value: str, max_length: int) -> None:
    if len(value) > max_length:
        raise Rejected(422, f"The {name} is {len(value)} characters; at most {max_length} allowed.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise Rejected(422, f"The {name} contains text that is not valid Unicode.") from None


def _optional_text(body: dict[str, Any], field: str, name: str, max_length: int) -> str | None:
    value = body.get(field)
    if value is None:
        return None
    if not isinstance(value, str):
        raise Rejected(422, f"The {name} ('{field}') must be text.")
    _check_text(name, value, max_length)
    return value


def validate_submission(body: object, services: Collection[str] | None = None) -> Submission:
    """Return the checked submission, or raise Rejected (422, or 413 when too large).

    `services`, when given, is the set of kinds this council takes; other kinds are refused.
    Fields the contract does not name are ignored, so newer kiosks can send more.
    """
    if not isinstance(body, dict):
        raise Rejected(422, NOT_AN_OBJECT)
    kind = body.get("kind")
    if kind is None:
        raise Rejected(422, "The submission has no 'kind' (the council service it goes to).")
    if not isinstance(kind, str) or _KIND.fullmatch(kind) is None:
        raise Rejected(
            422,
            "The kind of submission must be 1 to 64 characters of a-z, 0-9, '_', '.' or '-', "
            "starting with a letter.",
        )
    if services is not None and kind not in services:
        raise Rejected(422, f"The council does not take '{kind}' submissions yet")
    reference = _optional_text(body, "reference", "kiosk reference", MAX_REFERENCE_LENGTH)
    created_at = _optional_text(body, "created_at", "creation time", MAX_CREATED_AT_LENGTH)
    if created_at is not None:
        try:
            datetime.fromisoformat(created_at)
        except ValueError:
            raise Rejected(
                422,
                "The creation time ('created_at') must be an ISO 8601 date and time, "
                "like 2026-11-23T10:15:00Z.",
            ) from None
    if "payload" not in body:
        raise Rejected(422, "The submission has no 'payload'.")
    payload = body["payload"]
    if not isinstance(payload, dict):
        raise Rejected(422, "The payload must be a JSON object (a mapping of names to values).")
    # The size is measured the way the kiosk measures it: compact JSON, UTF-8.
    text = json.dumps(payload, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError:
        raise Rejected(422, "The payload contains text that is not valid Unicode.") from None
    if size > MAX_PAYLOAD_BYTES:
        raise Rejected(413, f"The payload is {size:,} bytes; the limit is {MAX_PAYLOAD_BYTES:,}.")
    return Submission(
        kind=kind, kiosk_reference=reference, created_at=created_at, payload_json=text
    )


def batch_items(body: object) -> list[Any]:
    """Return the items of a batch envelope, or raise Rejected(422) for the whole request."""
    if not isinstance(body, dict):
        raise Rejected(422, 'The batch must be a JSON object like {"items": [...]}.')
    items = body.get("items")
    if not isinstance(items, list):
        raise Rejected(422, "The batch has no 'items' list.")
    if not items:
        raise Rejected(422, "The batch has no items; send at least one.")
    if len(items) > MAX_BATCH_ITEMS:
        raise Rejected(
            422,
            f"The batch has {len(items):,} items; at most {MAX_BATCH_ITEMS} are allowed at once.",
        )
    return items
