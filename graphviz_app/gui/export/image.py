"""Export the canvas as PNG, SVG or PDF, exactly as it is shown.

The scene is rendered by the same ``paint`` methods that draw it on screen, so
an exported image shows what the window shows at the current step: values,
partial gradients, lit edges, theme. :func:`export_headless` does the same
without a window (the CLI's ``export`` command), on Qt's offscreen platform.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING

from PySide6.QtCore import QMarginsF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtWidgets import QApplication

from graphviz_app.errors import GraphvizAppError
from graphviz_app.files.atomic import replaced
from graphviz_app.files.options import parse_step
from graphviz_app.gui.interrupts import held_interrupts
from graphviz_app.layout.worker import fix_numeric_locale

if TYPE_CHECKING:
    from graphviz_app.files.sources import Loaded
    from graphviz_app.gui.canvas.scene import CanvasScene
    from graphviz_app.session.timeline.steps import Timeline

__all__ = [
    "FORMATS",
    "export_headless",
    "export_scene",
    "headless_scene",
    "render_image",
    "resolve_step",
    "save_png",
]

FORMATS = ("png", "svg", "pdf", "tex")
MAX_PNG_PIXELS = 200_000_000  # beyond this a PNG would need gigabytes of memory


def _format_of(path: Path) -> str:
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise GraphvizAppError(f"{path.name}: export to .png, .svg, .pdf or .tex")
    return fmt


def export_scene(
    scene: CanvasScene, path: str | os.PathLike, scale: float = 2.0, rect: QRectF | None = None
) -> Path:
    """Render ``scene`` (all of it, or ``rect`` in scene coordinates) to ``path``."""
    path = Path(path)
    fmt = _format_of(path)
    source = QRectF(rect) if rect is not None else scene.sceneRect()
    if source.isEmpty():
        raise GraphvizAppError("there is nothing to export")
    if fmt == "png" and not 0.1 <= scale <= 16:
        raise GraphvizAppError(f"PNG scale {scale:g} is out of range: choose between 0.1 and 16")
    selected = scene.selectedItems()
    for item in selected:  # the selection outline is for the screen, not for slides
        item.setSelected(False)
    try:
        # written beside and renamed over the target: Ctrl+C or a refusal leaves no half file
        with replaced(path) as tmp:
            if fmt == "png":
                _png(scene, tmp, source, scale)
            elif fmt == "svg":
                _svg(scene, tmp, source)
            elif fmt == "tex":
                _tex(scene, tmp, source)
            else:
                _pdf(scene, tmp, source)
    finally:
        scene.blockSignals(True)
        for item in selected:
            item.setSelected(True)
        scene.blockSignals(False)
    return path


# The writers below write to ``path``, a temporary file beside the target (see export_scene);
# an OSError they raise is reported with the target's name.


def _png(scene: CanvasScene, path: Path, source: QRectF, scale: float) -> None:
    save_png(render_image(scene, source, scale), path)


def save_png(image: QImage, path: Path) -> None:
    """Write ``image`` to ``path`` as PNG; OSError when Qt cannot."""
    # PySide6's stub types the format as bytes, but QImage.save accepts only str at run time
    if not image.save(str(path), "PNG"):  # type: ignore[call-overload]
        raise OSError(0, "Qt could not write the PNG")


def render_image(scene: CanvasScene, source: QRectF, scale: float) -> QImage:
    """``source`` (scene coordinates) drawn at ``scale`` pixels per layout pixel: a PNG, or a frame of a video."""
    width, height = max(1, round(source.width() * scale)), max(1, round(source.height() * scale))
    if width * height > MAX_PNG_PIXELS:
        raise GraphvizAppError(f"a {width}×{height} PNG is too large; lower the scale or export SVG/PDF")
    image = QImage(QSize(width, height), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(scene.backgroundBrush().color())
    # Ctrl+C is raised after the painter ends: never inside an item's paint(), never with a device being painted
    with held_interrupts():
        painter = QPainter(image)
        painter.setRenderHints(
            QPainter.RenderHint.Antialiasing
            | QPainter.RenderHint.TextAntialiasing
            | QPainter.RenderHint.SmoothPixmapTransform
        )
        scene.render(painter, QRectF(0, 0, width, height), source, Qt.AspectRatioMode.KeepAspectRatio)
        painter.end()
    return image


def _text_dpi() -> int:
    """The dots per inch at which the canvas turns font point sizes into pixels.

    Node boxes are measured with ``QFontMetricsF``, which converts the fonts'
    point sizes at Qt's default DPI: the primary screen's logical DPI, or 96
    without a screen. An SVG or PDF device has its own resolution (72 unless
    told), and a 10 pt font would then be drawn 10 units high instead of the
    13.3 it was measured at: text at 72/96 of its size inside boxes of the same
    size. Giving those devices this resolution draws text as it was measured.
    """
    screen = QGuiApplication.primaryScreen()
    dpi = round(screen.logicalDotsPerInchY()) if screen is not None else 0
    return dpi if dpi > 0 else 96


def _svg(scene: CanvasScene, path: Path, source: QRectF) -> None:
    from PySide6.QtSvg import QSvgGenerator

    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setResolution(_text_dpi())  # one layout pixel = one CSS pixel at this DPI
    generator.setSize(QSize(round(source.width()), round(source.height())))
    generator.setViewBox(QRectF(0, 0, source.width(), source.height()))
    generator.setTitle("graphviz-app graph")
    generator.setDescription("Computation graph exported by graphviz-app")
    with held_interrupts():
        painter = QPainter()
        if not painter.begin(generator):
            raise OSError(0, "Qt could not write the SVG")
        painter.fillRect(QRectF(0, 0, source.width(), source.height()), scene.backgroundBrush())
        scene.render(
            painter, QRectF(0, 0, source.width(), source.height()), source, Qt.AspectRatioMode.KeepAspectRatio
        )
        painter.end()


def _pdf(scene: CanvasScene, path: Path, source: QRectF) -> None:
    writer = QPdfWriter(str(path))
    dpi = _text_dpi()
    writer.setResolution(dpi)  # fonts at the size they were measured; the page keeps 1 layout pixel = 1 pt
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QSizeF(source.width(), source.height()), QPageSize.Unit.Point),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
        )
    )
    writer.setTitle("graphviz-app graph")
    writer.setCreator("graphviz-app")
    # the page in device units, unrounded (writer.width() is whole units: a 0.1 % squeeze)
    target = QRectF(0, 0, source.width() * dpi / 72, source.height() * dpi / 72)
    with held_interrupts():
        painter = QPainter()
        if not painter.begin(writer):
            raise OSError(0, "Qt could not write the PDF")
        painter.fillRect(target, scene.backgroundBrush())
        scene.render(painter, target, source, Qt.AspectRatioMode.KeepAspectRatio)
        painter.end()


def _colour(c: QColor) -> tuple[str, float]:
    return c.name(), c.alphaF()


def _tex(scene: CanvasScene, path: Path, source: QRectF) -> None:
    """The scene as TikZ: every node and edge with the style its ``paint`` uses now."""
    from graphviz_app.exports.tikz import TikzEdge, TikzNode, to_tikz

    scene.relabel_seen()  # every node as the frame has it, in view or not
    nodes = []
    for node in scene.nodes.values():
        fill, border, width, radius = node.box_style()
        box, pos = node.box, node.pos()
        nodes.append(
            TikzNode(
                pos.x(),
                pos.y(),
                box.width(),
                box.height(),
                tuple((text, role, _colour(node.line_colour(role))) for text, role in node.lines),
                _colour(fill),
                None if border is None else _colour(border),
                width,
                radius,
                dashed=node.kind == "target",
            )
        )
    edges = []
    for edge in scene.edges.values():
        colour, width = edge.line_style()
        path_ = edge.path
        points = tuple((path_.elementAt(i).x, path_.elementAt(i).y) for i in range(path_.elementCount()))
        label = edge.label if edge.label and not edge.dimmed else ""
        label_colour = scene.theme.muted if edge.highlight is None else colour
        edges.append(
            TikzEdge(
                points,
                tuple((p.x(), p.y()) for p in edge.arrow.toList()),
                _colour(colour),
                width,
                label,
                (edge.label_pos.x(), edge.label_pos.y()),
                _colour(label_colour),
            )
        )
    scale = _text_dpi() / 96  # fonts were measured at this many pixels per point × 72/96
    fonts = scene.fonts
    text = to_tikz(
        nodes,
        edges,
        background=_colour(scene.backgroundBrush().color()),
        area=(source.x(), source.y(), source.width(), source.height()),
        title_pt=fonts.title.pointSizeF() * scale,
        body_pt=fonts.body.pointSizeF() * scale,
        small_pt=fonts.small.pointSizeF() * scale,
    )
    path.write_text(text, encoding="utf-8")


def resolve_step(timeline: Timeline, step: str | int, option: str = "--step") -> int:
    """``forward`` (after the forward pass), ``backward`` (start of the backward pass), ``end``, ``start`` or N.

    ``option`` (``--step``, ``--from``, ``--to``) names the step in a refusal.
    """
    last = len(timeline) - 1
    step = parse_step(step, option)
    if isinstance(step, int):
        if step > last:
            raise GraphvizAppError(f"{option} {step}: this graph has steps 0 to {last}")
        return step
    if step == "start":
        return 0
    if step == "forward":
        return max(0, timeline.index_of_phase("backward") - 1)
    if step == "backward":
        return timeline.index_of_phase("backward")
    return last


def _ensure_app() -> None:
    if QApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        QApplication(["graphviz-app"])
        fix_numeric_locale()  # after Qt took the locale from the environment


def headless_scene(
    loaded: Loaded, *, theme: str = "light", direction: str = "LR", show_locals: bool = False
) -> tuple[CanvasScene, Timeline]:
    """The window's scene for ``loaded``, laid out, and its timeline: what an export draws without a window."""
    _ensure_app()
    from graphviz_app.core.evaluate import evaluate
    from graphviz_app.gui.canvas.collapsed import drawn_layout_inputs
    from graphviz_app.gui.canvas.scene import CanvasScene, Fonts, edge_label, measure_nodes
    from graphviz_app.gui.theme import theme_named
    from graphviz_app.layout import layout
    from graphviz_app.session.timeline.steps import build_timeline

    ev = evaluate(loaded.graph, loaded.values)
    timeline = build_timeline(ev)
    fonts = Fonts()
    scene = CanvasScene(theme_named(theme), fonts)
    scene.show_locals = show_locals
    collapsed = loaded.session.settings.get("collapsed", ()) if loaded.session else ()
    shown = SimpleNamespace(  # as the window lays it out: a session's collapsed layers are one box each
        graph=loaded.graph,
        loaded=loaded,
        evaluation=ev,
        settings=SimpleNamespace(collapsed=collapsed, show_values=True, show_grads=True, show_locals=False),
    )
    projection, sizes, _ = drawn_layout_inputs(shown, fonts, measure_nodes, edge_label)
    geometry = layout(projection.graph, sizes, direction=direction)
    scene.build(loaded.graph, geometry, ev, projection)
    return scene, timeline


def export_headless(
    loaded: Loaded,
    out: str | os.PathLike,
    *,
    step: str | int = "end",
    theme: str = "light",
    direction: str = "LR",
    scale: float = 2.0,
    show_locals: bool = False,
) -> Path:
    """Lay out, animate to ``step`` and export ``loaded`` (from :func:`graphviz_app.files.load_source`)."""
    _format_of(Path(out))
    scene, timeline = headless_scene(loaded, theme=theme, direction=direction, show_locals=show_locals)
    scene.show_frame(timeline.state_at(resolve_step(timeline, step)))
    return export_scene(scene, out, scale=scale)
