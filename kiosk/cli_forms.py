"""`kiosk forms check`: council officers check the forms they changed before the kiosk restarts.

Each file is checked as the kiosk checks it when it starts, with no cache of earlier checks.
"""

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.i18n import _
from kiosk.settings import Settings

if TYPE_CHECKING:
    from kiosk.forms.loader import FormProblem
    from kiosk.forms.model import FormDefinition

# What became of each file, by file name: the form, or what to fix in it.
Checked = dict[str, "FormDefinition | list[FormProblem]"]


def check(args: argparse.Namespace, settings: Settings) -> int:
    """Each form file or folder named (default: the forms folder); 1 if any has a problem."""
    paths: list[Path] = args.paths or [settings.forms_dir]
    ready = broken = missing = 0
    for path in paths:
        if path.is_dir():
            print(_("Checking the forms in {folder}").format(folder=path))
            checked = _check_folder(path)
            if not checked:
                message = _("There are no forms (files ending in .yaml) in {folder}.")
                print(message.format(folder=path), file=sys.stderr)
                missing += 1
        elif path.exists():
            checked = _check_file(path)
        else:
            print(_("There is no file or folder at {path}.").format(path=path), file=sys.stderr)
            missing += 1
            continue
        for file, outcome in checked.items():
            if isinstance(outcome, list):
                broken += 1
                for problem in outcome:
                    print(problem)
            else:
                ready += 1
                print(_("OK: {title} ({file})").format(title=outcome.title, file=file))
    print(
        _("Forms ready: {ready}. Forms with problems: {broken}.").format(ready=ready, broken=broken)
    )
    if broken:
        print(
            _(
                "The kiosk leaves out a form with problems until it is fixed; the other forms "
                "still work."
            )
        )
    return 1 if broken or missing else 0


def _check_folder(folder: Path) -> Checked:
    """Every form file in `folder`, as the kiosk loads them (a form id used twice included)."""
    from kiosk.forms.loader import load_forms  # the forms package loads only for this command

    forms, problems = load_forms(folder)
    checked: Checked = {form.source: form for form in forms}
    for problem in problems:
        found = checked.setdefault(problem.file, [])
        if isinstance(found, list):
            found.append(problem)
    return dict(sorted(checked.items()))


def _check_file(path: Path) -> Checked:
    from kiosk.forms.loader import FormDefinitionError, load_form

    try:
        return {path.name: load_form(path)}
    except FormDefinitionError as error:
        return {path.name: error.problems}
