r"""The derivation of one gradient, written out for notes and slides: text, an ``align*`` block, a .tex file.

For a leaf (an input or a parameter) the chain rule is the sum over the paths
from the leaf to the output of the product of the local derivatives along each
path. A :class:`Derivation` writes that sum with symbols, then with numbers,
then its value, and for each path the backward trace a student would write
(``∂L/∂ŷ``, ``∂L/∂z2``, …, ``∂L/∂W1[0,0]``): each line the one before times one
local derivative. The numbers are :class:`~graphviz_app.session.paths.sum_over_paths.PathSum`'s,
the paths panel's; the CLI's ``derive`` and the panel's *Copy derivation* print
the same text.

Examples
--------
>>> from graphviz_app.session.state.session import Session
>>> s = Session()
>>> s.open_source("example:multipath")
>>> print(Derivation(s.evaluation, "t").text())
∂z/∂t = ∂z/∂(x²) · ∂(x²)/∂x · ∂x/∂t + ∂z/∂(x·y) · ∂(x·y)/∂x · ∂x/∂t + ∂z/∂(x·y) · ∂(x·y)/∂y · ∂y/∂t
      = 1 × 1.755 × (−0.4794) + 1 × 0.4794 × (−0.4794) + 1 × 0.8776 × 0.8776
      = −0.3012   (sum over 3 paths; backprop: −0.3012)
path 1: t → x → x² → z
  ∂z/∂(x²) = 1
  ∂z/∂x |path 1 = ∂z/∂(x²) · ∂(x²)/∂x = 1 × 1.755 = 1.755
  ∂z/∂t |path 1 = ∂z/∂x |path 1 · ∂x/∂t = 1.755 × (−0.4794) = −0.8415
path 2: t → x → x·y → z
  ∂z/∂(x·y) = 1
  ∂z/∂x |path 2 = ∂z/∂(x·y) · ∂(x·y)/∂x = 1 × 0.4794 = 0.4794
  ∂z/∂t |path 2 = ∂z/∂x |path 2 · ∂x/∂t = 0.4794 × (−0.4794) = −0.2298
path 3: t → y → x·y → z
  ∂z/∂(x·y) = 1
  ∂z/∂y = ∂z/∂(x·y) · ∂(x·y)/∂y = 1 × 0.8776 = 0.8776
  ∂z/∂t |path 3 = ∂z/∂y · ∂y/∂t = 0.8776 × 0.8776 = 0.7702
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphviz_app.core.evaluate import Evaluation
from graphviz_app.core.paths import count_paths, multiply_chain
from graphviz_app.session.paths.rows import PathRow
from graphviz_app.session.paths.sum_over_paths import PathSum
from graphviz_app.session.prose.clean_gradient import CLEAN_NOTE, clean_gradient, clean_parts
from graphviz_app.text.latex import latex_factor, latex_name, latex_number
from graphviz_app.text.numbers import summarize

__all__ = ["MAX_PATHS", "Derivation", "TraceLine", "derivation_latex"]

MAX_PATHS = 8
"""Paths written out in full; a gradient with more gives their number and backprop's value."""
SYMBOLS_PER_LINE = 4
"""Fractions on one line of the ``align*`` block before it continues on the next."""


@dataclass(frozen=True)
class TraceLine:
    """One line of a path's backward trace: ∂target/∂node = (the line before) · ∂child/∂node = value.

    ``whole`` says whether the node reaches the target along this path only, so
    that the value is the node's gradient; otherwise it is this path's share.
    """

    node: str
    child: str | None  # None for the first line (the node next to the target)
    factor: Any
    previous: Any
    value: Any
    whole: bool


class Derivation:
    """The chain rule for ∂target/∂``leaf`` in ``ev``, path by path (see the module's example)."""

    def __init__(
        self,
        ev: Evaluation,
        leaf: str,
        target: str | None = None,
        max_paths: int = MAX_PATHS,
        *,
        option: str = "max_paths",
    ):
        self.sum = PathSum(ev, leaf, target)
        self.names = self.sum.names
        self.sum.check_listing(max_paths, option)  # ``option`` names max_paths in the refusal
        self.max_paths = max_paths
        self.sum.ensure(max_paths)
        self.rows: list[PathRow] = self.sum.rows[:max_paths]
        self.complete = self.sum.count <= max_paths
        g, tgt = self.sum.graph, self.sum.target
        self._single = {n: count_paths(g, n, tgt) == 1 for row in self.rows for n in row.nodes}

    # --- the pieces ----------------------------------------------------------------------------

    @property
    def target(self) -> str:
        return self.sum.target

    @property
    def value(self) -> Any:
        """The gradient: the sum of the paths written out when they are all, else backprop's."""
        total = self.sum.total()
        return total.sum if self.complete and total.complete else self.sum.gradient

    def trace(self, row: PathRow) -> list[TraceLine]:
        """The path's backward trace, from the node next to the target down to the leaf."""
        nodes, factors = row.nodes, row.factors  # source first; factors[i]: nodes[i] → nodes[i+1]
        lines: list[TraceLine] = []
        running: Any = 1.0
        for i in range(len(nodes) - 2, -1, -1):
            node, child, factor = nodes[i], nodes[i + 1], factors[i]
            previous = running
            running = multiply_chain([factor, previous])
            first = i == len(nodes) - 2
            lines.append(
                TraceLine(node, None if first else child, factor, previous, running, self._single[node])
            )
        return lines

    # --- plain text ---------------------------------------------------------------------------------

    def _partial(self, top: str, bottom: str, latex: bool = False) -> str:
        """∂top/∂bottom of two nodes: as text, or as a LaTeX fraction."""
        t, b = self.names.d(top), self.names.d(bottom)
        if latex:
            return rf"\frac{{\partial {latex_name(t)}}}{{\partial {latex_name(b)}}}"
        return f"∂{t}/∂{b}"

    def _grad(self, line: TraceLine, index: int, latex: bool = False) -> str:
        """∂target/∂node of a trace line, marked with its path when the node has other paths too."""
        mark = rf"\Big|_{{\text{{path {index}}}}}" if latex else f" |path {index}"
        return self._partial(self.target, line.node, latex) + ("" if line.whole else mark)

    def text(self) -> str:
        """The derivation as plain text (the ``derive`` command's output)."""
        ps = self.sum
        head = ps.derivative
        pad = " " * len(head)
        more = [] if self.complete else [f"… ({ps.count - len(self.rows):,} more paths)"]
        symbols = " + ".join([r.chain for r in self.rows] + more) or "0"
        numbers = " + ".join([" × ".join(r.numbers) for r in self.rows] + more) or "0"
        how = f"sum over {ps.count:,} path{'s' if ps.count != 1 else ''}"
        lines = [
            f"{head} = {symbols}",
            f"{pad} = {numbers}",
            f"{pad} = {summarize(self.value)}   ({how}; backprop: {summarize(ps.gradient)})",
        ]
        clean = clean_parts(ps.ev, self.names.names, ps.source) if ps.target == ps.ev.output else None
        if clean is not None:
            lines.append(f"{pad} = {' = '.join(clean)}   {CLEAN_NOTE}")
        for index, row in enumerate(self.rows, 1):
            lines.append(f"path {index}: {row.route}")
            trace = self.trace(row)
            for j, line in enumerate(trace):
                left = self._grad(line, index)
                if line.child is None:
                    lines.append(f"  {left} = {summarize(line.value)}")
                    continue
                before = self._grad(trace[j - 1], index)
                local = self._partial(line.child, line.node)
                numbers = f"{_factor(line.previous)} × {_factor(line.factor)}"
                lines.append(f"  {left} = {before} · {local} = {numbers} = {summarize(line.value)}")
        return "\n".join(lines)

    # --- LaTeX ---------------------------------------------------------------------------------------

    def latex(self) -> str:
        r"""The derivation as one ``align*`` block (amsmath): the sum, its numbers, its value, then each trace."""
        return "\n".join([r"\begin{align*}", self._body(), r"\end{align*}"])

    def _body(self) -> str:
        """The lines of the ``align*`` block (also an ``aligned`` one: no line is numbered or tagged)."""
        ps = self.sum
        sym = [
            _wrapped(
                [self._partial(b, a, latex=True) for a, b in reversed(row.edges)],
                r" \cdot ",
                SYMBOLS_PER_LINE,
            )
            for row in self.rows
        ]
        num = [_wrapped([latex_factor(f) for f in row.factors[::-1]], r" \times ", 12) for row in self.rows]
        if not self.complete:
            sym.append(r"\dots")
            num.append(r"\dots")
        out = [
            f"{self._partial(self.target, ps.source, latex=True)} &= "
            + (r" \\ &\quad + ".join(sym) or "0")
            + r" \\"
        ]
        out.append("&= " + (r" \\ &\quad + ".join(num) or "0") + r" \\")
        paths = f"{ps.count:,}".replace(",", "{,}")
        out.append(
            f"&= {latex_number(self.value)} "
            rf"\qquad \text{{(sum over {paths} path{'s' if ps.count != 1 else ''})}}"
        )
        clean = clean_gradient(ps.ev, ps.source) if ps.target == ps.ev.output else None
        if clean is not None:
            difference = rf"{latex_number(clean.predicted)} - {latex_number(clean.onehot)}"
            if clean.samples > 1:
                difference = rf"\frac{{1}}{{{clean.samples}}}\left({difference}\right)"
            formula = (
                r"\hat{y} - y" if clean.samples == 1 else rf"\frac{{1}}{{{clean.samples}}}(\hat{{y}} - y)"
            )
            out[-1] += r" \\"
            out.append(
                rf"&= {formula} = {difference} = {latex_number(clean.value)} "
                r"\qquad \text{(softmax with cross-entropy)}"
            )
        for index, row in enumerate(self.rows, 1):
            route = r" \to ".join(latex_name(n) for n in row.names)
            out[-1] += r" \\[1ex]"
            out.append(rf"&\text{{path {index}:}}\ {route} \\")
            trace = self.trace(row)
            rows = []
            for j, line in enumerate(trace):
                left = self._grad(line, index, latex=True)
                if line.child is None:
                    rows.append(f"{left} &= {latex_number(line.value)}")
                    continue
                before = self._grad(trace[j - 1], index, latex=True)
                rows.append(
                    f"{left} &= {before} \\cdot {self._partial(line.child, line.node, latex=True)} "
                    f"= {latex_factor(line.previous)} \\times {latex_factor(line.factor)} "
                    f"= {latex_number(line.value)}"
                )
            out.append(" \\\\\n".join(rows))
        return "\n".join(out)

    def standalone(self) -> str:
        """A small complete LaTeX document: the derivation on a page of its own size (pdflatex, xelatex, lualatex).

        The lines are set as an ``aligned`` block in a box, and the page is made
        the box's size plus a margin, as the ``standalone`` class would (which
        a minimal TeX installation may lack).
        """
        return "\n".join(
            [
                r"\documentclass{article}",
                r"\usepackage{amsmath}",
                "% the chain rule written out by graphviz-app",
                r"\newsavebox{\derivation}",
                r"\begin{document}",
                r"\savebox{\derivation}{$\displaystyle\begin{aligned}",
                self._body(),
                r"\end{aligned}$}",
                r"\newdimen\pagew \pagew=\dimexpr\wd\derivation+2cm\relax",
                r"\newdimen\pageh \pageh=\dimexpr\ht\derivation+\dp\derivation+2cm\relax",
                r"\ifdefined\pdfpagewidth \pdfpagewidth=\pagew \pdfpageheight=\pageh \fi",
                r"\ifdefined\pagewidth \pagewidth=\pagew \pageheight=\pageh \fi",
                r"\hoffset=-1in \voffset=-1in",
                r"\shipout\vbox{\kern1cm\hbox{\kern1cm\usebox{\derivation}}}",
                r"\end{document}",
                "",
            ]
        )


def derivation_latex(ps: PathSum) -> str:
    """The ``align*`` block for the paths panel's source and target (its *Copy derivation*)."""
    return Derivation(ps.ev, ps.source, ps.target).latex()


def _wrapped(terms: list[str], sep: str, per_line: int) -> str:
    """``terms`` joined by ``sep``, continued on a new ``align*`` line every ``per_line`` terms."""
    if not terms:
        return "1"
    chunks = [sep.join(terms[i : i + per_line]) for i in range(0, len(terms), per_line)]
    return (r" \\ &\qquad" + sep).join(chunks)


def _factor(x: Any) -> str:
    from graphviz_app.text.numbers import factor_text

    return factor_text(x)
