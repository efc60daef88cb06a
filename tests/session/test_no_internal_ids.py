"""No internal node id (``add#16``, ``mul#3``) reaches a person, in any text the app writes.

Before: a subexpression longer than the captions' limit was called by its node id, so the
order-2 inspector wrote ``∂²z/∂x² = ∂/∂x (add#16·y + 1/x)``, and the inspector's title
added ``(node mul#1)``. Now a long subexpression gets a short name (``u₁``) defined where it
is computed, and the titles give the captions' names only.

The texts checked: every caption, the inspector's page of every node and edge, the order-2
lines of every input, the derivation (text and LaTeX) of every leaf, the paths panel's prose
and rows, the quiz's questions, the mistakes' prose and rows, the presenter notes, and the
accumulation lines, over every example (both views of a network) and random programs.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphviz_app.builders.examples import EXAMPLES
from graphviz_app.core import graph as G
from graphviz_app.core.mistakes import KINDS
from graphviz_app.errors import GraphvizAppError
from graphviz_app.session.checks.mistakes import run_mistake
from graphviz_app.session.inspector import InspectorText
from graphviz_app.session.paths import prose as path_prose
from graphviz_app.session.paths.accumulation import accumulation
from graphviz_app.session.paths.derivation import Derivation
from graphviz_app.session.paths.slides import slide_latex, slide_text
from graphviz_app.session.paths.sum_over_paths import PathSum
from graphviz_app.session.prose.presenter_notes import presenter_notes
from graphviz_app.session.quiz.state import Quiz
from graphviz_app.session.second_order.state import SecondOrderState
from graphviz_app.session.state.session import Session
from tests.builders.test_expression_properties import formulas

INTERNAL_ID = re.compile(r"[A-Za-z_]\w*#\d+|~[0-9a-f]{6,}")  # a node id, or the digest of a user's op
PAGE_PIECES = ("title", "details", "value", "flags", "gradient", "contributions", "implicit")
MISTAKES = KINDS


def person_texts(s: Session):
    """(where, text) for every text the window, the inspector and the lecture tools show."""
    ev, g = s.evaluation, s.graph
    for k in range(len(s.timeline)):
        yield f"caption {k}", s.caption(k)
    yield "presenter notes", " ".join(vars(presenter_notes(s)).values())
    inspector = InspectorText(s)
    for selection in [*g.nodes, *g.edges]:
        page = inspector.page(selection)
        yield f"inspector {selection}", " ".join(getattr(page, p) for p in PAGE_PIECES)
    order2 = SecondOrderState(s)
    order2.order = 2
    inputs = [n for n in G.leaves(g) if g.nodes[n][G.KIND] != G.CONST]
    for node in inputs:
        try:
            yield f"order 2 {node}", " ".join(order2.inspector_lines(node))
        except GraphvizAppError as exc:  # a layer view has no second derivatives: the refusal is text too
            yield f"order 2 refused {node}", str(exc)
    for leaf in inputs:
        derivation = Derivation(ev, leaf)
        yield f"derivation {leaf}", derivation.text() + derivation.latex()
        ps = PathSum(ev, leaf)
        ps.ensure(20)
        yield (
            f"paths {leaf}",
            " ".join(
                [
                    path_prose.count_html(ps, True),
                    path_prose.total_html(ps),
                    path_prose.modes_text(g, ps),
                    slide_text(ps),
                    slide_latex(ps),
                    ps.cost_text(),
                    *(f"{r.route} {r.text} {r.short_text()} {r.latex}" for r in ps.rows),
                    *(t.name for t in ps.tangent_table()),
                ]
            ),
        )
    for node in g.nodes:
        if ev.grads.get(node) is not None:
            yield f"accumulation {node}", " ".join(accumulation(ev, node).lines())
    yield (
        "endpoints",
        " ".join(text for text, _ in path_prose.endpoint_items(ev.order, InspectorText(s).names().name)),
    )
    for q in Quiz(s.timeline).questions:
        yield f"quiz {q.node}", " ".join([q.text, q.answer_text, q.hint, *q.choices])
    for kind in MISTAKES:
        try:
            report = run_mistake(ev, kind)
        except GraphvizAppError as exc:
            yield f"mistake {kind} refused", str(exc)
            continue
        yield (
            f"mistake {kind}",
            " ".join([report.title, report.prose, *(f"{r.name} {r.grad_name}" for r in report.rows)]),
        )


def assert_no_ids(s: Session) -> None:
    leaks = {where: INTERNAL_ID.findall(text) for where, text in person_texts(s) if INTERNAL_ID.search(text)}
    assert leaks == {}


def opened(source: str, view: str | None = None, **at) -> Session:
    s = Session()
    s.open_source(source, at or None)
    if view is not None:
        s.set_view(view)
    return s


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_no_example_shows_an_internal_id(name):
    s = opened(f"example:{name}")
    assert_no_ids(s)
    if s.is_network:
        assert_no_ids(opened(f"example:{name}", "layer" if s.loaded.view == "neuron" else "neuron"))


def test_a_program_with_functions_of_its_own_shows_no_internal_id():
    """Unnamed nodes of a user's op have ids such as ``swish~3f78…#4``: none may show, nor the digest."""
    s = opened(
        "swish(u) := u*sigmoid(u); swish'(u) := sigmoid(u)\n"
        "f(a, b) := a*b^2; d/da f(a, b) := b^2; d/db f(a, b) := 2*a*b\n"
        "y = sin(swish(x^2)) + f(swish(x), x) + f(x, 1/x)",
        x=0.8,
    )
    assert_no_ids(s)


def test_the_order_2_inspector_names_a_long_subexpression_and_says_what_it_stands_for():
    s = opened("x*y*sin(x*y) + log(x)*exp(y*x) + 1/x", x=1.2, y=0.7)
    order2 = SecondOrderState(s)
    order2.order = 2
    (line, _) = order2.inspector_lines("x")
    assert "#" not in line and ", where u" in line  # u₃ = −1/(x·x) + …: what the short name stands for


# --- random programs: named steps reusing earlier ones, long subexpressions -----------------------------

programs = st.lists(formulas, min_size=1, max_size=3).map(
    lambda fs: "\n".join(
        [f"s{i} = {text}" + (f" + s{i - 1}" if i else "") for i, (text, _) in enumerate(fs[:-1])]
        + [fs[-1][0] + (f" * s{len(fs) - 2}" if len(fs) > 1 else "")]
    )
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)
@given(programs, st.floats(0.3, 2.0), st.floats(0.3, 2.0))
def test_no_random_program_shows_an_internal_id(text, x, y):
    s = Session()
    s.open_source(text, {"x": x, "y": y})
    assert_no_ids(s)
