"""Benchmark of the window's work, offscreen: opening a graph, one animation frame, one edit.

Run ``python bench/bench_gui.py`` (or ``python bench/run_all.py``). Qt runs with
``QT_QPA_PLATFORM=offscreen``, so no display is needed; pixels are still drawn,
in memory, by the same raster engine a window uses. Networks are neuron views of
about 25, 250, 1,000, 3,000 and 9,736 nodes (the builder's limit is 12,000, so
every size is built the way the app builds it). Three figures per size:

- **open**: from the spec's JSON text to the first complete frame: parse, build
  the graph, evaluate, plan the timeline (:class:`Session`), measure the node
  labels, lay out with Graphviz (in a child process above 400 nodes, as the app
  does; never from the layout cache), build the scene, show the first frame, fit
  a 1600×1000 view and render it once into a QImage.
- **frame**: one animation frame: move the tokens of a step (four tokens) and
  render the whole view, 1600×1000 at fit zoom, into a QImage.
- **edit**: an edited weight until every label shows the new numbers:
  ``Session.set_value`` (forward and backward again, the timeline re-planned)
  and the window's relabelling, ``scene.set_evaluation`` + ``scene.show_frame``.

There is no other tool to compare with here; the targets (at 1,000 nodes: a
frame within 8 ms, an edit within 16 ms, one 60 Hz frame; at 10,000 nodes: a
frame within 16 ms and open within 5 s) are the reference.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import replace

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

if __package__ in (None, ""):
    sys.path.insert(0, os.path.dirname(__file__))

from common import Row, median_time, network_spec
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication

import graphviz_app.core  # noqa: F401
from graphviz_app.gui.canvas.scene import CanvasScene, Fonts, measure_nodes
from graphviz_app.gui.canvas.view import CanvasView
from graphviz_app.gui.theme import theme_named
from graphviz_app.layout.graphviz import layout
from graphviz_app.session.session import Session

GUI_NETWORKS = [
    (2, 2, 1),
    (4, 6, 7, 1),
    (8, 16, 12, 1),
    (16, 26, 20, 1),
    (8, 52, 52, 1),
]  # ~25 ... 9,736 nodes
VIEW_SIZE = QSize(1600, 1000)
TOKENS = 4


class Canvas:
    """A scene and a 1600×1000 view, as in the window's centre."""

    def __init__(self) -> None:
        self.fonts = Fonts(QApplication.font().pointSizeF())
        self.theme = theme_named("light")
        self.view = CanvasView()
        self.view.resize(VIEW_SIZE)
        self.view.show()
        QApplication.processEvents()
        self.scene = self.new_scene()

    def new_scene(self) -> CanvasScene:
        self.scene = CanvasScene(self.theme, self.fonts)
        self.view.setScene(self.scene)
        return self.scene

    def render(self) -> QImage:
        """The view's picture, as a frame on screen would be painted."""
        image = QImage(self.view.viewport().size(), QImage.Format_ARGB32_Premultiplied)
        painter = QPainter(image)
        self.view.render(painter)
        painter.end()
        return image


def open_text(canvas: Canvas, text: str) -> Session:
    """Source text to first complete frame (see the module docstring)."""
    session = Session()
    session.settings = replace(session.settings, view="neuron")
    session.set_network(json.loads(text))
    g, ev = session.graph, session.evaluation
    sizes = measure_nodes(g, ev, canvas.fonts, True, True)
    session.geometry = layout(g, sizes, session.settings.direction, use_cache=False)
    scene = canvas.new_scene()
    scene.build(g, session.geometry, ev)
    scene.show_frame(session.frame())
    canvas.view.fit()
    canvas.render()
    return session


def token_step_tokens(session: Session) -> tuple:
    """Four tokens of forward steps in the middle of the plan (two steps of two tokens)."""
    steps = session.timeline.steps
    tokens: list = []
    for step in steps[len(steps) // 4 :]:
        if step.kind == "forward":
            tokens.extend(step.tokens)
        if len(tokens) >= TOKENS:
            break
    return tuple(tokens[:TOKENS])


def run(quick: bool = False) -> list[Row]:
    QApplication.instance() or QApplication([])
    canvas = Canvas()
    rows: list[Row] = []
    runs = 3 if quick else 5
    for sizes in GUI_NETWORKS:
        spec = network_spec(sizes, hidden="tanh", output="sigmoid", loss="bce")
        text = json.dumps(spec)
        name = "-".join(map(str, sizes))
        session = open_text(canvas, text)
        n = session.graph.number_of_nodes()
        open_time = median_time(
            lambda: open_text(canvas, text), 1 if n > 5000 else max(2, runs - 2), warmup=0
        )
        session = open_text(canvas, text)
        scene = canvas.scene

        # one animation frame: tokens of a forward step move, the whole view is rendered
        k = session.timeline.steps.index(next(s for s in session.timeline.steps if s.kind == "forward"))
        session.set_step(k)
        scene.show_frame(session.frame())
        tokens = token_step_tokens(session)
        progress = iter([i / 40 for i in range(10_000)])

        def frame() -> None:
            scene.show_tokens(tokens, next(progress) % 1.0)
            canvas.render()

        frame_time = median_time(frame, runs * 4, warmup=2)
        scene.clear_tokens()

        # one edit: a weight changes; every label follows
        session.set_step(len(session.timeline) - 1)
        scene.show_frame(session.frame())
        values = iter([0.1 + 0.01 * (i % 7) for i in range(10_000)])

        def edit() -> None:
            session.set_value("W1[0,0]", next(values))
            scene.set_evaluation(session.evaluation)
            scene.show_frame(session.frame())

        edit_time = median_time(edit, runs * 2, warmup=1)
        big = n >= 900 and n <= 1200
        huge = n >= 9000
        rows.append(
            Row(
                "gui",
                f"{name}, {n:,} nodes: open (source text → first frame rendered)",
                open_time,
                None,
                "",
                "≤ 5 s at 10,000 nodes" if huge else "–",
                open_time <= 5.0 if huge else None,
            )
        )
        rows.append(
            Row(
                "gui",
                f"{name}, {n:,} nodes: one animation frame, 1600×1000 at fit, {TOKENS} tokens",
                frame_time,
                None,
                "",
                "≤ 8 ms at 1,000 nodes" if big else "≤ 16 ms at 10,000 nodes" if huge else "–",
                frame_time <= 0.008 if big else frame_time <= 0.016 if huge else None,
            )
        )
        rows.append(
            Row(
                "gui",
                f"{name}, {n:,} nodes: edit a weight → all labels updated",
                edit_time,
                None,
                "",
                "≤ 16 ms at 1,000 nodes" if big else "–",
                edit_time <= 0.016 if big else None,
            )
        )
    canvas.view.close()
    return rows


if __name__ == "__main__":
    from run_all import print_table

    print_table(run("--quick" in sys.argv))
