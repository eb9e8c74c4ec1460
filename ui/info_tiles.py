"""The home tiles of the information screens, and how to build each screen.

The screens and the content they show (assets/content) load when the first of them is built,
which the kiosk does just after its home screen has shown: start-up does not wait for them.
"""

import functools
import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from kiosk.i18n import N_
from kiosk.working_days import WorkingDays
from ui.screens.home import Tile

if TYPE_CHECKING:
    from kiosk.content import Content

log = logging.getLogger(__name__)

TILES = [
    Tile("services", N_("Find a service"), N_("A to Z of services, and who does what")),
    Tile("places", N_("Opening times and places"), N_("Where to get help face to face")),
    Tile("charter", N_("Our customer charter"), N_("What you can expect from us")),
]


def content_parts(
    clock: Callable[[], datetime], form_titles: dict[str, str], working_days: WorkingDays
) -> tuple[list[Tile], dict[str, Callable[[], QWidget]]]:
    @functools.cache
    def content() -> "Content":
        from kiosk.content import load_content

        loaded, problems = load_content()
        for problem in problems:
            log.error("Content not loaded: %s", problem)
        return loaded

    def services() -> QWidget:
        from ui.info import ServicesScreen

        return ServicesScreen(content(), form_titles)

    def places() -> QWidget:
        from ui.info import PlacesScreen

        return PlacesScreen(content(), clock, working_days)

    def charter() -> QWidget:
        from ui.info import CharterScreen

        return CharterScreen(content())

    return TILES, {"services": services, "places": places, "charter": charter}
