"""What the canvas's marks mean: the legend's rows, written once, below Qt.

Each row is ``(mark, role, meaning)``: the mark as drawn on the canvas, the
role of its colour or shape (which the GUI turns into the theme's colour), and
one sentence a student can read from the back of the room.

>>> [mark for mark, _, _ in LEGEND][:3]
['0.5', '∇ 0.32', '∇']
"""

from __future__ import annotations

__all__ = ["LEGEND", "LEGEND_TITLE"]

LEGEND_TITLE = "Legend"

LEGEND: list[tuple[str, str, str]] = [
    ("0.5", "forward", "blue: a value, computed in the forward pass (blue tokens carry it)"),
    ("∇ 0.32", "backward", "orange ∇: the gradient ∂L/∂node, computed in the backward pass (orange tokens)"),
    ("∇", "muted", "a gradient not computed yet"),
    ("∇ 0.3 (1/2)", "backward", "(1/2): one of the node's two contributions has arrived; the sum is partial"),
    ("∂ 0.6", "edge", "on an edge: its local derivative ∂child/∂parent (View ▸ Show local derivatives)"),
    ("y", "target", "dashed yellow: a target, the value the loss compares the output with"),
    ("L", "output", "thick purple border: the output; the backward pass starts here with ∇ = 1"),
    ("x", "input", "blue pill: an input; green box: a weight or bias; grey: a constant"),
]
"""(mark, role, meaning) for each row of the legend."""
