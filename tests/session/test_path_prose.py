"""The paths panel's sentences, without a display."""

from graphviz_app.session.paths.prose import (
    CHOOSE_SOURCE,
    count_html,
    modes_text,
    shown_text,
    total_html,
    widths_text,
)
from graphviz_app.session.paths.sum_over_paths import PathSum
from graphviz_app.session.state.session import Session


def paths(source, wrt, view=None):
    s = Session()
    s.open_source(source)
    if view:
        s.set_view(view)
    return s, PathSum(s.evaluation, wrt, s.evaluation.output)


def test_count_sentence_says_how_many_paths_or_why_none():
    s, ps = paths("x = cos(t); y = sin(t); z = x*y + x**2", "t")
    assert count_html(ps, True) == "<b>3 paths</b> from t to z"
    assert count_html(None, True) == CHOOSE_SOURCE and count_html(None, False) == ""
    s, _ps = paths("x = cos(t); z = x + u", "u")
    none = PathSum(s.evaluation, "u", "x")
    assert count_html(none, True) == "<b>No path</b> from u to x: x does not depend on u, so ∂x/∂u = 0."
    assert total_html(none) == ""


def test_sum_of_the_path_products_agrees_with_backprop():
    _s, ps = paths("x = cos(t); y = sin(t); z = x*y + x**2", "t")
    text = total_html(ps)
    assert text.startswith("Sum of all 3 path products = <b>")
    assert "backprop ∂z/∂t" in text and shown_text(ps, 3) == "showing 3 of 3"


def test_network_widths_and_modes():
    s, ps = paths("example:net-221", "x[0]")
    network = s.loaded.network
    assert "2" in widths_text(network, ps)
    assert modes_text(s.graph, ps).startswith("Here 11 inputs and parameters and one output")
    assert widths_text(None, ps) is None
    s, ps = paths("example:net-221", "x", view="layer")
    assert widths_text(s.loaded.network, ps).startswith("In the layer view each edge carries a whole tensor")


def test_one_input_needs_one_pass_each_way():
    s, ps = paths("sin(x**2)", "x")
    assert modes_text(s.graph, ps).startswith("Here one input and one output: each mode needs one pass")
