"""The paths panel's choice of source and target: two combo boxes of the graph's nodes."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QWidget

from graphviz_app.core.evaluate import Evaluation
from graphviz_app.errors import GraphvizAppError
from graphviz_app.session.paths.prose import endpoint_items
from graphviz_app.session.paths.sum_over_paths import default_source
from graphviz_app.session.state.session import Selection

__all__ = ["EndpointChooser"]


class EndpointChooser(QWidget):
    """From (a source) and To (a target), each a node of the open graph."""

    sig_changed = Signal()
    """The user (or :meth:`set_source` / :meth:`set_target`) chose another source or target."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source_combo = QComboBox(self)
        self.source_combo.setAccessibleName("source")
        self.target_combo = QComboBox(self)
        self.target_combo.setAccessibleName("target")
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        for label, combo in (("From", self.source_combo), ("To", self.target_combo)):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(8)
            combo.currentIndexChanged.connect(lambda _index: self.sig_changed.emit())
            form.addRow(label, combo)

    def source(self) -> str | None:
        return self.source_combo.currentData()

    def target(self) -> str | None:
        return self.target_combo.currentData()

    def set_source(self, node: str) -> None:
        self._set(self.source_combo, node)

    def set_target(self, node: str) -> None:
        self._set(self.target_combo, node)

    def fill(self, ev: Evaluation | None, name: Callable[[str], str] | None, selection: Selection) -> None:
        """List ``ev``'s nodes by ``name``; the selected leaf (or the first input) to the output."""
        with QSignalBlocker(self.source_combo), QSignalBlocker(self.target_combo):
            self.source_combo.clear()
            self.target_combo.clear()
            if ev is None:
                return
            for text, node in endpoint_items(ev.order, name):
                for combo in (self.source_combo, self.target_combo):
                    combo.addItem(text, node)
            source = default_source(ev.graph, selection)
            if source is not None:
                self.source_combo.setCurrentIndex(self.source_combo.findData(source))
            self.target_combo.setCurrentIndex(self.target_combo.findData(ev.output))

    @staticmethod
    def _set(combo: QComboBox, node: str) -> None:
        index = combo.findData(node)
        if index < 0:
            raise GraphvizAppError(f"there is no node '{node}' in this graph")
        combo.setCurrentIndex(index)  # emits currentIndexChanged when it changes: the paths follow
