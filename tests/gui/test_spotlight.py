"""The laser pointer (P): a red dot at the mouse, the rest of the canvas dimmed, clicks pass through."""

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QMouseEvent
from PySide6.QtWidgets import QApplication

from graphviz_app.gui.modes.spotlight import DIM, RADIUS_PX


@pytest.fixture
def window(make_window):
    return make_window("example:multipath", size=(1200, 800))


def move_mouse(viewport, point: QPoint) -> None:
    event = QMouseEvent(
        QMouseEvent.MouseMove, QPointF(point), QPointF(viewport.mapToGlobal(point)), Qt.NoButton, Qt.NoButton,
        Qt.NoModifier,
    )  # fmt: skip
    QApplication.sendEvent(viewport, event)


def pixel(widget, point: QPoint) -> QColor:
    return widget.grab().toImage().pixelColor(point)


def test_p_switches_the_pointer_on_and_off_and_escape_leaves_it(qtbot, window):
    assert not window.spotlight.on
    qtbot.keyClick(window.view, Qt.Key_P)
    assert window.spotlight.on
    assert window.spotlight.geometry() == window.view.viewport().rect()
    qtbot.keyClick(window.view, Qt.Key_P)
    assert not window.spotlight.on
    qtbot.keyClick(window.view, Qt.Key_P)
    qtbot.keyClick(window.view, Qt.Key_Escape)
    assert not window.spotlight.on


def test_the_dot_follows_the_mouse_and_the_rest_is_dimmed(qtbot, window):
    viewport = window.view.viewport()
    at = QPoint(viewport.width() // 2, viewport.height() // 2)
    far = QPoint(viewport.width() - 5, viewport.height() - 5)  # the corner: canvas background
    before = pixel(viewport, far)
    qtbot.keyClick(window.view, Qt.Key_P)
    move_mouse(viewport, at)
    assert window.spotlight.center == QPointF(at)

    shot = window.view.viewport().grab().toImage()
    dot = shot.pixelColor(at)
    assert dot.red() > 200 and dot.green() < 80 and dot.blue() < 80  # the red dot
    dimmed = shot.pixelColor(far)
    expected = round(before.red() * (1 - DIM.alphaF()))
    assert abs(dimmed.red() - expected) <= 3  # the background, seen through the dark layer
    lit = shot.pixelColor(at + QPoint(RADIUS_PX - 20, 0))
    assert lit.red() > dimmed.red() + 40  # inside the circle: not dimmed

    move_mouse(viewport, far)
    assert window.spotlight.center == QPointF(far)


def test_clicks_go_through_the_pointer_to_the_canvas(qtbot, window):
    qtbot.keyClick(window.view, Qt.Key_P)
    node = next(n for n in window.scene.nodes if window.session.graph.nodes[n].get("label") == "t")
    item = window.scene.nodes[node]
    point = window.view.mapFromScene(item.sceneBoundingRect().center())
    qtbot.mouseClick(window.view.viewport(), Qt.LeftButton, pos=point)
    assert window.session.selection == node


def test_escape_puts_away_one_thing_at_a_time(qtbot, window):
    window.set_presentation(True)
    qtbot.keyClick(window.view, Qt.Key_Q)
    qtbot.keyClick(window.view, Qt.Key_P)
    qtbot.keyClick(window.view, Qt.Key_B)
    assert window.blank_screen.isVisible() and window.spotlight.on and window.quiz.active
    steps = []
    for _ in range(4):
        qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key_Escape)
        steps.append(
            (
                window.blank_screen.isVisible(),
                window.quiz.active,
                window.spotlight.on,
                window.presentation.active,
            )
        )
    assert steps == [
        (False, True, True, True),  # the black screen first
        (False, False, True, True),  # then the quiz
        (False, False, False, True),  # then the pointer
        (False, False, False, False),  # and only then presentation mode
    ]
