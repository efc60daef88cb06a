"""The chain rule as a sum over paths, ready to show: what the paths and accumulation panels display.

For a scalar graph the derivative of a target with respect to a source is a sum
with one term per path from the source to the target; each term multiplies the
local derivatives ∂child/∂parent along its path::

    ∂z/∂t = Σ over paths of ∂z/∂… · … · ∂…/∂t

:class:`PathSum` holds one (source, target) pair. It counts the paths exactly at
once (dynamic programming, :func:`~graphviz_app.core.paths.count_paths`) and
enumerates them lazily, a page at a time, so a network with 2^40 paths shows its
first hundred immediately. Each :class:`PathRow` writes its factors in chain
order, from the target back to the source, with their numbers (negatives in
parentheses). The sum of the products is compared with the backprop gradient;
above :data:`SUM_LIMIT` paths only the ones listed are summed.

:mod:`graphviz_app.session.accumulation` shows the same rule from a node's
point of view.

:func:`slide_text` and :func:`slide_latex` write the sum for a slide.

Examples
--------
>>> from graphviz_app.session.session import Session
>>> s = Session()
>>> s.open_source("example:multipath")
>>> ps = PathSum(s.evaluation, "t")
>>> ps.count, ps.fetch()[0].text
(3, '∂z/∂(x²) · ∂(x²)/∂x · ∂x/∂t = 1 × 1.755 × (−0.4794) = −0.8415')
>>> total = ps.total()
>>> total.complete, format_value(total.sum), total.agree
(True, '−0.3012', True)
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np

from graphviz_app.core import graph as G
from graphviz_app.core.evaluate import Evaluation, evaluate, is_scalar
from graphviz_app.core.paths import backprop_cost, count_paths, forward_tangents, path_terms
from graphviz_app.errors import GraphError
from graphviz_app.session.captions import Captions
from graphviz_app.text.numbers import MINUS, SMALL_ARRAY, format_number, format_shape, summarize

__all__ = [
    "MODE_ADVICE",
    "PAGE",
    "SUM_LIMIT",
    "TANGENT_ELEMENT_LIMIT",
    "TANGENT_NODE_LIMIT",
    "BuildStep",
    "PathRow",
    "PathSum",
    "PathTotal",
    "TangentRow",
    "count_text",
    "default_source",
    "factor_text",
    "format_value",
    "latex_name",
    "latex_number",
    "layer_widths",
    "slide_latex",
    "slide_text",
    "width_explanation",
]

Edge = tuple[str, str]

PAGE = 100
"""Paths listed at a time."""
SUM_LIMIT = 10_000
"""Up to this many paths all are summed; beyond, only the paths listed."""
TANGENT_NODE_LIMIT = 3000
"""Forward-mode tangents are computed for graphs of at most this many nodes."""
TANGENT_ELEMENT_LIMIT = 1_000_000
"""…and when the tangent matrices (node size × source size) hold at most this many numbers."""
MODE_ADVICE = (
    "Forward mode carries d(node)/d(source) forward from one input: one pass per input, "
    "cheap with few inputs and many outputs. Reverse mode (backprop) carries ∂target/∂node "
    "back from one output: one pass per output, cheap for one loss and many parameters."
)


# --- numbers and names as text ---------------------------------------------------------------


def format_value(x: Any) -> str:
    """A sum, gradient or product: a number, a short array, or an array's shape and range."""
    return summarize(x)


def factor_text(x: Any) -> str:
    """A factor of a product: a number (in parentheses when negative), or a Jacobian.

    >>> factor_text(-0.479425538604203), factor_text(1.0), factor_text(np.ones((2, 3)))
    ('(−0.4794)', '1', 'J(2×3)')
    """
    if is_scalar(x):
        text = format_number(x)
        return f"({text})" if text.startswith(MINUS) else text
    if np.size(x) <= SMALL_ARRAY:
        return format_number(x)
    return f"J({format_shape(np.shape(x))})"


def count_text(n: int) -> str:
    """A path count with thousands separators, and its order of magnitude when huge.

    >>> count_text(3), count_text(2 ** 41)
    ('3', '2,199,023,255,552 (≈ 2.2 × 10¹²)')
    """
    if n < 10_000_000:
        return f"{n:,}"
    exponent = math.floor(math.log10(n))
    mantissa = n / 10**exponent
    return f"{n:,} (≈ {mantissa:.2g} × 10{_superscript(exponent)})"


def _superscript(n: int) -> str:
    return str(n).translate(str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻"))


_LATEX_FUNCTIONS = re.compile(r"\b(sin|cos|tan|tanh|exp|log)\b")
_LATEX_RAISED = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+")
_LATEX_WORDS = {
    "·": r" \cdot ",
    "×": r" \times ",
    "÷": r" \div ",
    MINUS: "-",
    "σ": r"\sigma ",
    "Σ": r"\Sigma ",
    "½": r"\tfrac{1}{2}",
    "√": r"\surd ",
    "ᵀ": r"^{\top}",
    "#": r"\#",
    "_": r"\_",
    "ŷ": r"\hat{y}",
    "∞": r"\infty ",
}


def latex_name(name: str) -> str:
    """A node's name as LaTeX math: ``x²`` → ``x^{2}``, ``x·y`` → ``x \\cdot y``, ``sin(t)`` → ``\\sin(t)``.

    >>> latex_name("x²"), latex_name("x·y"), latex_name("sin(t)"), latex_name("add#5")
    ('x^{2}', 'x \\\\cdot y', '\\\\sin(t)', 'add\\\\#5')
    """
    text = _LATEX_FUNCTIONS.sub(r"\\\1", name)
    text = _LATEX_RAISED.sub(
        lambda m: "^{" + m.group(0).translate(str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")) + "}", text
    )
    return "".join(_LATEX_WORDS.get(ch, ch) for ch in text)


def latex_number(x: Any, parenthesize: bool = False) -> str:
    """A number as LaTeX: ASCII minus, powers of ten written out; arrays by their shape.

    >>> latex_number(-0.479425538604203, parenthesize=True), latex_number(1.2e-05)
    ('(-0.4794)', '1.2 \\\\times 10^{-5}')
    """
    if not is_scalar(x):
        if np.size(x) <= SMALL_ARRAY:
            rows = np.atleast_2d(np.asarray(x, dtype=float))
            body = r" \\ ".join(" & ".join(latex_number(v) for v in row) for row in rows)
            return r"\begin{bmatrix} " + body + r" \end{bmatrix}"
        return r"\mathrm{array}_{" + r" \times ".join(str(n) for n in np.shape(x)) + "}"
    text = format_number(x)
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = rf"{mantissa} \times 10^{{{int(exponent)}}}"
    text = text.replace("∞", r"\infty").replace(MINUS, "-")
    return f"({text})" if parenthesize and text.startswith("-") else text


def _elide(parts: tuple[str, ...], keep: int, sep: str, what: str) -> str:
    if len(parts) <= 2 * keep + 1:
        return sep.join(parts)
    hidden = len(parts) - 2 * keep
    return sep.join((*parts[:keep], f"… {hidden} {what}s …", *parts[-keep:]))


def _latex_factor(x: Any) -> str:
    """A factor as LaTeX: a number, a small matrix, or ``J_{3 \\times 2}`` for a Jacobian."""
    if is_scalar(x) or np.size(x) <= SMALL_ARRAY:
        return latex_number(x, parenthesize=True)
    return r"J_{" + r" \times ".join(str(n) for n in np.shape(x)) + "}"


# --- one path ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BuildStep:
    """One frame of building a path's product from the target back: what is lit and the product so far."""

    nodes: tuple[str, ...]
    edges: tuple[Edge, ...]
    text: str
    value: Any


@dataclass(frozen=True)
class PathRow:
    """One path and its term of the sum, written out.

    ``nodes`` run from the source to the target and ``factors[i]`` is the local
    derivative of the edge ``nodes[i] → nodes[i+1]`` (as in
    :class:`~graphviz_app.core.paths.PathTerm`); the texts list them the other
    way, in chain order from the target back to the source.
    """

    index: int
    nodes: tuple[str, ...]
    factors: tuple[Any, ...]
    product: Any
    names: tuple[str, ...]  # what captions call each node, source first
    symbols: tuple[str, ...]  # "∂z/∂(x²)", … target first
    numbers: tuple[str, ...]  # "1", … target first

    @property
    def edges(self) -> tuple[Edge, ...]:
        return tuple(zip(self.nodes, self.nodes[1:]))

    @property
    def route(self) -> str:
        """``t → x → x² → z``."""
        return " → ".join(self.names)

    @property
    def chain(self) -> str:
        return " · ".join(self.symbols)

    @property
    def product_text(self) -> str:
        return format_value(self.product)

    @property
    def text(self) -> str:
        """``∂z/∂x · ∂x/∂t = 0.8776 × (−0.4794) = −0.4207``."""
        return f"{self.chain} = {' × '.join(self.numbers)} = {self.product_text}"

    def short_route(self, keep: int = 3) -> str:
        """The route with the middle left out when it has more than ``2 * keep`` nodes."""
        return _elide(self.names, keep, " → ", "node")

    def short_text(self, keep: int = 3) -> str:
        """:attr:`text` with the middle factors left out when there are more than ``2 * keep``.

        >>> row = PathRow(0, ("a", "b"), (2.0,), 2.0, ("a", "b"), ("∂b/∂a",), ("2",))
        >>> row.short_text()
        '∂b/∂a = 2 = 2'
        """
        symbols = _elide(self.symbols, keep, " · ", "factor")
        return f"{symbols} = {_elide(self.numbers, keep, ' × ', 'factor')} = {self.product_text}"

    @property
    def latex(self) -> str:
        r"""``\underbrace{0.8776 \times (-0.4794)}_{t \to x \to z}``."""
        numbers = r" \times ".join(_latex_factor(f) for f in self.factors[::-1]) or "1"
        route = r" \to ".join(latex_name(n) for n in self.names)
        return rf"\underbrace{{{numbers}}}_{{{route}}}"

    def build_steps(self) -> list[BuildStep]:
        """The product built factor by factor, from the target back to the source (as backprop would).

        Step 0 lights the target alone with ∂target/∂target = 1; step j has multiplied j
        factors and lights the last j edges of the path.
        """
        last = len(self.nodes) - 1
        target = self.nodes[-1]
        steps = [BuildStep((target,), (), f"start at {self.route.split(' → ')[-1]}: product 1", 1.0)]
        running: Any = 1.0
        for j in range(1, last + 1):
            factor = self.factors[last - j]
            if is_scalar(running) and is_scalar(factor):
                running = running * factor
            else:
                running = np.atleast_2d(running) @ np.atleast_2d(factor)
            text = (
                f"{' · '.join(self.symbols[:j])} = {' × '.join(self.numbers[:j])} = {format_value(running)}"
            )
            if j == last:
                text += "  (this path's term)"
            steps.append(BuildStep(self.nodes[last - j :], self.edges[last - j :], text, running))
        return steps


# --- all paths ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PathTotal:
    """The sum of the path products next to the backprop gradient."""

    sum: Any
    summed: int
    complete: bool
    gradient: Any
    agree: bool | None  # None when only some paths were summed


@dataclass(frozen=True)
class TangentRow:
    """One node of the forward/reverse comparison: d(node)/d(source) and ∂target/∂node."""

    node: str
    name: str
    tangent: Any
    adjoint: Any


def _magnitude(x: Any) -> float:
    return abs(x) if type(x) is float else float(np.sum(np.abs(x)))


def _agree(a: Any, b: Any, scale: float) -> bool:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return bool(np.allclose(a, b, rtol=1e-9, atol=1e-12 * max(1.0, scale), equal_nan=True))


class PathSum:
    """The paths from ``source`` to ``target`` in an evaluation, listed lazily, with their sum.

    Parameters
    ----------
    ev:
        The session's evaluation. When ``target`` is not its output, the graph is
        evaluated again with ``target`` as the output, so the gradient compared
        with the sum is ∂target/∂source.
    source, target:
        Node ids; ``target`` defaults to the output.
    names:
        The captions' names of the nodes (built from ``ev`` when not given).
    sum_limit:
        Sum all paths up to this many; beyond, only the ones listed.

    Raises
    ------
    GraphError
        For an unknown node, or a constant source (it has no gradient).
    """

    def __init__(
        self,
        ev: Evaluation,
        source: str,
        target: str | None = None,
        *,
        names: Captions | None = None,
        sum_limit: int = SUM_LIMIT,
    ) -> None:
        g = ev.graph
        target = ev.output if target is None else target
        for node in (source, target):
            if node not in g:
                raise GraphError(f"unknown node '{node}'")
        self.names = names if names is not None and names.ev is ev else Captions(ev)
        self.graph, self.source, self.target, self.sum_limit = g, source, target, sum_limit
        self.count = count_paths(g, source, target)
        if self.count and target != ev.output:
            ev = evaluate(g, {n: ev.values[n] for n in G.leaves(g)}, output=target)
        self.ev = ev
        self.source_shape = tuple(np.shape(ev.values[source]))
        if self.count and ev.grads.get(source) is None:
            raise GraphError(
                f"'{self.names.name(source)}' is a constant: it has no gradient and no paths "
                "to follow; choose an input or a parameter"
            )
        grad = ev.grads.get(source) if self.count else None
        self.gradient = grad if grad is not None else self._as_gradient(0.0)
        self.rows: list[PathRow] = []
        self._prefix: list[Any] = [0.0]  # _prefix[k]: the sum of the first k products
        self._abs: list[float] = [0.0]
        self._terms = path_terms(ev, source, target)
        self._total: PathTotal | None = None
        self._texts: dict[Edge, tuple[str, str]] = {}  # edge -> (∂child/∂parent, its number)

    # --- names -----------------------------------------------------------------------------------

    def name(self, node: str) -> str:
        return self.names.name(node)

    @property
    def derivative(self) -> str:
        """``∂z/∂t``."""
        return f"∂{self.names.d(self.target)}/∂{self.names.d(self.source)}"

    @property
    def latex_derivative(self) -> str:
        return (
            rf"\frac{{\partial {latex_name(self.names.d(self.target))}}}"
            rf"{{\partial {latex_name(self.names.d(self.source))}}}"
        )

    # --- listing -----------------------------------------------------------------------------------

    @property
    def has_more(self) -> bool:
        return len(self.rows) < self.count

    def fetch(self, n: int = PAGE) -> list[PathRow]:
        """List the next ``n`` paths (fewer at the end); returns the new rows."""
        new = [self._row(len(self.rows) + i, term) for i, term in enumerate(itertools.islice(self._terms, n))]
        for row in new:
            self.rows.append(row)
            self._prefix.append(self._prefix[-1] + row.product)
            self._abs.append(self._abs[-1] + _magnitude(row.product))
        return new

    def ensure(self, n: int) -> None:
        """Make sure the first ``n`` paths (or all there are) are listed."""
        if n > len(self.rows):
            self.fetch(n - len(self.rows))

    def _row(self, index: int, term) -> PathRow:
        nodes = term.nodes
        edges = list(itertools.pairwise(nodes))[::-1]
        if not edges:  # the source is the target: one path of no edges, product 1
            d = self.names.d(nodes[0])
            return PathRow(
                index, nodes, (), term.product, (self.names.name(nodes[0]),), (f"∂{d}/∂{d}",), ("1",)
            )
        for edge, factor in zip(edges, term.factors[::-1]):
            if edge not in self._texts:
                parent, child = edge
                self._texts[edge] = (f"∂{self.names.d(child)}/∂{self.names.d(parent)}", factor_text(factor))
        texts = [self._texts[e] for e in edges]
        return PathRow(
            index,
            nodes,
            term.factors,
            term.product,
            tuple(self.names.name(n) for n in nodes),
            tuple(t[0] for t in texts),
            tuple(t[1] for t in texts),
        )

    # --- sums ----------------------------------------------------------------------------------------

    def _as_gradient(self, total: Any) -> Any:
        """A sum of path products shaped like the gradient of the source.

        For tensors a product is a matrix (target size × source size); backprop seeds a
        tensor target with ones, so its rows add up.
        """
        if is_scalar(total) and not self.source_shape:
            return float(total)
        if is_scalar(total):
            return np.full(self.source_shape, float(total))
        summed = np.atleast_2d(np.asarray(total, dtype=float)).sum(axis=0).reshape(self.source_shape)
        return float(summed) if not self.source_shape else summed

    def running_sum(self, k: int) -> Any:
        """The sum of the first ``k`` path products (listing more paths if needed)."""
        self.ensure(k)
        return self._as_gradient(self._prefix[min(k, len(self.rows))])

    def total(self) -> PathTotal:
        """All paths summed when there are at most ``sum_limit``, else the ones listed so far."""
        if self.count > self.sum_limit:
            k = len(self.rows)
            return PathTotal(self._as_gradient(self._prefix[k]), k, False, self.gradient, None)
        if self._total is None:
            total: Any = 0.0
            scale = 0.0
            if self.count <= len(self.rows):
                total, scale = self._prefix[self.count], self._abs[self.count]
            else:
                for term in path_terms(self.ev, self.source, self.target):
                    total = total + term.product
                    scale += _magnitude(term.product)
            shaped = self._as_gradient(total)
            agree = _agree(shaped, self.gradient, scale)
            self._total = PathTotal(shaped, self.count, True, self.gradient, agree)
        return self._total

    def running_text(self, k: int) -> str:
        """``after 2 of 3 paths: sum −1.071 … backprop gradient −0.3012``."""
        k = max(0, min(k, self.count))
        partial = format_value(self.running_sum(k))
        gradient = format_value(self.gradient)
        if k == self.count:
            ok = _agree(self.running_sum(k), self.gradient, self._abs[min(k, len(self.rows))])
            return (
                f"after all {count_text(self.count)} paths: sum {partial} "
                f"{'=' if ok else '≠'} backprop gradient {gradient}"
            )
        return f"after {k:,} of {count_text(self.count)} paths: sum {partial} … backprop gradient {gradient}"

    # --- why backprop wins -------------------------------------------------------------------------------

    def cost(self) -> dict[str, int]:
        """Multiplications of each method (see :func:`~graphviz_app.core.paths.backprop_cost`)."""
        return backprop_cost(self.graph, self.source, self.target)

    def cost_text(self) -> str:
        """What each method costs, in words, for the panel's line beside the count."""
        c = self.cost()

        def times(n: int) -> str:
            return f"{count_text(n)} multiplication{'' if n == 1 else 's'}"

        text = (
            f"Backprop visits {c['edges']:,} edge{'s' if c['edges'] != 1 else ''}: "
            f"{times(c['backprop_multiplications'])}. Walking every path: "
            f"{times(c['path_multiplications'])}."
        )
        if c["path_multiplications"] <= c["backprop_multiplications"]:
            text += (
                " On a graph this small walking is no dearer, but paths multiply with depth "
                "while edges only add up."
            )
        return text

    def tangent_table(self) -> list[TangentRow]:
        """Forward-mode tangents next to reverse-mode adjoints, for the nodes on the paths.

        Raises GraphError when the graph or the tangent matrices are too big to compute here.
        """
        g, ev = self.graph, self.ev
        if g.number_of_nodes() > TANGENT_NODE_LIMIT:
            raise GraphError(
                f"the graph has {g.number_of_nodes():,} nodes; forward-mode tangents are "
                f"computed here for at most {TANGENT_NODE_LIMIT:,}"
            )
        reach = nx.descendants(g, self.source) | {self.source}
        source_size = int(np.prod(self.source_shape, dtype=object))
        elements = source_size * sum(int(np.size(ev.values[n])) for n in reach)
        if elements > TANGENT_ELEMENT_LIMIT:
            raise GraphError(
                f"the tangents would hold {elements:,} numbers (every node's size × the size of "
                f"{self.name(self.source)}); the limit here is {TANGENT_ELEMENT_LIMIT:,}"
            )
        if not self.count:
            return []
        tangents = forward_tangents(ev, self.source)
        between = reach & (nx.ancestors(g, self.target) | {self.target})
        return [
            TangentRow(n, self.name(n), self._as_tangent(n, tangents[n]), ev.grads[n])
            for n in ev.order
            if n in between
        ]

    def _as_tangent(self, node: str, tangent: Any) -> Any:
        """d(node)/d(source): for a scalar source, an array of the node's shape; else a Jacobian matrix."""
        if is_scalar(tangent) or self.source_shape:
            return tangent
        return np.asarray(tangent).reshape(np.shape(self.ev.values[node]))


# --- networks: paths as choices of neurons -------------------------------------------------------------

_NEURON = re.compile(r"(x|[Wbza])(\d*)\[")


def layer_widths(spec: Any, source: str, target: str, loss_node: str = "L") -> tuple[list[int], int] | None:
    """Widths of the layers a path from ``source`` to ``target`` chooses a neuron in, and the samples.

    In the neuron view, a path from an input (or a weight, bias or neuron of layer k)
    to the loss passes through exactly one neuron of each later layer, so with a loss
    that adds its terms there is one path per choice. Returns ``None`` when the
    nodes are not neurons of a layered network.

    >>> from graphviz_app.builders.network_spec import parse_spec
    >>> spec = parse_spec({"input": [1, 2], "target": [0], "loss": "mse", "layers": [
    ...     {"size": 2, "activation": "tanh"}, {"size": 2, "activation": "tanh"},
    ...     {"size": 1, "activation": "identity"}]})
    >>> layer_widths(spec, "x[0]", "L"), layer_widths(spec, "W2[0,1]", "a3[0]")
    (([2, 2, 1], 1), ([], 1))
    """
    m = _NEURON.match(source)
    if m is None:
        return None
    k = int(m.group(2) or 0) if m.group(1) != "x" else 0
    if target == loss_node:
        end = len(spec.layers) + 1
    else:
        t = _NEURON.match(target)
        if t is None or t.group(1) not in "za" or not t.group(2) or int(t.group(2)) <= k:
            return None
        end = int(t.group(2))
    samples = spec.n_samples if spec.batch and m.group(1) in "Wb" and target == loss_node else 1
    return list(spec.sizes[k + 1 : end]), samples


def width_explanation(spec: Any, source: str, target: str, count: int, loss_node: str = "L") -> str | None:
    """``2 × 2 × 1 = 4 paths: one per choice of neuron in each layer``, when the count is that product.

    >>> from graphviz_app.builders.network_spec import parse_spec
    >>> spec = parse_spec({"input": [1, 2], "target": [0], "loss": "mse", "layers": [
    ...     {"size": 2, "activation": "tanh"}, {"size": 2, "activation": "tanh"},
    ...     {"size": 1, "activation": "identity"}]})
    >>> width_explanation(spec, "x[0]", "L", 4)
    '2 × 2 × 1 = 4 paths: one per choice of neuron in each layer'
    """
    found = layer_widths(spec, source, target, loss_node)
    if found is None:
        return None
    widths, samples = found
    factors = ([f"{samples} samples"] if samples > 1 else []) + [str(w) for w in widths]
    product = samples * math.prod(widths)
    if product == 1 == count:  # one neuron per layer: nothing to choose
        return None
    expression = " × ".join(factors)
    choice = "of sample and of neuron in each later layer" if samples > 1 else "of neuron in each layer"
    if product == count:
        return f"{expression} = {count_text(count)} paths: one per choice {choice}"
    return (
        f"{expression} = {count_text(product)} would be one path per choice {choice}; the other "
        f"{count - product:,} come from where the outputs are combined (a softmax or the loss)"
        if count > product
        else f"{expression} = {count_text(product)} choices of neuron, but {count_text(count)} paths"
    )


def default_source(g: nx.DiGraph, selection: Any = None) -> str | None:
    """The selected input, weight or target; else the first input; else the first leaf."""
    if (
        isinstance(selection, str)
        and selection in g
        and g.nodes[selection][G.KIND] in (G.INPUT, G.PARAM, G.TARGET)
    ):
        return selection
    for kinds in ((G.INPUT,), (G.INPUT, G.PARAM, G.TARGET)):
        found = G.leaves(g, kinds)
        if found:
            return found[0]
    return None


# --- for slides ---------------------------------------------------------------------------------------------


def _terms_for_slide(ps: PathSum, max_terms: int) -> tuple[list[PathRow], bool, Any, bool]:
    """The rows written out, whether some are left out, the value after '=', and whether it is the sum."""
    ps.ensure(max_terms)
    rows = ps.rows[:max_terms]
    total = ps.total()
    value = total.sum if total.complete else ps.gradient
    return rows, ps.count > len(rows), value, total.complete


def slide_text(ps: PathSum, max_terms: int = 8) -> str:
    """The path sum as plain text: the equation on one line, then one line per path.

    >>> from graphviz_app.session.session import Session
    >>> s = Session()
    >>> s.open_source("example:multipath")
    >>> print(slide_text(PathSum(s.evaluation, "t")))
    ∂z/∂t = 1 × 1.755 × (−0.4794) + 1 × 0.4794 × (−0.4794) + 1 × 0.8776 × 0.8776 = −0.3012
      t → x → x² → z:  ∂z/∂(x²) · ∂(x²)/∂x · ∂x/∂t = 1 × 1.755 × (−0.4794) = −0.8415
      t → x → x·y → z:  ∂z/∂(x·y) · ∂(x·y)/∂x · ∂x/∂t = 1 × 0.4794 × (−0.4794) = −0.2298
      t → y → x·y → z:  ∂z/∂(x·y) · ∂(x·y)/∂y · ∂y/∂t = 1 × 0.8776 × 0.8776 = 0.7702
    sum over 3 paths = −0.3012; backprop: ∂z/∂t = −0.3012
    """
    rows, more, value, complete = _terms_for_slide(ps, max_terms)
    terms = [" × ".join(r.numbers) for r in rows] + (["…"] if more else [])
    head = f"{ps.derivative} = {' + '.join(terms) if terms else '0'} = {format_value(value)}"
    lines = [head] + [f"  {r.route}:  {r.text}" for r in rows]
    if more:
        lines.append(f"  … {ps.count - len(rows):,} more paths")
    what = (
        f"sum over {count_text(ps.count)} paths"
        if complete
        else f"sum over all {count_text(ps.count)} paths (= the backprop gradient; too many to add here)"
    )
    lines.append(f"{what} = {format_value(value)}; backprop: {ps.derivative} = {format_value(ps.gradient)}")
    return "\n".join(lines)


def slide_latex(ps: PathSum, max_terms: int = 8) -> str:
    r"""The path sum as LaTeX: one ``\underbrace`` per path, labelled with its route.

    >>> from graphviz_app.session.session import Session
    >>> s = Session()
    >>> s.open_source("t**2")
    >>> print(slide_latex(PathSum(s.evaluation, "t")))
    \frac{\partial f}{\partial t} = \underbrace{2}_{t \to f} = 2
    """
    rows, more, value, _ = _terms_for_slide(ps, max_terms)
    terms = [r.latex for r in rows] + ([r"\dots"] if more else [])
    body = " + ".join(terms) if terms else "0"
    suffix = rf" \quad ({ps.count:,}\ \text{{paths}})".replace(",", "{,}") if more else ""
    return f"{ps.latex_derivative} = {body} = {latex_number(value)}{suffix}"
