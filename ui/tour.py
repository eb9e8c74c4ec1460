"""`kiosk tour OUTDIR`: every screen of every form (empty, with errors, filled), check answers,
the receipt, the emergency stop, the information screens, as PNG pictures to look at."""

import argparse
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QWidget

from kiosk.languages import LANGUAGES
from kiosk.sample_answers import sample_raw
from kiosk.settings import load_settings

if TYPE_CHECKING:
    from ui.main_window import MainWindow


@dataclass(frozen=True)
class TourOptions:
    sizes: tuple[tuple[int, int], ...] = ((1920, 1080), (1080, 1920))
    languages: tuple[str, ...] = ("en",)
    scales: tuple[float, ...] = (1.0,)
    contrasts: tuple[bool, ...] = (False,)
    forms: tuple[str, ...] | None = None

    @classmethod
    def from_arguments(cls, args: argparse.Namespace) -> "TourOptions":
        sizes = tuple(
            (int(w), int(h)) for w, h in (s.lower().split("x") for s in args.sizes.split(","))
        )
        languages = (
            tuple(lang.code for lang in LANGUAGES)
            if args.languages == "all"
            else tuple(args.languages.split(","))
        )
        scales = tuple(float(s) for s in args.scales.split(","))
        contrasts = (False, True) if args.high_contrast else (False,)
        forms = None if args.forms == "all" else tuple(args.forms.split(","))
        return cls(sizes, languages, scales, contrasts, forms)


def _settle(widget: QWidget) -> None:
    app = QApplication.instance()
    for _ in range(3):
        app.processEvents()  # type: ignore[union-attr]
    widget.repaint()


class Camera:
    def __init__(self, window: QWidget, folder: Path) -> None:
        self.window = window
        self.folder = folder
        self.count = 0
        folder.mkdir(parents=True, exist_ok=True)

    def shoot(self, name: str) -> None:
        self.count += 1
        self.window.grab().save(str(self.folder / f"{self.count:03d}-{name}.png"))


Visit = Callable[[str], None]


def _walk_form(window: "MainWindow", visit: Visit, form_id: str) -> None:
    """Every page of one form: empty, with errors, an emergency if it has one, filled; then
    check answers and the receipt."""
    window.open_tile(form_id)
    journey = window.journey
    assert journey is not None
    emergency_shown = False
    for _step in range(60):
        if journey.state != "question" or journey.current is None:
            break
        question = journey.current
        visit(f"{form_id}-{question.id}-empty")
        if question.required and not question.monitoring:
            window.answer(None if question.type != "consent" else False)
            visit(f"{form_id}-{question.id}-errors")
        emergency = next((c for c in question.choices if c.emergency), None)
        if emergency is not None and not emergency_shown:
            window.answer(emergency.value)
            visit(f"{form_id}-{question.id}-emergency")
            window.back()
            emergency_shown = True
        raw = sample_raw(question, window.today())
        if window.question.editor is not None:
            window.question.editor.set_raw(raw)
        visit(f"{form_id}-{question.id}-filled")
        window.answer(raw)
    if journey.state == "check":
        visit(f"{form_id}-check-answers")
        window.submit()
        window.worker.wait()
        _settle(window)
        visit(f"{form_id}-receipt")


def walk(
    window: "MainWindow",
    visit: Visit,
    language: str = "en",
    scale: float = 1.0,
    high_contrast: bool = False,
    forms: tuple[str, ...] | None = None,
) -> None:
    """Show every screen in one look, calling `visit(name)` once each is on screen and laid out."""
    given = visit

    def visit(name: str) -> None:
        _settle(window)
        given(name)

    window.finish()
    _apply(window, language, scale, high_contrast)
    visit("home")
    window.show_languages()
    visit("language")
    window.show_display()
    visit("text-size-and-contrast")
    for key in window.info:
        _apply(window, language, scale, high_contrast)
        window.open_tile(key)
        visit(f"info-{key}")
    for form in window.parts.forms:
        if forms is None or form.id in forms:
            window.finish()
            _apply(window, language, scale, high_contrast)
            _walk_form(window, visit, form.id)
    _apply(window, language, scale, high_contrast)
    window.overlay.show_countdown(27)
    visit("more-time")
    window.overlay.hide()
    window.stop_overlay.ask()
    visit("stop")
    window.stop_overlay.hide()
    window.notice.show_cannot_send()
    window.show_screen(window.notice)
    visit("cannot-save")
    window.finish()


def _looks(options: TourOptions) -> Iterator[tuple[str, tuple[int, int], str, float, bool]]:
    for width, height in options.sizes:
        for language in options.languages:
            for scale in options.scales:
                for high in options.contrasts:
                    look = f"{width}x{height}/{language}-{int(scale * 100)}{'-hc' if high else ''}"
                    yield look, (width, height), language, scale, high


def run_tour(outdir: str, options: TourOptions) -> int:
    from ui.app import application, build_kiosk

    application()
    total = 0
    with tempfile.TemporaryDirectory(prefix="kiosk-tour-") as data:
        # The tour's submissions go to a scratch outbox, never the kiosk's own.
        settings = replace(load_settings(None, {"KIOSK_DATA_DIR": data}), kiosk_code="TT")
        kiosk = build_kiosk(settings, start_sync=False)
        window = kiosk.window
        window.ticker.stop()
        try:
            for look, (width, height), language, scale, high in _looks(options):
                window.resize(width, height)
                window.show()
                camera = Camera(window, Path(outdir) / look)
                walk(window, camera.shoot, language, scale, high, options.forms)
                total += camera.count
        finally:
            kiosk.close()
    return total


def _apply(window: "MainWindow", language: str, scale: float, high: bool) -> None:
    window.language = language
    window.scale = scale
    window.high_contrast = high
    window.apply_look()
    window.render()
