"""The loss landscape panel: contours of the loss around the parameters now, the gradient, each optimizer's path.

Choose two parameters (or *the gradient and a random direction*) and *Draw*: the plot shows the loss over
that plane as an image with contour lines (:mod:`graphviz_app.session.training.landscape`, Qt-free), the
gradient at the point now as an arrow (steepest ascent) and its negative (the way down), and the path of SGD,
momentum, RMSProp and Adam from the same start, each with its default settings: the steps
``graphviz-app train`` takes. An expression works too: its inputs are the axes (``(x-1)**2 + 10*(y+2)**2``
over x and y). The landscape is drawn on request, around the point the session has then: training moves the
point, *Draw* shows the landscape from there.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget

from graphviz_app.core.optim import OPTIMIZERS
from graphviz_app.errors import GraphvizAppError
from graphviz_app.gui.panels.base import SessionPanel
from graphviz_app.gui.panels.message_label import palette_of
from graphviz_app.gui.panels.plot_style import legend_label, make_plot, restyle, set_legend
from graphviz_app.palette import Palette, fades
from graphviz_app.session.state import session as S
from graphviz_app.session.training.landscape import (
    DEFAULT_STEPS,
    MAX_STEPS,
    Axes,
    Landscape,
    describe,
    landscape,
    trainable,
)

__all__ = ["CONTOURS", "DIRECTIONS", "LandscapePanel"]

DIRECTIONS = "the gradient and a random direction"
CONTOURS = 12
"""Contour lines drawn, evenly spaced in log(loss)."""


class LandscapePanel(SessionPanel):
    """Two axes, Draw, and the plot: the loss's contours, ∇L and −∇L, each optimizer's path."""

    def __init__(self, session: S.Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.current: Landscape | None = None
        self.first = QComboBox(self)
        self.second = QComboBox(self)
        self.mode = QComboBox(self)
        self.mode.addItems(["two parameters", DIRECTIONS])
        self.mode.currentTextChanged.connect(self._on_mode_changed)
        self.steps = QSpinBox(self)
        self.steps.setRange(1, MAX_STEPS)
        self.steps.setValue(DEFAULT_STEPS)
        self.steps.setSuffix(" steps")
        self.draw_button = QPushButton("Draw", self)
        self.draw_button.setToolTip(
            "The landscape around the parameters now, and each optimizer's path from there"
        )
        self.draw_button.clicked.connect(self.draw)
        controls = QHBoxLayout()
        for widget in (self.first, self.second, self.steps, self.draw_button):
            controls.addWidget(widget)
        controls.addStretch(1)
        self.plot = make_plot(self, legend_offset=None)
        self.plot.setMenuEnabled(False)
        self.image = pg.ImageItem()
        self.plot.addItem(self.image)
        self.contours: list[pg.IsocurveItem] = []
        self.arrows: list[pg.GraphicsObject] = []
        self.paths: dict[str, pg.PlotDataItem] = {}
        self.legend = legend_label(self, [])
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.mode)
        layout.addLayout(controls)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.legend)
        layout.addWidget(self.text)
        self.on_graph_replaced()

    @property
    def colours(self) -> Palette:
        """The palette of the theme the panel is drawn in."""
        return palette_of(self)

    # --- session events ---------------------------------------------------------------------------

    def on_graph_replaced(self) -> None:
        s = self.session
        names = [] if s.graph is None else trainable(s.graph, s.loaded.network_spec if s.loaded else None)
        for combo, pick in ((self.first, 0), (self.second, 1)):
            combo.blockSignals(True)
            combo.clear()
            combo.addItems(names)
            combo.setCurrentIndex(min(pick, len(names) - 1))
            combo.blockSignals(False)
        self.draw_button.setEnabled(len(names) >= 2)
        self._clear()
        self.text.setText(
            "Choose two parameters, or the gradient and a random direction, and press Draw."
            if len(names) >= 2
            else "A landscape needs two parameters (or two inputs of an expression)."
        )

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802  (Qt's name): the theme changed
        if event.type() == QEvent.Type.PaletteChange:
            restyle(self.plot, self)
            if self.current is not None:
                self._show(self.current)
        super().changeEvent(event)

    # --- drawing ---------------------------------------------------------------------------------

    def axes(self) -> Axes:
        if self.mode.currentText() == DIRECTIONS:
            return Axes.directions()
        return Axes.leaves(self.first.currentText(), self.second.currentText())

    def draw(self) -> None:
        """Work out the landscape around the session's point now and show it."""
        s = self.session
        if s.graph is None:
            return
        s.end_training()  # steps taken and not yet shown: the point now is where they went
        try:
            land = landscape(
                s.graph,
                s.values,
                s.loaded.network_spec if s.loaded else None,
                self.axes(),
                self.steps.value(),
            )
        except GraphvizAppError as exc:
            self.text.setText(str(exc))
            return
        self.current = land
        self._show(land)
        self.sig_status.emit("Loss landscape drawn around the parameters now")

    def _clear(self) -> None:
        self.current = None
        self.image.clear()
        for item in [*self.contours, *self.arrows, *self.paths.values()]:
            self.plot.removeItem(item)
        self.contours, self.arrows, self.paths = [], [], {}
        set_legend(self.legend, [])

    def _show(self, land: Landscape) -> None:
        self._clear()
        self.current = land
        p = self.colours
        finite = np.where(np.isfinite(land.loss), land.loss, np.nan)
        lowest, spread = np.nanmin(finite), np.nanmax(finite) - np.nanmin(finite)
        level = np.log10(finite - lowest + 1e-3 * (spread or 1.0))  # log: the valley's floor has contours too
        low, high = np.nanmin(level), np.nanmax(level)
        rgb = fades(p, "muted", (level - low) / ((high - low) or 1.0), 0.6)  # low loss light, high dark
        a, b = land.a, land.b
        rect = (a[0], b[0], a[-1] - a[0], b[-1] - b[0])
        self.image.setImage(np.transpose(rgb, (1, 0, 2)), levels=(0, 255))
        self.image.setRect(*rect)
        for value in np.linspace(low, high, CONTOURS + 2)[1:-1]:
            curve = pg.IsocurveItem(data=np.nan_to_num(level, nan=high).T, level=value, pen=pg.mkPen(p.muted))
            curve.setParentItem(self.image)  # in the image's pixels, placed with it
            self.contours.append(curve)
        self._draw_arrows(land, p)
        entries = [("line", p.text, "∇L (steepest ascent)"), ("dash", p.text, "−∇L (the way down)")]
        for i, (name, path) in enumerate(land.paths.items()):
            colour = p.series[i % len(p.series)]
            xs, ys = zip(*path)
            item = self.plot.plot(xs, ys, pen=pg.mkPen(colour, width=2), symbol="o", symbolSize=4,
                                  symbolBrush=colour, symbolPen=None, connect="finite")  # fmt: skip
            self.paths[name] = item
            entries.append(("line", colour, f"{name} ({OPTIMIZERS[name].default_lr:g})"))
        set_legend(self.legend, entries)
        self.plot.setLabel("bottom", land.axes.names[0])
        self.plot.setLabel("left", land.axes.names[1])
        self.plot.setRange(xRange=(a[0], a[-1]), yRange=(b[0], b[-1]), padding=0)
        self.text.setText(describe(land))

    def _draw_arrows(self, land: Landscape, p: Palette) -> None:
        """∇L and −∇L from the point now, scaled to a quarter of the plot (their direction is exact)."""
        ga, gb = land.gradient
        norm = math.hypot(ga, gb)
        if not math.isfinite(norm) or norm == 0:
            return
        length = (land.a[-1] - land.a[0]) / 4
        x0, y0 = land.centre
        colour = p.text
        for sign, style in ((1, Qt.PenStyle.SolidLine), (-1, Qt.PenStyle.DashLine)):
            dx, dy = sign * ga / norm * length, sign * gb / norm * length
            line = self.plot.plot([x0, x0 + dx], [y0, y0 + dy], pen=pg.mkPen(colour, width=3, style=style))
            line.setZValue(10)  # over the paths, which start where the arrows do
            head = pg.ArrowItem(pos=(x0 + dx, y0 + dy), angle=180 - math.degrees(math.atan2(dy, dx)),
                                brush=colour, pen=pg.mkPen(colour), headLen=14)  # fmt: skip
            head.setZValue(10)
            self.plot.addItem(head)
            self.arrows += [line, head]

    def _on_mode_changed(self, mode: str) -> None:
        for combo in (self.first, self.second):
            combo.setEnabled(mode != DIRECTIONS)
