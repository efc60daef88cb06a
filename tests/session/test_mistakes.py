"""A mistake's report: right and wrong per node, the finite differences, and the prose."""

import math

import pytest

from graphviz_app.core.mistakes import MistakeRefused
from graphviz_app.session.checks.mistakes import resolve_edge, run_mistake
from graphviz_app.session.state.session import Session


def session(source, at=None, view=None):
    s = Session()
    s.open_source(source, at)
    if view:
        s.set_view(view)
    return s


def rows(report):
    return {row.name: row for row in report.rows}


@pytest.mark.parametrize(
    ("source", "at", "view", "kind", "edge"),
    [
        ("example:multipath", None, None, "overwrite", None),
        ("example:multipath", None, None, "forget-inner", None),
        ("sin(x**2)", {"x": 1.5}, None, "forget-inner", ("x", "pow#2")),
        ("example:neuron", None, None, "sigma", None),
        ("example:net-221", None, None, "sigma", None),
        ("example:net-221", None, "layer", "wrong-order", ("x", "matmul#1")),
        ("sin(x**2)", {"x": 1.5}, None, "inner-first", None),
        ("exp(sin(cos(x**2)))", {"x": 0.5}, None, "missing-chain", None),
        ("x = t^2; y = x^3; f = x^2 + y", {"t": 2.0}, None, "partial-total", None),
    ],
)
def test_the_finite_differences_agree_with_the_right_gradient_not_the_wrong_one(source, at, view, kind, edge):
    """The central difference knows nothing of the chain rule: every damaged leaf agrees with the right."""
    report = run_mistake(session(source, at, view).evaluation, kind, edge)
    damaged = [row for row in report.rows if row.leaf and row.damaged]
    assert damaged
    assert {row.agrees for row in damaged} == {"right"}
    assert {row.agrees for row in report.rows if row.leaf and not row.damaged} <= {"both"}
    assert "The finite differences agree with the right gradient" in report.prose


def test_overwrite_report_on_multipath_names_the_last_contribution():
    """∂z/∂x = sin t + 2 cos t right, 2 cos t wrong (x² arrives after x·y); ∂z/∂t = −sin 1 wrong."""
    report = run_mistake(session("example:multipath").evaluation, "overwrite")
    by = rows(report)
    assert by["x"].wrong == pytest.approx(2 * math.cos(0.5))
    assert by["t"].wrong == pytest.approx(-math.sin(1.0))
    assert by["t"].numeric == pytest.approx(math.cos(1.0) - math.sin(1.0), rel=1e-7)
    assert by["y"].damaged is False and by["x"].numeric is None  # not a leaf: no finite difference
    assert "at x, x²'s contribution (1.755) arrived last and overwrote x·y's" in report.prose
    assert "∂z/∂x = 1.755 instead of the sum 2.235" in report.prose
    assert set(report.damaged) == {"x", "t"}


def test_forgotten_edge_prose_writes_the_forgotten_factor():
    report = run_mistake(session("sin(x**2)", {"x": 1.5}).evaluation, "forget-inner", ("x", "pow#2"))
    assert report.prose.startswith("The edge x → x² sent ∂f/∂(x²) back unchanged")
    assert "∂(x²)/∂x = 2·x = 2 × 1.5" in report.prose
    assert "−0.6282 instead of −1.885" in report.prose


def test_sigma_prose_gives_the_factor_it_is_too_large_by():
    """σ(0.4) = 0.5987, σ′ = 0.2403, 1/(1 − σ) = 2.492."""
    report = run_mistake(session("example:neuron").evaluation, "sigma")
    assert (
        "σ = 0.5987" in report.prose and "σ(1 − σ) = 0.2403" in report.prose and "2.492 times" in report.prose
    )


def test_a_mistake_that_changes_nothing_is_refused():
    """The local factor of x·y → z (an addition) is 1: forgetting it does no damage."""
    with pytest.raises(MistakeRefused, match="is 1 here, so forgetting it changes nothing"):
        run_mistake(session("example:multipath").evaluation, "forget-inner", ("mul#1", "z"))


def test_edges_are_named_by_id_name_or_as_captions_write_them():
    ev = session("sin(x**2)", {"x": 1.5}).evaluation
    assert resolve_edge(ev, "x", "x²") == ("x", "pow#2")
    assert resolve_edge(ev, "x", "pow#2") == ("x", "pow#2")  # a script may hold an id
    with pytest.raises(
        MistakeRefused, match=r"there is no edge x → f; edges that carry a gradient: x → x²; x² → f"
    ):
        resolve_edge(ev, "x", "sin#3")


@pytest.mark.parametrize(
    ("source", "kind", "edge", "expected"),
    [
        ("example:multipath", "overwrite", None, "∂z/∂x = 1.755 instead of 2.235"),
        ("sin(x**2)", "forget-inner", ("x", "pow#2"), "∂(x²)/∂x is forgotten on x → x²: ∂f/∂x = −0.6282"),
        ("example:net-221", "sigma", None, "σ(z) where σ′(z) = σ(z)(1 − σ(z)) belongs: ∂L/∂z2[0] = 1.157"),
    ],
)
def test_every_mistake_has_a_line_for_the_caption(source, kind, edge, expected):
    report = run_mistake(
        session(source, None if source.startswith("example:") else {"x": 1.5}).evaluation, kind, edge
    )
    assert report.line.startswith("Mistake: ") and expected in report.line and "\n" not in report.line


def test_inner_first_prose_writes_the_outer_derivative_at_both_places():
    """sin(x²) at 1.5: cos evaluated at x = 1.5 gives 0.07074, at x² = 2.25 it gives −0.6282."""
    report = run_mistake(session("sin(x**2)", {"x": 1.5}).evaluation, "inner-first")
    assert "evaluated at the inner function's input x = 1.5 instead of at its value x² = 2.25" in report.prose
    assert "cos(x) = cos(1.5) = 0.07074 instead of cos(x²) = cos(2.25) = −0.6282" in report.prose
    assert rows(report)["x"].wrong == pytest.approx(3 * math.cos(1.5), rel=1e-14)


def test_missing_chain_prose_names_the_kept_and_the_dropped_factors():
    """sin(cos(x)) at 1: kept cos(cos(x)) = 0.8576, dropped −sin(x) = −0.8415; f′ 0.8576 for −0.7216."""
    report = run_mistake(session("sin(cos(x))", {"x": 1.0}).evaluation, "missing-chain")
    assert "Of the chain sin(cos(x)), only the first factor ∂f/∂(cos(x)) = cos(cos(x))" in report.prose
    assert "dropped (∂(cos(x))/∂x = −sin(x) = −sin(1) = −0.8415)" in report.prose
    assert "∂f/∂x came out as 0.8576 instead of −0.7216" in report.prose


def test_partial_total_prose_splits_the_total_into_its_two_routes():
    """y = x³, f = x² + y at x = 2: ∂f/∂x = 4 with y held constant, df/dx = 4 + 12 = 16."""
    report = run_mistake(session("y = x^3; f = x^2 + y", {"x": 2.0}).evaluation, "partial-total")
    assert (
        "x reaches f directly and through y: holding y constant gives the partial derivative ∂f/∂x = 4"
        in (report.prose)
    )
    assert "the total derivative df/dx = 4 + 12 = 16" in report.prose
    assert report.line == (
        "Mistake: the partial derivative, other variables held constant, where the total derivative belongs: "
        "∂f/∂x = 4 instead of 16 (✗ marks every wrong gradient)"
    )


def test_one_table_names_every_mistake_of_the_core_in_its_order():
    from graphviz_app.core.mistakes import KINDS
    from graphviz_app.session.checks.mistake_table import MISTAKES, TITLES

    assert tuple(entry.kind for entry in MISTAKES) == KINDS
    assert len({item.action for entry in MISTAKES for item in entry.menu}) == sum(
        len(e.menu) for e in MISTAKES
    )
    assert set(TITLES) == set(KINDS)


def test_inner_first_at_an_input_of_zero_writes_an_infinite_factor_not_a_crash():
    """log(−(x − y)) at x = y = 1 (found by hypothesis): the outer derivative 1/u evaluated at the
    inner function's input, 0, is infinite; the prose says so instead of dividing Python's 1.0 by 0."""
    report = run_mistake(session("log(-((x) - (y)))", {"x": 1.0, "y": 1.0}).evaluation, "inner-first")
    assert "evaluated at the inner function's input" in report.prose and "∞" in report.prose
