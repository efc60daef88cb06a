"""One notation for the nodes: the canvas, the paths panel and the CLI call x**2 'x²' and x*y 'x·y'."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from graphviz_app.cli import main as cli
from graphviz_app.gui.canvas.scene import CanvasScene, Fonts, measure_nodes
from graphviz_app.gui.theme import theme_named
from graphviz_app.layout.graphviz import layout
from graphviz_app.session.paths.sum_over_paths import PathSum
from graphviz_app.session.state.session import Session
from graphviz_app.session.timeline.steps import build_timeline


def test_canvas_paths_panel_and_cli_name_the_nodes_alike(qapp, capsys):
    s = Session()
    s.open_source("example:multipath")
    ev = s.evaluation
    fonts = Fonts(QApplication.font().pointSizeF())
    scene = CanvasScene(theme_named("light"), fonts)
    scene.build(ev.graph, layout(ev.graph, measure_nodes(ev.graph, ev, fonts), "LR", use_cache=False), ev)
    tl = build_timeline(ev)
    scene.show_frame(tl.state_at(0))
    canvas = {node: item.lines[0][0] for node, item in scene.nodes.items()}
    assert canvas["pow#3"] == "x²" and canvas["mul#1"] == "x·y" and canvas["z"] == "z = +"

    ps = PathSum(ev, "t")
    panel = [row.route for row in ps.fetch()]
    assert panel == ["t → x → x² → z", "t → x → x·y → z", "t → y → x·y → z"]

    assert cli.main(["paths", "example:multipath", "--wrt", "t"]) == 0
    out = capsys.readouterr().out
    assert [line.split(". ", 1)[1] for line in out.splitlines() if ". t →" in line] == panel
    assert "∂z/∂t" in out

    assert cli.main(["eval", "example:multipath"]) == 0
    names = [line.split()[0] for line in capsys.readouterr().out.splitlines()[3:10]]  # the table's nodes
    assert canvas["pow#3"] in names and canvas["mul#1"] in names and not any("#" in n for n in names)
    tip = scene._edge_tooltip(("x", "pow#3"))
    assert "local ∂(x²)/∂x = " in tip
