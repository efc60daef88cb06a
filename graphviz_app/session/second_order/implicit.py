"""The implicit slope dy/dx = −F_x / F_y of an equation, in words and numbers.

The numbers are :func:`graphviz_app.builders.expression.implicit_slope`'s, the
same the command line prints (``graphviz-app eval "x**2 + y**2 = 25"``); this
module only writes them for the window: a panel, the caption at the end of the
timeline and the inspector of F. Nothing here imports Qt.

Examples
--------
>>> from graphviz_app.session.state.session import Session
>>> s = Session()
>>> s.open_source("example:circle")
>>> implicit_text(s).numbers
'dy/dx = −(6) / (8) = −0.75'
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from graphviz_app.builders.expression import implicit_slope, parse
from graphviz_app.errors import GraphvizAppError
from graphviz_app.text.numbers import format_number

__all__ = ["ImplicitText", "dependent_of", "implicit_text", "kept_dependent", "step_caption"]


@dataclass(frozen=True)
class ImplicitText:
    """What the window says about the slope of the curve F(x, y) = 0 at the current point."""

    formula: str
    """``dy/dx = −F_x / F_y = −(∂F/∂x) / (∂F/∂y)``: implicit differentiation in one line."""
    numbers: str
    """The formula with this point's numbers: ``dy/dx = −(6) / (8) = −0.75``."""
    point: str
    """``at x = 3, y = 4, where F = 0``."""
    slope: float | None
    """dy/dx, or None where it is undefined (``reason`` says why)."""
    reason: str = ""
    warning: str = ""
    """Not empty when the point is off the curve (F ≠ 0)."""

    def lines(self) -> list[str]:
        """Everything, one statement a line (panel and inspector)."""
        return [line for line in (self.formula, self.numbers, self.point, self.reason, self.warning) if line]

    def caption(self) -> str:
        """One sentence for the caption at the end of the timeline."""
        text = f"Implicit slope: {self.numbers}"
        if self.reason:
            text += f" ({self.reason})"
        return text + (f". ⚠ {self.warning}" if self.warning else "")


def implicit_text(session: Any) -> ImplicitText | None:
    """The slope text for the session's equation, or None when no equation is open."""
    loaded, ev = session.loaded, session.evaluation
    parsed = getattr(loaded, "parsed", None)
    if parsed is None or parsed.implicit is None or ev is None:
        return None
    try:
        r = implicit_slope(parsed, ev)
    except GraphvizAppError as exc:  # arrays for the variables: say so rather than fail
        return ImplicitText("", "", "", None, reason=str(exc))
    x, y = r["independent"], r["dependent"]
    d = f"d{y}/d{x}"
    formula = f"{d} = −F_{x} / F_{y} = −(∂F/∂{x}) / (∂F/∂{y})"
    fx, fy = format_number(r["F_x"]), format_number(r["F_y"])
    result = "undefined" if r["dydx"] is None else format_number(r["dydx"])
    numbers = f"{d} = −({fx}) / ({fy}) = {result}"
    f = format_number(r["F"])
    where = f"at {x} = {format_number(r['point'][x])}, {y} = {format_number(r['point'][y])}"
    warning = ""
    if r.get("warning"):
        warning = (
            f"this point is not on the curve: F = {f}, not 0; the slope is that of the level curve F = {f}"
        )
    return ImplicitText(
        formula=formula,
        numbers=numbers,
        point=f"{where}, where F = lhs − rhs = {f}",
        slope=r["dydx"],
        reason=r.get("reason", ""),
        warning=warning,
    )


def step_caption(timeline: Any, k: int, loaded: Any) -> str:
    """The caption of step ``k`` of ``timeline``; at the end an equation's caption adds its implicit slope."""
    text = timeline.steps[k].caption
    if k == len(timeline) - 1 and loaded is not None:
        implicit = implicit_text(SimpleNamespace(loaded=loaded, evaluation=timeline.evaluation))
        if implicit is not None:
            text = f"{text}. {implicit.caption()}"
    return text


def dependent_of(loaded: Any) -> str | None:
    """The dependent variable of an open equation (None for anything else)."""
    parsed = getattr(loaded, "parsed", None)
    implicit = parsed.implicit if parsed is not None else None
    return implicit.dependent if implicit is not None else None


def kept_dependent(text: str, chosen: str | None) -> str | None:
    """``chosen`` (``--dependent``) for the equation ``text`` while it still has that variable, else None
    (the default, y): an edit of the equation keeps the choice, and a new equation is not refused for it.

    >>> kept_dependent("u**2 + v**2 = 36", "u"), kept_dependent("x**2 + y**2 = 25", "u")
    ('u', None)
    """
    if chosen is None:
        return None
    try:
        parse(text, dependent=chosen)
    except GraphvizAppError:
        return None
    return chosen
