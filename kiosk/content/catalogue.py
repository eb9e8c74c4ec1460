"""Every text the content shows, for the translation catalogue: the screens translate each one
with `_()` (the English text is the message id), so each must be in locales/ to be translated.

Keywords and ids are left out: keywords only help the search and are never shown.
"""

from kiosk.content.model import Content


def translatable_texts(content: Content) -> list[str]:
    """Each text once, in the order the files give them."""
    texts: list[str] = []
    for organisation in content.organisations.values():
        texts += [organisation.name, *organisation.does]
        texts += [text for text in (organisation.emergency,) if text]
    for service in content.services:
        texts += [service.name, service.summary, service.how]
        texts += [text for text in (service.urgent,) if text]
    for place in content.places:
        texts += [place.name, *place.offers, *place.accessibility]
        texts += [closure.reason for closure in place.closures.values()]
    if content.charter is not None:
        charter = content.charter
        texts += [charter.title, charter.introduction]
        for promise in charter.promises:
            texts += [promise.text, *([promise.measure] if promise.measure else [])]
        texts += [*charter.we_ask, charter.comments]
    return list(dict.fromkeys(texts))
