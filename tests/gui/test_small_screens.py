"""The window on a 1280×720 projector and a 1024×768 screen, with every dock shown and in quiz mode."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDockWidget, QLabel, QWidget

from graphviz_app.gui.modes.quiz import COVER_TEXT

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


def test_quiz_mode_on_a_projector_keeps_the_canvas_and_the_whole_cover_message(make_window):
    window = make_window("example:net-221")
    training = window.findChild(QDockWidget, "dock_training")
    show_docks(window, [training])
    window.resize(1280, 720)
    settle()
    before = training.height()
    window.actions["quiz"].setChecked(True)
    settle()
    assert window.size().toTuple() == (1280, 720)
    assert window.view.viewport().height() >= 300  # the covered training dock gave its height to the canvas
    panel = window.inspector_dock.widget()
    cover = panel.findChild(QLabel, "quiz_cover")
    assert cover.isVisible() and cover.text() == COVER_TEXT
    assert cover.heightForWidth(cover.width()) <= cover.height()
    assert cover.geometry() == panel.rect()
    assert panel.mapTo(window, panel.rect().topRight()).x() < window.width()  # on the screen
    window.actions["quiz"].setChecked(False)
    settle()
    assert training.height() == before  # and takes it back after the quiz


def test_a_cover_too_short_for_its_message_says_the_short_one(qtbot):
    from graphviz_app.gui.modes.quiz import COVER_SHORT, _Cover

    panel = QWidget()
    qtbot.addWidget(panel)
    panel.resize(300, 40)
    panel.show()
    cover = _Cover(panel)
    cover.cover(True)
    assert cover.text() == COVER_SHORT and cover.geometry() == panel.rect()
    panel.resize(300, 300)
    assert cover.text() == COVER_TEXT and cover.geometry() == panel.rect()
