"""Start the desktop application."""

from __future__ import annotations

import sys
import traceback

from PySide6.QtWidgets import QApplication

__all__ = ["run", "install_excepthook", "DEFAULT_SOURCE"]

DEFAULT_SOURCE = "example:net-221"


def install_excepthook(window) -> None:
    """A bug in a slot must never take the window down in front of a class.

    Qt calls Python slots from C++; an exception there would otherwise only be
    printed. We print one line to stderr (the full traceback with
    GRAPHVIZ_APP_DEBUG=1) and say in the status bar that something went wrong.
    """
    import os

    def hook(kind, value, tb):
        if os.environ.get("GRAPHVIZ_APP_DEBUG"):
            traceback.print_exception(kind, value, tb)
        else:
            print(f"graphviz-app: internal error ({kind.__name__}: {value})", file=sys.stderr)
        try:
            window.show_status(f"Internal error ({kind.__name__}: {value}). Your work is unchanged; "
                               "please report this.", 15000)
        except Exception:  # the window itself may be the problem
            pass

    sys.excepthook = hook


def run(source: str | None = None) -> int:
    """Open the window on SOURCE (a file, example:NAME or an expression) and run the event loop."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("graphviz-app")
    app.setOrganizationName("graphviz-app")
    from graphviz_app.gui.main_window import MainWindow

    window = MainWindow()
    install_excepthook(window)
    window.show()
    if source and not window.open_source(source) and source != DEFAULT_SOURCE:
        message = window.banner.text().lstrip("⚠ ")
        window.open_source(DEFAULT_SOURCE)  # something to look at, with the error still shown
        window.show_error(message)
    return app.exec()
