"""The look of the panels' pyqtgraph plots: the palette's colours, plain axis numbers, a legend.

pyqtgraph draws black on its own default background and scales axes by SI prefixes
("loss (×0.001)"); these helpers make a plot follow the window's light or dark theme
and write plain numbers, and :func:`restyle` repeats it when the palette changes.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QWidget

__all__ = ["make_plot", "restyle"]


def make_plot(parent: QWidget, legend_offset: tuple[int, int] = (10, 10), **legend) -> pg.PlotWidget:
    """A plot with a grid, a legend and axes without SI prefixes, in ``parent``'s colours."""
    plot = pg.PlotWidget(parent)
    plot.showGrid(x=True, y=True, alpha=0.25)
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
