"""One input of an expression: a spin box for the exact value and a slider for exploring."""

from __future__ import annotations

import math

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import QDoubleSpinBox, QHBoxLayout, QSlider, QWidget

from graphviz_app.text.numbers import format_full

__all__ = ["SLIDER_STEPS", "SPIN_DECIMALS", "SPIN_LIMIT", "InputField", "slider_range"]


SLIDER_STEPS = 1000
"""Positions of an input's slider across its range."""


SPIN_LIMIT = 1e6


SPIN_DECIMALS = 6


def slider_range(value: float) -> tuple[float, float]:
    """A round range for a slider, centred on 0, that holds ``value`` with room to spare.

    The half-width is the smallest of 1, 2, 5, 10, 20, 50... that is at least
    ``|value|``, doubled: the value sits in the middle half of the range, so
    you can slide both ways.

    Examples
    --------
    >>> slider_range(1.5), slider_range(0.0), slider_range(-30.0), slider_range(0.25)
    ((-4.0, 4.0), (-2.0, 2.0), (-100.0, 100.0), (-2.0, 2.0))
    """
    size = abs(float(value))
    if not math.isfinite(size) or size <= 1.0:
        half = 1.0
    else:
        power = 10.0 ** math.floor(math.log10(size))
        half = next(m * power for m in (1.0, 2.0, 5.0, 10.0) if m * power >= size)
    return -2.0 * half, 2.0 * half


class InputField(QWidget):
    """One input: a precise spin box and a slider over :func:`slider_range` of the value."""

    sig_value_changed = Signal(str, float)

    def __init__(self, name: str, value: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.spin = QDoubleSpinBox(self)
        self.spin.setRange(-SPIN_LIMIT, SPIN_LIMIT)
        self.spin.setDecimals(SPIN_DECIMALS)
        self.spin.setSingleStep(0.1)
        self.spin.setAccelerated(True)
        self.spin.setAccessibleName(f"value of {name}")
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setRange(0, SLIDER_STEPS)
        self.slider.setAccessibleName(f"slider for {name}")
        self._range = slider_range(value)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.spin, 2)
        layout.addWidget(self.slider, 3)
        self.set_value(value)
        self.spin.valueChanged.connect(self._on_spin_changed)
        self.slider.valueChanged.connect(self._on_slider_changed)

    # --- public API --------------------------------------------------------------

    @property
    def slider_limits(self) -> tuple[float, float]:
        return self._range

    def value(self) -> float:
        return self.spin.value()

    def set_value(self, value: float) -> None:
        """Show ``value`` without emitting anything (it came from the session).

        The box's text is rewritten only when it shows another number. The value the
        user is typing comes back from the session after every key (``1.2`` on the way
        to ``1.25``), and rewriting it as ``1.200000`` would leave no room for the next
        digit: the ``5`` would be refused and the input would stay 1.2.
        """
        shown = value if math.isfinite(value) else 0.0
        with QSignalBlocker(self.spin), QSignalBlocker(self.slider):
            if round(shown, SPIN_DECIMALS) != self.spin.value():
                self.spin.setValue(shown)
            self.spin.setToolTip(f"{self.name} = {format_full(value)}")
            self._place_slider(value)

    # --- slots -------------------------------------------------------------------

    def _on_spin_changed(self, value: float) -> None:
        with QSignalBlocker(self.slider):
            self._place_slider(value)
        self.sig_value_changed.emit(self.name, value)

    def _on_slider_changed(self, position: int) -> None:
        low, high = self._range
        value = low + (high - low) * position / SLIDER_STEPS
        self.spin.setValue(round(value, SPIN_DECIMALS))  # emits through _on_spin_changed

    # --- private -------------------------------------------------------------------

    def _place_slider(self, value: float) -> None:
        low, high = self._range
        if not math.isfinite(value):
            return
        if not low <= value <= high:  # a typed value outside: move the range, keep dragging smooth otherwise
            self._range = low, high = slider_range(value)
        self.slider.setValue(round((value - low) / (high - low) * SLIDER_STEPS))
