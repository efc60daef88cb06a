"""The page's text sizes and node boxes, measured without Qt: what its layout is made for.

The window measures its labels with Qt's font metrics; the page sets its text in DejaVu Sans (or Verdana,
of nearly the same widths) at the canvas's point sizes (:mod:`graphviz_app.look`), and measures it here
from the font's advance widths (:mod:`.font_widths`). A box is sized, as the canvas sizes it
(``gui/canvas/labels.py``), for the widest line it will ever show: its title, its value, its gradient and
every partial gradient on the way (``∇ 0.7702 (1/2)``), and room for an edited number
(:data:`~graphviz_app.session.timeline.node_text.VALUE_TEMPLATE`).

>>> fonts = PageFonts()
>>> round(fonts.body_px, 2), round(fonts.title_px, 2)
(13.33, 14.67)
>>> round(text_width("0.5364", fonts.body_px), 1)
46.6
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from graphviz_app import look
from graphviz_app.core.evaluate import Evaluation
from graphviz_app.page.font_widths import BOLD, REGULAR, UNLISTED
from graphviz_app.session.prose.names import Names
from graphviz_app.session.state.collapse import Box, box_lines
from graphviz_app.session.timeline.node_text import (
    FLAG,
    GRAD_TEMPLATE,
    VALUE_TEMPLATE,
    grad_text,
    needs_gradient_line,
    node_title,
    partial_lines,
)
from graphviz_app.text.numbers import format_number

__all__ = ["FONT_FAMILY", "LINE_HEIGHT", "PX_PER_PT", "PageFonts", "box_size", "node_sizes", "text_width"]

PX_PER_PT = 96 / 72
"""CSS pixels per point: the canvas's 10 pt body text is 13.3 px on the page."""
FONT_FAMILY = '"DejaVu Sans", Verdana, sans-serif'
LINE_HEIGHT = 1.165
"""A line of DejaVu Sans, ascent and descent, in ems."""


@dataclass(frozen=True)
class PageFonts:
    """The page's three text sizes in CSS pixels, from the canvas's point sizes."""

    body_px: float = look.BASE_POINT_SIZE * PX_PER_PT
    title_px: float = (look.BASE_POINT_SIZE + look.TITLE_POINTS) * PX_PER_PT
    small_px: float = look.BASE_POINT_SIZE * look.SMALL_SCALE * PX_PER_PT

    def line_height(self, role: str) -> float:
        return (self.title_px if role == "title" else self.body_px) * LINE_HEIGHT


def text_width(text: str, px: float, bold: bool = False) -> float:
    """How wide ``text`` is at ``px`` pixels in DejaVu Sans (bold for titles)."""
    table = BOLD if bold else REGULAR
    return sum(table.get(char, UNLISTED) for char in text) * px / 1000


def _box(width: float, heights: Iterable[float]) -> tuple[int, int]:
    heights = list(heights)
    height = sum(heights) + look.LINE_GAP * (len(heights) - 1)
    return math.ceil(width + 2 * look.NODE_PADDING), math.ceil(height + 2 * look.NODE_PADDING * 0.7)


def node_sizes(g: nx.DiGraph, ev: Evaluation, fonts: PageFonts) -> dict[str, tuple[int, int]]:
    """Width and height of every node of ``g`` (values and gradients shown), as the page draws them."""
    body, names = fonts.body_px, Names.of(ev)
    partial: dict[str, float] = {}
    for node, line in partial_lines(ev):
        partial[node] = max(partial.get(node, 0.0), text_width(line, body))
    value_w, grad_w = text_width(VALUE_TEMPLATE, body), text_width(GRAD_TEMPLATE, body)
    sizes = {}
    for node in g.nodes:
        width = text_width(node_title(g, node, names) + FLAG, fonts.title_px, bold=True)
        width = max(width, value_w, text_width(format_number(ev.values[node]), body))
        heights = [fonts.line_height("title"), fonts.line_height("value")]
        if needs_gradient_line(ev, node):
            width = max(width, grad_w, text_width(grad_text(ev.grads[node]), body), partial.get(node, 0.0))
            heights.append(fonts.line_height("grad"))
        sizes[node] = _box(width, heights)
    return sizes


def box_size(box: Box, ev: Evaluation, fonts: PageFonts) -> tuple[int, int]:
    """The size of a collapsed layer's box: its title, its vector of values and of gradients."""
    lines = box_lines(box, ev.values.get, lambda m: (ev.grads.get(m), True), format_number)
    n = len(box.shown)
    width = max(
        text_width(text, fonts.title_px if role == "title" else fonts.body_px, bold=role == "title")
        for text, role in [*lines, (f"∇ ({n}/{n})", "grad-partial")]
    )
    return _box(width, [fonts.line_height(role) for _, role in lines])
