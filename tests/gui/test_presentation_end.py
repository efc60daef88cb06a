"""The end of a timeline in presentation mode shows the whole result, legibly, or offers the layer view.

Before: F5 at the end of net-221 followed the last node: the loss sat low in the view, the top
40 % was empty and y[0] was cut off; Fit to window showed everything with digits 9 px tall.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from graphviz_app.gui.modes.presentation import END_VALUE_PX_720, VALUE_PX_720, presentation_sizes


def present(qtbot, w):
    with qtbot.waitSignal(w.sig_layout_done, timeout=20000):  # larger text: laid out again
        w.set_presentation(True)


def end_px(w) -> float:
    return END_VALUE_PX_720 * presentation_sizes(w.screen().geometry().height())[0] / VALUE_PX_720


def digits(w) -> float:
    return w.view.zoom() * w.view.text_height


def all_shown(w) -> bool:
    shown = w.view.mapToScene(w.view.viewport().rect()).boundingRect()
    return all(shown.contains(item.sceneBoundingRect()) for item in w.scene.nodes.values())


@pytest.mark.parametrize("source", ["example:multipath", "example:cube", "example:circle"])
def test_a_graph_that_can_be_read_whole_is_shown_whole_at_the_end(qtbot, make_window, source):
    w = make_window(source, size=(1280, 720))
    present(qtbot, w)
    w.view.setFocus()
    qtbot.keyClick(w.view, Qt.Key_End)
    assert all_shown(w) and digits(w) >= end_px(w)
    assert not w.presentation.offer.isVisible()


def test_f5_at_the_end_of_net_221_centres_the_loss_and_offers_the_layer_view(qtbot, make_window):
    w = make_window("example:net-221", size=(1280, 720))
    w.jump("end")
    present(qtbot, w)  # F5 at the end, as in the report
    view, scene = w.view, w.scene
    assert view.whole_zoom() * view.text_height < end_px(w)  # whole, the neurons' digits are unreadable
    assert digits(w) >= presentation_sizes(w.screen().geometry().height())[0]  # so they stay large
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    for node in ("L", "y[0]", "a2[0]"):  # the loss, its target and its input: nothing cut off
        assert shown.contains(scene.nodes[node].sceneBoundingRect()), node
    assert scene.sceneRect().contains(shown.adjusted(1, 1, -1, -1))  # no empty band beside the graph
    offer = w.presentation.offer
    assert offer.isVisible() and "layer view" in offer.text()
    assert view.viewport().geometry().contains(offer.geometry())
    view.scroll(0, 0)
    view.centerOn(scene.sceneRect().topLeft())  # scrolling the canvas leaves the offer where it is
    assert view.viewport().geometry().contains(offer.geometry())

    with qtbot.waitSignal(w.sig_layout_done, timeout=20000):
        offer.click()
    assert w.session.loaded.view == "layer" and w.session.step == len(w.session.timeline) - 1
    assert not offer.isVisible()
    # the whole network when it is readable (on a 1280×720 projector it is: 13 px), else the loss
    legible = w.view.whole_zoom() * w.view.text_height >= end_px(w)
    assert all_shown(w) == legible and digits(w) >= end_px(w)
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    assert shown.contains(scene.nodes[w.session.evaluation.output].sceneBoundingRect())


def test_stepping_back_from_the_end_brings_the_step_size_back(qtbot, make_window):
    w = make_window("example:multipath", size=(1280, 720))
    present(qtbot, w)
    w.animator.go_to(5)
    zoom = w.view.zoom()
    w.jump("end")
    w.animator.go_to(5)
    assert w.view.zoom() == pytest.approx(zoom)
    w.set_presentation(False)
    w.jump("end")
    assert not w.presentation.offer.isVisible()  # only in presentation mode
