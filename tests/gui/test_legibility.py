"""Legible on a projector: text sizes in presentation mode, a minimum text size elsewhere, panning, no dot for ∇."""

import pytest
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QApplication

from graphviz_app.builders.examples import EXAMPLES
from graphviz_app.gui.canvas.labels import digit_height
from graphviz_app.gui.modes.presentation import presentation_sizes
from tests.gui.windows import open_and_wait


@pytest.fixture
def window(make_window):
    return make_window(size=(1280, 720))


def on_screen_digits(w) -> float:
    return w.view.zoom() * digit_height(w.fonts.body)


def present(qtbot, w):
    with qtbot.waitSignal(w.sig_layout_done, timeout=20000):  # larger text: laid out again
        w.actions["presentation"].trigger()


def test_presentation_shows_only_canvas_and_timeline_and_puts_bars_back(qtbot, window):
    open_and_wait(qtbot, window, "example:net-221")
    present(qtbot, window)
    assert not window.menuBar().isVisible() and not window.statusBar().isVisible()
    assert window.view.isVisible() and window.timeline_bar.isVisible()
    window.actions["presentation"].trigger()
    assert window.menuBar().isVisible() and window.statusBar().isVisible()


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_presentation_values_and_caption_are_large_enough_for_the_screen(qtbot, window, name):
    open_and_wait(qtbot, window, f"example:{name}")
    present(qtbot, window)
    value_px, caption_px = presentation_sizes(window.screen().geometry().height())
    assert on_screen_digits(window) >= value_px
    caption = QFontMetricsF(window.timeline_bar.caption.font()).tightBoundingRect("0123456789EHT")
    assert caption.height() >= caption_px


def test_presentation_zooms_a_small_graph_up_to_fill_the_screen(qtbot, window):
    open_and_wait(qtbot, window, "sin(x**2)")
    present(qtbot, window)
    assert window.view.zoom() > 1.5  # the normal fit stops at 150 %
    shown = window.view.mapFromScene(window.scene.sceneRect()).boundingRect()
    viewport = window.view.viewport().rect()
    assert max(shown.width() / viewport.width(), shown.height() / viewport.height()) > 0.9


def test_fit_keeps_values_legible_and_pans_to_the_step_being_computed(qtbot, window):
    open_and_wait(qtbot, window, "example:net-221")
    view = window.view
    assert on_screen_digits(window) >= view.min_text_px - 1e-6
    assert view.min_text_px == pytest.approx(digit_height(QApplication.font()))
    assert view.panning  # 28 nodes do not fit 1280×720 beside the docks at that size
    s = window.session
    window.jump("end")
    output = window.scene.nodes[s.evaluation.output].sceneBoundingRect()
    assert view.visible_scene_rect().contains(output)
    backward = s.timeline.index_of_phase("backward")
    for k in (1, backward + 1, len(s.timeline) - 2):
        window.animator.go_to(k)
        active = s.frame().active
        assert active is not None and view.visible_scene_rect().contains(
            window.scene.nodes[active].sceneBoundingRect()
        ), (k, active)


def test_a_gradient_not_yet_computed_is_an_empty_nabla_line(qtbot, window):
    open_and_wait(qtbot, window, "sin(x**2)")
    window.jump("start")
    assert [text for text, _ in window.scene.nodes["x"].lines][-1] == "∇"


def test_the_legend_explains_every_mark_and_toggles_with_l(qtbot, window):
    from PySide6.QtCore import Qt

    open_and_wait(qtbot, window, "example:net-221")
    legend = window.legend
    assert not legend.isVisible()
    qtbot.keyClick(window.view, Qt.Key_L)
    assert legend.isVisible() and window.actions["legend"].isChecked()
    text = legend.text()
    for mark in ("blue", "orange", "∇", "(1/2)", "dashed", "border", "∂child/∂parent"):
        assert mark in text, mark
    corner = legend.geometry()
    assert corner.right() < window.view.width() and corner.top() >= 0  # inside the canvas, at its top
    window.actions["theme_dark"].trigger()
    assert window.theme.backward.name() in legend.text()  # the marks take the theme's colours
    qtbot.keyClick(window.view, Qt.Key_L)
    assert not legend.isVisible()
