"""Started by the cold-start benchmark: open a window offscreen, and say when it is painted.

`kiosk`: the real kiosk, started as `kiosk run` starts it (settings, outbox, forms, home screen);
it also says when every other screen has been built behind the home screen (READY).
`hello`: one bare PySide6 window, the floor any Qt program pays.
"""

import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
START = float(sys.argv[2])


def report_when_painted(widget: object, then_exit: bool = True) -> None:
    """Say when `widget` has first been painted: the whole frame, its children drawn (text
    included, so fonts loaded) and on the glass, for the kiosk and the bare window alike."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    def report() -> None:
        print(f"PAINTED {time.time() - START:.4f}", flush=True)
        if then_exit:
            os._exit(0)

    class Watcher(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and not getattr(self, "done", False):
                self.done = True
                QTimer.singleShot(0, report)  # runs once this paint, children included, is over
            return False

    watcher = Watcher()
    widget.installEventFilter(watcher)  # type: ignore[attr-defined]
    widget._watcher = watcher  # type: ignore[attr-defined]


def main() -> None:
    if sys.argv[1] == "hello":
        from PySide6.QtWidgets import QApplication, QLabel

        app = QApplication([])
        window = QLabel("Hello")
        window.resize(1920, 1080)
        report_when_painted(window)
        window.show()
        app.exec()
    else:
        # The real start: `kiosk run`, as the installed command runs it, in the order it loads
        # its modules. Only the window is watched, where run_window builds it.
        os.environ["KIOSK_DATA_DIR"] = sys.argv[3]  # the same folder each round: a restart
        from ui import cli

        run_window = cli.run_window

        def watched_run_window(settings: object, *args: object, **kwargs: object) -> int:
            import ui.app

            build_kiosk = ui.app.build_kiosk

            def build_and_watch(settings: object, **options: object) -> object:
                kiosk = build_kiosk(settings, start_sync=False)  # type: ignore[arg-type]
                window = kiosk.window
                report_when_painted(window.home, then_exit=False)
                warm_up = window.warm_up

                def report_when_ready() -> None:
                    warm_up()
                    print(f"READY {time.time() - START:.4f}", flush=True)
                    os._exit(0)

                window.warm_up = report_when_ready  # type: ignore[method-assign]
                return kiosk

            ui.app.build_kiosk = build_and_watch  # type: ignore[assignment]
            return run_window(settings, *args, **kwargs)  # type: ignore[arg-type]

        cli.run_window = watched_run_window  # type: ignore[assignment]
        cli.main(["run", "--size", "1920x1080"])


if __name__ == "__main__":
    main()
