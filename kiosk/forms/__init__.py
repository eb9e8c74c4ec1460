"""The kiosk's forms: definitions loaded from assets/forms, answers checked, one journey each.

See docs/forms.md for how a council writes a form.
"""

import importlib
from typing import TYPE_CHECKING, Any

from kiosk.forms.loader import (
    DEFAULT_FORMS_DIR,
    FormDefinitionError,
    FormProblem,
    load_form,
    load_forms,
)
from kiosk.forms.model import (
    Address,
    Choice,
    Condition,
    Emergency,
    FieldType,
    FormDefinition,
    NextStep,
    PhoneNumber,
    Question,
    Route,
)

if TYPE_CHECKING:
    from kiosk.forms.journey import FormJourney, JourneyNotReady
    from kiosk.forms.validation import FieldError, validate

# Loaded when first asked for: the home screen needs the forms' definitions, not the checking of
# answers, which loads with the first form a citizen opens.
_LATER = {
    "FormJourney": "kiosk.forms.journey",
    "JourneyNotReady": "kiosk.forms.journey",
    "FieldError": "kiosk.forms.validation",
    "validate": "kiosk.forms.validation",
}


def __getattr__(name: str) -> Any:
    if name in _LATER:
        return getattr(importlib.import_module(_LATER[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "DEFAULT_FORMS_DIR",
    "Address",
    "Choice",
    "Condition",
    "Emergency",
    "FieldError",
    "FieldType",
    "FormDefinition",
    "FormDefinitionError",
    "FormJourney",
    "FormProblem",
    "JourneyNotReady",
    "NextStep",
    "PhoneNumber",
    "Question",
    "Route",
    "load_form",
    "load_forms",
    "validate",
]
