"""``arctan``, one op-table entry, is highlighted in the editor and drawn on the canvas."""

from __future__ import annotations

from PySide6.QtGui import QTextCharFormat
from PySide6.QtWidgets import QApplication

from graphviz_app.builders.expression import parse
from graphviz_app.core.evaluate import evaluate
from graphviz_app.gui.canvas.scene import CanvasScene, Fonts, measure_nodes, node_title
from graphviz_app.gui.panels.expression_editor import ExpressionEditor
from graphviz_app.gui.theme import theme_named
from graphviz_app.layout.graphviz import layout
from graphviz_app.session.state.session import Session
from graphviz_app.session.timeline.steps import build_timeline


def test_the_editor_colours_arctan_as_a_function(qtbot):
    editor = ExpressionEditor(Session())
    qtbot.addWidget(editor)
    editor.set_text("u = arctan(x)")
    editor.timer.stop()
    ranges = editor.editor.document().firstBlock().layout().formats()
    formats = {(r.start, r.length): QTextCharFormat(r.format) for r in ranges}
    assert formats[(4, 6)].foreground() == editor.highlighter.format_for("function").foreground()


def test_the_canvas_draws_an_arctan_node(qapp):
    parsed = parse("arctan(x)*2")
    ev = evaluate(parsed.graph, {"x": 1.0})
    fonts = Fonts(QApplication.font().pointSizeF())
    scene = CanvasScene(theme_named("light"), fonts)
    scene.build(
        parsed.graph, layout(parsed.graph, measure_nodes(parsed.graph, ev, fonts), "LR", use_cache=False), ev
    )
    tl = build_timeline(ev)
    scene.show_frame(tl.state_at(len(tl) - 1))
    (node,) = (n for n in parsed.graph if parsed.graph.nodes[n]["op"] == "arctan")
    assert node_title(parsed.graph, node) == "arctan"  # without the captions' names: the symbol
    assert scene.nodes[node].lines[:2] == [("arctan(x)", "title"), ("0.7854", "value")]
    assert scene.nodes[parsed.output].lines[0] == ("f = ×", "title")
