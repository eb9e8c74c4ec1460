"""The kiosk's forms: definitions loaded from assets/forms, answers checked, one journey each.

See docs/forms.md for how a council writes a form.
"""

from kiosk.forms.journey import FormJourney, JourneyNotReady
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
from kiosk.forms.validation import FieldError, validate

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
