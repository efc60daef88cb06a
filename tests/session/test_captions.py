"""Captions and number formatting: the arithmetic each step shows."""

from __future__ import annotations

import math
import re

import pytest

import graphviz_app.core  # noqa: F401  (registers the ops)
from graphviz_app.core import graph as G
from graphviz_app.core.evaluate import evaluate
from graphviz_app.core.optable import ELEMENTWISE_UNARY
from graphviz_app.session.prose.captions import Captions
from graphviz_app.session.prose.names import output_name
from graphviz_app.session.prose.notation import ADD, ATOM, NEG, render
from graphviz_app.text.numbers import (
    format_number,
)

# --- rendering ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "op, args, text",
    [
        ("add", [("a", ATOM), ("b", ATOM)], "a + b"),
        ("sub", [("a", ATOM), ("b + c", ADD)], "a − (b + c)"),
        ("mul", [("a + b", ADD), ("c", ATOM)], "(a + b)·c"),
        ("div", [("a", ATOM), ("b·c", 2)], "a/(b·c)"),
        ("pow", [("x", ATOM), ("2", ATOM)], "x²"),
        ("pow", [("x + 1", ADD), ("n", ATOM)], "(x + 1)^n"),
        ("pow", [("−1.5", NEG), ("2", ATOM)], "(−1.5)²"),
        ("neg", [("x", ATOM)], "−x"),
        ("sin", [("x²", 4)], "sin(x²)"),
        ("sigmoid", [("z", ATOM)], "σ(z)"),
        ("sqrt", [("x + 1", ADD)], "√(x + 1)"),
        ("abs", [("x", ATOM)], "|x|"),
        ("matmul", [("W1", ATOM), ("x", ATOM)], "W1·x"),
        ("mse", [("a", ATOM), ("y", ATOM)], "MSE(a, y)"),
        ("softmax", [("(2×3)", ATOM)], "softmax(2×3)"),
    ],
)
def test_render(op, args, text):
    assert render(op, args)[0] == text


def test_render_numbers_uses_times_and_parenthesizes_negatives():
    assert render("mul", [("0.536", ATOM), ("−0.6", NEG)], numeric=True)[0] == "0.536 × (−0.6)"
    assert render("add", [("−1", NEG), ("2", ATOM)], numeric=True)[0] == "−1 + 2"


# --- captions of whole graphs ------------------------------------------------------------


def named_chain():
    """u = x**2; f = sin(u), with u named."""
    g = G.new_graph()
    G.add_leaf(g, "x", 1.5)
    G.add_op(g, "pow", ["x", G.add_constant(g, 2)], name="u")
    out = G.add_op(g, "sin", ["u"])
    return g, out


def test_forward_caption_in_the_seed_style():
    g, out = named_chain()
    c = Captions(evaluate(g))
    assert c.forward("u") == "u = x² = 1.5² = 2.25"
    assert c.forward(out) == "f = sin(u) = sin(2.25) = 0.7781"


def test_backward_caption_evaluates_the_outer_derivative_at_the_inner_value():
    g, out = named_chain()
    c = Captions(evaluate(g))
    assert c.backward(("u", out), 1, 1) == "∂f/∂u = cos(u) = cos(2.25) = −0.6282"
    assert c.backward(("x", "u"), 1, 1).splitlines() == [
        "∂f/∂x = ∂f/∂u · ∂u/∂x = −0.6282 × 3 = −1.885",
        "∂u/∂x = 2·x = 2 × 1.5 = 3",
    ]
    assert c.seed().startswith("∂f/∂f = 1")
    assert c.end() == "Done: ∂f/∂x = −1.885"
    assert c.start().startswith("Start: given x = 1.5;")


def test_accumulation_caption():
    g = G.new_graph()
    G.add_leaf(g, "t", 0.7)
    G.add_op(g, "cos", ["t"], name="x")
    G.add_op(g, "sin", ["t"], name="y")
    xy = G.add_op(g, "mul", ["x", "y"])
    x2 = G.add_op(g, "pow", ["x", G.add_constant(g, 2)])
    G.add_op(g, "add", [xy, x2], name="z")
    ev = evaluate(g)
    c = Captions(ev)
    first = c.backward(("x", xy), 1, 2, ev.contributions[("x", xy)]).splitlines()
    assert first == [
        "∂z/∂(x·y) · ∂(x·y)/∂x = 1 × 0.6442 = 0.6442",
        "∂(x·y)/∂x = y = 0.6442",
        "∂z/∂x += 0.6442 → 0.6442 (1 of 2 contributions)",
    ]
    last = c.backward(("x", x2), 2, 2, ev.grads["x"]).splitlines()
    assert last[-1] == "∂z/∂x += 1.53 → 2.174 (2 of 2 contributions) — final"


def test_output_names():
    g = G.new_graph()
    G.add_leaf(g, "p", 0.8)
    G.add_leaf(g, "y", 1.0, G.TARGET)
    G.add_op(g, "mse", ["p", "y"])
    assert output_name(evaluate(g)) == "L"  # a loss
    g2, _ = named_chain()
    assert output_name(evaluate(g2)) == "f"  # unnamed
    G.add_op(g2, "mul", ["u", "u"], name="L")
    assert output_name(evaluate(g2)) == "L"
    G.add_op(g2, "exp", ["L"], name="q")
    ev = evaluate(g2)
    assert output_name(ev) == "q"
    assert Captions(ev).backward(("L", "q"), 1, 1).startswith("∂q/∂L = exp(L) = exp(")


def test_long_expressions_get_short_names_defined_where_they_are_computed():
    g = G.new_graph()
    node = G.add_leaf(g, "alpha", 0.1)
    for _ in range(12):
        node = G.add_op(g, "sin", [node], output=False)
    G.add_op(g, "neg", [node])
    ev = evaluate(g)
    c = Captions(ev)
    assert c.name("sin#1") == "sin(alpha)"
    assert c.name("sin#6") == "u₁"  # sin(sin(sin(sin(sin(sin(alpha)))))) has 33 characters
    assert c.name("sin#12") == "sin(sin(sin(sin(sin(sin(u₁))))))"
    assert all(len(t) <= 32 for t, _ in c.terms.values())
    assert c.names.generated == {"sin#6": "sin(sin(sin(sin(sin(sin(alpha))))))"}
    assert c.forward("sin#6").startswith("u₁ = sin(sin(sin(sin(sin(sin(alpha))))))")  # the definition
    assert c.names.definitions("neg#13") == ["u₁ = sin(sin(sin(sin(sin(sin(alpha))))))"]
    assert c.names.title("sin#6") == "u₁ = sin"


def test_short_names_take_a_letter_no_name_of_the_graph_starts_with():
    g = G.new_graph()
    node = G.add_leaf(g, "urchin", 0.1)
    for _ in range(8):
        node = G.add_op(g, "sin", [node], output=False)
    G.add_op(g, "neg", [node])
    assert Captions(evaluate(g)).name("sin#6") == "v₁"


def _python(formula: str) -> str:
    """A caption formula as Python, to check its arithmetic."""
    text = formula.replace("−", "-").replace(" × ", "*").replace("·", "*").replace("^", "**")
    text = re.sub(r"(\d)√", r"\1*√", text)
    text = re.sub(r"√(\([^)]*\)|[\w.]+)", r"sqrt(\1)", text)
    text = text.replace("σ", "sigmoid").replace("ln", "log")
    supers = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
    return re.sub(r"[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+", lambda m: f"**({m.group().translate(supers)})", text)


def _check_formulas(line: str, local: float, variables: dict[str, float]) -> None:
    """Every part after '∂u/∂x =' (names, numbers, value) evaluates to the local derivative."""
    namespace = {
        "sin": math.sin,
        "cos": math.cos,
        "exp": math.exp,
        "log": math.log,
        "sqrt": math.sqrt,
        "sigmoid": lambda v: 1 / (1 + math.exp(-v)),
        "sign": lambda v: math.copysign(1.0, v),
        **variables,
    }
    parts = line.split(" = ")
    assert parts[-1] == format_number(local)
    for part in parts[1:]:
        assert eval(_python(part), namespace) == pytest.approx(local, rel=1e-3), part


def unary_caption_line(op):
    """The evaluation of u = op(x) at x = 0.5 (times 3), and the local-derivative line of edge x → u."""
    g = G.new_graph()
    G.add_leaf(g, "x", 0.5)
    G.add_op(g, op, ["x"], name="u")
    G.add_op(g, "mul", ["u", G.add_constant(g, 3)])
    ev = evaluate(g)
    return ev, Captions(ev).backward(("x", "u"), 1, 1).splitlines()[1]


@pytest.mark.parametrize("op", [op for op in ELEMENTWISE_UNARY if op not in ("tan", "tanh")])
def test_unary_local_derivative_arithmetic_is_right(op):
    """The parts of '∂u/∂x = cos(x) = cos(0.5) = 0.8776' all compute the local derivative."""
    ev, line = unary_caption_line(op)
    assert line.startswith("∂u/∂x = ")
    _check_formulas(line, ev.local[("x", "u")], {"x": 0.5})


@pytest.mark.parametrize("op", ["tan", "tanh"])
def test_tan_and_tanh_local_derivatives(op):
    ev, line = unary_caption_line(op)
    sign = "+" if op == "tan" else "−"
    assert line == f"∂u/∂x = 1 {sign} {op}²(x) = 1 {sign} {op}²(0.5) = {format_number(ev.local[('x', 'u')])}"


@pytest.mark.parametrize("op", ["add", "sub", "mul", "div", "pow"])
@pytest.mark.parametrize("position", [0, 1])
def test_binary_local_derivative_arithmetic_is_right(op, position):
    g = G.new_graph()
    G.add_leaf(g, "a", 1.5)
    G.add_leaf(g, "b", 0.5)
    G.add_op(g, op, ["a", "b"], name="u")
    G.add_op(g, "mul", ["u", G.add_constant(g, 3)])
    ev = evaluate(g)
    parent = "ab"[position]
    main, line = Captions(ev).backward((parent, "u"), 1, 1).splitlines()
    assert line.startswith(f"∂u/∂{parent} = ")
    _check_formulas(line, ev.local[(parent, "u")], {"a": 1.5, "b": 0.5})
    assert main.startswith(f"∂f/∂{parent} = ∂f/∂u · ∂u/∂{parent} = 3 × ")
    assert main.endswith(f" = {format_number(ev.contributions[(parent, 'u')])}")


def test_tensor_captions_describe_shapes():
    g = G.new_graph()
    G.add_leaf(g, "W1", [[0.5, -0.2], [0.3, 0.8]], G.PARAM)
    G.add_leaf(g, "a0", [0.5, 0.1])
    z = G.add_op(g, "matmul", ["W1", "a0"], name="z2")
    G.add_op(g, "sum", [z], name="L")
    ev = evaluate(g)
    c = Captions(ev)
    assert c.forward("z2") == "z2 = W1·a0 = (2×2)·(2,) = [0.23, 0.23]"
    lines = c.backward(("W1", "z2"), 1, 1).splitlines()
    assert lines[0] == "∂L/∂W1 (2×2) = ∂L/∂z2 (2,) ⊗ a0ᵀ = [[0.5, 0.1], [0.5, 0.1]]"
    assert lines[1].startswith("∂z2/∂W1 is a 2×2×2 Jacobian; rule: ")
    assert c.backward(("a0", "z2"), 1, 1).splitlines()[0] == "∂L/∂a0 (2,) = W1ᵀ · ∂L/∂z2 (2,) = [0.8, 0.6]"
    assert c.backward(("z2", "L"), 1, 1).splitlines()[0] == "∂L/∂z2 (2,) = [1, 1]"


def test_direct_contribution_to_the_output_is_named_by_its_expression():
    g = G.new_graph()
    G.add_leaf(g, "x", [0.5, 1.0, 2.0])
    s = G.add_op(g, "sin", ["x"])
    out = G.add_op(g, "matmul", ["x", s])
    ev = evaluate(g)
    c = Captions(ev)
    direct = c.backward(("x", out), 1, 2, ev.contributions[("x", out)]).splitlines()
    assert direct[0] == "∂(x·sin(x))/∂x = [0.4794, 0.8415, 0.9093]"
    assert direct[-1] == "∂f/∂x += [0.4794, 0.8415, 0.9093] → [0.4794, 0.8415, 0.9093] (1 of 2 contributions)"
    through = c.backward(("x", s), 2, 2, ev.grads["x"]).splitlines()
    assert through[0] == "∂f/∂(sin(x)) (3,) ⊙ cos(x) = [0.4388, 0.5403, −0.8323]"
    assert through[-1].endswith("(2 of 2 contributions) — final")


def test_nan_and_infinity_in_captions():
    g = G.new_graph()
    G.add_leaf(g, "x", 0.0)
    lg = G.add_op(g, "log", ["x"])
    G.add_op(g, "mul", [lg, G.add_constant(g, 0)])
    ev = evaluate(g)
    c = Captions(ev)
    assert c.forward(lg) == "log(x) = log(0) = −∞"
    assert c.forward(ev.output) == "f = log(x)·0 = −∞ × 0 = nan"
    assert "1/x = 1/0 = ∞" in c.backward(("x", lg), 1, 1)


def test_an_exponent_of_one_is_not_written():
    from graphviz_app.session.state.session import Session

    s = Session()
    s.open_source("x**2 + x**3", {"x": 0.5})
    captions = "\n".join(s.caption(k) for k in range(len(s.timeline)))
    assert "2·x = 2 × 0.5" in captions and "3·x² = 3 × 0.5²" in captions
    assert "¹" not in captions
