"""One path from a source to a target, written out: its route, its factors, its product.

A :class:`PathRow` writes its factors in chain order, from the target back to the
source, with their numbers (negatives in parentheses); :meth:`PathRow.build_steps`
multiplies them one at a time, as backprop would.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphviz_app.core.paths import multiply_chain
from graphviz_app.text.latex import latex_factor, latex_name
from graphviz_app.text.numbers import summarize

__all__ = ["BuildStep", "Edge", "PathRow"]

Edge = tuple[str, str]


def _elide(parts: tuple[str, ...], keep: int, sep: str, what: str) -> str:
    if len(parts) <= 2 * keep + 1:
        return sep.join(parts)
    hidden = len(parts) - 2 * keep
    return sep.join((*parts[:keep], f"… {hidden} {what}s …", *parts[-keep:]))


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
        return summarize(self.product)

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
        numbers = r" \times ".join(latex_factor(f) for f in self.factors[::-1]) or "1"
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
            running = multiply_chain([factor, running])  # ∂target/∂child · ∂child/∂node
            text = f"{' · '.join(self.symbols[:j])} = {' × '.join(self.numbers[:j])} = {summarize(running)}"
            if j == last:
                text += "  (this path's term)"
            steps.append(BuildStep(self.nodes[last - j :], self.edges[last - j :], text, running))
        return steps
