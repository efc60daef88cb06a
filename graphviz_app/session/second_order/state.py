"""The window's Order (1 or 2) and the second derivatives it shows, worked out once per evaluation.

At order 2 the inspector writes ∂²f/∂x∂v for the selected input x and every input
v, each as the derivative of the gradient's expression with the number each path
adds (:func:`~graphviz_app.session.second_order.derivatives.hessian_caption`), and the implicit
panel adds y''. While the backward graph is shown, the second derivatives are
still those of the forward graph (the backward graph's own Hessian would be third
derivatives). Nothing here imports Qt.

Examples
--------
>>> from graphviz_app.session.state.session import Session
>>> s = Session()
>>> s.open_source("example:circle")
>>> state = SecondOrderState(s)
>>> state.implicit_lines()
[]
>>> state.order = 2
>>> state.implicit_lines()[1]
"y'' = −((2)·(8)² − 2·(0)·(6)·(8) + (2)·(6)²) / (8)³ = −0.3906"
"""

from __future__ import annotations

from typing import Any

from graphviz_app.core.evaluate import evaluate
from graphviz_app.core.hessian import Hessian, default_wrt, hessian
from graphviz_app.errors import GraphvizAppError
from graphviz_app.session.second_order.backward_view import BackwardSwitch
from graphviz_app.session.second_order.derivatives import (
    hessian_caption,
    implicit_curvature,
    implicit_curvature_lines,
)

__all__ = ["SecondOrderState"]


class SecondOrderState:
    """Order 1 or 2 for one session, with its Hessian cached per evaluation."""

    def __init__(self, session: Any, switch: BackwardSwitch | None = None) -> None:
        self.session = session
        self.switch = switch or BackwardSwitch(session)
        self.order = 1
        self.error = ""
        self._key: Any = None
        self._hessian: Hessian | None = None

    def _forward(self) -> Any:
        loaded = self.switch.forward_loaded()
        if loaded is None:
            return None
        values = {k: v for k, v in self.session.values.items() if k in loaded.graph}
        return loaded, values

    def hessian(self) -> Hessian | None:
        """The Hessian over the inputs at the current values (None at order 1 or on an error)."""
        forward = self._forward() if self.order == 2 else None
        if forward is None:
            return None
        loaded, values = forward
        key = (id(loaded.graph), tuple(sorted((k, repr(v)) for k, v in values.items())))
        if key != self._key:
            self._key, self._hessian, self.error = key, None, ""
            try:
                self._hessian = hessian(loaded.graph, values, wrt=default_wrt(loaded.graph))
            except GraphvizAppError as exc:
                self.error = f"Second derivatives: {exc}"
        return self._hessian

    def inspector_lines(self, node: Any) -> list[str]:
        """∂²f/∂node∂v for every input v, with the arithmetic; empty at order 1 or for other nodes."""
        h = self.hessian()
        if h is None:
            return [self.error] if self.error else []
        if node not in h.wrt:
            return ["Select an input to see its second derivatives ∂²f/∂x∂v."] if h.wrt else []
        values = self._forward()[1]
        return [hessian_caption(h, node, other, values) for other in h.wrt]

    def implicit_lines(self) -> list[str]:
        """y'' of an open equation, formula and numbers; empty at order 1 or without an equation."""
        forward = self._forward()
        if self.order != 2 or forward is None:
            return []
        loaded, values = forward
        parsed = getattr(loaded, "parsed", None)
        if parsed is None or parsed.implicit is None:
            return []
        h = self.hessian()
        if h is None:
            return [self.error] if self.error else []
        ev = evaluate(loaded.graph, values)
        return implicit_curvature_lines(implicit_curvature(loaded, ev, _pair(h, parsed.implicit)))


def _pair(h: Hessian, info: Any) -> Hessian:
    """``h`` if it covers the equation's two variables (it covers every input)."""
    if info.independent in h.wrt and info.dependent in h.wrt:
        return h
    raise GraphvizAppError("the equation's variables are not both inputs")
