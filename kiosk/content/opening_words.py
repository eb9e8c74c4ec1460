"""Opening times in words, the GOV.UK way ("9am to 5:30pm", "midday"), through the catalogue.

Every time template gets {hour} (1 to 12), {hour24} (00 to 23) and {minute}, so a translation
can use the 24-hour clock: "{hour}:{minute}pm" may become "{hour24}:{minute}".
"""

from collections.abc import Sequence
from datetime import time, timedelta

from kiosk.content.model import OpeningSession
from kiosk.content.opening import LOOK_AHEAD_DAYS, OpeningStatus
from kiosk.formatting import MONTH_NAMES
from kiosk.i18n import N_, _, ngettext

DAY_NAMES = (
    N_("Monday"),
    N_("Tuesday"),
    N_("Wednesday"),
    N_("Thursday"),
    N_("Friday"),
    N_("Saturday"),
    N_("Sunday"),
)


def day_name(weekday: int) -> str:
    """0 is Monday."""
    return _(DAY_NAMES[weekday])


def format_time(moment: time) -> str:
    if moment == time(12, 0):
        return _("midday")
    if moment == time(0, 0):
        return _("midnight")
    hour = moment.hour % 12 or 12
    if moment.hour < 12:
        template = _("{hour}am") if moment.minute == 0 else _("{hour}:{minute}am")
    else:
        template = _("{hour}pm") if moment.minute == 0 else _("{hour}:{minute}pm")
    return template.format(hour=hour, hour24=f"{moment.hour:02d}", minute=f"{moment.minute:02d}")


def format_sessions(sessions: Sequence[OpeningSession]) -> str:
    """ "9am to 12:30pm and 1:30pm to 4:30pm", or "Closed"."""
    if not sessions:
        return _("Closed")
    ranges = [
        _("{opens} to {closes}").format(
            opens=format_time(session.opens), closes=format_time(session.closes)
        )
        for session in sessions
    ]
    text = ranges[0]
    for more in ranges[1:]:
        text = _("{first} and {second}").format(first=text, second=more)
    return text


def describe_status(status: OpeningStatus) -> str:
    """One or two short sentences: "Open now. Closes at 5pm." / "Closed now. Opens on Monday at
    9am." """
    if status.is_open and status.closes_at is not None:
        return _("Open now. Closes at {time}.").format(time=format_time(status.closes_at))
    opens = status.next_opens
    if opens is None:
        return ngettext(
            "Closed now, and not open in the next {n} day.",
            "Closed now, and not open in the next {n} days.",
            LOOK_AHEAD_DAYS,
        ).format(n=LOOK_AHEAD_DAYS)
    when = format_time(opens.time())
    today = status.as_of.date()
    if opens.date() == today:
        return _("Closed now. Opens today at {time}.").format(time=when)
    if opens.date() == today + timedelta(days=1):
        return _("Closed now. Opens tomorrow at {time}.").format(time=when)
    if opens.date() < today + timedelta(days=7):
        return _("Closed now. Opens on {day} at {time}.").format(
            day=day_name(opens.weekday()), time=when
        )
    on = _("{weekday} {day} {month}").format(
        weekday=day_name(opens.weekday()), day=opens.day, month=_(MONTH_NAMES[opens.month - 1])
    )
    return _("Closed now. Opens on {date} at {time}.").format(date=on, time=when)
