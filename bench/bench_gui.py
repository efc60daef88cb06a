"""Benchmark of the window as a user sees it, offscreen: opening, playing, one frame, one edit, memory.

Run ``python bench/bench_gui.py`` (or ``python bench/run_all.py --only gui``). Every size
is measured in a child process of its own, so its peak memory is its own. Qt runs with
``QT_QPA_PLATFORM=offscreen``: no display is needed, and pixels are still drawn, in
memory, by the raster engine a window on screen uses. Each child opens the real
:class:`MainWindow` (every panel as on a first start, the text heights it sets), 1600×1000,
shown, and opens a neuron-view network spec from a JSON file, as File ▸ Open does. The
networks have 28, 1,064, 2,980 and 9,736 nodes.

Figures, per size:

- **open**: ``open_source`` of the file until the layout is on the canvas and the canvas
  has painted (Graphviz in a child process above 400 nodes, as the app does; the layout
  cache emptied first).
- At two zooms, **opening** (what the window shows after opening: the whole graph if its
  numbers stay legible, else its start at the smallest legible zoom) and **fit** (View ▸
  Fit to window: the whole graph, drawn as its overview when no text would read):

  - **one frame**: the tokens of a step move as the animator moves them
    (``show_travel``), then events are processed until the canvas's viewport has
    received and handled its paint event: the real update region, the real paint path.
  - **full repaint**: ``viewport().repaint()``, every pixel of the canvas (as when it
    scrolls to follow the step).
  - **playing**: the animator plays for a second or two from each of four places (the
    first step, a quarter, half and three quarters of the timeline); the figure is the
    paint events the viewport handled between two ticks of a step's travel while a
    travelling token was in view, divided by that time. A token out of view needs no
    paint, nor does the pause between two steps (nothing moves), so that time is left
    out. The reference is the clock: the ticks a second of a bare ``QVariantAnimation``
    in the same process, the most paints a second playing can ask for (about 62: Qt's
    animation timer ticks every 16 ms). Until 2026-12-07 the pause was counted as
    travel, which held every size, even the overview, at 53–56 a second.

  The reference of *one frame* and *full repaint* is measured in the same process, in the
  same view at the same zoom and scroll position: a scene of plain Qt items, one
  ``QGraphicsRectItem`` and one ``QGraphicsSimpleTextItem`` (the node's lines) per node,
  one ``QGraphicsPathItem`` (curve and arrowhead) per edge, and the same tokens as plain
  rect items moving along the same curves.
- **edit**: ``Session.set_value`` of a weight, at the last step (every number shown), until
  every panel has handled the change and the canvas's viewport has painted. The reference
  is ``evaluate()`` of the same graph: the arithmetic an edit cannot avoid.
- **peak memory**: the child's peak resident set size (``ru_maxrss``) after all of the
  above, before the plain reference scene is built; the note gives the empty window's.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

if __package__ in (None, ""):
    sys.path.insert(0, os.path.dirname(__file__))

from common import Row, network_spec

GUI_NETWORKS = [(2, 2, 1), (8, 16, 12, 1), (16, 26, 20, 1), (8, 52, 52, 1)]  # 28 ... 9,736 nodes
WINDOW_SIZE = (1600, 1000)
EDITED = "W1[0,0]"


def rss_mb() -> float:
    """The peak resident set size of this process so far, in MB (Linux reports kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- the child: one size, one process ---------------------------------------------------------


def measure(sizes: tuple[int, ...], quick: bool) -> list[dict]:
    from PySide6.QtCore import QEvent, QEventLoop, QObject, QRectF, QSettings, QTimer, QVariantAnimation
    from PySide6.QtWidgets import QApplication

    import graphviz_app.core  # noqa: F401
    from graphviz_app.core.evaluate import evaluate
    from graphviz_app.gui.canvas.animator import show_travel
    from graphviz_app.gui.window.main_window import MainWindow
    from graphviz_app.layout.cache import CACHE

    app = QApplication.instance() or QApplication([])
    tmp = tempfile.mkdtemp()
    window = MainWindow(QSettings(os.path.join(tmp, "settings.ini"), QSettings.IniFormat))
    window.resize(*WINDOW_SIZE)
    window.show()
    app.processEvents()
    empty_rss = rss_mb()
    view, viewport = window.view, window.view.viewport()

    class PaintCounter(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.count = 0

        def eventFilter(self, obj, event) -> bool:  # noqa: N802
            if event.type() == QEvent.Paint:
                self.count += 1
            return False

    counter = PaintCounter()
    viewport.installEventFilter(counter)

    def until_painted(timeout: float = 30.0, before: int | None = None) -> None:
        """Process events until the viewport has handled a paint event (after ``before`` paints)."""
        before = counter.count if before is None else before
        deadline = time.perf_counter() + timeout
        while counter.count == before:
            app.processEvents(QEventLoop.AllEvents)
            if time.perf_counter() > deadline:
                raise RuntimeError(
                    f"the canvas was not repainted (zoom {view.zoom():.3f}, seen "
                    f"{view.visible_scene_rect().getRect()}, tokens {[t.scenePos() for t in window.scene.tokens]})"
                )

    def run_loop(seconds: float) -> None:
        loop = QEventLoop()
        QTimer.singleShot(int(seconds * 1000), loop.quit)
        loop.exec()

    spec = network_spec(sizes, hidden="tanh", output="sigmoid", loss="bce")
    path = os.path.join(tmp, "net.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(spec, f)

    def open_file() -> float:
        CACHE.clear()
        done = []
        window.sig_layout_done.connect(lambda: done.append(counter.count))
        start = time.perf_counter()
        assert window.open_source(path), window.banner.text()
        if window.session.loaded.view != "neuron":  # above 1,000 nodes a file opens in the layer view
            window.session.set_view("neuron")
        while not done:
            app.processEvents(QEventLoop.AllEvents, 50)
        window.sig_layout_done.disconnect()
        until_painted(before=done[0])
        return time.perf_counter() - start

    s = window.session
    opens = [open_file() for _ in range(1 if quick or sizes == GUI_NETWORKS[-1] else 3)]
    n = s.graph.number_of_nodes()
    name = f"{'-'.join(map(str, sizes))}, {n:,} nodes"
    rows = [
        dict(
            figure=f"{name}: open (file → laid out and painted; View ▸ Neuron view at once if it opened in the layer view)",
            ours=statistics.median(opens),
        )
    ]
    big, huge = 900 <= n <= 1200, n >= 9000
    tl = s.timeline
    forward = [k for k, step in enumerate(tl.steps) if step.kind == "forward" and step.tokens]

    def token_area(k: int):
        """Where the tokens of step ``k`` travel: the union of their edges' bounds."""
        area = QRectF()
        for token in tl.steps[k].tokens:
            item = window.scene.edges.get(token.edge)
            if item is not None:
                area = area.united(item.sceneBoundingRect())
        return area

    middle = forward[len(forward) // 4 : 3 * len(forward) // 4] or forward
    k = min(middle, key=lambda j: token_area(j).width() * token_area(j).height())  # tokens stay in view
    frames = 15 if quick else 40
    vp = f"view {viewport.width()}×{viewport.height()} px"

    def at_step(k: int) -> None:
        window.animator.go_to(k)
        app.processEvents()

    def tokens_in_view(k: int) -> None:
        """Scroll so the tokens of step ``k`` are in view, as following the step does."""
        view.centerOn(token_area(k).center())
        app.processEvents()

    def frame_time(move, count: int) -> float:
        times = []
        for i in range(count + 3):
            start = time.perf_counter()
            move((i % 20) / 20)
            until_painted()
            if i >= 3:
                times.append(time.perf_counter() - start)
        return statistics.median(times)

    def repaint_time(count: int) -> float:
        times = []
        for i in range(count + 2):
            start = time.perf_counter()
            viewport.repaint()
            if i >= 2:
                times.append(time.perf_counter() - start)
        return statistics.median(times)

    def playing(start: int, seconds: float) -> tuple[int, float]:
        """Paints, and seconds, while playing from step ``start``, counted while a travelling token is in view.

        Between two ticks of one step's travel (about 60 a second), if a token was
        in view, the time and the paints that came count. The pause between two
        steps (``PAUSE_S``: nothing moves, the step's resting state is painted once)
        is left out, as is time with no token in view: neither needs a paint. When
        painting keeps up, every tick is painted once, and the figure is the clock's.
        """
        at_step(start)
        seen = {"time": 0.0, "paints": 0, "last": None, "visible": False, "count": counter.count}

        def tick(_value) -> None:  # after the animator's own slot has moved the tokens
            now = time.perf_counter()
            if seen["last"] is not None and seen["visible"]:
                seen["time"] += now - seen["last"]
                seen["paints"] += counter.count - seen["count"]
            area = view.visible_scene_rect()
            seen["visible"] = any(t.sceneBoundingRect().intersects(area) for t in window.scene.tokens)
            seen["last"], seen["count"] = now, counter.count

        def arrived() -> None:  # the step has arrived: the pause until the next one is not travel
            seen["last"] = None

        animation = window.animator._animation
        animation.valueChanged.connect(tick)
        animation.finished.connect(arrived)
        window.animator.play()
        run_loop(seconds)
        window.animator.stop()
        animation.valueChanged.disconnect(tick)
        animation.finished.disconnect(arrived)
        return seen["paints"], seen["time"]

    def playing_rate(seconds: float) -> float:
        """Paints a second while playing from the start and from a quarter, half and three quarters of the timeline.

        The steps differ (a forward step's token, a backward fan-out, the loss), so the
        animator plays from four places; the figure is all their paints over all their time.
        """
        counted = [playing(len(tl) * quarter // 4, seconds) for quarter in range(4)]
        paints, seconds_counted = sum(c[0] for c in counted), sum(c[1] for c in counted)
        return paints / seconds_counted if seconds_counted else float("nan")

    def clock_rate(seconds: float) -> float:
        """Ticks a second of a bare ``QVariantAnimation`` in this process: the most a playing canvas can paint."""
        bare = QVariantAnimation()
        bare.setStartValue(0.0)
        bare.setEndValue(1.0)
        bare.setDuration(int(seconds * 1000))
        ticks: list[float] = []
        bare.valueChanged.connect(lambda _v: ticks.append(time.perf_counter()))
        bare.start()
        run_loop(seconds)
        bare.stop()
        return (len(ticks) - 1) / (ticks[-1] - ticks[0]) if len(ticks) > 1 else float("nan")

    zooms = {}
    for zoom in ("opening", "fit"):
        view.fit(whole=zoom == "fit")
        app.processEvents()
        at_step(k - 1)
        tokens_in_view(k)
        frame = frame_time(lambda p: show_travel(window.scene, tl, k, p, begin=False), frames)
        full = repaint_time(frames // 2)
        window.scene.clear_tokens()
        rates = [playing_rate(1.0 if quick else 2.0) for _ in range(1 if quick else 3)]
        zooms[zoom] = (frame, full, statistics.median(rates), view.zoom())
    clock = clock_rate(2.0)

    # one edit, at the end of the timeline: every number is on show
    at_step(len(tl) - 1)
    view.fit()
    app.processEvents()
    edits, in_set_value = [], []
    for i in range(4 if quick else 9):
        value = 0.1 + 0.01 * (i % 7)
        start = time.perf_counter()
        s.set_value(EDITED, value)
        handled = time.perf_counter()
        until_painted()
        edits.append(time.perf_counter() - start)
        in_set_value.append(handled - start)
    edits, in_set_value = edits[1:], in_set_value[1:]
    g, values = s.graph, dict(s.values)
    evaluate(g, values)
    evaluation = statistics.median(
        [(lambda t: (evaluate(g, values), time.perf_counter() - t)[1])(time.perf_counter()) for _ in range(5)]
    )
    peak = rss_mb()

    # the plain Qt reference, in the same view at each zoom
    plain = PlainScene(window.scene)
    for zoom in ("opening", "fit"):
        view.fit(whole=zoom == "fit")
        app.processEvents()
        at_step(k - 1)
        tokens_in_view(k)
        centre = view.mapToScene(viewport.rect().center())
        transform = view.transform()
        view.setScene(plain.scene)
        view.setTransform(transform)
        view.centerOn(centre)
        app.processEvents()
        plain.show_tokens(tl.steps[k].tokens, window.scene)
        frame = frame_time(plain.move_tokens, frames)
        full = repaint_time(frames // 2)
        plain.clear_tokens()
        view.setScene(window.scene)
        view.setTransform(transform)
        view.centerOn(centre)
        ours_frame, ours_full, rate, zoom_factor = zooms[zoom]
        where = f"{zoom} zoom {zoom_factor * 100:.0f}%, {vp}"
        rows += [
            against_plain(f"{name}, {where}: one frame (tokens move → viewport painted)", ours_frame, frame),
            against_plain(f"{name}, {where}: full repaint of the canvas", ours_full, full),
            dict(
                figure=f"{name}, {where}: paints a second while playing",
                ours=rate,
                unit="/s",
                reference=clock,
                reference_name="ticks a second of a bare `QVariantAnimation` in the same process (the clock)",
                target="≥ 60 at 1,000 nodes" if big else "≥ 30 at 10,000 nodes" if huge else "–",
                met=(rate >= 60 if big else rate >= 30 if huge else None) if zoom == "opening" else None,
            ),
        ]
    target_ms = 16 if big else 100 if huge else None
    rows += [
        dict(
            figure=f"{name}: edit a weight → every panel and the canvas painted",
            ours=statistics.median(edits),
            reference=evaluation,
            reference_name="`evaluate()` of the same graph",
            target=f"≤ {target_ms} ms" if target_ms else "–",
            met=statistics.median(edits) <= target_ms / 1000 if target_ms else None,
            note=f"{statistics.median(in_set_value) * 1e3:.1f} ms of it in set_value and the panels' handlers",
        ),
        dict(
            figure=f"{name}: peak memory (RSS) of the process",
            ours=peak,
            unit="MB",
            target="–",
            met=None,
            note=f"empty window {empty_rss:.0f} MB",
        ),
    ]
    window.session.modified = False
    window.layout_runner.shutdown()
    return rows


def against_plain(figure: str, ours: float, plain: float) -> dict:
    """A row of ours against the plain Qt items in the same view: met within twice their time."""
    return dict(
        figure=figure,
        ours=ours,
        reference=plain,
        reference_name="plain Qt rect, text and path items, same view and zoom",
        target="≤ 2× plain Qt items",
        met=ours <= 2 * plain,
    )


class PlainScene:
    """The same nodes, texts, edges and tokens as plain Qt items (the fair reference)."""

    def __init__(self, scene) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QBrush, QPainterPath, QPen
        from PySide6.QtWidgets import QGraphicsPathItem, QGraphicsScene, QGraphicsSimpleTextItem

        self.scene = QGraphicsScene()
        self.scene.setSceneRect(scene.sceneRect())
        self.scene.setBackgroundBrush(scene.backgroundBrush())
        t = scene.theme
        self.theme, self.font, self.paths = t, scene.fonts.small, {}
        self.tokens: list = []
        for item in scene.nodes.values():
            fill, border, width, _radius = item.box_style()
            rect = self.scene.addRect(item.border_rect(), QPen(border or Qt.NoPen, width), QBrush(fill))
            text = QGraphicsSimpleTextItem("\n".join(line for line, _ in item.lines), rect)
            text.setFont(item.body_font)
            text.setBrush(QBrush(t.text))
            box = text.boundingRect()
            centre = item.border_rect().center()
            text.setPos(centre.x() - box.width() / 2, centre.y() - box.height() / 2)
        for edge, item in scene.edges.items():
            path = QPainterPath(item.path)
            path.addPolygon(item.arrow)
            plain = QGraphicsPathItem(path)
            plain.setPen(QPen(t.edge, 1.4))
            self.scene.addItem(plain)
            self.paths[edge] = item.path

    def show_tokens(self, tokens, scene) -> None:
        from PySide6.QtCore import QRectF, Qt
        from PySide6.QtGui import QBrush, QFontMetricsF, QPen
        from PySide6.QtWidgets import QGraphicsSimpleTextItem

        metrics = QFontMetricsF(self.font)
        for token in tokens:
            path = self.paths.get(token.edge)
            if path is None:
                continue
            w, h = metrics.horizontalAdvance(token.text) + 10, metrics.height() + 4
            item = self.scene.addRect(
                QRectF(-w / 2, -h / 2, w, h), QPen(Qt.NoPen), QBrush(self.theme.forward)
            )
            text = QGraphicsSimpleTextItem(token.text, item)
            text.setFont(self.font)
            text.setPos(-w / 2 + 5, -h / 2 + 2)
            item.setZValue(5)
            self.tokens.append((item, path))

    def move_tokens(self, progress: float) -> None:
        for item, path in self.tokens:
            item.setPos(path.pointAtPercent(progress))

    def clear_tokens(self) -> None:
        for item, _ in self.tokens:
            self.scene.removeItem(item)
        self.tokens = []


# --- the parent: one child per size -----------------------------------------------------------


def run(quick: bool = False) -> list[Row]:
    rows: list[Row] = []
    for i in range(len(GUI_NETWORKS)):
        args = [sys.executable, os.path.abspath(__file__), "--child", str(i)] + (["--quick"] if quick else [])
        done = subprocess.run(
            args, capture_output=True, text=True, env=dict(os.environ, QT_QPA_PLATFORM="offscreen")
        )
        if done.returncode != 0:
            raise RuntimeError(f"bench_gui child {GUI_NETWORKS[i]} failed: {done.stderr.strip()[-2000:]}")
        for found in json.loads(done.stdout.strip().splitlines()[-1]):
            rows.append(
                Row(
                    "gui",
                    found["figure"],
                    found["ours"],
                    found.get("reference"),
                    found.get("reference_name", ""),
                    found.get("target", "–"),
                    found.get("met"),
                    note=found.get("note", ""),
                    unit=found.get("unit", "s"),
                )
            )
    return rows


if __name__ == "__main__":
    if "--child" in sys.argv:
        index = int(sys.argv[sys.argv.index("--child") + 1])
        found = measure(GUI_NETWORKS[index], "--quick" in sys.argv)
        print(json.dumps(found), flush=True)
        os._exit(0)  # no teardown of thousands of items: the figures are out
    from run_all import print_table

    print_table(run("--quick" in sys.argv))
