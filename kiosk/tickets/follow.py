"""The page a citizen opens on their phone from the QR code on the ticket: their number, how
many are ahead and the estimated wait, in the language they used at the kiosk. Plain HTML,
large text, no script; it refreshes itself until the ticket is finished."""

import html

from kiosk.i18n import N_, N_plural, in_language, in_language_plural
from kiosk.languages import BY_CODE
from kiosk.tickets.model import MESSAGES, Issued, TicketStatus

FOLLOW_REFRESH_S = 30

FOLLOW_TITLE = N_("Your place in the queue")
FOLLOW_NUMBER = N_("Your ticket number is {number}")
FOLLOW_SERVICE = N_("For: {service}")
FOLLOW_NEXT = N_("No one is ahead of you.")
# The same words as the ticket screen at the kiosk, plurals and all.
FOLLOW_AHEAD = N_plural("There is {n} person ahead of you.", "There are {n} people ahead of you.")
FOLLOW_WAIT = N_plural("Estimated wait: about {n} minute.", "Estimated wait: about {n} minutes.")
FOLLOW_STAY = N_("Please stay nearby. We will call your number.")
FOLLOW_CALLED = N_("Please go to counter {counter} now.")
FOLLOW_SERVED = N_("Your visit is finished. Thank you for coming.")
FOLLOW_NO_SHOW = N_("We called your number but could not find you. Please ask at the desk.")
FOLLOW_UPDATES = N_("This page updates itself every 30 seconds.")

_STYLE = (
    "body{font-family:system-ui,sans-serif;font-size:1.5rem;line-height:1.5;margin:1rem;"
    "background:#fff;color:#0b0c0c}"
    "h1{font-size:2.5rem;margin:0 0 1rem}"
    ".now{font-weight:bold;border-inline-start:.5rem solid #1d70b8;padding-inline-start:.75rem}"
    "small{font-size:1.1rem}"
    "@media (prefers-color-scheme:dark){body{background:#000;color:#fff}}"
)


def follow_page(issued: Issued, service_name: str) -> str:
    """The page in the citizen's language; plain HTML, large text, no script."""
    ticket = issued.ticket
    code = ticket.language if ticket.language in BY_CODE else "en"

    def say(message: str, **values: object) -> str:
        return html.escape(in_language(code, message).format(**values))

    def say_count(forms: tuple[str, str], n: int) -> str:
        return html.escape(in_language_plural(code, *forms, n).format(n=n))

    lines = [say(FOLLOW_SERVICE, service=in_language(code, service_name))]
    refresh = True
    if ticket.status is TicketStatus.WAITING:
        if issued.ahead == 0:
            lines.append(f'<strong class="now">{say(FOLLOW_NEXT)}</strong>')
        else:
            lines.append(say_count(FOLLOW_AHEAD, issued.ahead))
            lines.append(say_count(FOLLOW_WAIT, max(1, -(-issued.estimated_wait_s // 60))))
        lines.append(say(FOLLOW_STAY))
    elif ticket.status is TicketStatus.CALLED:
        lines.append(f'<strong class="now">{say(FOLLOW_CALLED, counter=ticket.counter)}</strong>')
    else:
        refresh = False
        lines.append(say(FOLLOW_SERVED if ticket.status is TicketStatus.SERVED else FOLLOW_NO_SHOW))
    if refresh:
        lines.append(f"<small>{say(FOLLOW_UPDATES)}</small>")
    return _page(code, say(FOLLOW_TITLE), say(FOLLOW_NUMBER, number=ticket.number), lines, refresh)


def _page(code: str, title: str, heading: str, lines: list[str], refresh: bool) -> str:
    direction = "rtl" if BY_CODE[code].rtl else "ltr"
    meta = f'<meta http-equiv="refresh" content="{FOLLOW_REFRESH_S}">' if refresh else ""
    body = "".join(f"<p>{line}</p>" for line in lines)
    return (
        f'<!DOCTYPE html><html lang="{html.escape(code)}" dir="{direction}"><head>'
        '<meta charset="utf-8"><meta name="viewport" content="width=device-width, '
        f'initial-scale=1">{meta}<title>{title}</title><style>{_STYLE}</style></head>'
        f"<body><main><h1>{heading}</h1>{body}</main></body></html>"
    )


def not_found_page() -> str:
    message = html.escape(MESSAGES["unknown_ticket"])
    return _page("en", html.escape(FOLLOW_TITLE), message, [], refresh=False)


PAGE_HEADERS = [
    ("Cache-Control", "no-store"),
    ("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
]
