"""Finding a service: the A to Z, and a search that forgives small typing mistakes.

Searching matches the English source and, when a `translate` function is given (the UI's
`_`), the words the citizen sees in their own language too. Accents and capitals never matter.
"""

import difflib
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from kiosk.content.model import Service

Translate = Callable[[str], str]

# Words that say nothing about which service is wanted: "how do I pay my council tax".
_STOP_TEXT = (
    "a an and at can do for get how i in is it me my of on or our please the to want with your"
)
_STOP_WORDS = frozenset(_STOP_TEXT.split())
# Typos are forgiven only in words this long: shorter ones would match too much.
_FUZZY_MIN_LENGTH = 4
_FUZZY_CUTOFF = 0.8


# Scripts whose marks are accents or optional vowel signs, left out when matching: "café" finds
# "cafe", and Arabic-script words match with or without their short vowels. In other scripts
# (Bengali, Gujarati, Gurmukhi...) a mark is a vowel or a joiner, and part of the word.
_ACCENTED_SCRIPTS = ("LATIN", "GREEK", "CYRILLIC", "ARABIC")


def normalise(text: str) -> str:
    """Small letters without accents, words split by single spaces: "Café  Bins!" -> "cafe bins"."""
    kept: list[str] = []
    base = ""
    for char in unicodedata.normalize("NFKD", text.casefold()):
        if not unicodedata.category(char).startswith("M"):
            base = unicodedata.name(char, "")
            kept.append(char if char.isalnum() else " ")
        elif not base.startswith(_ACCENTED_SCRIPTS) and kept and kept[-1] != " ":
            kept.append(char)
    return " ".join("".join(kept).split())


def _shown_name(service: Service, translate: Translate | None) -> str:
    return translate(service.name) if translate else service.name


def services_by_letter(
    services: Iterable[Service], translate: Translate | None = None
) -> dict[str, list[Service]]:
    """Letters in order, each with its services by name; only letters that have services.

    A name that starts with a digit is under "#"."""
    groups: dict[str, list[Service]] = {}
    for service in services:
        name = normalise(_shown_name(service, translate))
        first = name[:1].upper() if name[:1].isalpha() else "#"
        groups.setdefault(first, []).append(service)
    return {
        letter: sorted(
            groups[letter], key=lambda service: normalise(_shown_name(service, translate))
        )
        for letter in sorted(groups, key=lambda letter: (letter == "#", letter))
    }


@dataclass(frozen=True)
class _Words:
    """One service's text, made ready for matching."""

    name: str
    name_words: frozenset[str]
    keywords: frozenset[str]
    keyword_words: frozenset[str]
    summary_words: frozenset[str]


def _words(service: Service, translate: Translate | None) -> _Words:
    def texts(text: str) -> list[str]:
        shown = translate(text) if translate else text
        return [normalise(text), normalise(shown)]

    names = texts(service.name)
    keywords = {normalise(keyword) for keyword in service.keywords}
    return _Words(
        name=names[-1],
        name_words=frozenset(" ".join(names).split()),
        keywords=frozenset(keywords),
        keyword_words=frozenset(" ".join(keywords).split()),
        summary_words=frozenset(" ".join(texts(service.summary)).split()),
    )


def _token_score(token: str, words: _Words) -> float:
    """How well one word of the search matches a service: 0 for not at all."""
    best = 0.0
    for group, exact, prefix in (
        (words.name_words, 10.0, 8.0),
        (words.keyword_words, 9.0, 7.0),
        (words.summary_words, 4.0, 3.0),
    ):
        if token in group:
            best = max(best, exact)
        elif any(word.startswith(token) for word in group) and len(token) >= 3:
            best = max(best, prefix)
    if best == 0 and len(token) >= _FUZZY_MIN_LENGTH:
        vocabulary = [word for word in words.name_words | words.keyword_words if len(word) >= 3]
        close = difflib.get_close_matches(token, vocabulary, n=1, cutoff=_FUZZY_CUTOFF)
        if close:
            best = 5.0 * difflib.SequenceMatcher(None, token, close[0]).ratio()
    return best


def search_services(
    services: Iterable[Service], text: str, translate: Translate | None = None
) -> list[Service]:
    """Services that match the most words of `text`, best first; empty if nothing matches."""
    query = normalise(text)
    tokens = [token for token in query.split() if token not in _STOP_WORDS] or query.split()
    if not tokens:
        return []
    scored: list[tuple[int, float, str, Service]] = []
    for service in services:
        words = _words(service, translate)
        scores = [_token_score(token, words) for token in tokens]
        matched = sum(1 for score in scores if score > 0)
        if not matched:
            continue
        score = sum(scores)
        if query == words.name:
            score += 100
        elif words.name.startswith(query):
            score += 50
        if query in words.keywords:
            score += 40
        scored.append((matched, score, words.name, service))
    if not scored:
        return []
    most = max(matched for matched, _score, _name, _service in scored)
    best = sorted(
        (entry for entry in scored if entry[0] == most), key=lambda entry: (-entry[1], entry[2])
    )
    return [service for _matched, _score, _name, service in best]
