"""Presentation mode (F5): only the canvas and the timeline, larger text, full screen.

Entering remembers the window as it was: the docks and toolbars with their sizes
and which tabbed dock was in front (``QMainWindow.saveState``), the builder tab,
the text size and whether the window was full screen. Leaving puts all of it
back. The larger text is for this mode only: it is not written to the settings
file, so the next window opens with the text size the user chose.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QRect, QTimer
from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow, QToolBar, QWidget

__all__ = ["Presentation"]


@dataclass
class _Before:
    state: QByteArray
    geometry: QRect
    builder_tab: int
    large_text: bool
    full_screen: bool


class Presentation:
    """Enters and leaves presentation mode for ``window`` (a :class:`MainWindow`)."""

    def __init__(self, window: QMainWindow) -> None:
        self.window = window
        self._before: _Before | None = None

    @property
    def active(self) -> bool:
        return self._before is not None

    def set(self, on: bool) -> None:
        """Enter or leave, keeping the View menu's action checked as the mode is."""
        w = self.window
        if on:
            self.enter()
        else:
            self.leave()
        action = w.actions["presentation"]
        action.blockSignals(True)
        action.setChecked(on)
        action.blockSignals(False)
        w.view.fit()

    def hideable_widgets(self) -> list[QWidget]:
        """What presentation mode hides: every dock and toolbar."""
        w = self.window
        return [*w.findChildren(QDockWidget), *w.findChildren(QToolBar)]

    def enter(self) -> None:
        w = self.window
        if self.active:
            return
        self._before = _Before(
            w.saveState(), w.geometry(), w.builder_tabs.currentIndex(), w.fonts_large, w.isFullScreen()
        )
        for widget in self.hideable_widgets():
            widget.setVisible(False)
        w.apply_large_text(True)  # not remembered for the next start
        w.showFullScreen()

    def leave(self) -> None:
        w, before = self.window, self._before
        if before is None:
            return
        self._before = None
        w.apply_large_text(before.large_text)
        if not before.full_screen:
            w.showNormal()
            w.setGeometry(before.geometry)
        self._restore(before)
        # The window manager may resize the window after showNormal: restore once more when it has.
        QTimer.singleShot(0, w, lambda: self._restore(before))  # not at all if w is closed by then

    def _restore(self, before: _Before) -> None:
        w = self.window
        if self.active:  # entered again in the meantime
            return
        # The font change posts events that shrink the panels' minimum sizes; let them arrive
        # first, or the saved sizes are clamped to the larger text's minimums.
        for _ in range(3):
            QApplication.sendPostedEvents()
        if not before.full_screen and not w.isFullScreen() and w.geometry() != before.geometry:
            w.setGeometry(before.geometry)
        w.restoreState(before.state)
        w.builder_tabs.setCurrentIndex(before.builder_tab)
