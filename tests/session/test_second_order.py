"""y'' of implicit curves against closed forms; the captions of second derivatives."""

from __future__ import annotations

import math

import pytest

from graphviz_app.core.evaluate import evaluate
from graphviz_app.core.hessian import hessian
from graphviz_app.files import load_source
from graphviz_app.session.second_order.backward_view import backward_loaded, is_backward_graph
from graphviz_app.session.second_order.derivatives import (
    hessian_caption,
    implicit_curvature,
    implicit_curvature_lines,
    second_order_report,
)


def curvature(text, x, y):
    loaded = load_source(text, {"x": x, "y": y}, dependent="y")
    return implicit_curvature(loaded, evaluate(loaded.graph, loaded.values))


def test_circle_at_3_4_is_minus_25_over_64():
    r = curvature("x**2 + y**2 = 25", 3.0, 4.0)
    assert r["d2ydx2"] == -25 / 64
    assert (r["F_xx"], r["F_xy"], r["F_yy"]) == (2.0, 0.0, 2.0)


def test_ellipse_matches_minus_b4_over_a2_y3():
    a, b, x = 2.0, 3.0, 1.0
    y = b * math.sqrt(1 - x * x / (a * a))
    r = curvature("x**2/4 + y**2/9 = 1", x, y)
    assert r["d2ydx2"] == pytest.approx(-(b**4) / (a * a * y**3), rel=1e-12)


def test_folium_like_cubic_matches_minus_18x_over_y5():
    r = curvature("x**3 + y**3 = 9", 1.0, 2.0)  # on the curve: 1 + 8 = 9
    assert r["d2ydx2"] == pytest.approx(-18 * 1.0 / 2.0**5, rel=1e-12)


def test_vertical_tangent_has_no_second_derivative():
    r = curvature("x**2 + y**2 = 25", 5.0, 0.0)
    assert r["d2ydx2"] is None and "vertical" in r["reason"]
    assert implicit_curvature_lines(r)[1].endswith("= undefined")


def test_the_panel_lines_write_the_arithmetic():
    lines = implicit_curvature_lines(curvature("x**2 + y**2 = 25", 3.0, 4.0))
    assert lines[0] == "y'' = −(F_xx·F_y² − 2·F_xy·F_x·F_y + F_yy·F_x²) / F_y³"
    assert lines[1] == "y'' = −((2)·(8)² − 2·(0)·(6)·(8) + (2)·(6)²) / (8)³ = −0.3906"


def test_caption_of_sin_square_is_the_product_and_chain_rule():
    loaded = load_source("sin(x**2)", {"x": 1.5})
    h = hessian(loaded.graph, loaded.values)
    text = hessian_caption(h, "x", "x", loaded.values)
    assert text == "∂²f/∂x² = ∂/∂x (cos(x²)·2·x) = −1.256 (through cos(x²)·2·x) − 7.003 (through x²) = −8.259"


def test_report_of_a_network_has_the_curvature_along_the_gradient():
    loaded = load_source("example:net-111", view="neuron")
    report = second_order_report(loaded, evaluate(loaded.graph, loaded.values))
    assert set(report) == {"hessian", "curvature"}
    assert report["curvature"]["direction"] == "gradient"
    assert report["curvature"]["along_gradient"] == pytest.approx(0.11218208974397086, rel=1e-9)


def test_backward_loaded_keeps_the_values_and_marks_the_graph():
    loaded = load_source("example:maml")
    bl = backward_loaded(loaded)
    assert is_backward_graph(bl.graph) and not is_backward_graph(loaded.graph)
    ev = evaluate(bl.graph, bl.values)
    assert ev.output_value == pytest.approx(evaluate(loaded.graph, loaded.values).grads["w"])
    assert ev.output_value == pytest.approx(-4.48)


def test_caption_names_a_long_gradient_and_the_loss():
    loaded = load_source("example:maml")
    h = hessian(loaded.graph, loaded.values)
    text = hessian_caption(h, "w", "w", loaded.values)
    assert text == "∂²L/∂w² = ∂/∂w (∂L/∂w) = 6.4 (through w1) − 1.28 (through w·x) = 5.12"


def test_backward_switch_carries_edited_values_back_and_turns_off_on_open():
    from graphviz_app.session.second_order.backward_view import BackwardSwitch
    from graphviz_app.session.second_order.state import SecondOrderState
    from graphviz_app.session.state.session import Session

    s = Session()
    s.open_source("example:sin-square")
    switch = BackwardSwitch(s)
    state = SecondOrderState(s, switch)
    state.order = 2
    switch.show(True)
    assert switch.on and is_backward_graph(s.graph) and not s.modified
    s.set_value("x", 1.0)  # edited while the backward graph is shown
    assert s.evaluation.output_value == pytest.approx(2 * math.cos(1.0))
    assert state.hessian().matrix["x"]["x"] == pytest.approx(2 * math.cos(1.0) - 4 * math.sin(1.0))
    switch.show(False)
    assert not is_backward_graph(s.graph) and s.values["x"] == 1.0
    switch.show(True)
    s.open_source("example:circle")
    assert not switch.on and switch.forward_loaded() is s.loaded


@pytest.mark.parametrize("name", ["sin-square", "cube", "multipath", "circle", "net-221", "maml"])
def test_the_backward_graph_has_no_forward_dead_ends_and_gives_the_same_gradients(name):
    from graphviz_app.core import graph as G

    loaded = load_source(f"example:{name}")
    shown = backward_loaded(loaded)
    g = shown.graph
    backward, leaves = g.graph[G.BACKWARD], set(G.leaves(g))
    answer = g.graph[G.OUTPUT]
    dead = [n for n in g if g.out_degree(n) == 0 and n not in backward | leaves | {answer}]
    assert dead == []  # the forward output (read by no rule) and the constants only it read are gone
    grads = evaluate(loaded.graph, loaded.values).grads
    for leaf in G.leaves(loaded.graph):  # every gradient node still computes its gradient
        node = next((n for n in g if g.nodes[n][G.NAME] and g.nodes[n][G.NAME].endswith(f"/∂{leaf}")), None)
        if node is not None:
            assert evaluate(g, shown.values, output=node).output_value == pytest.approx(grads[leaf])
