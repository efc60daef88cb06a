"""Functions of one's own with claimed derivatives: one node, the claim on trust, numbers derived by hand.

σ(1) = 1/(1 + e⁻¹) = 0.7310585786; swish(u) = u·σ(u), swish′(u) = σ(u) + u·σ(u)(1 − σ(u)).
"""

import math

import pytest

from graphviz_app.builders.expression import parse
from graphviz_app.core import graph as G
from graphviz_app.core.evaluate import evaluate
from graphviz_app.core.gradcheck import check_claims, gradcheck
from graphviz_app.core.hessian import hessian
from graphviz_app.core.mistakes import FORGET_INNER, Mistake
from graphviz_app.core.ops import REGISTRY, get_op, names
from graphviz_app.errors import ExpressionError

SWISH = "swish(u) := u*sigmoid(u)\n"
RIGHT = SWISH + "swish'(u) := sigmoid(u) + u*sigmoid(u)*(1 - sigmoid(u))\n"
WRONG = SWISH + "swish'(u) := sigmoid(u)   # forgets u·σ′(u)\n"
S = 1 / (1 + math.exp(-1.0))


def op_nodes(g):
    return [n for n in g if g.nodes[n][G.KIND] == G.OPNODE]


def test_a_function_of_ones_own_is_one_node_with_the_claimed_derivative():
    """f = swish(x) at x = 1: f = σ(1) = 0.73106, f′ = σ + σ(1 − σ) = 0.92767."""
    p = parse(RIGHT + "f = swish(x)", {"x": 1.0})
    assert op_nodes(p.graph) == ["f"] and p.inputs == ["x"]  # one node; u is no input
    spec = get_op(p.graph.nodes["f"][G.OP])
    assert spec.symbol == "swish" and spec.definition.params == ("u",)
    ev = evaluate(p.graph)
    assert ev.output_value == pytest.approx(S, rel=1e-15)
    assert ev.grads["x"] == pytest.approx(S + S * (1 - S), rel=1e-15)
    assert ev.local["x", "f"] == pytest.approx(0.9276705118714869, rel=1e-12)
    assert all(check.ok for check in gradcheck(p.graph))
    [claim] = check_claims(ev)
    assert claim.ok and claim.rel_error < 1e-9


def test_a_wrong_claim_is_taken_on_trust_and_the_check_says_by_how_much():
    """Claiming swish′ = σ: at z = w·x + b = 1 (w = 2, x = 0.5, b = 0) the backward pass sends
    σ(1) = 0.73106 where σ + σ(1 − σ) = 0.92767 belongs; relative error z(1 − σ)/(1 + z(1 − σ)) = 0.21194."""
    p = parse(WRONG + "f = swish(w*x + b)", {"w": 2.0, "x": 0.5, "b": 0.0})
    ev = evaluate(p.graph)
    assert ev.grads["b"] == pytest.approx(S, rel=1e-15)  # the claim, not the truth
    assert ev.grads["w"] == pytest.approx(S * 0.5, rel=1e-15)
    [claim] = check_claims(ev)
    assert claim.claimed == pytest.approx(S, rel=1e-15)
    assert claim.numeric == pytest.approx(S + S * (1 - S), rel=1e-8)
    assert claim.rel_error == pytest.approx((1 - S) / (1 + (1 - S)), rel=1e-7)
    assert not claim.ok
    leaves = {check.leaf: check for check in gradcheck(p.graph)}
    assert not leaves["b"].ok and leaves["b"].rel_error == pytest.approx(0.21194, abs=1e-5)


def test_several_arguments_one_claimed_partial_each():
    """f(a, b) = a·b² at (3, 2): ∂f/∂a = b² = 4, ∂f/∂b = 2ab = 12; claiming ab for ∂f/∂b gives 6,
    relative error (12 − 6)/12 = 0.5."""
    text = "f(a, b) := a*b^2\nd/da f(a, b) := b^2\nd/db f(a, b) := {}\ny = f(x, t)"
    ev = evaluate(parse(text.format("2*a*b"), {"x": 3.0, "t": 2.0}).graph)
    assert ev.output_value == 12.0 and (ev.grads["x"], ev.grads["t"]) == (4.0, 12.0)
    ev = evaluate(parse(text.format("a*b"), {"x": 3.0, "t": 2.0}).graph)
    assert (ev.grads["x"], ev.grads["t"]) == (4.0, 6.0)
    checks = check_claims(ev)
    assert [c.ok for c in checks] == [True, False]
    assert checks[1].rel_error == pytest.approx(0.5, rel=1e-8)


def test_functions_call_functions_and_a_claim_may_call_its_own_function():
    """g(u) = eᵘ with g′ = g, h(v) = g(2v) with h′ = 2·g(2v): at x = 0.5, d/dx h(x) = 2e = 5.43656."""
    text = "h(v) := g(2*v); h'(v) := 2*g(2*v)\ng(u) := exp(u); g'(u) := g(u)\nh(x)"
    ev = evaluate(parse(text, {"x": 0.5}).graph)
    assert ev.output_value == pytest.approx(math.e, rel=1e-15)
    assert ev.grads["x"] == pytest.approx(2 * math.e, rel=1e-15)
    assert all(c.ok for c in check_claims(ev))


def test_definitions_share_a_line_with_the_program_and_stand_anywhere():
    ev = evaluate(parse("y = sq(x) + 1; sq(u) := u^2; sq'(u) := 2*u", {"x": 3.0}).graph)
    assert (ev.output_value, ev.grads["x"]) == (10.0, 6.0)


def test_the_same_text_makes_the_same_op_and_another_definition_another():
    a = parse(RIGHT + "swish(x)", {"x": 1.0}).graph
    b = parse(RIGHT + "swish(x)", {"x": 1.0}).graph
    c = parse(WRONG + "swish(x)", {"x": 1.0}).graph
    op = {g: g.nodes[op_nodes(g)[0]][G.OP] for g in (a, b, c)}
    assert op[a] == op[b] != op[c] and op[a].startswith("swish~")
    assert evaluate(a).grads["x"] != evaluate(c).grads["x"]  # both stay usable side by side
    assert op[a] in REGISTRY and op[a] not in names()  # registered, in no list of the table's ops


def test_second_derivatives_differentiate_the_claim():
    """d²/dx² of swish with the right claim: 2σ(1 − σ) + xσ(1 − σ)(1 − 2σ) = 0.30237 at 1; with the
    claim σ, the derivative of the claim: σ(1 − σ) = 0.19661."""
    right = parse(RIGHT + "swish(x)", {"x": 1.0}).graph
    wrong = parse(WRONG + "swish(x)", {"x": 1.0}).graph
    d = S * (1 - S)
    assert hessian(right).matrix["x"]["x"] == pytest.approx(2 * d + d * (1 - 2 * S), rel=1e-13)
    assert hessian(wrong).matrix["x"]["x"] == pytest.approx(d, rel=1e-13)


def test_forgetting_the_inner_derivative_works_on_ones_own_function():
    """A function of one argument of the user's is a function like sin: forgetting the factor of
    the edge into swish(x²) at x = 1 leaves 2x = 2 instead of 2x·swish′(1)."""
    from graphviz_app.core.evaluate import backward_pass, forward_pass

    g = parse(RIGHT + "swish(x^2)", {"x": 1.0}).graph
    _, values, _ = forward_pass(g, {})
    out = G.output_node(g)
    assert backward_pass(g, values, out, mistake=Mistake(FORGET_INNER))[0]["x"] == 2.0


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        (
            "swish(u) := u*sigmoid(u)\nswish(x)",
            1,
            1,
            "the derivative of swish is not claimed: add swish'(u) := …",
        ),
        ("sin(u) := u\nsin'(u) := 1\nsin(x)", 1, 1, "'sin' is a built-in function; give yours another name"),
        ("matmul(u) := u\nmatmul'(u) := 1\nmatmul(x)", 1, 1, "'matmul' is a built-in function"),
        ("pi(u) := u\npi'(u) := 1\npi(x)", 1, 1, "'pi' is the constant π"),
        ("f'(u) := 1\nf(x)", 1, 1, "f'(u) claims a derivative of f, which is not defined: define it"),
        ("f(u) := g(u); f'(u) := 1\ng(u) := f(u); g'(u) := 1\nf(x)", 1, 1, "f calls itself (f → g → f)"),
        ("f(u) := 2*f(u); f'(u) := 1\nf(x)", 1, 1, "f calls itself (f → f)"),
        ("f(u) := u*k; f'(u) := k\nf(x)", 1, 11, "'k' is not an argument of f(u)"),
        ("f(u) := u^2; f'(u) := 2*u\nf(x, 1)", 2, 1, "f takes exactly one argument, got 2"),
        ("f(a, b) := a*b\nd/da f(a, b) := b\nd/db f(a, b) := a\nf(x)", 4, 1, "f takes 2 arguments, got 1"),
        (
            "f(a, b) := a*b; f'(a, b) := b\nf(x, 1)",
            1,
            17,
            "f has 2 arguments: claim one partial derivative for",
        ),
        (
            "f(a, b) := a*b; d/da f(a, b) := b\nf(x, 1)",
            1,
            1,
            "the partial derivative of f by b is not claimed",
        ),
        ("f(a, b) := a*b; d/dc f(a, b) := b\nf(x, 1)", 1, 20, "c is not an argument of f(a, b)"),
        (
            "f(u) := u^2; f'(v) := 2*v\nf(x)",
            1,
            14,
            "claim its derivative with the same arguments, f'(u) := …",
        ),
        ("f(u) := u^2; f''(u) := 2\nf(x)", 1, 14, "only first derivatives are claimed"),
        ("f(u) := u; f(u) := 2*u; f'(u) := 1\nf(x)", 1, 12, "f is already defined on line 1"),
        (
            "f(u) := u; f'(u) := 1; f'(u) := 2\nf(x)",
            1,
            24,
            "this derivative of f is already claimed on line 1",
        ),
        (
            "f(u) := u^2; f'(u) := 2*u\nf'(x)",
            2,
            1,
            "f'(…) is a claimed derivative: it is written only on the left",
        ),
        ("f(u) := u^2; f'(u) := 2*u\nf = f(x)", 2, 1, "'f' is a function name; choose another name"),
        (
            "f(u) := u^2; f'(u) := 2*u\nf + 1",
            2,
            1,
            "'f' is a function; call it with its arguments, like f(u)",
        ),
        ("f(u) := u^2; f'(u) := 2*u", None, None, "the text only defines functions: add an expression"),
        ("f(u) := sinn(u); f'(u) := 1\nf(x)", 1, 9, "unknown function 'sinn' — did you mean 'sin'?"),
        ("f(u) := (u\nf'(u) := 1\nf(x)", 1, 9, "'(' was never closed"),
        ("f() := 2\nf(x)", 1, 3, "a function takes at least one argument"),
        ("f(u, u) := u\nf(x)", 1, 3, "the arguments of a function need different names"),
        ("f(u) :=\nf(x)", 1, 1, "nothing on the right of ':='"),
        ("x := 3\nx", 1, 1, "the left of ':=' must be a function with its arguments"),
        ("f(u) := u^2 f'(u) := 2*u\nf(x)", 1, 19, "a second ':=' in one statement: put each definition on"),
    ],
)
def test_mistakes_in_definitions_say_where_and_what_to_fix(text, line, column, message):
    with pytest.raises(ExpressionError) as info:
        parse(text, {"x": 1.0})
    assert message in str(info.value)
    assert (info.value.line, info.value.column) == (line, column)


def test_walrus_inside_brackets_is_still_refused_as_before():
    with pytest.raises(ExpressionError, match="':=' is not part of the language"):
        parse("(x := 2)")
