"""A form as the council wrote it in assets/forms: questions, emergencies, routes, next steps.

Strings here are English source text; the screens translate them when they show them.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Literal, get_args

FieldType = Literal[
    "short_text",
    "long_text",
    "single_choice",
    "multiple_choice",
    "yes_no",
    "date",
    "postcode",
    "phone",
    "email",
    "number",
    "address",
    "consent",
]
FIELD_TYPES: tuple[FieldType, ...] = get_args(FieldType)
CHOICE_TYPES: tuple[FieldType, ...] = ("single_choice", "multiple_choice", "yes_no")
TEXT_TYPES: tuple[FieldType, ...] = ("short_text", "long_text")

DEFAULT_MAX_LENGTH: Mapping[str, int] = {"short_text": 100, "long_text": 1200}
PREFER_NOT_TO_SAY = "prefer_not_to_say"

Keyboard = Literal["text", "email", "phone", "number", "postcode", "none"]
_KEYBOARDS: Mapping[str, Keyboard] = {
    "short_text": "text",
    "long_text": "text",
    "postcode": "postcode",
    "phone": "phone",
    "email": "email",
    "number": "number",
    "date": "number",
    "address": "text",
}


@dataclass(frozen=True)
class Choice:
    """One answer a citizen can tap for a choice question."""

    value: str
    label: str
    hint: str | None = None
    emergency: str | None = None
    # "None of these": cannot be ticked together with other answers.
    exclusive: bool = False


@dataclass(frozen=True)
class Condition:
    """Holds when the answer to `question` is `equals`, or one of `any_of` (for multiple choice:
    when that value, or one of those, is among the ticked answers)."""

    question: str
    equals: str | None = None
    any_of: tuple[str, ...] | None = None

    def values(self) -> tuple[str, ...]:
        if self.any_of is not None:
            return self.any_of
        return () if self.equals is None else (self.equals,)


@dataclass(frozen=True)
class Question:
    """One question of a form: what is asked, of which type, and the rules its answer keeps."""

    id: str
    type: FieldType
    label: str
    hint: str | None = None
    required: bool = True
    choices: tuple[Choice, ...] = ()
    max_length: int | None = None
    minimum: float | None = None
    maximum: float | None = None
    whole_number: bool = True
    show_if: Condition | None = None
    monitoring: bool = False
    past_only: bool = False
    future_only: bool = False
    display: str | None = None
    line: int = 0
    # The message shown when a required question is left empty, e.g. "Enter your full name".
    error: str | None = None

    def choice(self, value: str) -> Choice | None:
        return next((c for c in self.choices if c.value == value), None)

    @property
    def keyboard(self) -> Keyboard:
        """Which on-screen keyboard suits the answer."""
        return _KEYBOARDS.get(self.type, "none")

    @property
    def limit(self) -> int | None:
        """The character limit of a text answer, shown to the citizen."""
        if self.type not in TEXT_TYPES:
            return None
        return self.max_length or DEFAULT_MAX_LENGTH[self.type]


@dataclass(frozen=True)
class Emergency:
    """What a form shows instead of going on when an answer means danger now."""

    id: str
    title: str
    message: str
    phone: str
    phone_label: str | None = None


@dataclass(frozen=True)
class Route:
    """Tell us once: when `when` holds, the request reaches these departments."""

    when: Condition
    departments: tuple[str, ...]


@dataclass(frozen=True)
class NextStep:
    """A line of the receipt. `{date}` is `working_days` from now; `{start}`/`{end}` the window."""

    text: str
    working_days: int | None = None
    window: tuple[str, str] | None = None
    when: Condition | None = None


@dataclass(frozen=True)
class FormDefinition:
    """A form as its YAML file defines it, checked: its questions and where it is sent."""

    id: str
    kind: str
    services: tuple[str, ...]
    title: str
    summary: str
    order: int
    questions: tuple[Question, ...]
    emergencies: Mapping[str, Emergency] = field(hash=False)
    routes: tuple[Route, ...]
    next_steps: tuple[NextStep, ...]
    home: bool = True
    offered_at_end: bool = False
    source: str = ""
    # The heading of the receipt, e.g. "Your report has been sent"; None for the kiosk's own.
    receipt_title: str | None = None

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)


@dataclass(frozen=True)
class PhoneNumber:
    """A UK phone number as a citizen gave it, checked: for display and in E.164."""

    national: str
    e164: str

    def __str__(self) -> str:
        return self.national


@dataclass(frozen=True)
class Address:
    """A postal address: two lines, the town and a checked postcode."""

    line1: str
    line2: str
    town: str
    postcode: str

    def lines(self) -> list[str]:
        return [part for part in (self.line1, self.line2, self.town, self.postcode) if part]


Answer = str | tuple[str, ...] | date | PhoneNumber | Address | int | float | bool
