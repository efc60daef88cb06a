"""Second derivatives: against sympy on random expressions, finite differences on random networks."""

from __future__ import annotations

import itertools
import json
import random
import re

import numpy as np
import pytest
import sympy as sp

import graphviz_app.core  # noqa: F401  (registers the ops)
from graphviz_app.core import graph as G
from graphviz_app.core.evaluate import evaluate
from graphviz_app.core.hessian import MAX_HESSIAN_INPUTS, hessian, hessian_check, hvp
from graphviz_app.errors import GraphError
from graphviz_app.files import load_source

NAMES = ("x", "y", "z")
UNARY = ("sin", "cos", "tanh", "arctan", "sigmoid", "exp", "log", "sqrt")


def random_expression(rng: random.Random, depth: int) -> str:
    """Text in the expression language, inside every function's domain (log and √ of 1 + u²)."""
    if depth == 0 or rng.random() < 0.2:
        return rng.choice(NAMES) if rng.random() < 0.9 else str(rng.choice([2, 3, 0.5]))
    kind = rng.random()
    a = random_expression(rng, depth - 1)
    if kind < 0.4:
        f = rng.choice(UNARY)
        if f in ("log", "sqrt"):
            return f"{f}(1 + ({a})**2)"
        if f == "exp":
            return f"exp(({a})/3)"
        return f"{f}({a})"
    b = random_expression(rng, depth - 1)
    op = rng.choice(["+", "-", "*", "/", "**"])
    if op == "/":
        return f"({a})/(2 + ({b})**2)"
    if op == "**":
        return f"({a})**{rng.choice([2, 3])}"
    return f"({a}){op}({b})"


def sympy_of(text: str):
    symbols = {n: sp.Symbol(n, real=True) for n in NAMES}
    namespace = {
        **symbols,
        "sin": sp.sin,
        "cos": sp.cos,
        "tanh": sp.tanh,
        "arctan": sp.atan,
        "exp": sp.exp,
        "log": sp.log,
        "sqrt": sp.sqrt,
        "sigmoid": lambda u: 1 / (1 + sp.exp(-u)),
    }
    return sp.sympify(text, locals=namespace), symbols


@pytest.mark.parametrize("seed", range(16))
def test_hessian_agrees_with_sympy_on_random_expressions(seed):
    rng = random.Random(seed)
    text = random_expression(rng, 4)
    point = {n: rng.uniform(-1.5, 1.5) for n in NAMES}
    wrt = [n for n in NAMES if re.search(rf"\b{n}\b", text)]
    loaded = load_source(text, {n: point[n] for n in wrt})
    h = hessian(loaded.graph, loaded.values, wrt=wrt)
    expr, symbols = sympy_of(text)
    subs = {symbols[n]: point[n] for n in NAMES}
    for a in wrt:
        for b in wrt:
            exact = float(sp.diff(expr, symbols[a], symbols[b]).evalf(30, subs=subs))
            assert h.matrix[a][b] == pytest.approx(exact, rel=1e-7, abs=1e-9), (text, a, b)


def random_network(seed: int, tmp_path) -> dict:
    rng = np.random.default_rng(seed)
    sizes = [int(rng.integers(1, 4)) for _ in range(int(rng.integers(2, 4)))]
    activations = ["sigmoid", "tanh", "softplus", "identity", "relu"]
    layers = [
        {
            "weights": rng.normal(size=(n_out, n_in)).round(3).tolist(),
            "bias": rng.normal(size=n_out).round(3).tolist(),
            "activation": str(rng.choice(activations)),
        }
        for n_in, n_out in itertools.pairwise(sizes)
    ]
    loss = str(rng.choice(["half_mse", "mse"]))
    if seed % 3 == 0:
        layers[-1]["activation"] = "sigmoid"
        loss = "bce"
    spec = {
        "input": rng.normal(size=sizes[0]).round(3).tolist(),
        "target": rng.uniform(0.1, 0.9, size=sizes[-1]).round(3).tolist(),
        "layers": layers,
        "loss": loss,
    }
    path = tmp_path / f"net{seed}.json"
    path.write_text(json.dumps(spec))
    return load_source(str(path), view="neuron")


@pytest.mark.parametrize("seed", range(6))
def test_network_hessian_and_hvp_agree_with_differences_of_the_gradient(seed, tmp_path):
    loaded = random_network(seed, tmp_path)
    g, values = loaded.graph, loaded.values
    assert all(c.ok for c in hessian_check(g, values)), [c for c in hessian_check(g, values) if not c.ok]
    params = [n for n in G.leaves(g) if g.nodes[n][G.KIND] == G.PARAM]
    rng = np.random.default_rng(seed)
    v = {p: float(rng.normal()) for p in params}
    hv = hvp(g, v, values)
    base = {n: evaluate(g, values).values[n] for n in G.leaves(g, (G.INPUT, G.PARAM, G.TARGET))}
    h = 1e-5
    plus = evaluate(g, {**base, **{p: base[p] + h * v[p] for p in params}}).grads
    minus = evaluate(g, {**base, **{p: base[p] - h * v[p] for p in params}}).grads
    for p in params:
        fd = (plus[p] - minus[p]) / (2 * h)
        assert hv[p] == pytest.approx(fd, rel=1e-5, abs=1e-7), p


def test_hessian_is_symmetric_and_right_for_a_product():
    loaded = load_source("x**2*y + exp(x*y)", {"x": 0.4, "y": -0.7})
    h = hessian(loaded.graph, loaded.values)
    x, y = 0.4, -0.7
    e = np.exp(x * y)
    exact = np.array([[2 * y + y * y * e, 2 * x + e + x * y * e], [2 * x + e + x * y * e, x * x * e]])
    np.testing.assert_allclose(h.array(), exact, rtol=1e-12)


def test_too_many_inputs_are_refused():
    text = " + ".join(f"x{i}*x{i}" for i in range(MAX_HESSIAN_INPUTS + 1))
    loaded = load_source(text, {f"x{i}": 0.5 for i in range(MAX_HESSIAN_INPUTS + 1)})
    with pytest.raises(GraphError, match="at most"):
        hessian(loaded.graph, loaded.values)
