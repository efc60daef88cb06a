"""The sum over paths written for a slide: plain text, or LaTeX with one brace per path."""

from __future__ import annotations

from typing import Any

from graphviz_app.session.paths.rows import PathRow
from graphviz_app.session.paths.sum_over_paths import PathSum
from graphviz_app.text.latex import latex_number
from graphviz_app.text.numbers import count_text, summarize

__all__ = ["slide_latex", "slide_text"]


def _terms_for_slide(ps: PathSum, max_terms: int) -> tuple[list[PathRow], bool, Any, bool]:
    """The rows written out, whether some are left out, the value after '=', and whether it is the sum."""
    ps.ensure(max_terms)
    rows = ps.rows[:max_terms]
    total = ps.total()
    value = total.sum if total.complete else ps.gradient
    return rows, ps.count > len(rows), value, total.complete


def slide_text(ps: PathSum, max_terms: int = 8) -> str:
    """The path sum as plain text: the equation on one line, then one line per path.

    >>> from graphviz_app.session.state.session import Session
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
    head = f"{ps.derivative} = {' + '.join(terms) if terms else '0'} = {summarize(value)}"
    lines = [head] + [f"  {r.route}:  {r.text}" for r in rows]
    if more:
        lines.append(f"  … {ps.count - len(rows):,} more paths")
    what = (
        f"sum over {count_text(ps.count)} paths"
        if complete
        else f"sum over all {count_text(ps.count)} paths (= the backprop gradient; too many to add here)"
    )
    lines.append(f"{what} = {summarize(value)}; backprop: {ps.derivative} = {summarize(ps.gradient)}")
    return "\n".join(lines)


def slide_latex(ps: PathSum, max_terms: int = 8) -> str:
    r"""The path sum as LaTeX: one ``\underbrace`` per path, labelled with its route.

    >>> from graphviz_app.session.state.session import Session
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
