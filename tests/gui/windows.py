"""Opening and closing main windows in GUI tests: one place for what every window test does.

The ``make_window`` and ``window`` fixtures (tests/gui/conftest.py) use these.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

from graphviz_app.gui.window.main_window import MainWindow

LAYOUT_TIMEOUT_MS = 20000


def new_window(settings_file) -> MainWindow:
    """A main window with its own settings file (never the user's)."""
    settings = QSettings(str(settings_file), QSettings.IniFormat)
    window = MainWindow(settings)
    settings.setParent(window)  # dies with the window, never left to the garbage collector
    return window


def open_and_wait(qtbot, window: MainWindow, source: str) -> None:
    """Open ``source`` in ``window`` and wait until it is laid out and drawn."""
    with qtbot.waitSignal(window.sig_layout_done, timeout=LAYOUT_TIMEOUT_MS):
        assert window.open_source(source), window.banner.text()


def close_window(window: MainWindow) -> None:
    """Close ``window`` as a user would, with nothing left running and no question asked.

    Not by ``qtbot.addWidget``, which closes widgets before the fixtures end: the
    "save changes?" question would wait for an answer that never comes.
    """
    if window.presentation.active:
        window.presentation.set(False)
    window.paths_panel.stop()
    window.session.modified = False
    window.animator.stop()
    window.layout_runner.cancel()
    window.layout_runner.wait()
    window.close()
    window.deleteLater()


def hovered_tip(table, row: int, column: int) -> str:
    """The tooltip a person sees resting the pointer on the cell at ``row`` and ``column`` of ``table``."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    QToolTip.hideText()
    pos = table.visualItemRect(table.item(row, column)).center()
    viewport = table.viewport()
    QApplication.sendEvent(viewport, QHelpEvent(QEvent.Type.ToolTip, pos, viewport.mapToGlobal(pos)))
    return QToolTip.text()
