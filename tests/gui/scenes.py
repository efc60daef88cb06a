"""Canvas scenes without a window, for tests of what is drawn and exported."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

import graphviz_app.core  # noqa: F401  (registers the ops)
from graphviz_app.core.evaluate import evaluate
from graphviz_app.gui.canvas.scene import CanvasScene, Fonts, measure_nodes
from graphviz_app.gui.theme import theme_named
from graphviz_app.layout.graphviz import layout
from graphviz_app.session.timeline.steps import build_timeline


def finished_scene(g) -> CanvasScene:
    """``g`` drawn left to right in the light theme, at the last step of its timeline (all values and grads)."""
    ev = evaluate(g)
    fonts = Fonts(QApplication.font().pointSizeF())
    sc = CanvasScene(theme_named("light"), fonts)
    sc.build(g, layout(g, measure_nodes(g, ev, fonts), "LR", use_cache=False), ev)
    tl = build_timeline(ev)
    sc.show_frame(tl.state_at(len(tl) - 1))
    return sc
