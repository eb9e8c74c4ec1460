"""The JSON Schema every form definition is checked against when it is loaded (docs/forms.md).

What a schema cannot say (ids that must match, earlier questions, real choices) is in checks.py.
"""

from typing import Any

from kiosk.forms.model import FIELD_TYPES

ID_PATTERN = r"^[a-z][a-z0-9_]*$"
KIND_PATTERN = r"^[a-z][a-z0-9_.-]{0,63}$"
VALUE_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
PHONE_PATTERN = r"^[0-9+][0-9 ]*[0-9]$"
TIME_PATTERN = r"^(?:[01][0-9]|2[0-3]):[0-5][0-9]$"
DISPLAY_STYLES = ("faces",)

_TEXT: dict[str, Any] = {"type": "string", "minLength": 1}
_ID: dict[str, Any] = {"type": "string", "pattern": ID_PATTERN}
_VALUE: dict[str, Any] = {"type": ["string", "integer"], "pattern": VALUE_PATTERN}

_CONDITION: dict[str, Any] = {
    "type": "object",
    "required": ["question"],
    "additionalProperties": False,
    "properties": {
        "question": _ID,
        "equals": _VALUE,
        "any_of": {"type": "array", "minItems": 1, "items": _VALUE},
    },
}

_CHOICE: dict[str, Any] = {
    "type": "object",
    "required": ["value", "label"],
    "additionalProperties": False,
    "properties": {
        "value": _VALUE,
        "label": _TEXT,
        "hint": _TEXT,
        "emergency": _ID,
        "exclusive": {"type": "boolean"},
    },
}

_QUESTION: dict[str, Any] = {
    "type": "object",
    "required": ["id", "type", "label"],
    "additionalProperties": False,
    "properties": {
        "id": _ID,
        "type": {"enum": list(FIELD_TYPES)},
        "label": _TEXT,
        "hint": _TEXT,
        "error": _TEXT,
        "required": {"type": "boolean"},
        "choices": {"type": "array", "minItems": 1, "items": _CHOICE},
        "max_length": {"type": "integer", "minimum": 1, "maximum": 10000},
        "min": {"type": "number"},
        "max": {"type": "number"},
        "whole_number": {"type": "boolean"},
        "show_if": _CONDITION,
        "monitoring": {"type": "boolean"},
        "past_only": {"type": "boolean"},
        "future_only": {"type": "boolean"},
        "display": {"enum": list(DISPLAY_STYLES)},
    },
}

_EMERGENCY: dict[str, Any] = {
    "type": "object",
    "required": ["title", "message", "phone"],
    "additionalProperties": False,
    "properties": {
        "title": _TEXT,
        "message": _TEXT,
        "phone": {"type": "string", "pattern": PHONE_PATTERN},
        "phone_label": _TEXT,
    },
}

_ROUTE: dict[str, Any] = {
    "type": "object",
    "required": ["when", "departments"],
    "additionalProperties": False,
    "properties": {
        "when": _CONDITION,
        "departments": {"type": "array", "minItems": 1, "items": _TEXT},
    },
}

_NEXT_STEP: dict[str, Any] = {
    "type": "object",
    "required": ["text"],
    "additionalProperties": False,
    "properties": {
        "text": _TEXT,
        "working_days": {"type": "integer", "minimum": 0, "maximum": 365},
        "window": {
            "type": "array",
            "minItems": 2,
            "maxItems": 2,
            "items": {"type": "string", "pattern": TIME_PATTERN},
        },
        "when": _CONDITION,
    },
}

FORM_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": [
        "id",
        "kind",
        "services",
        "title",
        "summary",
        "order",
        "questions",
        "next_steps",
    ],
    "additionalProperties": False,
    "properties": {
        "id": _ID,
        "kind": {"type": "string", "pattern": KIND_PATTERN},
        "services": {
            "type": "array",
            "minItems": 1,
            "items": {"type": "string", "pattern": KIND_PATTERN},
        },
        "title": _TEXT,
        "summary": _TEXT,
        "order": {"type": "integer"},
        "home": {"type": "boolean"},
        "offered_at_end": {"type": "boolean"},
        "receipt_title": _TEXT,
        "questions": {"type": "array", "minItems": 1, "items": _QUESTION},
        "emergencies": {
            "type": "object",
            "propertyNames": {"pattern": ID_PATTERN},
            "additionalProperties": _EMERGENCY,
        },
        "routes": {"type": "array", "items": _ROUTE},
        "next_steps": {"type": "array", "minItems": 1, "items": _NEXT_STEP},
    },
}
