"""One citizen going through one form, a question a page, as GOV.UK services do.

The journey keeps what was typed on every page, valid or not, so nothing is lost on an error,
on Back or when the language changes; only valid answers count. Which pages are shown depends
on the answers so far (show_if). A choice that means danger now stops the form and shows what to
do instead: an emergency is never queued.
"""

from collections.abc import Callable
from datetime import date
from typing import Any, Literal

from kiosk.forms.answers import display_text, to_json
from kiosk.forms.model import Condition, Emergency, FormDefinition, NextStep, Question
from kiosk.forms.validation import FieldError, validate

State = Literal["question", "check", "emergency"]


class JourneyNotReady(RuntimeError):
    """Asked for what is only there on "Check your answers" (a bug in the caller)."""


class FormJourney:
    def __init__(self, form: FormDefinition, *, today: Callable[[], date]) -> None:
        self.form = form
        self._today = today
        self.clear()

    def clear(self) -> None:
        """Forget everything the citizen entered and go back to the first page."""
        self._raw: dict[str, Any] = {}
        # Answered pages, None for those left empty where that is allowed.
        self._answers: dict[str, Any] = {}
        # What was entered when Continue last found errors, by page, to say them again.
        self._failed: dict[str, Any] = {}
        self._state: State = "question"
        self._current = self.form.questions[0].id
        self._changing = False
        self._emergency: Emergency | None = None

    @property
    def state(self) -> State:
        return self._state

    @property
    def current(self) -> Question | None:
        return self.form.question(self._current) if self._state == "question" else None

    @property
    def emergency(self) -> Emergency | None:
        return self._emergency if self._state == "emergency" else None

    @property
    def changing(self) -> bool:
        """The page was opened from a Change link: Continue and Back return to the check page."""
        return self._changing and self._state == "question"

    def raw(self, question_id: str) -> Any:
        return self._raw.get(question_id)

    def answer(self, question_id: str) -> Any:
        """The last valid answer to the question, or None."""
        return self._answers.get(question_id)

    def errors(self) -> list[FieldError]:
        """What is wrong on the current page since the last Continue, in the current language."""
        if self._state != "question" or self._current not in self._failed:
            return []
        return self._validate(self.form.question(self._current), self._failed[self._current])[1]

    def keep_raw(self, raw: Any) -> None:
        """Keep what is on the current page without checking it, e.g. while the citizen picks
        another language; Continue checks it later."""
        if self._state == "question":
            self._raw[self._current] = raw

    def submit(self, raw: Any) -> list[FieldError]:
        """Continue: check the current page's answer; on errors stay, else move on."""
        question = self._require_question()
        self._raw[question.id] = raw
        value, errors = self._validate(question, raw)
        if errors:
            self._failed[question.id] = raw
            return errors
        self._failed.pop(question.id, None)
        self._answers[question.id] = value
        emergency = self._emergency_of(question, value)
        if emergency is not None:
            self._emergency, self._state = emergency, "emergency"
            return []
        if self._changing:
            missing = self._first_unanswered()
            self._go(missing.id if missing else None)
            return []
        later = self._visible_after(question.id)
        self._go(later.id if later else None)
        return []

    def back(self) -> bool:
        """Back to the previous page; False on the first page (the caller then leaves the form)."""
        if self._state == "emergency":
            self._state = "question"  # the page whose answer raised it
            self._emergency = None
            return True
        visible = self.visible_questions()
        if self._state == "check":
            self._go(visible[-1].id)
            return True
        if self._changing and self._first_unanswered() is None:
            self._go(None)
            return True
        ids = [question.id for question in visible]
        position = ids.index(self._current) if self._current in ids else 0
        if position == 0:
            return False
        self._current = ids[position - 1]
        return True

    def change(self, question_id: str) -> None:
        """A Change link on the check page: show that page, then come back to the check page."""
        if question_id not in {question.id for question in self.visible_questions()}:
            raise ValueError(f"question {question_id!r} is not shown in this journey")
        self._current, self._state, self._changing = question_id, "question", True

    def visible_questions(self) -> list[Question]:
        """The pages shown with the answers so far (a show_if names an earlier question)."""
        shown: list[Question] = []
        shown_ids: set[str] = set()
        for question in self.form.questions:
            condition = question.show_if
            if condition is None or self._holds(condition, shown_ids):
                shown.append(question)
                shown_ids.add(question.id)
        return shown

    def summary(
        self, format_date: Callable[[date], str] | None = None
    ) -> list[tuple[Question, str]]:
        """Each answered page and its answer as text, for "Check your answers"."""
        return [
            (question, display_text(question, self._answers[question.id], format_date))
            for question in self.visible_questions()
            if self._answers.get(question.id) is not None
        ]

    def progress(self) -> tuple[int, int]:
        """(this page's number, how many pages there are now); on the check page (n, n)."""
        ids = [question.id for question in self.visible_questions()]
        if self._state == "check" or self._current not in ids:
            return len(ids), len(ids)
        return ids.index(self._current) + 1, len(ids)

    def payload(self) -> dict[str, Any]:
        """The answers to send, by question id: shown pages only, empty optional ones left out."""
        if self._state != "check":
            raise JourneyNotReady(f"there is nothing to send at {self._state}")
        return {
            question.id: to_json(self._answers[question.id])
            for question in self.visible_questions()
            if self._answers.get(question.id) is not None
        }

    def departments(self) -> list[str]:
        """Tell us once: every department the answers reach, each once, in order."""
        shown = {question.id for question in self.visible_questions()}
        found: dict[str, None] = {}
        for route in self.form.routes:
            if self._holds(route.when, shown):
                found.update(dict.fromkeys(route.departments))
        return list(found)

    def next_steps(self) -> list[NextStep]:
        shown = {question.id for question in self.visible_questions()}
        return [
            step
            for step in self.form.next_steps
            if step.when is None or self._holds(step.when, shown)
        ]

    def _validate(self, question: Question, raw: Any) -> tuple[Any, list[FieldError]]:
        return validate(question, raw, today=self._today())

    def _require_question(self) -> Question:
        if self._state != "question":
            raise JourneyNotReady(
                f"there is no question page while the journey is at {self._state}"
            )
        return self.form.question(self._current)

    def _go(self, question_id: str | None) -> None:
        """To that page, or to the check page when None."""
        if question_id is None:
            self._state, self._changing = "check", False
        else:
            self._current, self._state = question_id, "question"

    def _visible_after(self, question_id: str) -> Question | None:
        visible = self.visible_questions()
        ids = [question.id for question in visible]
        position = ids.index(question_id) if question_id in ids else len(ids) - 1
        return visible[position + 1] if position + 1 < len(visible) else None

    def _first_unanswered(self) -> Question | None:
        return next((q for q in self.visible_questions() if q.id not in self._answers), None)

    def _holds(self, condition: Condition, shown: set[str]) -> bool:
        if condition.question not in shown:
            return False
        value = self._answers.get(condition.question)
        wanted = set(condition.values())
        if isinstance(value, tuple):
            return bool(wanted.intersection(value))
        return value in wanted

    def _emergency_of(self, question: Question, value: Any) -> Emergency | None:
        picked = value if isinstance(value, tuple) else (value,)
        for choice in question.choices:
            if choice.emergency is not None and choice.value in picked:
                return self.form.emergencies[choice.emergency]
        return None
