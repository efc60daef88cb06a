"""The bar under the canvas: play/pause, step, jump to a phase, scrub, speed, and the caption.

The bar only *asks*: it emits signals and the main window drives the animation.
It shows where the session is through :meth:`TimelineBar.show_position`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QSlider, QStyle, QToolButton, QVBoxLayout,
                               QWidget)

__all__ = ["TimelineBar", "SPEEDS"]

SPEEDS = (("0.25×", 0.25), ("0.5×", 0.5), ("1×", 1.0), ("2×", 2.0), ("4×", 4.0))


class TimelineBar(QWidget):
    # signals
    sig_play_toggled = Signal()
    sig_step = Signal(int)        # -1 or +1
    sig_jump = Signal(str)        # "start", "forward", "backward", "end"
    sig_scrub = Signal(int)       # a step index
    sig_speed_changed = Signal(float)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("timeline_bar")
        style = self.style()
        self._play_icon = style.standardIcon(QStyle.SP_MediaPlay)
        self._pause_icon = style.standardIcon(QStyle.SP_MediaPause)
        self.play_button = self._button(self._play_icon, "Play / pause (Space)", self.sig_play_toggled.emit)
        self.buttons = {
            "start": self._button(style.standardIcon(QStyle.SP_MediaSkipBackward),
                                  "Start of the forward pass (Home)", lambda: self.sig_jump.emit("start")),
            "back": self._button(style.standardIcon(QStyle.SP_MediaSeekBackward), "Step back (Left, PageUp)",
                                 lambda: self.sig_step.emit(-1)),
            "forward": self._button(style.standardIcon(QStyle.SP_MediaSeekForward),
                                    "Step forward (Right, PageDown)", lambda: self.sig_step.emit(1)),
            "backward": self._button("∂", "Start of the backward pass (B)", lambda: self.sig_jump.emit("backward")),
            "end": self._button(style.standardIcon(QStyle.SP_MediaSkipForward), "End: every gradient (End)",
                                lambda: self.sig_jump.emit("end")),
        }
        self.slider = QSlider(Qt.Horizontal)
        self.slider.setObjectName("scrub")
        self.slider.setToolTip("Scrub through the steps")
        self.slider.valueChanged.connect(self._on_slider_changed)
        self.position = QLabel("0 / 0")
        self.phase = QLabel("")
        self.phase.setMinimumWidth(80)
        self.speed = QComboBox()
        self.speed.setToolTip("Animation speed")
        for text, value in SPEEDS:
            self.speed.addItem(text, value)
        self.speed.setCurrentIndex(2)
        self.speed.currentIndexChanged.connect(lambda i: self.sig_speed_changed.emit(self.speed.itemData(i)))
        self.caption = QLabel("")
        self.caption.setObjectName("caption")
        self.caption.setWordWrap(True)
        self.caption.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.caption.setMinimumHeight(48)
        font = QFont(self.caption.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.caption.setFont(font)

        row = QHBoxLayout()
        row.addWidget(self.buttons["start"])
        row.addWidget(self.buttons["back"])
        row.addWidget(self.play_button)
        row.addWidget(self.buttons["forward"])
        row.addWidget(self.buttons["backward"])
        row.addWidget(self.buttons["end"])
        row.addWidget(self.slider, 1)
        row.addWidget(self.position)
        row.addWidget(self.phase)
        row.addWidget(QLabel("speed"))
        row.addWidget(self.speed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 6)
        layout.addLayout(row)
        layout.addWidget(self.caption)

    def _button(self, face, tip: str, slot) -> QToolButton:
        b = QToolButton()
        if isinstance(face, str):
            b.setText(face)
        else:
            b.setIcon(face)
        b.setToolTip(tip)
        b.setFocusPolicy(Qt.NoFocus)  # keys go to the canvas, where the shortcuts live
        b.clicked.connect(slot)
        b.setMinimumWidth(36)
        return b

    # --- public -----------------------------------------------------------------------------

    def show_position(self, step: int, count: int, phase: str, caption: str, playing: bool) -> None:
        self.slider.blockSignals(True)
        self.slider.setRange(0, max(0, count - 1))
        self.slider.setValue(step)
        self.slider.blockSignals(False)
        self.position.setText(f"{step} / {max(0, count - 1)}")
        self.phase.setText(phase)
        self.caption.setText(caption)
        self.play_button.setIcon(self._pause_icon if playing else self._play_icon)

    def speed_factor(self) -> float:
        return float(self.speed.currentData())

    # --- slots ---------------------------------------------------------------------------------

    def _on_slider_changed(self, value: int) -> None:
        self.sig_scrub.emit(value)
