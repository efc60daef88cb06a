"""The op table's templates filled by the caption grammar: every formula computes its VJP."""

from __future__ import annotations

import math
import re

import pytest

import graphviz_app.core  # noqa: F401  (registers the ops)
from graphviz_app.core import functions as F
from graphviz_app.core.ops import REGISTRY, TENSOR, get_op
from graphviz_app.session.prose.notation import ATOM, describe, local, render

# ops written out as formulas of numbers: not rules for arrays, every argument differentiable
SCALAR_OPS = sorted(name for name, spec in REGISTRY.items() if spec.kind != TENSOR and None not in spec.vjps)
# a point inside every scalar op's domain (positive base for pow and log, ŷ in (0, 1) for bce)
POINT = (0.7, 1.3)


def as_python(formula: str) -> str:
    """A caption formula of numbers as Python: true minus, ×, √, superscripts, σ, ln, f²(x)."""
    text = formula.replace("−", "-").replace(" × ", "*").replace("·", "*").replace("^", "**")
    text = re.sub(r"(\w+)([⁰¹²³⁴⁵⁶⁷⁸⁹]+)\(([^()]*)\)", r"(\1(\3))\2", text)  # tan²(x) -> (tan(x))²
    text = re.sub(r"(\d)√", r"\1*√", text)
    text = re.sub(r"√(\([^)]*\)|[\w.]+)", r"sqrt(\1)", text)
    text = re.sub(r"(\d)(\()", r"\1*\2", text).replace("σ", "sigmoid").replace("ln(", "log(")
    raised = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
    return re.sub(r"[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+", lambda m: f"**({m.group().translate(raised)})", text)


NAMESPACE = {
    name: getattr(F, name) for name in ("sin", "cos", "tan", "tanh", "exp", "log", "sqrt", "sigmoid", "sign")
}


def test_there_are_scalar_ops_of_every_kind():
    kinds = {get_op(name).kind for name in SCALAR_OPS}
    assert kinds == {"arithmetic", "elementwise", "loss"}
    assert {"mul", "sigmoid", "mse", "arctan"} <= set(SCALAR_OPS)


@pytest.mark.parametrize("name", SCALAR_OPS)
def test_caption_formula_computes_the_vjp(name):
    """The caption twin of the finite-difference test: for every scalar op and argument, the
    local derivative the caption writes, evaluated, is the VJP with upstream 1."""
    spec = get_op(name)
    args = [float(v) for v in POINT[: spec.arity]]
    out = spec.forward(*args)
    for position in range(spec.arity):
        vjp = spec.vjp(position)(F, 1.0, out, *args)
        term = local(name, position, [(repr(v), ATOM) for v in args], numeric=True)
        assert term is not None, name
        value = eval(as_python(term[0]), dict(NAMESPACE))
        assert value == pytest.approx(float(vjp), rel=1e-12), (name, position, term[0])


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_op_is_written_and_described(name):
    spec = get_op(name)
    args = [(p, ATOM) for p in spec.params]
    assert render(name, args)[0]
    assert all(describe(spec, i) for i in range(spec.arity))


def test_sigmoid_caption_text():
    assert describe(get_op("sigmoid"), 0) == "σ(z)·(1 − σ(z))"


def test_rules_for_arrays_name_the_upstream_gradient():
    assert describe(get_op("matmul"), 0) == "upstream · aᵀ"
    assert describe(get_op("mse"), 0) == "2·(ŷ − y)/n"
    assert local("mse", 0, [("a", ATOM), ("y", ATOM)])[0] == "2·(a − y)"  # one number: n = 1


def test_the_python_translation_itself():
    assert eval(as_python("1 + tan²(0.5)"), dict(NAMESPACE)) == pytest.approx(1 + math.tan(0.5) ** 2)
