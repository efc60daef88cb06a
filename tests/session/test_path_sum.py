"""The chain rule as a sum over paths: counts, sums, lazy listing, and the texts for slides."""

from __future__ import annotations

import math
import time

import networkx as nx
import numpy as np
import pytest

import graphviz_app.core  # noqa: F401  (registers the ops)
from graphviz_app.builders.network import build_network
from graphviz_app.core import graph as G
from graphviz_app.core.evaluate import evaluate
from graphviz_app.core.paths import count_paths
from graphviz_app.errors import GraphError
from graphviz_app.session.paths import sum_over_paths as P
from graphviz_app.session.paths.accumulation import accumulation
from graphviz_app.session.paths.slides import slide_latex, slide_text
from graphviz_app.session.paths.sum_over_paths import PathSum, default_source
from graphviz_app.session.paths.widths import layer_widths, width_explanation
from graphviz_app.session.state.session import Session
from graphviz_app.text.latex import latex_name, latex_number
from graphviz_app.text.numbers import factor_text, summarize

T = 0.5
DZ_DT = -math.sin(T) * math.sin(T) + math.cos(T) * math.cos(T) + 2 * math.cos(T) * -math.sin(T)


def _multipath() -> Session:
    s = Session()
    s.open_source("example:multipath")
    return s


def _spec(widths: list[int], loss: str = "mse", batch: int = 0) -> dict:
    inputs = [0.3, -0.7, 0.5][: widths[0]]
    out = widths[-1]
    data = (
        {"input": [inputs] * batch, "target": [[1.0] * out] * batch}
        if batch
        else {"input": inputs, "target": [1.0] * out}
    )
    return {
        **data,
        "loss": loss,
        "init": {"seed": 3},
        "layers": [{"size": w, "activation": "tanh"} for w in widths[1:-1]]
        + [{"size": out, "activation": "identity"}],
    }


def _diamonds(n: int) -> nx.DiGraph:
    """n diamonds in a row: t → sin, cos → add → sin, cos → add …: 2**n paths."""
    g = G.new_graph()
    node = G.add_leaf(g, "t", 0.3)
    for _ in range(n):
        node = G.add_op(g, "add", [G.add_op(g, "sin", [node]), G.add_op(g, "cos", [node])])
    return g


def _random_graph(seed: int) -> nx.DiGraph:
    """A random scalar DAG: three inputs, each op node takes one or two earlier nodes."""
    rng = np.random.default_rng(seed)
    g = G.new_graph()
    nodes = [G.add_leaf(g, name, float(rng.uniform(0.2, 1.2))) for name in ("a", "b", "c")]
    unary, binary = ("sin", "cos", "tanh", "exp", "sigmoid"), ("add", "mul", "sub")
    for _ in range(int(rng.integers(6, 14))):
        if rng.random() < 0.5:
            nodes.append(G.add_op(g, str(rng.choice(unary)), [nodes[int(rng.integers(len(nodes)))]]))
        else:
            i, j = rng.integers(len(nodes), size=2)
            nodes.append(G.add_op(g, str(rng.choice(binary)), [nodes[int(i)], nodes[int(j)]]))
    sinks = [n for n in g if g.out_degree(n) == 0]
    total = sinks[0]
    for other in sinks[1:]:
        total = G.add_op(g, "add", [total, other])
    return g


# --- counts ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("widths", [[2, 2, 1], [2, 3, 2, 1], [3, 4, 3, 2], [2, 2, 2, 2, 2, 1]])
def test_a_layered_network_has_one_path_per_choice_of_neuron(widths):
    net = build_network(_spec(widths), view="neuron")
    count = count_paths(net.graph, "x[0]", "L")
    assert count == math.prod(widths[1:])
    assert layer_widths(net.spec, "x[0]", "L") == (widths[1:], 1)
    expected = " × ".join(map(str, widths[1:]))
    assert width_explanation(net.spec, "x[0]", "L", count) == (
        f"{expected} = {count:,} paths: one per choice of neuron in each layer"
    )
    # a weight of layer 1 fixes the neuron of layer 1: the later layers choose
    assert count_paths(net.graph, "W1[0,1]", "L") == math.prod(widths[2:])


def test_a_shared_weight_counts_one_path_per_sample_too():
    net = build_network(_spec([2, 3, 1], batch=4), view="neuron")
    count = count_paths(net.graph, "W1[0,0]", "L")
    assert count == 4 * 1
    assert layer_widths(net.spec, "W1[0,0]", "L") == ([1], 4)
    assert width_explanation(net.spec, "W1[0,0]", "L", count).startswith("4 samples × 1 = 4 paths")
    assert count_paths(net.graph, "x[2,0]", "L") == 3  # an input belongs to one sample


def test_a_softmax_adds_paths_and_the_explanation_says_so():
    spec = {**_spec([2, 2, 3], loss="cross_entropy"), "target": 1}
    spec["layers"][-1]["activation"] = "softmax"
    net = build_network(spec, view="neuron")
    count = count_paths(net.graph, "x[0]", "L")
    assert count > 2 * 3
    text = width_explanation(net.spec, "x[0]", "L", count)
    assert text.startswith("2 × 3 = 6 would be one path per choice") and "softmax" in text


# --- sums ----------------------------------------------------------------------------------------------


def test_multipath_lists_every_path_with_its_factors_in_chain_order():
    s = _multipath()
    ps = PathSum(s.evaluation, "t")
    assert ps.count == 3
    rows = ps.fetch()
    assert [r.route for r in rows] == ["t → x → x² → z", "t → x → x·y → z", "t → y → x·y → z"]
    assert rows[0].text == "∂z/∂(x²) · ∂(x²)/∂x · ∂x/∂t = 1 × 1.755 × (−0.4794) = −0.8415"
    assert rows[2].text == "∂z/∂(x·y) · ∂(x·y)/∂y · ∂y/∂t = 1 × 0.8776 × 0.8776 = 0.7702"
    assert rows[0].product == pytest.approx(2 * math.cos(T) * -math.sin(T))
    assert rows[0].edges == (("t", "x"), ("x", "pow#3"), ("pow#3", "z"))
    total = ps.total()
    assert total.complete and total.summed == 3 and total.agree
    assert total.sum == pytest.approx(DZ_DT, abs=1e-15) == pytest.approx(ps.gradient)
    assert ps.running_text(2) == "after 2 of 3 paths: sum −1.071 … backprop gradient −0.3012"
    assert ps.running_text(3) == "after all 3 paths: sum −0.3012 = backprop gradient −0.3012"


@pytest.mark.parametrize("seed", range(12))
def test_the_sum_over_paths_is_the_gradient_on_random_graphs(seed):
    g = _random_graph(seed)
    ev = evaluate(g)
    for leaf in ("a", "b", "c"):
        ps = PathSum(ev, leaf)
        assert ps.count == sum(1 for _ in nx.all_simple_paths(g, leaf, ev.output)) > 0
        total = ps.total()
        assert total.complete and total.agree, (seed, leaf)
        assert total.sum == pytest.approx(ev.grads[leaf], rel=1e-9, abs=1e-12)
        # and node by node: the gradient is what the outgoing edges send back
        acc = accumulation(ev, leaf)
        assert acc.total == pytest.approx(ev.grads[leaf], rel=1e-12, abs=1e-15)


def test_another_target_compares_with_its_own_gradient():
    s = _multipath()
    ps = PathSum(s.evaluation, "t", "x")
    assert ps.count == 1 and ps.derivative == "∂x/∂t"
    assert ps.gradient == pytest.approx(-math.sin(T))
    assert ps.total().agree
    unrelated = PathSum(s.evaluation, "y", "x")
    assert unrelated.count == 0 and unrelated.gradient == 0.0 and unrelated.total().sum == 0.0


def test_a_constant_has_no_paths_to_follow():
    s = _multipath()
    with pytest.raises(GraphError, match="constant"):
        PathSum(s.evaluation, "const#2")


def test_tensor_paths_multiply_jacobians_and_sum_to_the_gradient_array():
    net = build_network(_spec([2, 3, 1], batch=3), view="layer")
    ev = evaluate(net.graph)
    ps = PathSum(ev, "W1")
    (row,) = ps.fetch()
    assert any(t.startswith("J(") for t in row.numbers)
    total = ps.total()
    assert total.agree and np.shape(total.sum) == (3, 2)
    np.testing.assert_allclose(total.sum, ev.grads["W1"], rtol=1e-9)


# --- lazy listing ---------------------------------------------------------------------------------------


def test_more_than_two_to_the_forty_paths_list_their_first_hundred_at_once():
    g = _diamonds(41)
    ev = evaluate(g)
    start = time.perf_counter()
    ps = PathSum(ev, "t")
    first = ps.fetch()
    elapsed = time.perf_counter() - start
    assert ps.count == 2**41 > 2**40
    assert len(first) == P.PAGE and elapsed < 2.0
    second = ps.fetch()
    assert [r.index for r in second] == list(range(100, 200))
    assert len({r.nodes for r in first + second}) == 200
    total = ps.total()  # too many to add: only the ones listed, and no verdict
    assert not total.complete and total.summed == 200 and total.agree is None
    assert total.sum == pytest.approx(sum(r.product for r in first + second))
    assert ps.running_text(3).startswith("after 3 of 2,199,023,255,552 (≈ 2.2 × 10¹²) paths: sum ")
    cost = ps.cost()
    assert cost["paths"] == 2**41 and cost["edges"] == 4 * 41


def test_the_product_is_built_from_the_target_back():
    s = _multipath()
    row = PathSum(s.evaluation, "t").fetch()[0]
    steps = row.build_steps()
    assert len(steps) == 4
    assert steps[0].nodes == ("z",) and steps[0].edges == () and steps[0].value == 1.0
    assert steps[1].edges == (("pow#3", "z"),)
    assert steps[2].text == "∂z/∂(x²) · ∂(x²)/∂x = 1 × 1.755 = 1.755"
    assert steps[3].edges == row.edges and steps[3].value == pytest.approx(row.product)


# --- forward mode, accumulation --------------------------------------------------------------------------


def test_forward_tangents_meet_reverse_adjoints_at_the_ends():
    s = _multipath()
    ps = PathSum(s.evaluation, "t")
    rows = {r.node: r for r in ps.tangent_table()}
    assert set(rows) == {"t", "x", "y", "mul#1", "pow#3", "z"}
    assert rows["z"].tangent == pytest.approx(rows["t"].adjoint) == pytest.approx(DZ_DT)
    assert rows["t"].tangent == 1.0 and rows["z"].adjoint == 1.0
    assert rows["x"].tangent == pytest.approx(-math.sin(T))


def test_forward_mode_refuses_graphs_over_the_limit(monkeypatch):
    monkeypatch.setattr(P, "TANGENT_NODE_LIMIT", 5)
    ps = PathSum(_multipath().evaluation, "t")
    with pytest.raises(GraphError, match="at most 5"):
        ps.tangent_table()


def test_accumulation_lists_each_contribution_and_their_running_sum():
    s = _multipath()
    acc = accumulation(s.evaluation, "x")
    assert [r.child for r in acc.rows] == ["mul#1", "pow#3"]
    assert acc.rows[0].contribution == pytest.approx(math.sin(T))
    assert acc.rows[1].running == pytest.approx(s.evaluation.grads["x"])
    assert acc.lines()[0] == "∂z/∂x = 0"
    assert acc.lines()[2] == "∂z/∂x += 1 × 1.755 = 1.755   (from x²) → 2.235"
    assert accumulation(s.evaluation, "z").is_output


def test_default_source_follows_the_selected_leaf():
    net = build_network(_spec([2, 2, 1]), view="neuron")
    assert default_source(net.graph) == "x[0]"
    assert default_source(net.graph, "W1[1,0]") == "W1[1,0]"
    assert default_source(net.graph, "z1[0]") == "x[0]"  # not a leaf


# --- text ---------------------------------------------------------------------------------------------------


def test_numbers_and_names_for_text_and_latex():
    assert factor_text(-0.5) == "(−0.5)" and factor_text(0.25) == "0.25"
    assert latex_number(-0.5) == "-0.5" and latex_number(-0.5, parenthesize=True) == "(-0.5)"
    assert latex_number(float("-inf")) == r"-\infty"
    assert latex_name("σ(z1[0])") == r"\sigma (z1[0])"
    assert latex_name("x²·y") == r"x^{2} \cdot y"


def test_slide_text_and_latex_for_multipath():
    ps = PathSum(_multipath().evaluation, "t")
    text = slide_text(ps)
    assert text.splitlines()[0] == (
        "∂z/∂t = 1 × 1.755 × (−0.4794) + 1 × 0.4794 × (−0.4794) + 1 × 0.8776 × 0.8776 = −0.3012"
    )
    assert text.splitlines()[-1] == "sum over 3 paths = −0.3012; backprop: ∂z/∂t = −0.3012"
    assert slide_latex(ps) == (
        r"\frac{\partial z}{\partial t} = "
        r"\underbrace{1 \times 1.755 \times (-0.4794)}_{t \to x \to x^{2} \to z} + "
        r"\underbrace{1 \times 0.4794 \times (-0.4794)}_{t \to x \to x \cdot y \to z} + "
        r"\underbrace{1 \times 0.8776 \times 0.8776}_{t \to y \to x \cdot y \to z} = -0.3012"
    )


def test_slides_of_huge_sums_stop_after_a_few_terms():
    ps = PathSum(evaluate(_diamonds(41)), "t")
    latex = slide_latex(ps, max_terms=2)
    assert latex.count(r"\underbrace") == 2 and r"+ \dots =" in latex
    assert latex.endswith(r"\quad (2{,}199{,}023{,}255{,}552\ \text{paths})")
    text = slide_text(ps, max_terms=2)
    assert "… 2,199,023,255,550 more paths" in text
    assert f"= {summarize(ps.gradient)}" in text.splitlines()[0]  # the full sum is the gradient


def test_nan_never_agrees_and_cli_and_panel_share_the_report():
    """log(x)·x at x = 0: every path product and the gradient are nan; they cannot agree."""
    from graphviz_app.report import paths_report
    from graphviz_app.session.paths.sum_over_paths import agree

    s = Session()
    s.open_source("log(x)*x", {"x": 0.0})
    ps = PathSum(s.evaluation, "x")
    total = ps.total()
    assert math.isnan(total.sum) and math.isnan(ps.gradient)
    assert total.agree is False and total.verdict == "⚠ not a number: nothing to compare"
    assert "≠" in ps.running_text(ps.count)
    report = paths_report(s.evaluation, "x", s.evaluation.output, 100)
    assert report["agree"] is False and report["sum"] == report["gradient"] == "nan"
    assert not agree(float("nan"), float("nan")) and agree([1.0, 2.0], [1.0, 2.0 + 1e-13])


def test_the_cli_report_agrees_for_a_vector_target_as_the_panel_does(net_221):
    """A tensor target is seeded with ones: the sum over paths adds the Jacobian's rows, as the panel."""
    from graphviz_app.report import paths_report

    built = build_network(net_221, view="layer")
    ev = evaluate(built.graph, output="z1")
    report = paths_report(ev, "W1", "z1", 100)
    assert report["agree"] is True
    assert np.allclose(report["sum"], report["gradient"])


PAIRED_NODES = 55
"""The most nodes of an example whose every pair is tried (deep-sigmoid's 53 are)."""


def _example_views():
    """Every example in both views, but the neuron view of spiral: its 276 nodes make 76,000 pairs (two
    minutes), all of kinds the smaller networks' pairs have (products, sums, tanh, sigmoid, the loss)."""
    from graphviz_app.builders.examples import EXAMPLES, load_example
    from graphviz_app.builders.network import neuron_node_count, parse_spec

    for name in EXAMPLES:
        example = load_example(name)
        network = example.kind == "network"
        small = network and neuron_node_count(parse_spec(example.payload)) <= 200
        for view in (("neuron", "layer") if small else ("layer",)) if network else (None,):
            yield pytest.param(name, view, id=f"{name}-{view}" if view else name)


@pytest.mark.parametrize(("name", "view"), list(_example_views()))
def test_every_source_and_target_of_every_example_builds_its_product_or_is_refused(name, view):
    """What Paths ▸ Build product and Copy derivation do, for every pair the panel offers.

    The layer view of net-221 from x to z1 (a tensor target) once failed inside NumPy:
    the product built from the target back started as a 1×1 matrix.
    """
    from graphviz_app.errors import GraphvizAppError
    from graphviz_app.session.paths.derivation import Derivation

    s = Session()
    s.open_source(f"example:{name}")
    if view is not None:
        s.set_view(view)
    ev = s.evaluation
    built = 0
    # every pair of a small graph; in a big one (attention's neuron view has 199 nodes, 40,000 pairs)
    # the pairs among every k-th node and the output
    step = math.ceil(len(ev.order) / PAIRED_NODES)
    nodes = list(dict.fromkeys([*ev.order[::step], ev.output]))
    for source in nodes:
        for target in nodes:
            try:
                ps = PathSum(ev, source, target)
                ps.ensure(P.PAGE)
                ps.total()
            except GraphvizAppError as exc:
                assert "constant" in str(exc)  # the one refusal here: a constant has no gradient
                continue
            for row in ps.rows[:1]:  # Build product plays the selected path, the first by default
                last = row.build_steps()[-1].value
                np.testing.assert_allclose(
                    np.atleast_2d(last), np.atleast_2d(row.product), rtol=1e-12, atol=1e-15
                )
                built += 1
            if source != target and ps.count and np.ndim(ev.values[target]):  # Copy derivation's traces
                trace = Derivation(ev, source, target).trace(ps.rows[0])
                # (atol: a product that is 0, as LayerNorm's are where it removes the mean, may come out
                # as 1e-18 when multiplied in the other order)
                np.testing.assert_allclose(
                    np.atleast_2d(trace[-1].value), np.atleast_2d(ps.rows[0].product), atol=1e-15
                )
    assert built > 0


# --- the counting programme carries the products ---------------------------------------------------------


def test_every_path_is_added_by_the_counting_programme_without_listing_one():
    net = build_network(
        {
            "input": [0.3, -0.7],
            "target": [0.5],
            "loss": "mse",
            "init": {"seed": 3},
            "layers": [
                {"size": 9, "activation": "tanh"},
                {"size": 8, "activation": "tanh"},
                {"size": 1, "activation": "identity"},
            ],
        },
        view="neuron",
    )
    ev = evaluate(net.graph)
    ps = PathSum(ev, "x[0]")
    total = ps.total()
    assert ps.rows == []  # not one path written out
    assert total.complete and total.summed == ps.count == 72 and total.agree
    listed = sum(row.product for row in ps.fetch(ps.count))
    assert total.sum == pytest.approx(listed, rel=1e-12)
    again = PathSum(evaluate(net.graph, {**ev.values, "W1[0,0]": 0.9}), "x[0]")
    assert again.route is ps.route  # an edit: the same paths, new products
    assert again.total().sum != total.sum and again.total().agree
