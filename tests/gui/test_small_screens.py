"""The window on a 1280×720 projector and a 1024×768 screen, with every dock shown."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDockWidget

SMALL_SCREENS = [(1280, 720), (1024, 768)]
SLIDER_PX = 200
"""A scrubber narrower than this is no slider (squeezed, it was a 15-pixel square like a check box)."""
USABLE_CANVAS_PX = 220
"""A canvas lower than this shows two or three nodes of a small network at a legible size."""


def settle() -> None:
    for _ in range(5):
        QApplication.processEvents()


def show_docks(window, docks) -> None:
    for dock in docks:
        dock.setVisible(True)
    settle()


@pytest.mark.parametrize("size", SMALL_SCREENS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_dock_shown_fits_a_small_screen(make_window, size):
    window = make_window("example:net-221")
    show_docks(window, window.findChildren(QDockWidget))
    window.resize(*size)
    settle()
    assert window.size().toTuple() == size  # no dock, panel or bar keeps the window wider or taller
    assert window.timeline_bar.slider.width() >= SLIDER_PX  # a slider, not a square
    assert window.view.viewport().height() >= USABLE_CANVAS_PX


def test_the_scrubber_has_its_own_row_only_when_one_row_would_squeeze_it(make_window):
    window = make_window("example:net-221", size=(1900, 1000))
    bar = window.timeline_bar
    settle()
    assert not bar.narrow
    assert abs(bar.slider.geometry().center().y() - bar.play_button.geometry().center().y()) <= 2
    window.resize(1024, 768)
    window.resizeDocks([window.builder_dock, window.inspector_dock], [330, 320], Qt.Horizontal)
    settle()
    assert bar.narrow and bar.slider.width() >= SLIDER_PX
    assert bar.slider.geometry().bottom() < bar.play_button.y()  # above the buttons
    window.resize(1900, 1000)
    settle()
    assert not bar.narrow  # and back in one row
