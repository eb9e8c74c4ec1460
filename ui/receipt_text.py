"""The words of a receipt in the current language, shared by the screen and the printout."""

from kiosk.formatting import clock_time, long_date
from kiosk.i18n import _
from kiosk.submission import Receipt, ReceiptStep


def step_text(step: ReceiptStep) -> str:
    values = {}
    if step.due is not None:
        values["date"] = long_date(step.due)
    if step.window is not None:
        values["start"] = clock_time(step.window[0])
        values["end"] = clock_time(step.window[1])
    return _(step.template).format(**values)


def steps(receipt: Receipt) -> list[str]:
    return [step_text(step) for step in receipt.steps]


def departments(receipt: Receipt) -> list[str]:
    return [_(name) for name in receipt.departments]
