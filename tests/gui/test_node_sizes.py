"""Every line a node shows at any step fits the box measure_nodes made for it (the layout's node size)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFont, QFontMetricsF

from graphviz_app.builders.examples import EXAMPLES
from graphviz_app.gui.canvas.items import NODE_PADDING
from graphviz_app.gui.canvas.labels import Fonts, measure_nodes, node_lines
from graphviz_app.session.state.session import Session


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_every_line_of_every_step_fits_its_node(qapp, name):
    s = Session()
    s.open_source(f"example:{name}")
    g, ev = s.graph, s.evaluation
    fonts = Fonts(10.0)
    sizes = measure_nodes(g, ev, fonts)
    italic = QFont(fonts.body)
    italic.setItalic(True)  # as the canvas draws a partial gradient
    metrics = {"title": QFontMetricsF(fonts.title), "grad-partial": QFontMetricsF(italic)}
    for k in range(len(s.timeline)):
        for node, state in s.timeline.state_at(k).nodes.items():
            for text, role in node_lines(g, ev, node, state, True, True):
                width = metrics.get(role, QFontMetricsF(fonts.body)).horizontalAdvance(text)
                assert width + 2 * NODE_PADDING <= sizes[node][0], (k, node, text)
