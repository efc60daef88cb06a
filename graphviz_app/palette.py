"""Every colour of the app by its role, for the light and the dark theme: hex strings, without Qt.

The one place a colour is written. The window's theme (``gui/theme.py``) turns these into ``QColor``; the
exports that need no Qt (the loss curve's SVG) and pages read them from here directly.

The graph's colours are Okabe and Ito's, designed to stay distinguishable with every common form of colour
blindness. Forward and backward always have the same two colours, everywhere (tokens, lit edges, value and
gradient text): blue for values, vermillion for gradients. Node kinds differ by colour *and* by shape, so
nothing depends on colour alone.

A role says what a colour means, not what it looks like: ``error`` is every error's red (a message under a
field, an underlined mistake, a wrong gradient, a node whose op failed); ``wrong`` and ``right`` are a quiz's
verdicts; ``positive`` and ``negative`` are one scale for data and what a network learns (class 1 and class 0,
a neuron's output above or below its middle, a weight's sign), fading to the background in between.

Examples
--------
>>> LIGHT.forward, DARK.forward
('#0072B2', '#56B4E9')
>>> palette_named("dark") is DARK, palette_named("anything else") is LIGHT
(True, True)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["DARK", "LIGHT", "Palette", "fades", "palette_named", "shade", "shades"]


@dataclass(frozen=True)
class Palette:
    """The colours of one theme, by role (``#rrggbb``)."""

    name: str
    # the canvas
    background: str
    text: str
    muted: str
    edge: str
    forward: str
    backward: str
    op_fill: str
    input_fill: str
    param_fill: str
    target_fill: str
    const_fill: str
    output_border: str
    border: str
    selection: str
    token_text: str
    # messages and verdicts
    error: str
    warning: str
    right: str
    wrong: str
    hint: str
    alert_fill: str
    """The message banner's background; with ``alert_text`` at least 4.5:1 (WCAG AA)."""
    alert_text: str
    blank: str
    """A clicker's black screen (B, "."), in every theme."""
    # the expression editor's syntax colours
    syntax_operator: str
    syntax_number: str
    syntax_function: str
    syntax_comment: str
    # data and what a network learned: class 1 or a positive number, class 0 or a negative one; the
    # background is the boundary between them (Paul Tol's green and purple: safe for colour-blind eyes)
    positive: str
    negative: str
    # plots: grid lines, the frame, and one colour per run compared
    plot_grid: str
    plot_grid_minor: str
    plot_frame: str
    series: tuple[str, ...]
    # the widgets around the canvas; empty for the light theme, which keeps the platform's own
    widget_window: str = ""
    widget_text: str = ""
    widget_base: str = ""
    widget_button: str = ""
    widget_highlight: str = ""
    widget_disabled_text: str = ""
    widget_disabled_button: str = ""


_SERIES = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf")

LIGHT = Palette(
    name="light",
    background="#ffffff",
    text="#1b1b1b",
    muted="#8a8a8a",
    edge="#9a9a9a",
    forward="#0072B2",
    backward="#D55E00",
    op_fill="#f7f7f7",
    input_fill="#d7ecfa",
    param_fill="#cdeee3",
    target_fill="#fbf7c8",
    const_fill="#ececec",
    output_border="#CC79A7",
    border="#5a5a5a",
    selection="#E69F00",
    token_text="#ffffff",
    error="#b00020",
    warning="#9a5b00",
    right="#1b7f3b",
    wrong="#b00020",
    hint="#9a5b00",
    alert_fill="#b00020",  # white on it: 7.5:1
    alert_text="#ffffff",
    blank="#000000",
    syntax_operator="#6a3d9a",
    syntax_number="#1565c0",
    syntax_function="#00796b",
    syntax_comment="#757575",
    positive="#228833",
    negative="#AA3377",
    plot_grid="#e0e0e0",
    plot_grid_minor="#f0f0f0",
    plot_frame="#444444",
    series=_SERIES,
)

DARK = Palette(
    name="dark",
    background="#1e1f22",
    text="#ececec",
    muted="#8c8c8c",
    edge="#6f6f6f",
    forward="#56B4E9",
    backward="#E69F00",
    op_fill="#2b2d31",
    input_fill="#1d3b50",
    param_fill="#17423a",
    target_fill="#4a4620",
    const_fill="#34363b",
    output_border="#CC79A7",
    border="#b5b5b5",
    selection="#F0E442",
    token_text="#101010",
    error="#ff6b6b",
    warning="#ffb74d",
    right="#6fcf97",
    wrong="#ff6b6b",
    hint="#ffb74d",
    alert_fill="#8e1b1b",  # a dark red under light text: 8.9:1 (white on #ff6b6b was 2.78:1)
    alert_text="#ffffff",
    blank="#000000",
    syntax_operator="#c5a3ff",
    syntax_number="#82b1ff",
    syntax_function="#4dd0c4",
    syntax_comment="#9e9e9e",
    positive="#55C667",
    negative="#DD77AA",
    plot_grid="#3a3d42",
    plot_grid_minor="#303236",
    plot_frame="#b5b5b5",
    series=_SERIES,
    widget_window="#2b2d31",
    widget_text="#e6e6e6",
    widget_base="#1e1f22",
    widget_button="#3a3d42",
    widget_highlight="#0072B2",
    widget_disabled_text="#7d8086",
    widget_disabled_button="#303236",
)


def palette_named(name: str) -> Palette:
    """The palette of the theme called ``name``: ``"dark"``, else the light one."""
    return DARK if name == "dark" else LIGHT


def _rgb(colour: str) -> np.ndarray:
    return np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)], dtype=float)


def shades(p: Palette, values: np.ndarray, strength: float = 1.0) -> np.ndarray:
    """RGB bytes (shape ``values.shape + (3,)``) for numbers in [−1, 1] on the ``negative`` ↔ ``positive`` scale.

    0 is the background; ±1 is the full colour times ``strength`` (< 1 keeps a picture light under points).

    >>> shades(LIGHT, np.array([-1.0, 0.0, 1.0])).tolist()
    [[170, 51, 119], [255, 255, 255], [34, 136, 51]]
    """
    v = np.clip(np.nan_to_num(np.asarray(values, dtype=float)), -1.0, 1.0)[..., None] * strength
    back = _rgb(p.background)
    ends = np.where(v >= 0, _rgb(p.positive), _rgb(p.negative))
    return np.round(back + np.abs(v) * (ends - back)).astype(np.uint8)


def shade(p: Palette, value: float, strength: float = 1.0) -> str:
    """The colour of one number in [−1, 1], as :func:`shades` gives it, as ``#rrggbb``.

    >>> shade(LIGHT, 0.5)
    '#90c499'
    """
    r, g, b = shades(p, np.array([value]), strength)[0]
    return f"#{r:02x}{g:02x}{b:02x}"


def fades(p: Palette, role: str, amounts: np.ndarray, strength: float = 1.0) -> np.ndarray:
    """RGB bytes fading from the background (0) to the colour of ``role`` (1) by ``amounts`` in [0, 1].

    >>> fades(LIGHT, "muted", np.array([0.0, 1.0])).tolist()
    [[255, 255, 255], [138, 138, 138]]
    """
    t = np.clip(np.nan_to_num(np.asarray(amounts, dtype=float)), 0.0, 1.0)[..., None] * strength
    back = _rgb(p.background)
    return np.round(back + t * (_rgb(getattr(p, role)) - back)).astype(np.uint8)
