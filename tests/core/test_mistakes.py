"""The classic mistakes against numbers derived by hand (each derivation in the test's docstring)."""

import math

import numpy as np
import pytest

from graphviz_app.core import graph as G
from graphviz_app.core.evaluate import backward_pass, evaluate, forward_pass
from graphviz_app.core.mistakes import (
    FORGET_INNER,
    INNER_FIRST,
    MISSING_CHAIN,
    OVERWRITE,
    PARTIAL_TOTAL,
    SIGMA,
    WRONG_ORDER,
    Mistake,
    MistakeRefused,
    check_applies,
)
from graphviz_app.files import load_source

T = 0.5


def passes(source, mistake, at=None, view=None):
    """(right grads, wrong grads) of SOURCE, by node id, after checking the mistake applies."""
    loaded = load_source(source, at or {}, view=view, dependent=None)
    g = loaded.graph
    _, values, _ = forward_pass(g, loaded.values)
    out = G.output_node(g)
    right, _, contributions = backward_pass(g, values, out)
    check_applies(mistake, g, contributions)
    wrong, _, _ = backward_pass(g, values, out, mistake=mistake)
    return right, wrong


def sigmoid(z):
    return 1 / (1 + math.exp(-z))


def test_overwrite_on_multipath_keeps_the_last_contribution():
    """x = cos t, y = sin t, z = x·y + x², t = 0.5.

    Right: ∂z/∂x = y + 2x = sin t + 2 cos t, and ∂z/∂t = ∂z/∂x·(−sin t) + ∂z/∂y·cos t
    = −sin²t − 2 sin t cos t + cos²t = cos 2t − sin 2t.
    The topological order is t, 2, x, y, x², x·y, z, so the backward pass visits x·y before x²:
    with = the contribution of x² (2x) arrives last, ∂z/∂x = 2 cos t. At t, y's contribution
    arrives first and x's last: ∂z/∂t = 2 cos t · (−sin t) = −sin 2t = −sin 1.
    """
    right, wrong = passes("example:multipath", Mistake(OVERWRITE))
    assert right["x"] == pytest.approx(math.sin(T) + 2 * math.cos(T), rel=1e-14)
    assert right["t"] == pytest.approx(math.cos(2 * T) - math.sin(2 * T), rel=1e-14)
    assert wrong["x"] == pytest.approx(2 * math.cos(T), rel=1e-14)
    assert wrong["t"] == pytest.approx(-math.sin(1.0), rel=1e-14)
    assert wrong["y"] == right["y"]  # y is used once: = and += agree


def test_overwrite_of_x_times_x_gives_x_not_2x():
    """f = x·x at x = 3: the edge x → x·x delivers twice (both positions); with = only one, 3, stays."""
    g = G.new_graph()
    x = G.add_leaf(g, "x", 3.0)
    y = G.add_op(g, "mul", [x, x])
    _, values, _ = forward_pass(g, {})
    assert backward_pass(g, values, y, mistake=Mistake(OVERWRITE))[0][x] == 3.0
    assert backward_pass(g, values, y)[0][x] == 6.0


def test_forgetting_every_function_on_multipath():
    """With ∂x/∂t = ∂y/∂t taken as 1 (cos and sin forgotten), ∂z/∂x = sin t + 2 cos t and
    ∂z/∂y = x = cos t are unchanged, and ∂z/∂t = ∂z/∂x + ∂z/∂y = sin t + 3 cos t."""
    right, wrong = passes("example:multipath", Mistake(FORGET_INNER))
    assert wrong["t"] == pytest.approx(math.sin(T) + 3 * math.cos(T), rel=1e-14)
    assert wrong["x"] == right["x"] and wrong["y"] == right["y"]


def test_forgetting_the_edge_into_x_squared():
    """f = sin(x²) at x = 1.5: f′ = cos(x²)·2x = 3 cos 2.25; without the factor 2x of the edge
    x → x², f′ = cos(x²) = cos 2.25, a third of it."""
    right, wrong = passes("sin(x**2)", Mistake(FORGET_INNER, ("x", "pow#2")), at={"x": 1.5})
    assert right["x"] == pytest.approx(3 * math.cos(2.25), rel=1e-14)
    assert wrong["x"] == pytest.approx(math.cos(2.25), rel=1e-14)


def test_sigma_instead_of_its_derivative_on_the_neuron():
    """f = σ(w·x + b), w = 0.6, x = 0.5, b = 0.1: z = 0.4. Right ∂f/∂w = σ(z)(1 − σ(z))·x;
    with σ(z) as the local factor ∂f/∂w = σ(z)·x and ∂f/∂b = σ(z), 1/(1 − σ(z)) times too large."""
    s = 1 / (1 + math.exp(-0.4))
    right, wrong = passes("example:neuron", Mistake(SIGMA))
    assert right["w"] == pytest.approx(s * (1 - s) * 0.5, rel=1e-14)
    assert wrong["w"] == pytest.approx(s * 0.5, rel=1e-14)
    assert wrong["b"] == pytest.approx(s, rel=1e-14)


def test_sigma_in_the_layer_view_of_net_221():
    """a2 = σ(z2) with z2 = 0.6·0.33 − 0.4·0.13 + 0 = 0.146 and L = BCE(a2, 0): ∂L/∂a2 = 1/(1 − a2),
    so with σ(z2) for σ′ the gradient at z2 is a2/(1 − a2) instead of a2."""
    a2 = 1 / (1 + math.exp(-0.146))
    right, wrong = passes("example:net-221", Mistake(SIGMA), view="layer")
    assert float(right["z2"][0]) == pytest.approx(a2, rel=1e-12)
    assert float(wrong["z2"][0]) == pytest.approx(a2 / (1 - a2), rel=1e-12)


def test_wrong_order_at_the_square_first_layer():
    """net-221, layer view: z1 = W1·x + b1 with W1 = [[0.5, −0.2], [0.3, 0.8]] (square) and
    g = ∂L/∂(W1·x) = ∂L/∂z2 · W2 ⊙ ReLU′(z1) = 0.5364·[0.6, −0.4] (z1 = [0.33, 0.13] > 0).
    Right ∂L/∂x = W1ᵀ·g; the wrong order W1·g has the same shape and other numbers."""
    W1 = np.array([[0.5, -0.2], [0.3, 0.8]])
    a2 = 1 / (1 + math.exp(-0.146))
    g = a2 * np.array([0.6, -0.4])
    right, wrong = passes("example:net-221", Mistake(WRONG_ORDER, ("x", "matmul#1")), view="layer")
    np.testing.assert_allclose(right["x"], W1.T @ g, rtol=1e-12)
    np.testing.assert_allclose(wrong["x"], W1 @ g, rtol=1e-12)
    np.testing.assert_allclose(wrong["W1"], right["W1"], rtol=0)  # only the input side changes


@pytest.mark.parametrize("mistake", [Mistake(WRONG_ORDER), Mistake(WRONG_ORDER, ("a1", "matmul#2"))])
def test_wrong_order_at_the_non_square_layer_cannot_be_computed(mistake):
    """W2 is 1×2 and g = ∂L/∂(W2·a1) has 1 entry: W2·g does not exist, W2ᵀ·g has 2 entries."""
    with pytest.raises(MistakeRefused, match=r"W2 is 1×2.*cannot even be computed.*how one notices"):
        passes("example:net-221", mistake, view="layer")


def test_inner_first_evaluates_cos_at_x_instead_of_at_x_squared():
    """f = sin(x²) at x = 1.5: f′ = cos(x²)·2x = 3 cos 2.25 = −1.8845. Differentiating the inner
    function first and evaluating the outer derivative at x: cos(x)·2x = 3 cos 1.5 = 0.21221."""
    right, wrong = passes("sin(x**2)", Mistake(INNER_FIRST), at={"x": 1.5})
    assert right["x"] == pytest.approx(3 * math.cos(2.25), rel=1e-14)
    assert wrong["x"] == pytest.approx(3 * math.cos(1.5), rel=1e-14)
    assert wrong["x"] == pytest.approx(0.2122116050031087, rel=1e-12)
    assert wrong["pow#2"] == pytest.approx(math.cos(1.5), rel=1e-14)  # ∂f/∂(x²) = cos(x), not cos(x²)


def test_inner_first_on_a_sigmoid_recomputes_its_value_at_the_inner_input():
    """f = σ(2x) at x = 1.5: σ′ is written with σ's own value, σ(1 − σ); evaluated at x it is
    σ(1.5)(1 − σ(1.5))·2 = 0.29829 instead of σ(3)(1 − σ(3))·2 = 0.090353."""
    right, wrong = passes("sigmoid(2*x)", Mistake(INNER_FIRST), at={"x": 1.5})
    s3, s15 = sigmoid(3.0), sigmoid(1.5)
    assert right["x"] == pytest.approx(2 * s3 * (1 - s3), rel=1e-14)
    assert wrong["x"] == pytest.approx(2 * s15 * (1 - s15), rel=1e-14)


def test_inner_first_in_a_chain_of_three():
    """f = sin(cos(x)) at x = 1: right f′ = cos(cos 1)·(−sin 1) = −0.72161. The edge cos(x) → sin
    evaluates sin′ at x: cos(1)·(−sin 1) = −0.45465. The edge x → cos has no inner function (x is
    an input) and keeps −sin(x)."""
    right, wrong = passes("sin(cos(x))", Mistake(INNER_FIRST), at={"x": 1.0})
    assert right["x"] == pytest.approx(-math.cos(math.cos(1.0)) * math.sin(1.0), rel=1e-14)
    assert wrong["x"] == pytest.approx(-math.cos(1.0) * math.sin(1.0), rel=1e-14)


def test_missing_chain_keeps_only_the_outer_factor():
    """f = sin(cos(x)) at x = 1: keeping only the first factor, f′ = cos(cos 1) = 0.85755 instead
    of cos(cos 1)·(−sin 1) = −0.72161; ∂f/∂(cos x) itself is right."""
    right, wrong = passes("sin(cos(x))", Mistake(MISSING_CHAIN), at={"x": 1.0})
    assert wrong["x"] == pytest.approx(math.cos(math.cos(1.0)), rel=1e-14)
    assert wrong["x"] == pytest.approx(0.8575532158463934, rel=1e-12)
    assert wrong["cos#1"] == right["cos#1"]


def test_missing_chain_of_three_functions_and_an_arithmetic_inside():
    """f = exp(sin(cos(x²))) at x = 0.5, u = x² = 0.25: right f′ = e^{sin(cos u)}·cos(cos u)·(−sin u)·2x.
    Only the first factor of the chain exp ∘ sin ∘ cos is kept, e^{sin(cos u)}; x² is no function of
    the chain and keeps its factor 2x: f′ = e^{sin(cos u)}·2x = e^{sin(cos 0.25)}."""
    right, wrong = passes("exp(sin(cos(x**2)))", Mistake(MISSING_CHAIN), at={"x": 0.5})
    u = 0.25
    outer = math.exp(math.sin(math.cos(u)))
    assert right["x"] == pytest.approx(outer * math.cos(math.cos(u)) * -math.sin(u) * 2 * 0.5, rel=1e-13)
    assert wrong["x"] == pytest.approx(outer * 2 * 0.5, rel=1e-14)


def test_partial_for_total_takes_only_the_direct_edge():
    """y = x³, f = x² + y at x = 2: the total derivative is 2x + 3x² = 4 + 12 = 16; the partial
    ∂f/∂x with y held constant is 2x = 4. ∂f/∂y = 1 is right either way."""
    right, wrong = passes("y = x^3; f = x^2 + y", Mistake(PARTIAL_TOTAL), at={"x": 2.0})
    assert right["x"] == 16.0 and wrong["x"] == 4.0
    assert wrong["y"] == right["y"] == 1.0


def test_partial_for_total_flows_on_to_what_the_variable_is_made_of():
    """x = t², y = x³, f = x² + y at t = 2 (x = 4): df/dx = 2x + 3x² = 56, ∂f/∂x = 2x = 8; t reaches
    f only through x, so its gradient is x's times 2t = 4: right 224, wrong 32."""
    right, wrong = passes("x = t^2; y = x^3; f = x^2 + y", Mistake(PARTIAL_TOTAL), at={"t": 2.0})
    assert (right["x"], wrong["x"]) == (56.0, 8.0)
    assert (right["t"], wrong["t"]) == (224.0, 32.0)


def test_partial_for_total_when_the_direct_route_uses_the_variable_twice():
    """y = sin(x), f = x·x + y at x = 0.5: the edge x → x·x is visited twice (both positions), and
    the partial adds its direct part once: ∂f/∂x = 2x = 1 against df/dx = 2x + cos x."""
    right, wrong = passes("y = sin(x); f = x*x + y", Mistake(PARTIAL_TOTAL), at={"x": 0.5})
    assert right["x"] == pytest.approx(1 + math.cos(0.5), rel=1e-14)
    assert wrong["x"] == pytest.approx(1.0, rel=1e-14)


def test_partial_for_total_through_a_shared_unnamed_expression():
    """u = x + 1 (unnamed), y = u² (named), f = 3u + y at x = 1 (u = 2): the edge x → u carries both
    routes. With y held constant ∂f/∂x = 3; the total adds 2u = 4: 7."""
    right, wrong = passes("y = (x + 1)^2; f = 3*(x + 1) + y", Mistake(PARTIAL_TOTAL), at={"x": 1.0})
    assert (right["x"], wrong["x"]) == (7.0, 3.0)


@pytest.mark.parametrize(
    ("source", "at", "mistake", "message"),
    [
        ("sin(x**2)", {"x": 1.5}, Mistake(OVERWRITE), "no node here is used twice"),
        ("example:multipath", None, Mistake(SIGMA), "no sigmoid"),
        ("example:multipath", None, Mistake(WRONG_ORDER), "layer view"),
        ("x*y + x", {"x": 1.0, "y": 2.0}, Mistake(FORGET_INNER), "no function of one argument"),
        ("sin(x**2)", {"x": 1.5}, Mistake(FORGET_INNER, ("const#1", "pow#2")), "carries no gradient"),
        ("sin(x**2)", {"x": 1.5}, Mistake(FORGET_INNER, ("x", "sin#3")), "there is no edge"),
        ("example:multipath", None, Mistake(WRONG_ORDER, ("t", "x")), "not the input side"),
        ("sin(x) + exp(y)", {"x": 1.0, "y": 2.0}, Mistake(INNER_FIRST), "no function here is applied to an"),
        ("sin(x*y)", {"x": 1.0, "y": 2.0}, Mistake(INNER_FIRST), "no function here is applied to an"),
        ("sin(x**2)", {"x": 1.5}, Mistake(MISSING_CHAIN), "no function here is applied to another function"),
        ("example:neuron", None, Mistake(MISSING_CHAIN), "no function here is applied to another function"),
        ("example:multipath", None, Mistake(PARTIAL_TOTAL), "no variable here reaches z both directly"),
        ("sin(x**2)", {"x": 1.5}, Mistake(PARTIAL_TOTAL), "no variable here reaches"),
        ("example:net-221", None, Mistake(PARTIAL_TOTAL), "no variable here reaches"),
    ],
)
def test_refused_where_it_does_not_apply(source, at, mistake, message):
    with pytest.raises(MistakeRefused, match=message):
        passes(source, mistake, at=at)


def test_whole_graph_mistakes_take_no_edge_and_unknown_kinds_are_refused():
    with pytest.raises(MistakeRefused, match="whole graph"):
        Mistake(SIGMA, ("a", "b"))
    with pytest.raises(MistakeRefused, match="unknown mistake"):
        Mistake("forget-everything")


def test_no_mistake_is_the_reference():
    """mistake=None changes nothing: the reference pass still equals evaluate()."""
    loaded = load_source("example:multipath", {}, view=None, dependent=None)
    ev = evaluate(loaded.graph, loaded.values)
    _, values, _ = forward_pass(loaded.graph, loaded.values)
    grads, _, _ = backward_pass(loaded.graph, values, ev.output, mistake=None)
    assert grads == ev.grads
