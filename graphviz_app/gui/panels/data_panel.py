"""The Data panel: the points a network learns from over what it says on the input plane, live.

For a network with data (:mod:`graphviz_app.builders.data_spec`), the left plot shows the network's output
over the input plane as an image (the palette's ``positive`` colour where it says class 1, ``negative`` for
class 0, the background on the boundary), the training points filled and the test points hollow in their
class's colour, and a ring round the point the canvas shows. Clicking a point shows that point's forward and
backward pass on the canvas (``session.training.show_point``); *Follow the batch* goes back to the first
point of the mini-batch the next step learns from; *Batch mean on the canvas* builds the canvas's graph over
that whole mini-batch instead (its loss their mean, its gradients the step's), the training going on from where
it is. A line above says the accuracies; the loss over every training point and every test point is on the
training panel's loss curve.

Everything is read from the session's trainer (:mod:`graphviz_app.session.training.data`): its parameters
as they are, so the picture follows a run at every chunk of steps even between the canvas's updates.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QRectF, QSignalBlocker, Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from graphviz_app.errors import GraphvizAppError
from graphviz_app.gui.panels.base import SessionPanel
from graphviz_app.gui.panels.message_label import palette_of
from graphviz_app.gui.panels.plot_style import make_plot, restyle
from graphviz_app.palette import Palette, shade, shades
from graphviz_app.session.state import session as S
from graphviz_app.session.training.data import batch_text, metrics_text, point_text

__all__ = ["BACKGROUND_STRENGTH", "EMPTY", "DataPanel"]

EMPTY = (
    "This panel shows the points a network learns from and the boundary it draws between them. "
    "Open a network with data: example:xor, example:circles or example:spiral."
)
BACKGROUND_STRENGTH = 0.55
"""How strongly the output is coloured under the points (1: as strongly as the points)."""


class DataPanel(SessionPanel):
    """The points over the network's output on the input plane, the accuracy, the point on the canvas."""

    def __init__(self, session: S.Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.training = session.training
        self.plane = make_plot(self, legend_offset=None)
        self.plane.setAspectLocked(True)
        self.plane.setLabel("bottom", "x1")
        self.plane.setLabel("left", "x2")
        self.plane.setMenuEnabled(False)
        self.image = pg.ImageItem()
        self.plane.addItem(self.image)
        self.train_points = pg.ScatterPlotItem(size=9)
        self.test_points = pg.ScatterPlotItem(size=9)
        self.shown_ring = pg.ScatterPlotItem(size=18, brush=None)
        for item in (self.train_points, self.test_points, self.shown_ring):
            self.plane.addItem(item)
        for points in (self.train_points, self.test_points):
            points.sigClicked.connect(self._on_point_clicked)
        self.status = QLabel(EMPTY, self)
        self.status.setWordWrap(True)
        self.point = QLabel(self)
        self.point.setWordWrap(True)
        self.follow = QPushButton("Follow the batch", self)
        self.follow.setToolTip(
            "Show on the canvas the first point of the mini-batch the next step learns from"
        )
        self.follow.clicked.connect(lambda: self.training.show_point(None))
        self.mean = QCheckBox("Batch mean on the canvas", self)
        self.mean.setToolTip(
            "Build the canvas's graph over the whole mini-batch the next step learns from: its loss is their mean"
        )
        self.mean.toggled.connect(self._on_mean_toggled)
        top = QHBoxLayout()
        top.addWidget(self.status, 1)
        top.addWidget(self.follow, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.plane, 1)
        layout.addWidget(self.point)
        layout.addWidget(self.mean)
        self.on_graph_replaced()

    # --- reading -------------------------------------------------------------------------------

    @property
    def feed(self):
        """The open network's data and mini-batch graph (None: nothing with data is open)."""
        t = self.training.trainer
        return None if t is None else t.data

    @property
    def colours(self) -> Palette:
        """The palette of the theme the panel is drawn in."""
        return palette_of(self)

    # --- session events ---------------------------------------------------------------------------

    def on_graph_replaced(self) -> None:
        feed = self.feed
        on = feed is not None
        with QSignalBlocker(self.mean):
            self.mean.setChecked(self.training.shown_batch)
        for widget in (self.plane, self.point, self.follow, self.mean):
            widget.setVisible(on)
        if not on:
            self.status.setText(EMPTY)
            return
        self._draw_points()
        self.refresh_picture()

    def on_values_changed(self) -> None:
        self.refresh_picture()

    def on_training_changed(self) -> None:
        self.refresh_picture()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802  (Qt's name): the theme changed
        if event.type() == QEvent.Type.PaletteChange:
            restyle(self.plane, self)
            if self.feed is not None:
                self._draw_points()
                self.refresh_picture()
        super().changeEvent(event)

    # --- drawing ---------------------------------------------------------------------------------

    def refresh_picture(self) -> None:
        """The output over the plane at the parameters now, the losses so far, the point on show."""
        t, feed = self.training.trainer, self.feed
        if t is None or feed is None:
            return
        pictures = feed.pictures(t.params)
        r = feed.data.extent
        rgb = shades(self.colours, pictures.output, BACKGROUND_STRENGTH)
        self.image.setImage(np.transpose(rgb, (1, 0, 2)), levels=(0, 255))  # pyqtgraph: x first
        self.image.setRect(QRectF(-r, -r, 2 * r, 2 * r))
        run = t.run
        metrics = run.metrics if run is not None and run.metrics else [feed.metrics(t.params)]
        self.status.setText(metrics_text(metrics[-1], len(metrics) - 1))
        self._show_point()

    def _draw_points(self) -> None:
        feed = self.feed
        data, p = feed.data, self.colours
        classes = max(data.classes - 1, 1)
        colours = [shade(p, 2 * int(label) / classes - 1) for label in data.labels]
        for item, index, filled in (
            (self.train_points, data.train, True),
            (self.test_points, data.test, False),
        ):
            spots = [
                {
                    "pos": tuple(data.points[i]),
                    "brush": pg.mkBrush(colours[i]) if filled else pg.mkBrush(None),
                    "pen": pg.mkPen(p.background if filled else colours[i], width=1 if filled else 2),
                    "data": int(i),
                }
                for i in index
            ]
            item.setData(spots)
        r = data.extent
        self.plane.setRange(xRange=(-r, r), yRange=(-r, r), padding=0)

    def _show_point(self) -> None:
        t, feed = self.training.trainer, self.feed
        if t is None or feed is None:
            return
        batch, point = self.training.shown_batch, self.training.shown_point
        rows = feed.indices(t.descent.steps) if batch or point is None else np.array([point])
        self.shown_ring.setData(
            feed.data.points[rows, 0],
            feed.data.points[rows, 1],
            pen=pg.mkPen(self.colours.selection, width=3),
        )
        if batch or point is None:
            self.point.setText(batch_text(len(rows)))
        else:
            self.point.setText(point_text(feed, point, self.training.point is None))
        self.follow.setEnabled(self.training.point is not None and not batch)

    def _on_mean_toggled(self, on: bool) -> None:
        """The canvas's graph over the next mini-batch (or one point again): the same network, its training
        going on from where it is."""
        spec = self.session.network_spec()
        if spec is None or "data" not in spec:
            return
        spec["data"] = (
            {**spec["data"], "show": "batch"}
            if on
            else {k: v for k, v in spec["data"].items() if k != "show"}
        )
        try:
            self.session.set_network(spec)
        except GraphvizAppError as exc:
            self.sig_status.emit(str(exc))

    def _on_point_clicked(self, _item: pg.ScatterPlotItem, spots: list) -> None:
        if spots and not self.training.shown_batch:
            self.training.show_point(int(spots[0].data()))
            self.sig_status.emit(
                f"The canvas shows point {int(spots[0].data())}: its forward and backward pass"
            )
