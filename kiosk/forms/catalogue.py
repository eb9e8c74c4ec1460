"""Every text a form shows, for the translation catalogue (the English text is the message id)."""

from collections.abc import Iterable

from kiosk.forms.model import FormDefinition


def translatable_texts(forms: Iterable[FormDefinition]) -> list[tuple[str, str]]:
    """(text, where) pairs, each text once, in the order the files give them."""
    found: dict[str, str] = {}

    def add(text: str | None, where: str) -> None:
        if text:
            found.setdefault(text, where)

    for form in forms:
        add(form.title, f"{form.source}: title")
        add(form.summary, f"{form.source}: summary")
        add(form.receipt_title, f"{form.source}: receipt_title")
        for question in form.questions:
            where = f"{form.source}: question {question.id}"
            for text in (question.label, question.hint, question.error):
                add(text, where)
            for choice in question.choices:
                add(choice.label, f"{where}, choice {choice.value}")
                add(choice.hint, f"{where}, choice {choice.value}")
        for emergency in form.emergencies.values():
            where = f"{form.source}: emergency {emergency.id}"
            for text in (emergency.title, emergency.message, emergency.phone_label):
                add(text, where)
        for route in form.routes:
            for department in route.departments:
                add(department, f"{form.source}: routes")
        for step in form.next_steps:
            add(step.text, f"{form.source}: next_steps")
    return list(found.items())
