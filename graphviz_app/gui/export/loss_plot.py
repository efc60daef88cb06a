"""``train --plot``: the loss curve (and, training on data, the decision boundary) written to an SVG or PNG file.

The pictures are :func:`graphviz_app.exports.loss_svg.loss_svg` and
:func:`graphviz_app.exports.training_svg.training_svg` (Qt-free, so an SVG needs no Qt
at all); a PNG is that SVG drawn by Qt's SVG renderer on the offscreen platform, so
both files show the same plot.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from graphviz_app.errors import GraphvizAppError
from graphviz_app.exports.loss_svg import loss_svg
from graphviz_app.exports.training_svg import training_svg
from graphviz_app.files.atomic import replaced
from graphviz_app.session.training.data import DataFeed, Metrics
from graphviz_app.text.numbers import format_scalar

__all__ = ["PLOT_FORMATS", "plot_format", "write_loss_plot", "write_training_plot"]

PLOT_FORMATS = ("png", "svg")


def plot_format(path: str | os.PathLike) -> str:
    """``"png"`` or ``"svg"`` from the file name; anything else is refused (before any training)."""
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in PLOT_FORMATS:
        raise GraphvizAppError(f"--plot {path.name}: write the loss curve to a .png or .svg file")
    return fmt


def write_loss_plot(
    path: str | os.PathLike, runs: Sequence[tuple[str, Sequence[float]]], log: bool = True, scale: float = 2.0
) -> Path:
    """Write the loss curves of ``runs`` (label, losses) to ``path`` (.svg or .png)."""
    return _write(path, loss_svg(runs, log=log), scale)


def write_training_plot(
    path: str | os.PathLike, feed: DataFeed, params: Mapping[str, Any], metrics: Sequence[Metrics], label: str
) -> Path:
    """Write the decision boundary at ``params`` with the points, beside the loss over all the training
    and test points after each step (``metrics``), to ``path`` (.svg or .png)."""
    data = feed.data
    test = np.zeros(len(data.points), dtype=bool)
    test[data.test] = True
    curves = [(f"train ({label})", [m.train_loss for m in metrics], False)]
    last = metrics[-1]
    note = f"step {len(metrics) - 1:,}: training accuracy {format_scalar(last.train_accuracy, 3)}"
    if last.test_loss is not None:
        curves.append(("test", [m.test_loss for m in metrics], True))  # type: ignore[misc]
        note += f", test accuracy {format_scalar(last.test_accuracy, 3)}"
    svg = training_svg(
        feed.pictures(params).output, data.extent, data.points, data.labels, test, curves, note,
        title=f"Decision boundary: {data.name}",
    )  # fmt: skip
    return _write(path, svg, 2.0)


def _write(path: str | os.PathLike, svg: str, scale: float) -> Path:
    path = Path(path)
    fmt = plot_format(path)
    with replaced(path) as tmp:  # whole or not at all, and never through a link
        if fmt == "svg":
            tmp.write_text(svg, encoding="utf-8")
        else:
            _write_png(tmp, svg, scale)
    return path


def _write_png(path: Path, svg: str, scale: float) -> None:
    from PySide6.QtCore import QByteArray, QRectF
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    from graphviz_app.gui.export.image import _ensure_app, save_png

    _ensure_app()
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    size = renderer.defaultSize()
    image = QImage(int(size.width() * scale), int(size.height() * scale), QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    renderer.render(painter, QRectF(0, 0, image.width(), image.height()))
    painter.end()
    save_png(image, path)
