"""Refresh the translation catalogues: locales/kiosk.pot from the code, the forms and the
content, then each locales/<language>/LC_MESSAGES/kiosk.po updated from it (new texts added,
changed ones marked for the translator, none lost). Run with `make catalogues`."""

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk.content import load_content  # noqa: E402
from kiosk.content.catalogue import translatable_texts as content_texts  # noqa: E402
from kiosk.forms.catalogue import translatable_texts as form_texts  # noqa: E402
from kiosk.forms.loader import load_forms  # noqa: E402
from kiosk.i18n import DOMAIN, LOCALE_DIR  # noqa: E402
from kiosk.tickets import load_services  # noqa: E402

KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "N_plural": (1, 2)}
# What citizens see or hear. Staff-facing text (the command line, settings, problems in a form
# or content file) stays in English: it is for the council's own officers.
STAFF_ONLY = [
    ("cli.py", "ignore"),  # kiosk's and ui's command lines
    ("cli_*.py", "ignore"),
    ("tour.py", "ignore"),
    ("demo.py", "ignore"),
    ("settings.py", "ignore"),
    ("forms/checks.py", "ignore"),
    ("forms/loader.py", "ignore"),
    ("forms/problems.py", "ignore"),
    ("content/entries.py", "ignore"),
    ("content/loader.py", "ignore"),
    ("content/problems.py", "ignore"),
    ("yaml_source.py", "ignore"),
    ("tickets/__init__.py", "ignore"),  # problems in the services file, for officers
]


def template() -> Catalog:
    catalog = Catalog(project="Council Kiosk", msgid_bugs_address="", charset="utf-8")
    for package in ("kiosk", "ui"):
        for filename, lineno, message, comments, _context in extract_from_dir(
            ROOT / package,
            [*STAFF_ONLY, ("**.py", "python")],
            keywords=KEYWORDS,
            comment_tags=("Translators:",),
        ):
            catalog.add(
                message, locations=[(f"{package}/{filename}", lineno)], auto_comments=comments
            )
    forms, _problems = load_forms()
    for text, where in form_texts(forms):
        catalog.add(
            text, locations=[(f"assets/forms/{where.split(':')[0]}", 0)], auto_comments=[where]
        )
    content, _content_problems = load_content()
    for text in content_texts(content):
        catalog.add(text, locations=[("assets/content", 0)])
    for service in load_services():
        for text in (service.name, service.summary):
            catalog.add(text, locations=[("assets/queue/services.yaml", 0)])
    return catalog


def _format_flags(catalog: Catalog) -> None:
    """Flags for the translators' tools (msgfmt -c) that agree with how the kiosk formats.

    Babel marks any text with a % sign as python-format, but the kiosk formats with str.format:
    "80% of" is a plain percent. And a clock time may give {hour24} for {hour} (docs/
    translating.md), which msgfmt would call a missing argument; tests/kiosk/test_catalogues.py
    checks those placeholders instead."""
    for message in catalog:
        message.flags.discard("python-format")
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        if any("{hour}" in text for text in ids):
            message.flags.discard("python-brace-format")


def main(languages: list[str]) -> None:
    """Update the template and the catalogues of `languages` (all of them when none given)."""
    pot = template()
    _format_flags(pot)
    with (LOCALE_DIR / f"{DOMAIN}.pot").open("wb") as out:
        write_po(out, pot, width=100, omit_header=False)
    for po_path in sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        if languages and po_path.parts[-3] not in languages:
            continue
        with po_path.open("rb") as existing:
            catalog = read_po(existing, locale=po_path.parts[-3])
        catalog.update(pot, no_fuzzy_matching=True)
        # "Draft" is said in the header comment; a fuzzy header would make tools such as msgfmt
        # drop the plural rules with it.
        catalog.fuzzy = False
        _format_flags(catalog)
        with po_path.open("wb") as out:
            write_po(out, catalog, width=100, ignore_obsolete=True)
    print(f"{len(pot)} messages in {DOMAIN}.pot")


if __name__ == "__main__":
    main(sys.argv[1:])
