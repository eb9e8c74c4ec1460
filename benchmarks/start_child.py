"""Started by the cold-start benchmark: open a window offscreen, and say when it is painted.

`kiosk`: the real kiosk (settings, outbox, forms, home screen); it also says when every other
screen has been built behind the home screen (READY). `hello`: one bare PySide6 window, the
floor any Qt program pays.
"""

import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
START = float(sys.argv[2])


def report_when_painted(widget: object, then_exit: bool = True) -> None:
    from PySide6.QtCore import QEvent, QObject

    class Watcher(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and not getattr(self, "done", False):
                self.done = True
                print(f"PAINTED {time.time() - START:.4f}", flush=True)
                if then_exit:
                    os._exit(0)
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
        from dataclasses import replace

        from kiosk.settings import load_settings
        from ui.app import application, build_kiosk

        app = application()
        data = sys.argv[3]  # the same folder each round: a kiosk restarts with its outbox
        settings = replace(load_settings(None, {"KIOSK_DATA_DIR": data}), kiosk_code="K9")
        kiosk = build_kiosk(settings, start_sync=False)
        window = kiosk.window
        window.resize(1920, 1080)
        report_when_painted(window.home, then_exit=False)
        warm_up = window.warm_up

        def report_when_ready() -> None:
            warm_up()
            print(f"READY {time.time() - START:.4f}", flush=True)
            os._exit(0)

        window.warm_up = report_when_ready  # type: ignore[method-assign]
        window.show()
        app.exec()


if __name__ == "__main__":
    main()
