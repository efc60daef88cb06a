"""The window's colours and fonts, for a light and a dark theme: the palette's roles as ``QColor``.

Every colour is written once, by its role, in :mod:`graphviz_app.palette` (Qt-free, so exports and pages
share it); this module only turns them into what Qt paints with. Node kinds differ by colour *and* by shape,
so nothing depends on colour alone: inputs are pills (sky blue), parameters are square boxes (bluish green),
targets are pills with a dashed border (yellow), constants are plain text on grey, ops are rounded boxes,
and the output has a thick reddish-purple border.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from PySide6.QtGui import QColor, QPalette

from graphviz_app import palette as P

__all__ = ["DARK", "LIGHT", "Theme", "palette_for", "theme_named"]


@dataclass(frozen=True)
class Theme:
    """One theme's canvas colours as ``QColor``; ``palette`` has every role (messages, syntax, plots)."""

    name: str
    palette: P.Palette
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
    """A node whose op failed: the palette's error colour."""
    token_text: QColor
    alert_fill: QColor
    alert_text: QColor

    @classmethod
    def of(cls, p: P.Palette) -> Theme:
        canvas = {f.name for f in fields(cls)} - {
            "name",
            "palette",
            "fault",
        }  # the palette's roles of the same name
        return cls(
            name=p.name, palette=p, fault=QColor(p.error), **{k: QColor(getattr(p, k)) for k in canvas}
        )

    def forward_text(self) -> QColor:
        return self.forward

    def backward_text(self) -> QColor:
        return self.backward


LIGHT = Theme.of(P.LIGHT)
DARK = Theme.of(P.DARK)


def theme_named(name: str) -> Theme:
    return DARK if name == "dark" else LIGHT


def palette_for(theme: Theme) -> QPalette:
    """The widgets' palette: the platform's default for light, a dark one for dark."""
    palette = QPalette()
    p = theme.palette
    if p.widget_window:
        for role, colour in (
            (QPalette.ColorRole.Window, p.widget_window),
            (QPalette.ColorRole.WindowText, p.widget_text),
            (QPalette.ColorRole.Base, p.widget_base),
            (QPalette.ColorRole.AlternateBase, p.widget_window),
            (QPalette.ColorRole.Text, p.widget_text),
            (QPalette.ColorRole.Button, p.widget_button),
            (QPalette.ColorRole.ButtonText, p.widget_text),
            (QPalette.ColorRole.ToolTipBase, p.widget_window),
            (QPalette.ColorRole.ToolTipText, p.widget_text),
            (QPalette.ColorRole.Highlight, p.widget_highlight),
        ):
            palette.setColor(role, QColor(colour))
        # setColor(role, ...) sets every group: without these a disabled button looked enabled
        for role, colour in (
            (QPalette.ColorRole.WindowText, p.widget_disabled_text),
            (QPalette.ColorRole.Text, p.widget_disabled_text),
            (QPalette.ColorRole.ButtonText, p.widget_disabled_text),
            (QPalette.ColorRole.Button, p.widget_disabled_button),
        ):
            palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(colour))
    return palette
