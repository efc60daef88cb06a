"""The window's second derivatives: View ▸ Backward graph, the Order control, ∂²f/∂x∂v and y''."""

from __future__ import annotations

import pytest

from graphviz_app.core import graph as G
from tests.gui.windows import open_and_wait


def test_backward_graph_is_drawn_with_the_forward_nodes_faded(qtbot, window):
    open_and_wait(qtbot, window, "example:second-derivative")
    forward_nodes = set(window.session.graph)
    action = window.second_order.action
    assert "Backward graph" in [a.text().replace("&", "") for a in window.view_menu.actions()]
    with qtbot.waitSignal(window.sig_layout_done, timeout=20000):
        action.setChecked(True)
    g = window.session.graph
    backward = g.graph[G.BACKWARD]
    read = forward_nodes & set(g)  # the forward nodes the backward rules read; the forward output is not one
    assert set(window.scene.nodes) == set(g) and read and set(g) - backward == read
    assert all(window.scene.nodes[n].opacity() < 1 for n in read)
    assert all(window.scene.nodes[n].opacity() == 1 for n in backward)
    out = window.session.evaluation.output
    assert g.nodes[out][G.NAME] == "∂f/∂x"
    assert window.session.evaluation.output_value == pytest.approx(-1.8845208681682175)
    assert window.session.evaluation.grads["x"] == pytest.approx(-8.25900601743677)  # its own backward pass
    action.setChecked(False)
    assert set(window.session.graph) == forward_nodes
    qtbot.waitUntil(lambda: set(window.scene.nodes) == forward_nodes, timeout=20000)
    assert all(item.opacity() == 1 for item in window.scene.nodes.values())


def test_backward_graph_of_a_layer_view_is_refused_in_the_banner(qtbot, window):
    open_and_wait(qtbot, window, "example:net-221")
    window.session.set_view("layer")
    window.second_order.action.setChecked(True)
    assert not window.second_order.action.isChecked()
    assert "neuron view" in window.banner.text()


def test_order_2_shows_second_derivatives_of_the_selected_input(qtbot, window):
    open_and_wait(qtbot, window, "example:sin-square")
    window.session.select("x")
    section = window.second_order.inspector_section
    assert not section.isVisible()
    window.second_order.set_order(2)
    assert section.isVisible()
    assert "∂²f/∂x² = ∂/∂x (cos(x²)·2·x) = −1.256" in section.text()
    assert "= −8.259" in section.text()
    window.second_order.set_order(1)
    assert not section.isVisible()


def test_order_2_adds_y2_to_the_implicit_panel(qtbot, window):
    open_and_wait(qtbot, window, "example:implicit-curvature")
    window.second_order.set_order(2)
    text = window.second_order.implicit_section.text()
    assert "y'' = −((2)·(8)² − 2·(0)·(6)·(8) + (2)·(6)²) / (8)³ = −0.3906" in text.replace("&#x27;", "'")


def test_the_backward_graphs_answer_is_drawn_in_full_and_no_dead_end_is_drawn(qtbot, window):
    """∂(x·y)/∂x is y itself, a forward node: it is the answer, so not faded; the forward x·y,
    which no rule reads, is not drawn as a dead end with ∇ 0."""
    open_and_wait(qtbot, window, "x*y")
    product = window.session.evaluation.output
    with qtbot.waitSignal(window.sig_layout_done, timeout=20000):
        window.second_order.action.setChecked(True)
    g, ev = window.session.graph, window.session.evaluation
    assert g.nodes[ev.output][G.NAME] == "y"
    assert window.scene.nodes[ev.output].opacity() == 1
    assert product not in g
    leaves = set(G.leaves(g))
    dead_ends = [n for n in g if g.out_degree(n) == 0 and n != ev.output and n not in leaves]
    assert dead_ends == []
