"""The JSON Schemas each content file is checked against when it is loaded (docs/content.md).

What a schema cannot say (an organisation that exists, hours in order, ids used once, real
dates) is checked in entries.py.
"""

from typing import Any

from kiosk.content.model import FORM_IDS, WEEKDAYS

ID_PATTERN = r"^[a-z][a-z0-9_]*$"
PHONE_PATTERN = r"^[0-9+][0-9 ]*[0-9]$"
WEB_PATTERN = r"^https?://[^\s/]+\.[^\s]+$"
TIME_PATTERN = r"^(?:[01][0-9]|2[0-3]):[0-5][0-9]$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
POSTCODE_PATTERN = r"^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}$"

_TEXT: dict[str, Any] = {"type": "string", "minLength": 1}
# An optional key may be left empty ("phone:"), which means the same as leaving it out.
_OPTIONAL_TEXT: dict[str, Any] = {"type": ["string", "null"], "minLength": 1}
_ID: dict[str, Any] = {"type": "string", "pattern": ID_PATTERN}
_PHONE: dict[str, Any] = {"type": ["string", "null"], "pattern": PHONE_PATTERN}
_WEB: dict[str, Any] = {"type": ["string", "null"], "pattern": WEB_PATTERN}


def _list_of(item: dict[str, Any], *, min_items: int = 0) -> dict[str, Any]:
    return {"type": "array", "minItems": min_items, "items": item}


ORGANISATION: dict[str, Any] = {
    "type": "object",
    "required": ["id", "name", "does"],
    "additionalProperties": False,
    "properties": {
        "id": _ID,
        "name": _TEXT,
        "does": _list_of(_TEXT, min_items=1),
        "phone": _PHONE,
        "web": _WEB,
        "emergency": _OPTIONAL_TEXT,
    },
}

SERVICE: dict[str, Any] = {
    "type": "object",
    "required": ["id", "name", "summary", "who", "how"],
    "additionalProperties": False,
    "properties": {
        "id": _ID,
        "name": _TEXT,
        "summary": _TEXT,
        "who": _ID,
        "how": _TEXT,
        "form": {"enum": [*FORM_IDS, None]},
        "phone": _PHONE,
        "web": _WEB,
        "keywords": _list_of(_TEXT),
        "urgent": _OPTIONAL_TEXT,
    },
}

_TIME: dict[str, Any] = {"type": "string", "pattern": TIME_PATTERN}
SESSION: dict[str, Any] = {"type": "array", "minItems": 2, "maxItems": 2, "items": _TIME}
SESSIONS: dict[str, Any] = _list_of(SESSION)

CLOSURE: dict[str, Any] = {
    "type": "object",
    "required": ["date", "reason"],
    "additionalProperties": False,
    "properties": {
        "date": {"type": "string", "pattern": DATE_PATTERN},
        "reason": _TEXT,
        "hours": SESSIONS,
    },
}

PLACE: dict[str, Any] = {
    "type": "object",
    "required": ["id", "name", "address", "postcode", "offers", "hours"],
    "additionalProperties": False,
    "properties": {
        "id": _ID,
        "name": _TEXT,
        "address": _list_of(_TEXT, min_items=1),
        "postcode": {"type": "string", "pattern": POSTCODE_PATTERN},
        "offers": _list_of(_TEXT, min_items=1),
        "hours": {
            "type": "object",
            "additionalProperties": False,
            "properties": {day: SESSIONS for day in WEEKDAYS},
        },
        "accessibility": _list_of(_TEXT),
        "closures": _list_of(CLOSURE),
    },
}

PROMISE: dict[str, Any] = {
    "type": "object",
    "required": ["text"],
    "additionalProperties": False,
    "properties": {"text": _TEXT, "measure": _OPTIONAL_TEXT},
}


def _file_of(key: str, item: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": [key],
        "additionalProperties": False,
        "properties": {key: _list_of(item)},
    }


ORGANISATIONS_FILE = _file_of("organisations", ORGANISATION)
SERVICES_FILE = _file_of("services", SERVICE)
PLACES_FILE = _file_of("places", PLACE)
CHARTER_FILE: dict[str, Any] = {
    "type": "object",
    "required": ["title", "introduction", "promises", "we_ask", "comments"],
    "additionalProperties": False,
    "properties": {
        "title": _TEXT,
        "introduction": _TEXT,
        "promises": _list_of(PROMISE, min_items=1),
        "we_ask": _list_of(_TEXT),
        "comments": _TEXT,
    },
}


def property_names(schema: Any) -> set[str]:
    """Every key a content file may use, for the check that docs/content.md explains them all."""
    names: set[str] = set()
    if isinstance(schema, dict):
        properties = schema.get("properties", {})
        names.update(properties)
        for value in schema.values():
            names |= property_names(value)
    elif isinstance(schema, list):
        for value in schema:
            names |= property_names(value)
    return names
