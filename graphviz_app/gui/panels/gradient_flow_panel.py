"""The gradient flow panel: one bar per layer of ‖∂L/∂z_l‖ and ‖∂L/∂W_l‖, on a log scale.

The numbers are :func:`~graphviz_app.session.training.gradient_flow.layer_gradients` of the
session's evaluation, so they follow every edit and every training step. A second
plot shows another network example beside it (``deep-relu`` beside
``deep-sigmoid``, ``deep-sigmoid`` beside ``deep-sigmoid-residual``:
:data:`~graphviz_app.builders.examples.COMPARE_WITH`) on the same y range, so bars of equal height are equal gradients,
and a dashed line draws the sigmoid's bound: ¼ per layer back from the last layer,
through sigmoid layers only. "Edge width shows |gradient|" is the canvas's own gradient
width option (thicker edges carry larger contributions, on the same log scale).

pyqtgraph's bars have no log mode, so the bars are drawn in log₁₀ units with the
axis labelled in powers of ten.
"""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from graphviz_app.builders.examples import COMPARE_WITH, EXAMPLES, load_example
from graphviz_app.builders.network import build_network
from graphviz_app.core.evaluate import evaluate
from graphviz_app.errors import GraphvizAppError
from graphviz_app.exports.loss_svg import COLOURS
from graphviz_app.gui.panels.base import SessionPanel
from graphviz_app.gui.panels.plot_style import legend_label, make_plot, restyle, set_legend
from graphviz_app.session.state import session as S
from graphviz_app.session.training.gradient_flow import LayerGradient, layer_gradients, reference_line
from graphviz_app.text.numbers import format_scalar, power_of_ten
from graphviz_app.text.superscripts import raise_int

__all__ = ["GradientFlowPanel", "log_bars", "log_span"]

NONE = "(none)"


def log_bars(values: list[float], floor: float) -> list[float]:
    """Bar heights in log₁₀ units above ``floor`` (a zero or non-finite value gets no bar)."""
    return [math.log10(v) - floor if v > 0 and math.isfinite(v) else 0.0 for v in values]


def log_span(*networks: list[LayerGradient]) -> tuple[int, int]:
    """The powers of ten (floor, top) that hold every bar and bound of ``networks``: one y range for all."""
    values = [
        v
        for layers in networks
        for v in [x for lg in layers for x in (lg.grad_norm, lg.weight_grad_norm)] + reference_line(layers)
    ]
    positive = [v for v in values if v > 0 and math.isfinite(v)] or [1.0]
    return math.floor(math.log10(min(positive))) - 1, math.ceil(math.log10(max(positive)))


class PowersOfTen(pg.AxisItem):
    """A log₁₀ axis labelled 1, 10, 10⁻³: whole powers only, as many as fit the plot's height."""

    LABEL_PX = 22  # room for one label

    def tickSpacing(self, minVal: float, maxVal: float, size: float) -> list[tuple[int, int]]:  # noqa: N802  (pyqtgraph's names)
        fits = max(1, int(size // self.LABEL_PX))
        return [(max(1, math.ceil((maxVal - minVal) / fits)), 0)]

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list[tuple[int, list[float]]]:  # noqa: N802
        step = self.tickSpacing(minVal, maxVal, size)[0][0]
        return [(step, [float(k) for k in range(math.floor(maxVal), math.ceil(minVal) - 1, -step)])]

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:  # noqa: N802  (pyqtgraph's name)
        return [power_of_ten(round(v)) for v in values]


class _FlowPlot:
    """Bars of one network's layer gradients, with the ¼-per-layer bound where its layers are sigmoids."""

    def __init__(self, title: str, parent: QWidget) -> None:
        self.widget = make_plot(  # one legend for both plots, beside them
            parent, legend_offset=None, axis_items={"left": PowersOfTen("left")}
        )
        self.widget.setTitle(title)
        self.widget.setLabel("bottom", "layer")
        self.widget.setLabel("left", "gradient norm")  # the ticks, powers of ten, say the scale
        self.widget.showGrid(x=False, y=True, alpha=0.25)
        self.widget.setMouseEnabled(x=False, y=False)
        self.layers: list[LayerGradient] = []
        self.reference: list[float] = []
        self.bound: pg.PlotDataItem | None = None

    def show_layers(self, layers: list[LayerGradient], title: str, span: tuple[int, int]) -> None:
        """Draw ``layers`` on the y range ``span`` (powers of ten, shared with the other plot)."""
        self.widget.clear()
        self.widget.setTitle(title)
        self.layers, self.reference, self.bound = layers, reference_line(layers), None
        if not layers:
            return
        floor, top = span
        xs = [lg.layer for lg in layers]
        for offset, values, colour in (
            (-0.2, [lg.grad_norm for lg in layers], COLOURS[0]),
            (0.2, [lg.weight_grad_norm for lg in layers], COLOURS[3]),
        ):
            bars = pg.BarGraphItem(
                x=[x + offset for x in xs], y0=floor, height=log_bars(values, floor), width=0.38, brush=colour
            )
            self.widget.addItem(bars)
        if any(math.isfinite(v) for v in self.reference):  # only through sigmoids
            self.bound = self.widget.plot(
                xs,
                [math.log10(v) if v > 0 else math.nan for v in self.reference],
                pen=pg.mkPen(COLOURS[1], width=2, style=pg.QtCore.Qt.PenStyle.DashLine),
            )
        self.widget.getAxis("bottom").setTicks([[(x, str(x)) for x in xs]])
        self.widget.setYRange(floor, top, padding=0.02)
        self.widget.setXRange(min(xs) - 0.6, max(xs) + 0.6, padding=0)


class GradientFlowPanel(SessionPanel):
    """Per-layer gradient norms of the open network, and of an example to compare with, on one y range."""

    refresh_on = frozenset({S.Event.VALUES})

    def __init__(self, session: S.Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.current = _FlowPlot("open network", self)
        self.other = _FlowPlot("compare", self)
        self.other.widget.setYLink(self.current.widget)  # one scale: the bars compare across the plots
        self._other_layers: list[LayerGradient] = []
        self._other_title = ""
        self.compare = QComboBox(self)
        self.compare.addItem(NONE)
        self.compare.addItems([name for name, e in EXAMPLES.items() if e.kind == "network"])
        self.compare.currentTextChanged.connect(self._show_other)
        self.edge_width = QCheckBox("Edge width on the canvas shows |gradient| (log scale)", self)
        self.edge_width.toggled.connect(self._on_edge_width)
        self.legend = legend_label(self, [])
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel("compare with", self))
        top.addWidget(self.compare)
        top.addWidget(self.edge_width)
        top.addStretch(1)
        plots = QHBoxLayout()
        plots.addWidget(self.current.widget)
        plots.addWidget(self.other.widget)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(plots, 1)
        layout.addWidget(self.legend)
        layout.addWidget(self.summary)
        self.on_graph_replaced()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802  (Qt's name): the theme changed
        if event.type() == QEvent.Type.PaletteChange:
            for plot in (self.current, self.other):
                restyle(plot.widget, self)
        super().changeEvent(event)

    # --- private -------------------------------------------------------------------------

    def on_graph_replaced(self) -> None:
        s = self.session
        origin = s.loaded.origin if s.loaded is not None else ""
        wanted = COMPARE_WITH.get(origin.removeprefix("example:")) if origin.startswith("example:") else None
        if wanted is not None and self.compare.currentText() == NONE:
            self.compare.setCurrentText(wanted)
        self.edge_width.blockSignals(True)
        self.edge_width.setChecked(s.settings.grad_width)
        self.edge_width.blockSignals(False)
        self._show_other(self.compare.currentText())  # draws both

    def refresh(self) -> None:
        s = self.session
        layers = layer_gradients(s.evaluation) if s.is_network and s.evaluation is not None else []
        name = (s.loaded.title or s.loaded.origin) if s.loaded is not None else ""
        shown = [layers] + ([self._other_layers] if self.other.widget.isVisibleTo(self) else [])
        span = log_span(*shown)
        self.current.show_layers(layers, name or "open network", span)
        if len(shown) > 1:
            self.other.show_layers(self._other_layers, self._other_title, span)
        self._show_legend()
        if not layers:
            self.summary.setText("Open a network to see how much gradient reaches each layer.")
            return
        first, last = layers[0], layers[-1]
        ratio = first.grad_norm / last.grad_norm if last.grad_norm > 0 else math.nan
        text = (
            f"layer {first.layer} receives {format_scalar(ratio)} × the gradient of layer {last.layer} "
            f"(‖∂L/∂z‖ {format_scalar(first.grad_norm)} vs {format_scalar(last.grad_norm)})"
        )
        through = sum(1 for v in self.current.reference[:-1] if math.isfinite(v))  # sigmoid layers passed
        if through:
            text += (
                f"; through sigmoids at most 0.25 per layer: 0.25{raise_int(through) if through > 1 else ''} = "
                f"{format_scalar(0.25**through)}"
            )
        self.summary.setText(text + ".")

    def _show_legend(self) -> None:
        entries = [("bar", COLOURS[0], "‖∂L/∂z_l‖"), ("bar", COLOURS[3], "‖∂L/∂W_l‖")]
        if self.current.bound is not None or self.other.bound is not None:
            entries.append(("dash", COLOURS[1], "¼ per layer through sigmoids (σ′ ≤ ¼)"))
        set_legend(self.legend, entries)

    def _show_other(self, name: str) -> None:
        self.other.widget.setVisible(name != NONE)
        layers: list[LayerGradient] = []
        if name != NONE:
            try:
                loaded = self.session.loaded
                view = loaded.view if loaded is not None and self.session.is_network else None
                net = build_network(load_example(name).payload, view=view or "layer")
                layers = layer_gradients(evaluate(net.graph))
            except GraphvizAppError as exc:
                self.sig_status.emit(str(exc))
        self._other_layers, self._other_title = layers, load_example(name).title if name != NONE else ""
        self.refresh()

    def _on_edge_width(self, on: bool) -> None:
        if self.session.settings.grad_width != on:
            self.session.update_settings(grad_width=on)

    def on_settings_changed(self) -> None:
        self.edge_width.blockSignals(True)
        self.edge_width.setChecked(self.session.settings.grad_width)
        self.edge_width.blockSignals(False)
