"""The look of the panels' pyqtgraph plots: the palette's colours, plain axis numbers, a legend.

A legend inside the plot covers whatever is drawn under it (the gradient check's curves
start at its top left); :func:`legend_label` is a legend beside the plot instead, as text
with coloured marks, which wraps on a narrow panel and never sits on a curve.

pyqtgraph draws black on its own default background and scales axes by SI prefixes
("loss (×0.001)"); these helpers make a plot follow the window's light or dark theme
and write plain numbers, and :func:`restyle` repeats it when the palette changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QWidget

__all__ = ["MARKS", "legend_label", "make_plot", "restyle", "set_legend"]

MARKS = {"line": "━━", "dash": "╍╍", "bar": "■"}
"""How a legend beside a plot draws each kind of entry."""


def make_plot(
    parent: QWidget,
    legend_offset: tuple[int, int] | None = (10, 10),
    axis_items: dict[str, pg.AxisItem] | None = None,
    **legend: Any,
) -> pg.PlotWidget:
    """A plot with a grid, a legend (none when ``legend_offset`` is None) and axes without SI
    prefixes (``axis_items`` replaces some), in ``parent``'s colours."""
    plot = pg.PlotWidget(parent, axisItems=axis_items)
    plot.showGrid(x=True, y=True, alpha=0.25)
    if legend_offset is not None:
        plot.addLegend(offset=legend_offset, **legend)
    for side in ("left", "bottom"):
        plot.getAxis(side).enableAutoSIPrefix(False)
    plot.setMinimumHeight(120)  # a bottom dock this short leaves the canvas its height on a 720-pixel screen
    restyle(plot, parent)
    return plot


def restyle(plot: pg.PlotWidget, widget: QWidget) -> None:
    """Background, axes, title and legend text in ``widget``'s palette colours."""
    palette = widget.palette()
    base = palette.color(QPalette.ColorRole.Base)
    text = palette.color(QPalette.ColorRole.Text)
    plot.setBackground(base)
    for side in ("left", "bottom"):
        axis = plot.getAxis(side)
        axis.setTextPen(text)
        axis.setPen(text)
    plot.plotItem.titleLabel.setAttr("color", text.name())
    plot.plotItem.titleLabel.setText(plot.plotItem.titleLabel.text)
    legend = plot.plotItem.legend
    if legend is not None:
        legend.setBrush(pg.mkBrush(base.red(), base.green(), base.blue(), 200))
        legend.setLabelTextColor(text)


def legend_label(parent: QWidget, entries: Sequence[tuple[str, str, str]]) -> QLabel:
    """A legend to put beside a plot: one ``(mark, colour, text)`` per entry, ``mark`` a key of MARKS."""
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    set_legend(label, entries)
    return label


def set_legend(label: QLabel, entries: Sequence[tuple[str, str, str]]) -> None:
    """Show ``entries`` (as :func:`legend_label` takes them) in ``label``."""
    label.setText(
        "&nbsp;&nbsp;&nbsp; ".join(
            f'<span style="color:{colour}">{MARKS[mark]}</span>&nbsp;{escape(text)}'
            for mark, colour, text in entries
        )
    )
