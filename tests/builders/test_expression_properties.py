"""Property tests of the expression language (hypothesis).

1. Whatever the text, :func:`parse` raises nothing but ExpressionError, and a
   graph it returns can be evaluated.
2. Random formulas: the gradient the graph computes agrees with sympy's exact
   derivative and with central finite differences. The strategy builds the text
   and the sympy expression side by side, so sympy never reads our text.
"""

from __future__ import annotations

import math

import sympy
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from graphviz_app.builders.expression import parse
from graphviz_app.core import graph as G
from graphviz_app.core.evaluate import evaluate, forward
from graphviz_app.errors import ExpressionError

SETTINGS = settings(max_examples=150, deadline=None)

TOKENS = [
    "x",
    "y",
    "t1",
    "pi",
    "e",
    "sin",
    "sigmoid",
    "sinn",
    "exp",
    "log",
    "0",
    "2",
    ".5",
    "1e-3",
    "1e400",
    "(",
    ")",
    "[",
    "]",
    "+",
    "-",
    "*",
    "/",
    "**",
    "^",
    "=",
    "==",
    ";",
    "\n",
    " ",
    ",",
    ".",
    "#",
    "'",
    ":",
    "lambda",
    "if",
    "else",
    "import",
    "__class__",
    "j",
    "\t",
    "\\",
    "=",
    "σ",
    "×",
    "−",
]


def parse_or_refuse(text: str) -> None:
    try:
        parsed = parse(text)
    except ExpressionError:
        return
    values = {name: 0.7 for name in parsed.inputs}
    ev = evaluate(parsed.graph, values)  # whatever parses, evaluates
    assert ev.output == parsed.output


@SETTINGS
@given(st.text(max_size=200))
def test_any_text_gives_a_graph_or_an_expression_error(text):
    parse_or_refuse(text)


@SETTINGS
@given(st.text(alphabet="xyz0123456789.+-*/^()=;, \n#eπ_abcdijklnopqrstuw[]{}:'!<>%&|~@", max_size=80))
def test_expression_characters_give_a_graph_or_an_expression_error(text):
    parse_or_refuse(text)


@SETTINGS
@given(st.lists(st.sampled_from(TOKENS), max_size=30).map("".join))
def test_token_soup_gives_a_graph_or_an_expression_error(text):
    parse_or_refuse(text)


# --- random formulas against sympy and finite differences ------------------------------------------

X, Y = sympy.symbols("x y", real=True)

UNARY = {
    "exp": sympy.exp,
    "log": sympy.log,
    "sqrt": sympy.sqrt,
    "sin": sympy.sin,
    "cos": sympy.cos,
    "tan": sympy.tan,
    "tanh": sympy.tanh,
    "sigmoid": lambda z: 1 / (1 + sympy.exp(-z)),
    "relu": lambda z: (z + sympy.Abs(z)) / 2,
    "softplus": lambda z: sympy.log(1 + sympy.exp(z)),
    "abs": sympy.Abs,
}
BINARY = {"+": sympy.Add, "-": lambda a, b: a - b, "*": sympy.Mul, "/": lambda a, b: a / b}

leaf = st.one_of(
    st.sampled_from([("x", X), ("y", Y)]),
    st.sampled_from([("x", X), ("y", Y)]),
    st.integers(1, 5).map(lambda n: (str(n), sympy.Integer(n))),
    st.just(("0.5", sympy.Rational(1, 2))),
)


def _extend(children):
    binary = st.tuples(st.sampled_from(sorted(BINARY)), children, children).map(
        lambda t: (f"({t[1][0]}) {t[0]} ({t[2][0]})", BINARY[t[0]](t[1][1], t[2][1]))
    )
    power = st.tuples(children, st.integers(-2, 3), st.sampled_from(["**", "^"])).map(
        lambda t: (f"({t[0][0]}){t[2]}{t[1]}" if t[1] >= 0 else f"({t[0][0]}){t[2]}({t[1]})", t[0][1] ** t[1])
    )
    unary = st.tuples(st.sampled_from(sorted(UNARY)), children).map(
        lambda t: (f"{t[0]}({t[1][0]})", UNARY[t[0]](t[1][1]))
    )
    negated = children.map(lambda c: (f"-({c[0]})", -c[1]))
    return st.one_of(binary, power, unary, negated)


formulas = _extend(st.recursive(leaf, _extend, max_leaves=8)).filter(lambda f: f[1].free_symbols)
points = st.one_of(st.floats(-2.5, -1e-3), st.floats(1e-3, 2.5))


def _real(expr, x, y) -> float | None:
    value = complex(expr.evalf(30, subs={X: x, Y: y}))
    return value.real if abs(value.imag) < 1e-12 and math.isfinite(value.real) else None


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow]
)
@given(formulas, points, points)
def test_gradients_agree_with_sympy_and_finite_differences(formula, x, y):
    text, exact = formula
    parsed = parse(text)
    values = {"x": x, "y": y}
    ev = evaluate(parsed.graph, {k: v for k, v in values.items() if k in parsed.inputs})
    numbers = [v for v in ev.values.values()] + [g for g in ev.grads.values() if g is not None]
    assume(all(math.isfinite(v) and abs(v) < 1e6 for v in numbers))
    # away from the kinks of relu and abs, where the derivative jumps
    kinks = [
        G.parents(parsed.graph, n)[0] for n, op in parsed.graph.nodes(data=G.OP) if op in ("relu", "abs")
    ]
    assume(all(abs(ev.values[k]) > 1e-3 for k in kinks))
    # rounding errors grow with the largest number met on the way
    scale = 1 + max(abs(v) for v in numbers)

    def f(**point):
        point = {k: v for k, v in point.items() if k in parsed.inputs}
        return forward(parsed.graph, point)[1][parsed.output]

    expected = _real(exact, x, y)
    assert expected is not None and abs(ev.output_value - expected) <= 1e-12 * scale * len(numbers)
    for name, symbol in (("x", X), ("y", Y)):
        if name not in parsed.inputs:
            continue
        ours = ev.grads[name]
        truth = _real(sympy.diff(exact, symbol), x, y)
        assume(truth is not None)
        assert abs(ours - truth) <= 1e-12 * scale * len(numbers), (text, name, ours, truth)
        # central differences at two step sizes; trust them only when they agree with each other
        h = 1e-5 * max(1.0, abs(values[name]))
        fd = []
        for step in (h, h / 2):
            up, down = dict(values), dict(values)
            up[name] += step
            down[name] -= step
            fd.append((f(**up) - f(**down)) / (2 * step))
        assume(all(math.isfinite(d) for d in fd))
        assume(abs(fd[0] - fd[1]) <= 1e-5 * (1 + abs(fd[1])))
        assert abs(ours - fd[1]) <= 1e-4 * (1 + abs(ours)), (text, name, ours, fd)
        event(f"checked d/d{name}")
