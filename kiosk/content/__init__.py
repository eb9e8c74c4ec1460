"""The information screens' content: services A to Z, who does what, places and opening times,
and the customer charter. Council staff edit it as YAML in assets/content (docs/content.md)."""

from kiosk.content.catalogue import translatable_texts
from kiosk.content.directory import normalise, search_services, services_by_letter
from kiosk.content.loader import DEFAULT_CONTENT_DIR, load_content, problems_text
from kiosk.content.model import (
    FORM_IDS,
    WEEKDAYS,
    Charter,
    CharterPromise,
    Closure,
    Content,
    OpeningSession,
    Organisation,
    Place,
    Service,
)
from kiosk.content.opening import OpeningStatus, hours_on, opening_status, week_hours
from kiosk.content.opening_words import describe_status, format_sessions, format_time
from kiosk.content.problems import ContentProblem

__all__ = [
    "DEFAULT_CONTENT_DIR",
    "FORM_IDS",
    "WEEKDAYS",
    "Charter",
    "CharterPromise",
    "Closure",
    "Content",
    "ContentProblem",
    "OpeningSession",
    "OpeningStatus",
    "Organisation",
    "Place",
    "Service",
    "describe_status",
    "format_sessions",
    "format_time",
    "hours_on",
    "load_content",
    "normalise",
    "opening_status",
    "problems_text",
    "search_services",
    "services_by_letter",
    "translatable_texts",
    "week_hours",
]
