"""The `kiosk` command with the screens: `kiosk run`, `kiosk tour`, and `kiosk demo` with a
window when there is a display. The rest of the command line lives in kiosk.cli."""

import argparse
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from kiosk import cli as domain_cli
from kiosk.i18n import N_, _
from kiosk.settings import Settings

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

NO_DISPLAY = N_(
    "There is no screen on this machine (no DISPLAY or WAYLAND_DISPLAY is set), so the kiosk "
    "window cannot open here.\n"
    "To see the kiosk anyway:\n"
    "  * every screen as pictures (then open the PNG files):\n"
    "      .venv/bin/kiosk tour tour-pictures\n"
    "  * the live kiosk on a virtual screen:\n"
    "      xvfb-run -a -s '-screen 0 1920x1080x24' .venv/bin/kiosk demo"
)


def has_display() -> bool:
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform and platform not in ("xcb", "wayland"):
        return True  # offscreen, vnc, eglfs...: Qt needs no X or Wayland display
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run_window(
    settings: Settings, windowed: bool, size: str | None, with_site: bool = False
) -> int:
    """The kiosk; for a try-out (`with_site`), also counter 1's desk and the wall display in
    windows of their own, on the same queue."""
    from ui.app import application, build_kiosk

    app = application()
    kiosk = build_kiosk(settings)
    window = kiosk.window
    site = _site_windows(settings) if with_site else []
    if size:
        width, height = (int(n) for n in size.lower().split("x"))
        window.resize(width, height)
        window.show()
    else:
        _full_screen(window, windowed)
    try:
        code = app.exec()
    finally:
        for other in site:
            other.shut_down()  # type: ignore[attr-defined]
            other.queue.close()  # type: ignore[attr-defined]
        kiosk.close()
    if kiosk.failure is not None:
        raise kiosk.failure  # said plainly by the command (kiosk.cli.main), not as a traceback
    return code


def _site_windows(settings: Settings) -> "list[QWidget]":
    from kiosk.callout import Announcer, Chime
    from kiosk.speech import Speech
    from offline_queue.timefmt import utc_now
    from ui.app import hub_client
    from ui.desk import DeskWindow
    from ui.wall_display import WallDisplay

    desk_window = DeskWindow(hub_client(settings), 1, clock=utc_now, language=settings.language)
    wall = WallDisplay(
        hub_client(settings),
        Announcer(Speech(), Chime()),
        clock=utc_now,
        language=settings.language,
    )
    for other in (desk_window, wall):
        other.resize(1280, 800)
        other.show()
    wall.start()
    return [desk_window, wall]


def run(args: argparse.Namespace, settings: Settings) -> int:
    if not has_display():
        print(_(NO_DISPLAY), file=sys.stderr)
        return 1
    return run_window(settings, args.windowed, args.size)


def demo(args: argparse.Namespace, settings: Settings) -> int:
    from kiosk import demo as headless_demo

    if not has_display():
        print(_(NO_DISPLAY), file=sys.stderr)
        print(_("Meanwhile, here is the outbox and sync engine at work."), file=sys.stderr)
        return headless_demo.run(args, settings)
    backend = headless_demo.BackendProcess(settings)
    print(_("Reference council back end: {url}").format(url=backend.url), flush=True)
    hub = headless_demo.HubProcess(settings)
    print(_("Site queue hub: {url}").format(url=hub.url), flush=True)
    try:
        demo_settings = hub.settings_for(
            replace(settings, backend_url=backend.url, backend_token=headless_demo.DEMO_TOKEN)
        )
        return run_window(demo_settings, windowed=True, size=None, with_site=True)
    finally:
        hub.stop()
        backend.stop()


def _full_screen(window: "QWidget", windowed: bool) -> None:
    if windowed:
        window.resize(1920, 1080)
        window.show()
    else:
        from PySide6.QtCore import Qt

        window.setWindowFlag(Qt.WindowType.FramelessWindowHint)
        window.showFullScreen()


def desk(args: argparse.Namespace, settings: Settings) -> int:
    if not has_display():
        print(_(NO_DISPLAY), file=sys.stderr)
        return 1
    from offline_queue.timefmt import utc_now
    from ui.app import application, hub_client
    from ui.desk import DeskWindow

    app = application()
    hub = hub_client(settings)
    window = DeskWindow(hub, args.counter, clock=utc_now, language=settings.language)
    _full_screen(window, args.windowed)
    try:
        return app.exec()
    finally:
        window.shut_down()
        hub.close()


def display(args: argparse.Namespace, settings: Settings) -> int:
    if not has_display():
        print(_(NO_DISPLAY), file=sys.stderr)
        return 1
    from kiosk.callout import Announcer, Chime
    from kiosk.speech import Speech
    from offline_queue.timefmt import utc_now
    from ui.app import application, hub_client
    from ui.wall_display import WallDisplay

    app = application()
    hub = hub_client(settings)
    window = WallDisplay(
        hub, Announcer(Speech(), Chime()), clock=utc_now, language=settings.language
    )
    _full_screen(window, args.windowed)
    window.start()
    try:
        return app.exec()
    finally:
        window.shut_down()
        hub.close()


def tour(args: argparse.Namespace, settings: Settings) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ui.tour import TourOptions, run_tour

    options = TourOptions.from_arguments(args)
    count = run_tour(args.outdir, options)
    print(_("Saved {n} pictures in {folder}").format(n=count, folder=args.outdir))
    return 0


def _counter(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 99:
        raise argparse.ArgumentTypeError(_("a counter number is a whole number from 1 to 99"))
    return int(text)


def add_commands(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    run_parser = commands.add_parser(
        "run", help=_("Start the kiosk: full screen, frameless, for a touch screen.")
    )
    run_parser.add_argument(
        "--windowed", action="store_true", help=_("In a 1920x1080 window instead (for trying out).")
    )
    run_parser.add_argument("--size", help=_("Window size, e.g. 1080x1920 for portrait."))
    run_parser.set_defaults(handler=run)

    desk_parser = commands.add_parser(
        "desk", help=_("Start a front-desk terminal: call the next citizen in the site's queue.")
    )
    desk_parser.add_argument(
        "--counter", type=_counter, required=True, help=_("This desk's counter number.")
    )
    desk_parser.add_argument(
        "--windowed", action="store_true", help=_("In a window instead of full screen.")
    )
    desk_parser.set_defaults(handler=desk)

    display_parser = commands.add_parser(
        "display", help=_("Start the wall display that shows and says who is called.")
    )
    display_parser.add_argument(
        "--windowed", action="store_true", help=_("In a window instead of full screen.")
    )
    display_parser.set_defaults(handler=display)

    tour_parser = commands.add_parser(
        "tour", help=_("Save every screen of every form as PNG pictures, to look at them.")
    )
    tour_parser.add_argument("outdir", help=_("The folder for the pictures."))
    tour_parser.add_argument(
        "--sizes", default="1920x1080,1080x1920", help=_("Screen sizes (default both).")
    )
    tour_parser.add_argument("--languages", default="en", help=_("Language codes, or 'all'."))
    tour_parser.add_argument("--scales", default="1", help=_("Text sizes: 1, 1.5, 2."))
    tour_parser.add_argument(
        "--high-contrast", action="store_true", help=_("Also in high contrast.")
    )
    tour_parser.add_argument("--forms", default="all", help=_("Form ids, or 'all'."))
    tour_parser.set_defaults(handler=tour)


def build_parser() -> argparse.ArgumentParser:
    parser = domain_cli.build_parser(add_commands)
    for action in parser._subparsers._group_actions if parser._subparsers else []:
        demo_parser = getattr(action, "choices", {}).get("demo")
        if demo_parser is not None:
            demo_parser.set_defaults(handler=demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    return domain_cli.main(argv, build_parser())


if __name__ == "__main__":
    sys.exit(main())
