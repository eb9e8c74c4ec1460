"""docs/content.md explains every key a content file may use, and every kiosk form."""

import re
from pathlib import Path

from kiosk.content import FORM_IDS, schema

DOCS = Path(__file__).resolve().parents[3] / "docs" / "content.md"
ALL_SCHEMAS = (
    schema.ORGANISATIONS_FILE,
    schema.SERVICES_FILE,
    schema.PLACES_FILE,
    schema.CHARTER_FILE,
)


def documented_keys() -> set[str]:
    return set(re.findall(r"`([a-z_]+)`", DOCS.read_text(encoding="utf-8")))


def test_every_key_is_documented():
    keys = set().union(*(schema.property_names(file_schema) for file_schema in ALL_SCHEMAS))
    assert {"who", "form", "keywords", "hours", "closures", "monday", "we_ask"} <= keys
    assert keys - documented_keys() == set()


def test_every_form_is_documented():
    assert set(FORM_IDS) - documented_keys() == set()


def test_the_docs_name_no_key_the_files_cannot_use():
    """A key renamed in the schema is renamed in the docs too (the table rows name keys)."""
    keys = set().union(*(schema.property_names(file_schema) for file_schema in ALL_SCHEMAS))
    text = DOCS.read_text(encoding="utf-8")
    table_keys = set(re.findall(r"^\| `([a-z_]+)` \|", text, flags=re.MULTILINE))
    assert table_keys - keys == set()
