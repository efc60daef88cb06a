"""Colours and fonts, for a light and a dark theme.

The palette is Okabe and Ito's, designed to stay distinguishable with every
common form of colour blindness. Forward and backward always have the same two
colours, everywhere (tokens, lit edges, value and gradient text):

- forward, values: blue ``#0072B2``;
- backward, gradients: vermillion ``#D55E00``.

Node kinds differ by colour *and* by shape, so nothing depends on colour alone:
inputs are pills (sky blue), parameters are square boxes (bluish green), targets
are pills with a dashed border (yellow), constants are plain text on grey, ops are
rounded boxes, and the output has a thick reddish-purple border.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette

__all__ = ["DARK", "LIGHT", "Theme", "palette_for", "theme_named"]


@dataclass(frozen=True)
class Theme:
    name: str
    background: QColor
    text: QColor
    muted: QColor
    edge: QColor
    forward: QColor
    backward: QColor
    op_fill: QColor
    input_fill: QColor
    param_fill: QColor
    target_fill: QColor
    const_fill: QColor
    output_border: QColor
    border: QColor
    selection: QColor
    fault: QColor
    token_text: QColor
    alert_fill: QColor
    """The message banner's background; with ``alert_text`` at least 4.5:1 (WCAG AA)."""
    alert_text: QColor

    def forward_text(self) -> QColor:
        return self.forward

    def backward_text(self) -> QColor:
        return self.backward


LIGHT = Theme(
    name="light",
    background=QColor("#ffffff"),
    text=QColor("#1b1b1b"),
    muted=QColor("#8a8a8a"),
    edge=QColor("#9a9a9a"),
    forward=QColor("#0072B2"),
    backward=QColor("#D55E00"),
    op_fill=QColor("#f7f7f7"),
    input_fill=QColor("#d7ecfa"),
    param_fill=QColor("#cdeee3"),
    target_fill=QColor("#fbf7c8"),
    const_fill=QColor("#ececec"),
    output_border=QColor("#CC79A7"),
    border=QColor("#5a5a5a"),
    selection=QColor("#E69F00"),
    fault=QColor("#b00020"),
    token_text=QColor("#ffffff"),
    alert_fill=QColor("#b00020"),  # white on it: 7.5:1
    alert_text=QColor("#ffffff"),
)

DARK = Theme(
    name="dark",
    background=QColor("#1e1f22"),
    text=QColor("#ececec"),
    muted=QColor("#8c8c8c"),
    edge=QColor("#6f6f6f"),
    forward=QColor("#56B4E9"),
    backward=QColor("#E69F00"),
    op_fill=QColor("#2b2d31"),
    input_fill=QColor("#1d3b50"),
    param_fill=QColor("#17423a"),
    target_fill=QColor("#4a4620"),
    const_fill=QColor("#34363b"),
    output_border=QColor("#CC79A7"),
    border=QColor("#b5b5b5"),
    selection=QColor("#F0E442"),
    fault=QColor("#ff6b6b"),
    token_text=QColor("#101010"),
    alert_fill=QColor("#8e1b1b"),  # a dark red under light text: 8.9:1 (white on #ff6b6b was 2.78:1)
    alert_text=QColor("#ffffff"),
)


def theme_named(name: str) -> Theme:
    return DARK if name == "dark" else LIGHT


def palette_for(theme: Theme) -> QPalette:
    """The widgets' palette: the platform's default for light, a dark one for dark."""
    palette = QPalette()
    if theme.name == "dark":
        for role, colour in (
            (QPalette.Window, "#2b2d31"),
            (QPalette.WindowText, "#e6e6e6"),
            (QPalette.Base, "#1e1f22"),
            (QPalette.AlternateBase, "#2b2d31"),
            (QPalette.Text, "#e6e6e6"),
            (QPalette.Button, "#3a3d42"),
            (QPalette.ButtonText, "#e6e6e6"),
            (QPalette.ToolTipBase, "#2b2d31"),
            (QPalette.ToolTipText, "#e6e6e6"),
            (QPalette.Highlight, "#0072B2"),
        ):
            palette.setColor(role, QColor(colour))
        # setColor(role, ...) sets every group: without these a disabled button looked enabled
        for role, colour in (
            (QPalette.WindowText, "#7d8086"),
            (QPalette.Text, "#7d8086"),
            (QPalette.ButtonText, "#7d8086"),
            (QPalette.Button, "#303236"),
        ):
            palette.setColor(QPalette.Disabled, role, QColor(colour))
    return palette
