"""The export dialog: file name, PNG scale, whole graph or visible part (PNG, SVG, PDF, TikZ; DOT is the graph)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

__all__ = ["NAMES", "ExportDialog", "add_save_cancel", "ask_export", "file_row", "scale_box"]

NAMES = {"tex": "TikZ", "dot": "DOT"}
"""What a format is called where its suffix would not say it (``tex`` is a TikZ picture)."""


def file_row(path: QLineEdit, on_browse: Callable[[], None]) -> QHBoxLayout:
    """The file name field with a Browse… button beside it (both export dialogs)."""
    browse = QPushButton("Browse…")
    browse.clicked.connect(on_browse)
    row = QHBoxLayout()
    row.addWidget(path, 1)
    row.addWidget(browse)
    return row


def scale_box(low: float, high: float, step: float, value: float) -> QDoubleSpinBox:
    """A spin box for the picture's scale, written as ``2 ×``."""
    box = QDoubleSpinBox()
    box.setRange(low, high)
    box.setSingleStep(step)
    box.setValue(value)
    box.setSuffix(" ×")
    return box


def add_save_cancel(form: QFormLayout, dialog: QDialog) -> None:
    """Save and Cancel under the form: Save accepts the dialog, Cancel rejects it."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    form.addRow(buttons)


class ExportDialog(QDialog):
    def __init__(self, fmt: str, folder: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.fmt = fmt
        self.setWindowTitle(f"Export {NAMES.get(fmt, fmt.upper())}")
        self.path = QLineEdit(str(Path(folder) / f"graph.{fmt}"))
        row = file_row(self.path, self._on_browse_clicked)
        self.scale = scale_box(0.5, 8.0, 0.5, 2.0)
        self.scale.setEnabled(fmt == "png")
        self.visible_only = QCheckBox("Only the part visible in the window")
        self.visible_only.setEnabled(fmt != "dot")  # DOT is the graph, not a picture of it
        form = QFormLayout(self)
        form.addRow("File", row)
        form.addRow("Scale (PNG)", self.scale)
        form.addRow("", self.visible_only)
        add_save_cancel(form, self)

    def _on_browse_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Export", self.path.text(), f"{NAMES.get(self.fmt, self.fmt.upper())} (*.{self.fmt})"
        )
        if path:
            self.path.setText(path if path.lower().endswith(f".{self.fmt}") else f"{path}.{self.fmt}")

    def result_values(self) -> tuple[Path, float, bool]:
        path = self.path.text().strip()
        if not path.lower().endswith(f".{self.fmt}"):
            path += f".{self.fmt}"
        return Path(path), self.scale.value(), self.visible_only.isChecked()


def ask_export(parent: QWidget, fmt: str, folder: str) -> tuple[Path, float, bool] | None:
    dialog = ExportDialog(fmt, folder, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.result_values()
