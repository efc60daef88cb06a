"""Tests of the expression language: numbers through the graph, and every refusal."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
import sympy

from graphviz_app.builders.expression import (
    CONSTANTS,
    FUNCTIONS,
    MAX_LENGTH,
    ImplicitInfo,
    build,
    implicit_slope,
    missing_inputs,
    parse,
)
from graphviz_app.core import graph as G
from graphviz_app.core.evaluate import evaluate
from graphviz_app.errors import ExpressionError, GraphError, GraphvizAppError

ROOT = Path(__file__).resolve().parents[2]


def run(text, **values):
    parsed = parse(text, values)
    return parsed, evaluate(parsed.graph)


def error_of(text, **kwargs) -> ExpressionError:
    with pytest.raises(ExpressionError) as info:
        parse(text, **kwargs)
    return info.value


# --- numbers ------------------------------------------------------------------------


def test_sin_of_square_value_and_derivative():
    _, ev = run("sin(x**2)", x=1.5)
    assert ev.output_value == pytest.approx(0.7781, abs=5e-5)
    assert ev.grads["x"] == pytest.approx(-1.8845, abs=5e-5)
    assert ev.grads["x"] == pytest.approx(2 * 1.5 * math.cos(1.5**2), rel=1e-12)


@pytest.mark.parametrize("x", [-2.0, -0.3, 0.0, 1.5, 4.0])
def test_caret_means_power(x):
    caret_parsed, caret = run("x^2", x=x)
    _star_parsed, star = run("x**2", x=x)
    assert caret.output_value == star.output_value == pytest.approx(x * x)
    assert caret.grads["x"] == star.grads["x"] == pytest.approx(2 * x)
    assert caret_parsed.graph.nodes[caret_parsed.output][G.OP] == "pow"


def test_caret_has_the_precedence_of_a_power():
    # Python's ^ is XOR and binds looser than +: x^2 + 1 would be x^3. Ours is x² + 1.
    assert run("x^2 + 1", x=3)[1].output_value == 10.0
    assert run("-x^2", x=3)[1].output_value == -9.0
    assert run("2^3^2")[1].output_value == 512.0  # right-associative, like **
    assert run("2*x^3", x=2)[1].output_value == 16.0


@pytest.mark.parametrize("x", [-1.7, -0.5, 0.0, 0.25, 1.0, 2.3])
def test_chain_rule_through_a_cube(x):
    _, ev = run("(x**2+1)**3", x=x)
    assert ev.output_value == pytest.approx((x * x + 1) ** 3, rel=1e-12)
    assert ev.grads["x"] == pytest.approx(6 * x * (x * x + 1) ** 2, rel=1e-12, abs=1e-12)


def test_sigmoid_neuron_gradients():
    _, ev = run("sigmoid(w*x+b)", w=0.6, x=0.5, b=0.1)
    s = 1 / (1 + math.exp(-0.4))
    assert round(ev.grads["w"], 3) == 0.120
    assert ev.grads["w"] == pytest.approx(s * (1 - s) * 0.5, rel=1e-12)
    assert ev.grads["x"] == pytest.approx(s * (1 - s) * 0.6, rel=1e-12)
    assert ev.grads["b"] == pytest.approx(s * (1 - s), rel=1e-12)


def test_operand_order_is_kept():
    assert run("a - b", a=5, b=2)[1].output_value == 3.0
    _, ev = run("b - a", a=5, b=2)
    assert ev.output_value == -3.0
    assert (ev.grads["a"], ev.grads["b"]) == (-1.0, 1.0)
    _, ev = run("a/b", a=5, b=2)
    assert ev.output_value == 2.5
    assert (ev.grads["a"], ev.grads["b"]) == (0.5, -1.25)
    _, ev = run("b/a", a=5, b=2)
    assert ev.output_value == 0.4


def test_three_paths_through_shared_named_nodes():
    parsed = parse("x = cos(t); y = sin(t); z = x*y + x**2")
    assert parsed.inputs == ["t"]
    assert parsed.names == ["x", "y", "z"]
    assert parsed.output == "z"
    assert len(list(nx.all_simple_paths(parsed.graph, "t", "z"))) == 3
    t = sympy.Symbol("t")
    exact = sympy.diff(sympy.cos(t) * sympy.sin(t) + sympy.cos(t) ** 2, t)
    for value in (0.3, 1.1, -2.0):
        ev = evaluate(parsed.graph, {"t": value})
        assert ev.grads["t"] == pytest.approx(float(exact.subs(t, value)), rel=1e-12, abs=1e-12)
        assert ev.grads["x"] == pytest.approx(math.sin(value) + 2 * math.cos(value), rel=1e-12)


def test_literals_and_constants():
    _, ev = run("1e-3*x + .5 + 2", x=1)
    assert ev.output_value == pytest.approx(2.501, rel=1e-15)
    parsed = parse("pi*r^2 + e", {"r": 2})
    ev = evaluate(parsed.graph)
    assert ev.output_value == pytest.approx(math.pi * 4 + math.e, rel=1e-15)
    labels = sorted(d[G.LABEL] for _, d in parsed.graph.nodes(data=True) if d[G.KIND] == G.CONST)
    assert labels == ["2", "e", "π"]
    assert {"pi": math.pi, "e": math.e} == CONSTANTS


def test_negative_literal_is_one_constant_and_minus_is_neg():
    parsed, ev = run("-2*x - -x", x=3)
    assert ev.output_value == -3.0
    assert ev.grads["x"] == -1.0
    ops = sorted(d[G.OP] for _, d in parsed.graph.nodes(data=True) if d[G.KIND] == G.OPNODE)
    assert ops == ["mul", "neg", "sub"]
    consts = [d[G.VALUE] for _, d in parsed.graph.nodes(data=True) if d[G.KIND] == G.CONST]
    assert consts == [-2.0]
    parsed, ev = run("+x", x=4)
    assert parsed.output == "x" and ev.output_value == 4.0  # unary plus adds nothing


def test_named_bare_values_get_identity_nodes():
    parsed, ev = run("a = x; b = 2; c = pi; y = a*b*c", x=1.5)
    for name in "abc":
        assert parsed.graph.nodes[name][G.OP] == "identity"
        assert parsed.graph.nodes[name][G.LABEL] == name
    assert parsed.names == ["a", "b", "c", "y"]
    assert ev.output_value == pytest.approx(3 * math.pi)
    assert ev.grads["x"] == pytest.approx(2 * math.pi)
    assert ev.grads["a"] == pytest.approx(2 * math.pi)


def test_labels_and_input_order():
    parsed = parse("b*a + c*b\n# a comment\n")
    assert parsed.inputs == ["b", "a", "c"]
    labels = {d[G.LABEL] for _, d in parsed.graph.nodes(data=True)}
    assert labels == {"a", "b", "c", "×", "+"}
    assert G.output_node(parsed.graph) == parsed.output
    assert parsed.graph.nodes[parsed.output][G.OP] == "add"


def test_last_statement_is_the_output():
    parsed, ev = run("h = tanh(x)\nh*2; sin(h)\n", x=0.5)
    assert parsed.graph.nodes[parsed.output][G.OP] == "sin"
    assert ev.output_value == pytest.approx(math.sin(math.tanh(0.5)))
    parsed = parse("u = x + 1\nv = u*u")
    assert parsed.output == "v" and parsed.implicit is None


@pytest.mark.parametrize("name", FUNCTIONS)
def test_every_function_is_its_op(name):
    parsed, ev = run(f"{name}(x)", x=0.7)
    assert parsed.graph.nodes[parsed.output][G.OP] == name
    assert math.isfinite(ev.output_value) and math.isfinite(ev.grads["x"])


def test_line_continuations_and_windows_line_endings():
    _, ev = run("y = (x +\n 1)\\\n * 2", x=1)
    assert ev.output_value == 4.0
    assert error_of("x = 1\r\ny = sinn(x)").line == 2


# --- values and missing inputs ---------------------------------------------------------


def test_values_missing_inputs_and_build():
    parsed = parse("x*y + z", {"x": 2.0})
    assert parsed.graph.nodes["x"][G.VALUE] == 2.0
    assert parsed.graph.nodes["y"][G.VALUE] is None
    assert missing_inputs(parsed, {}) == ["y", "z"]
    assert missing_inputs(parsed, {"z": 1}) == ["y"]
    assert missing_inputs(parsed, {"y": 1, "z": 1}) == []
    with pytest.raises(GraphError):
        evaluate(parsed.graph)
    with pytest.raises(ExpressionError, match=r"no value for input 'y'; give one with --at y=VALUE"):
        build("x*y", {"x": 1})
    with pytest.raises(ExpressionError, match=r"inputs 'y', 'z'.*--at y=VALUE --at z=VALUE"):
        build("x*y + z", {"x": 1})
    assert evaluate(build("x*y", {"x": 3, "y": 4}).graph).output_value == 12.0
    assert error_of("x + 1", values={"x": "abc"}).reason.startswith("the value given for 'x'")


# --- equations ----------------------------------------------------------------------------


def slope(text, **values):
    parsed = parse(
        text, {k: v for k, v in values.items() if k not in ("dependent",)}, dependent=values.get("dependent")
    )
    return parsed, implicit_slope(parsed, evaluate(parsed.graph))


def test_circle_slope():
    parsed, s = slope("x**2 + y**2 = 25", x=3, y=4)
    assert parsed.output == "F" and parsed.inputs == ["x", "y"]
    assert parsed.implicit == ImplicitInfo(dependent="y", independent="x")
    assert parsed.graph.nodes["F"][G.OP] == "sub"
    assert (s["F_x"], s["F_y"], s["F"]) == (6.0, 8.0, 0.0)
    assert s["dydx"] == -0.75
    assert s["dependent"] == "y" and s["independent"] == "x"
    assert "warning" not in s and "reason" not in s


def test_vertical_tangent_has_no_slope():
    _, s = slope("x^2 + y^2 = 25", x=5, y=0)
    assert s["F_y"] == 0.0 and s["F_x"] == 10.0
    assert s["dydx"] is None
    assert "F_y = 0" in s["reason"]


def test_point_off_the_curve_is_reported():
    _, s = slope("x**2 + y**2 = 25", x=3, y=5)
    assert s["F"] == 9.0 and s["dydx"] == pytest.approx(-0.6)
    assert "not on the curve" in s["warning"]
    _, s = slope("x**2 + y**2 = 25", x=3, y=4 + 1e-12)
    assert "warning" not in s  # within rounding of the curve


def test_equation_with_named_step_and_chosen_dependent():
    _, s = slope("s = x**2\ns + y**2 = 25", x=3, y=4)
    assert s["dydx"] == -0.75
    parsed, s = slope("x**2 + y**2 = 25", x=3, y=4, dependent="x")
    assert parsed.implicit == ImplicitInfo("x", "y")
    assert s["dydx"] == pytest.approx(-8 / 6)
    parsed = parse("x*y + t = 1")
    assert parsed.implicit == ImplicitInfo("y", "x")
    parsed = parse("a*y = b", independent="b")
    assert parsed.implicit == ImplicitInfo("y", "b")
    parsed = parse("exp(u) - y = 0")
    assert parsed.implicit == ImplicitInfo("y", "u")


def test_slope_needs_an_equation_evaluated_at_f():
    parsed = parse("x*y", {"x": 1, "y": 2})
    with pytest.raises(ExpressionError, match="not an equation"):
        implicit_slope(parsed, evaluate(parsed.graph))
    circle = parse("x**2 + y**2 = 25", {"x": 3, "y": 4})
    lhs = G.parents(circle.graph, "F")[0]
    with pytest.raises(GraphError):
        implicit_slope(circle, evaluate(circle.graph, output=lhs))


@pytest.mark.parametrize(
    "text, kwargs, fragment, column",
    [
        ("x**2 = 4", {}, "no variable 'y'", 6),
        ("a + b + y = 1", {}, "name the independent variable", 11),
        ("y**2 = 4", {}, "needs two variables", 6),
        ("x + y = 1", {"dependent": "t"}, "no variable 't'", 7),
        ("x + y = 1", {"independent": "y"}, "cannot be the independent", 7),
    ],
)
def test_equation_variable_errors(text, kwargs, fragment, column):
    err = error_of(text, **kwargs)
    assert fragment in err.reason
    assert (err.line, err.column) == (1, column)


# --- errors with their place ------------------------------------------------------------------

ERRORS = [
    ("x = 1\ny = sinn(x)", 2, 5, "unknown function 'sinn' — did you mean 'sin'?"),
    ("x^2 + sinn(x)", 1, 7, "did you mean 'sin'"),  # columns of the text as typed, before ^ -> **
    ("θ = 1; φ + sinn(θ)", 1, 12, "did you mean 'sin'"),  # characters, not UTF-8 bytes
    ("ln(x)", 1, 1, "did you mean 'log'"),
    ("y + foo(x)", 1, 5, "unknown function 'foo'"),
    ("pi(2)", 1, 1, "is a constant, not a function"),
    ("sin(x, y)", 1, 1, "exactly one argument, got 2"),
    ("2 + exp()", 1, 5, "exactly one argument, got 0"),
    ("pi = 3", 1, 1, "'pi' is the constant"),
    ("x = 2\ne = x", 2, 1, "'e' is the constant"),
    ("sin = x", 1, 1, "'sin' is a function name"),
    ("sin + 1", 1, 1, "'sin' is a function; call it"),
    ("a = x\na = 2*x", 2, 1, "'a' is already defined on line 1"),
    ("y = x + 1\nx = 2", 1, 5, "'x' is used before its definition on line 2"),
    ("x = x + 1", 1, 5, "used in its own definition"),
    ("x.real", 1, 1, "attribute access like 'x.real' is not part of the language"),
    ("1 + x[0]", 1, 5, "indexing like 'x[0]'"),
    ("lambda: 0", 1, 1, "lambda"),
    ("[x for x in y]", 1, 1, "comprehensions"),
    ("2 * 'abc'", 1, 5, "strings"),
    ("sin(x=1)", 1, 5, "keyword arguments like 'x=1'"),
    ("sin(*x)", 1, 5, "starred arguments"),
    ("x < 1", 1, 1, "comparisons"),
    ("x == 1", 1, 1, "comparisons"),
    ("x and y", 1, 1, "'and' / 'or'"),
    ("x if y else 1", 1, 1, "if-expressions"),
    ("import os", 1, 1, "import statements"),
    ("from os import path", 1, 1, "import statements"),
    ("x % 2", 1, 1, "the operator '%'"),
    ("x // 2", 1, 1, "the operator '//'"),
    ("True + x", 1, 1, "'True' is not a number"),
    ("x * 2j", 1, 5, "complex numbers"),
    ("not x", 1, 1, "'not'"),
    ("(x := 2)", 1, 2, "':='"),
    ("def f(): pass", 1, 1, "function definitions"),
    ("x += 1", 1, 1, "each name is defined once"),
    ("a = b = x", 1, 1, "one name per statement"),
    ("x, y = 1, 2", 1, 1, "tuples"),
    ("f(x)(2)", 1, 1, "can be called"),
    ("sin(x", 1, 4, "'(' was never closed"),
    ("x + 1)", 1, 6, "unmatched ')'"),
    ("2x", 1, 1, "2*x, not 2x"),
    ("x = 1\n  y = 2", 2, None, "indentation"),
    ("x ** * 2", 1, 6, "syntax error"),
    ("x**2 + y**2 = 25\nz = 1", 1, 13, "only the last statement may be an equation"),
    ("x + 1 = y = 2", 1, 11, "exactly one '='"),
    ("(x**2 + y**2 = 25)", 1, None, "outside all brackets"),
    ("= 5", 1, 1, "nothing on the left of '='"),
    ("x + 1 =", 1, 7, "nothing on the right of '='"),
    ("F = x\nF + y = 2", 2, 7, "'F' is reserved"),
    ("1e999 * x", 1, 1, "too large"),
    ("x ×2", 1, 3, "invalid character"),
]


@pytest.mark.parametrize("text, line, column, fragment", ERRORS)
def test_errors_name_the_problem_and_the_place(text, line, column, fragment):
    err = error_of(text)
    assert isinstance(err, GraphvizAppError)
    assert fragment in err.reason
    assert err.line == line
    if column is not None:
        assert err.column == column
    assert str(err).startswith(f"line {line}, column ")


@pytest.mark.parametrize("text", ["", "   \n\t\n", "# only a comment\n"])
def test_empty_input(text):
    err = error_of(text)
    assert "empty input" in err.reason and err.line is None


def test_not_text_and_null_character():
    assert "must be text" in error_of(42).reason
    assert "null character" in error_of("x\x00").reason


def test_python_warnings_do_not_escape():
    # '\d' is an invalid escape: Python warns while parsing it; pytest makes warnings errors.
    assert "strings" in error_of("'\\d' + x").reason
    assert error_of("0x1for x").line == 1


EVIL = [
    "__import__('os').system('touch pwned')",
    "().__class__.__bases__",
    "open('f')",
    "open('pwned', 'w')",
    "lambda: 0",
    "[x for x in y]",
    "x.real",
    'exec(\'open("pwned", "w")\')',
    "sin(__import__('os').system('touch pwned'))",
    "import os; os.system('touch pwned')",
]


@pytest.mark.parametrize("text", EVIL)
def test_code_is_refused_without_side_effects(text, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ExpressionError):
        parse(text, {"x": 1.0, "y": 2.0})
    assert not (tmp_path / "pwned").exists()
    assert os.listdir(tmp_path) == []


# --- size and depth -----------------------------------------------------------------------


def test_length_limit():
    err = error_of("x" + " " * MAX_LENGTH)
    assert "10,000" in err.reason and "10,001" in err.reason
    terms = "+".join(f"sin({i % 97}*x)" for i in range(1200))
    text = terms[: MAX_LENGTH - 10]
    text = text[: text.rfind("+")]
    text += " " * (MAX_LENGTH - len(text))
    assert len(text) == MAX_LENGTH
    parsed = parse(text, {"x": 0.01})
    count = text.count("sin(")
    ev = evaluate(parsed.graph)
    expected = sum(math.sin((i % 97) * 0.01) for i in range(count))
    assert ev.output_value == pytest.approx(expected, rel=1e-12)


def test_nesting_within_the_parser_limit_works():
    _parsed, ev = run("(" * 150 + "x + 1" + ")" * 150 + " * " + "sin(" * 60 + "x" + ")" * 60, x=0.5)
    inner = 0.5
    for _ in range(60):
        inner = math.sin(inner)
    assert ev.output_value == pytest.approx(1.5 * inner, rel=1e-12)
    # a chain of 1,500 operations is built without recursion
    _parsed, ev = run("x" + "+x" * 1499, x=2)
    assert ev.output_value == 3000.0 and ev.grads["x"] == 1500.0


DEEP_SCRIPT = """
import sys
from graphviz_app.builders.expression import parse
from graphviz_app.errors import ExpressionError
texts = [
    "(" * 500 + "x" + ")" * 500,
    "sin(" * 500 + "x" + ")" * 500,
    "-" * 9999 + "x",
    "x" + "+x" * 4999,
    "x" + "**x" * 4999,
    "x" + "^x" * 4999,
    "[" * 500 + "]" * 500,
    "(" * 5000 + ")" * 5000,
]
for text in texts:
    try:
        parse(text)
        print("graph")
    except ExpressionError as exc:
        print("ExpressionError", exc)
"""


def test_deep_nesting_never_crashes_the_process():
    done = subprocess.run(
        [sys.executable, "-c", DEEP_SCRIPT], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 8
    assert all(line == "graph" or line.startswith("ExpressionError") for line in lines)
    assert "nested parentheses" in lines[0]


@pytest.mark.parametrize("text", ["(" * 500 + "x" + ")" * 500, "-" * 9999 + "x"])
def test_deep_nesting_in_process(text):
    with pytest.raises(ExpressionError, match=r"nested|split"):
        parse(text)


def test_a_chain_of_5000_operations_is_a_graph_or_a_clear_error():
    # Python 3.11's parser refuses chains longer than about 3,000; 3.10 and 3.13 accept them.
    try:
        parsed = parse("x" + "+x" * 4999, {"x": 2})
    except ExpressionError as exc:
        assert "split it into named steps" in exc.reason
    else:
        ev = evaluate(parsed.graph)
        assert ev.output_value == 10000.0 and ev.grads["x"] == 5000.0
