"""The fast passes of a scalar graph as runs of like steps, each run one tight loop.

Read :mod:`.fast_passes` first. Its loops spend most of their time deciding,
node by node and edge by edge, what the plan already knows: which op, which
arguments, whether a gradient has arrived yet, whether an edge is used twice.
For a graph whose numbers are all plain Python floats (an expression, a
network's neuron view) none of that depends on the numbers. So a plan is cut,
once, into *runs*: consecutive steps of the same shape (the same op, the same
arguments that get a gradient), each run one loop written for that shape over
the rows of node and edge indices, e.g. every product of a layer::

    for i, a0, a1, k0, k1 in rows:
        u = gr[i]; x0 = v[a0]; x1 = v[a1]
        p = 1.0 * x1; lo[k0] = p; s = u * p; co[k0] = s; gr[a0] = gr[a0] + s
        p = 1.0 * x0; lo[k1] = p; s = u * p; co[k1] = s; gr[a1] = gr[a1] + s

The loop of a shape is written and compiled once per process (a few dozen
shapes exist); compiling a whole graph's passes as straight-line code was tried
and costs about 60 ms per 1,000 nodes, far more than it saves.

The same numbers, to the last bit, as :mod:`.fast_passes` and the reference:

- the runs keep the plan's order, node by node and edge by edge;
- every op is computed by its op table entry (``spec.forward``, and its VJP
  ``rule(F, 1.0, y, a, b)`` for a local derivative), except the four arithmetic
  ops and negation, whose expressions are written inline (:data:`INLINE_FORWARD`,
  :data:`INLINE_LOCAL`: the table's own rules with upstream 1.0 and two floats,
  operator for operator; a test checks them against the table on every float
  that matters);
- a node's contributions are summed in the backward order, the first added to
  ``0.0`` (its gradient starts at 0.0, so ``0.0 + s`` as the fast passes do);
- the runs are only *tried*: they hold while every number is a float and stays
  finite. A Python float raises where IEEE gives ∞ or nan (1/0), and a
  non-finite number needs its flag; on any of these (an exception, a value that
  is not a float, a sum of the values that is not finite) the caller runs
  :mod:`.fast_passes` instead, which computes everything again, the IEEE way.
"""

from __future__ import annotations

from itertools import groupby
from typing import Any

from graphviz_app.core import functions as F
from graphviz_app.core.ops import get_op
from graphviz_app.core.values import clean

__all__ = ["INLINE_FORWARD", "INLINE_LOCAL", "NotScalarError", "Runs", "runs_of"]

INLINE_FORWARD = {
    "add": "{0} + {1}",
    "sub": "{0} - {1}",
    "mul": "{0} * {1}",
    "div": "{0} / {1}",
    "neg": "-{0}",
}
"""Ops whose forward on floats is one Python operator: their ``spec.forward``, written out."""

INLINE_LOCAL = {
    ("add", 0): "1.0",
    ("add", 1): "1.0",
    ("sub", 0): "1.0",
    ("sub", 1): "-1.0",
    ("mul", 0): "{1}",
    ("mul", 1): "{0}",
    ("div", 0): "1.0 / {1}",
    ("div", 1): "-1.0 * {0} / ({1} * {1})",
    ("neg", 0): "-1.0",
}
"""``rule(F, 1.0, y, a, b)`` on floats, written out: the op table's VJPs with upstream 1.0
(``unbroadcast_like`` of two floats is its first argument). The product's ``1.0 * b`` is
written ``b``: multiplying by one is exact in IEEE arithmetic, bit for bit (a nan keeps its
payload); for the same reason an edge whose local derivative is ``1.0`` sends back ``u``
itself rather than ``u * 1.0``. That spares a float per edge of a sum or a product."""


class NotScalarError(Exception):
    """Raised by a run when an op gives something other than a float."""


def _scalar(value: Any) -> float:
    """A value as the passes keep it, when it is a float; else :class:`NotScalarError`."""
    value = clean(value)
    if type(value) is not float:
        raise NotScalarError
    return value


class Runs:
    """A plan's forward pass, and its backward pass from each output, as runs (see the module).

    It keeps no reference to its plan (the plan keeps it: a cycle would leave both to
    the cyclic garbage collector); :meth:`backward` is handed the plan."""

    def __init__(self, plan: Any):
        self.n_leaves = len(plan.leaves)
        self.n_ops = len(plan.ops)
        self.ops = {i: spec.name for i, _, spec, _, _, _ in plan.ops}
        self.forward_runs = [
            (_forward_loop(*key), [(i, *parents) for i, _, _, parents, _, _ in steps])
            for key, steps in groupby(plan.ops, key=lambda op: (op[2].name, len(op[3])))
        ]
        self.grads_start = [0.0 if need else None for need in plan.need]
        self._backward: dict[str, list[tuple[Any, list[tuple[int, ...]]]]] = {}

    def forward(self, v: list[Any]) -> None:
        """Every op node's value into ``v``, which holds the leaves' values and room for the rest."""
        for loop, rows in self.forward_runs:
            loop(v, rows)

    def backward(self, plan: Any, out: str, v: list[Any]) -> tuple[list[Any], list[Any], list[Any]]:
        """The backward pass of ``plan`` (this one's) from ``out`` on the values ``v``:
        (grads, local, contributions) as lists."""
        runs = self._backward.get(out)
        if runs is None:
            runs = self._backward[out] = self._backward_runs(plan, out)
        gr = list(self.grads_start)
        lo: list[Any] = [None] * len(plan.edges)
        co: list[Any] = [None] * len(plan.edges)
        o = plan.index[out]
        if plan.need[o]:
            gr[o] = 1.0
        for loop, rows in runs:
            loop(v, gr, lo, co, rows)
        return gr, lo, co

    def _backward_runs(self, plan: Any, out: str) -> list[tuple[Any, list[tuple[int, ...]]]]:
        steps = []
        for i, parents, _, _, rules in plan.backward(out)[2]:
            if rules:
                seen: set[int] = set()
                shape = []
                for position, _, _, k, _ in rules:
                    shape.append((position, k in seen))  # an edge used twice (x · x): the second adds
                    seen.add(k)
                key = (self.ops[i], len(parents), tuple(shape))
                steps.append((key, (i, *parents, *(k for _, _, _, k, _ in rules))))
        return [
            (_backward_loop(*key), [row for _, row in group])
            for key, group in groupby(steps, key=lambda step: step[0])
        ]


def runs_of(plan: Any) -> Runs | None:
    """The runs of ``plan``, or None when its leaves are not exactly its first nodes.

    (They always are for a plan of :class:`~.plan.Plan`: Kahn's first generation
    is the nodes without arguments. An op without arguments would be one of them.)
    """
    n = len(plan.leaves)
    if [i for i, _ in plan.leaves] != list(range(n)) or any(not op[3] for op in plan.ops):
        return None
    return Runs(plan)


# --- the loops, one per shape of step, written once per process ----------------------------------

_LOOPS: dict[tuple, tuple[Any, Any]] = {}  # shape -> (the op's spec, the loop)


def _forward_loop(op: str, arity: int) -> Any:
    """``run(v, rows)``: each row ``(i, a0, a1…)`` of an op of ``arity`` arguments sets ``v[i]``."""
    spec = get_op(op)
    known = _LOOPS.get(("forward", op, arity))
    if known is not None and known[0] is spec:  # (a custom op may have been registered anew)
        return known[1]
    names = [f"a{n}" for n in range(arity)]
    args = [f"v[{name}]" for name in names]
    inline = INLINE_FORWARD.get(op)
    if inline is not None and arity == inline.count("{"):
        body = [f"v[i] = {inline.format(*args)}"]
    else:
        body = [f"x = f({', '.join(args)})", "v[i] = x if x.__class__ is float else _scalar(x)"]
    found = _loop("v, rows", ["i", *names], body, {"f": spec.forward})
    _LOOPS["forward", op, arity] = (spec, found)
    return found


def _backward_loop(op: str, arity: int, shape: tuple[tuple[int, bool], ...]) -> Any:
    """``run(v, gr, lo, co, rows)``: each row ``(i, a0, a1…, k0, k1…)`` sends back along its edges ``k``.

    ``shape`` lists, for each edge that gets a contribution, the argument's position
    and whether it adds to the edge's first position (x · x)."""
    spec = get_op(op)
    known = _LOOPS.get(("backward", op, arity, shape))
    if known is not None and known[0] is spec:
        return known[1]
    names = [f"a{n}" for n in range(arity)]
    xs = [f"x{n}" for n in range(arity)]
    body = ["u = gr[i]", *(f"{x} = v[{a}]" for x, a in zip(xs, names))]
    namespace: dict[str, Any] = {}
    for r, (position, adds) in enumerate(shape):
        inline = INLINE_LOCAL.get((op, position))
        if inline is not None and arity == spec.arity:
            body.append(f"p = {inline.format(*xs)}")
        else:
            namespace[f"r{position}"] = spec.vjps[position]
            body.append(f"p = r{position}(F, 1.0, v[i], {', '.join(xs)})")
            body.append("if p.__class__ is not float: p = _scalar(p)")
        k = f"k{r}"
        sent = "s = u" if inline == "1.0" else "s = u * p"  # (u × 1.0 is u, bit for bit)
        if adds:
            body.append(f"lo[{k}] = lo[{k}] + p; {sent}; co[{k}] = co[{k}] + s")
        else:
            body.append(f"lo[{k}] = p; {sent}; co[{k}] = s")
        body.append(f"gr[{names[position]}] = gr[{names[position]}] + s")
    rows = ["i", *names, *(f"k{r}" for r in range(len(shape)))]
    found = _loop("v, gr, lo, co, rows", rows, body, namespace)
    _LOOPS["backward", op, arity, shape] = (spec, found)
    return found


def _loop(params: str, row: list[str], body: list[str], namespace: dict[str, Any]) -> Any:
    source = f"def run({params}):\n    for {', '.join(row)}, in rows:\n        " + "\n        ".join(body)
    namespace.update(F=F, _scalar=_scalar)
    exec(compile(source, "<scalar run>", "exec"), namespace)  # defines the one function run
    return namespace.pop("run")  # (its globals do not hold it: no reference cycle)
