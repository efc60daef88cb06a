"""Start the desktop application."""

from __future__ import annotations

import contextlib
import os
import sys
import traceback
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from graphviz_app.gui.display_check import display_problem

if TYPE_CHECKING:
    from graphviz_app.gui.window.main_window import MainWindow

__all__ = ["DEFAULT_SOURCE", "install_excepthook", "run"]

DEFAULT_SOURCE = "example:net-221"
READY_ENV = "GRAPHVIZ_APP_EXIT_WHEN_READY"  # set: print "ready" and quit once the first layout is shown


def install_excepthook(window: MainWindow) -> None:
    """A bug in a slot must never take the window down in front of a class.

    Qt calls Python slots from C++; an exception there would otherwise only be
    printed. We print one line to stderr (the full traceback with
    GRAPHVIZ_APP_DEBUG=1) and say in the status bar that something went wrong.
    """

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if os.environ.get("GRAPHVIZ_APP_DEBUG"):
            traceback.print_exception(kind, value, tb)
        else:
            print(f"graphviz-app: internal error ({kind.__name__}: {value})", file=sys.stderr)
        with contextlib.suppress(Exception):  # the window itself may be the problem
            window.show_status(
                f"Internal error ({kind.__name__}: {value}). Your work is unchanged; please report this.",
                15000,
            )

    sys.excepthook = hook


def run(
    source: str | None = None,
    screenshot: str | None = None,
    step: str = "end",
    size: tuple[int, int] = (1500, 900),
    fit: bool = False,
    how: dict[str, Any] | None = None,
) -> int:
    """Open the window on SOURCE (a file, example:NAME or an expression) and run the event loop.

    ``how`` holds the command line's ``view``, ``dependent`` and ``at`` for SOURCE. With ``screenshot``, the window goes to ``step`` once laid out, saves a picture
    of itself to that PNG file and quits (the README's screenshot is made so);
    ``fit`` shows the whole graph first, as View ▸ Fit to window does.
    """
    problem = None if QApplication.instance() else display_problem()
    if problem:
        print(f"graphviz-app: error: {problem}", file=sys.stderr)
        return 2
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from graphviz_app.layout.worker import fix_numeric_locale

    fix_numeric_locale()  # after Qt took the locale from the environment: see layout.worker
    app.setApplicationName("graphviz-app")
    app.setOrganizationName("graphviz-app")
    from graphviz_app.gui.window.main_window import MainWindow

    window = MainWindow()
    install_excepthook(window)
    window.show()
    if source:
        _open_first(window, source, how)
    if screenshot and window.session.timeline is not None:
        from graphviz_app.errors import GraphvizAppError
        from graphviz_app.gui.export.image import resolve_step

        try:  # a bad --step is said now: inside the capture (a Qt slot) it could not end the app
            resolve_step(window.session.timeline, step)
        except GraphvizAppError as exc:
            print(f"graphviz-app: error: {exc}", file=sys.stderr)
            window.layout_runner.shutdown()  # no layout may report to a window that is gone
            return 2
    if os.environ.get(READY_ENV):
        window.sig_layout_done.connect(lambda: _report_ready(window), Qt.ConnectionType.QueuedConnection)
    if screenshot:
        window.resize(*size)
        window.layout_runner.sig_finished.connect(
            lambda _: _capture(window, screenshot, step, fit), Qt.ConnectionType.QueuedConnection
        )
    return app.exec()


def _open_first(window: MainWindow, source: str, how: dict[str, Any] | None = None) -> None:
    """Open SOURCE; whatever is wrong with it (a damaged session too), the window still starts."""
    try:
        opened = window.open_source(source, **(how or {}))
    except Exception as exc:  # a bug reading the file must not stop the window from starting
        opened = False
        window.show_error(f"Could not open {source}: internal error ({type(exc).__name__}: {exc})")
    if not opened and source != DEFAULT_SOURCE:
        message = window.banner.text().lstrip("⚠ ")
        window.open_source(DEFAULT_SOURCE)  # something to look at, with the error still shown
        window.show_error(message)


def _report_ready(window: MainWindow) -> None:
    """For the start-up benchmark: the window is shown and laid out; paint it, say so, quit."""
    window.repaint()
    print("ready", flush=True)
    QApplication.exit(0)


def _capture(window: MainWindow, path: str, step: str, fit: bool = False) -> None:
    """Go to ``step``, let Qt paint, save the window as PNG, quit."""
    from PySide6.QtCore import QTimer

    from graphviz_app.errors import GraphvizAppError
    from graphviz_app.files.atomic import replaced
    from graphviz_app.gui.export.image import resolve_step

    def grab() -> None:
        timeline = window.session.timeline
        assert timeline is not None  # run() opened a source, the default one at worst
        try:
            k = resolve_step(timeline, step)
        except GraphvizAppError as exc:  # checked at start; the timeline may have changed since
            print(f"graphviz-app: error: {exc}", file=sys.stderr)
            QApplication.exit(2)
            return
        window.animator.go_to(k)
        if fit:
            window.view.fit(whole=True)
        QApplication.processEvents()
        try:
            with replaced(Path(path)) as tmp:  # whole or not at all, and never through a link
                if not window.grab().save(str(tmp), "PNG"):
                    raise OSError(0, "Qt could not write the PNG")
        except GraphvizAppError as exc:
            print(f"graphviz-app: error: {exc}", file=sys.stderr)
            QApplication.exit(2)
            return
        print(f"wrote {path}")
        QApplication.exit(0)

    QTimer.singleShot(300, grab)
