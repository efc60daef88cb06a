"""The drawing as SVG: the page's canvas (styled by the page's rules) or a picture of its own (colours inline).

One writer for both. Every drawn node is a group carrying its graph id (``data-id``) with its box and three
lines of text (title, value, gradient); every drawn edge a group carrying its two ids (``data-from``,
``data-to``) with its curve (Graphviz's spline), its arrowhead and a wider invisible stroke the pointer finds.
The page's player changes only texts and classes (:func:`to_layers`); a standalone picture
(:func:`to_svg`: a notebook's ``image/svg+xml``, which renders on GitHub and in untrusted notebooks) writes
each colour as an attribute.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from graphviz_app import look
from graphviz_app.page.drawing import Drawing
from graphviz_app.page.measure import FONT_FAMILY
from graphviz_app.page.style import box_attributes, edge_attributes
from graphviz_app.palette import Palette

__all__ = ["LAYER_ITEMS", "MARGIN", "line_offsets", "spline_path", "to_layers", "to_svg"]

MARGIN = 24.0
"""Pixels of background around the drawing, as the canvas has."""
LAYER_ITEMS = 64
"""Edges or nodes per layer of the page's canvas (see :func:`to_layers`)."""


def _n(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def spline_path(points: Sequence[tuple[float, float]]) -> str:
    """Graphviz's cubic Bezier (a start, then three points per piece) as an SVG path."""
    if not points:
        return ""
    head = f"M{_n(points[0][0])} {_n(points[0][1])}"
    rest = [f"{_n(x)} {_n(y)}" for x, y in points[1:]]
    return head + (" C" + " ".join(rest) if rest else "")


def line_offsets(drawing: Drawing, roles: Sequence[str]) -> list[float]:
    """The vertical centre of each line of a label, from the node's centre, as the canvas places them."""
    heights = [drawing.fonts.line_height(role) for role in roles]
    y = -(sum(heights) + look.LINE_GAP * (len(heights) - 1)) / 2
    centres = []
    for h in heights:
        centres.append(y + h / 2)
        y += h + look.LINE_GAP
    return centres


def _attrs(**attrs: Any) -> str:
    return "".join(
        f' {k.rstrip("_").replace("_", "-")}="{escape(str(v))}"' for k, v in attrs.items() if v != ""
    )


def _edges(drawing: Drawing, states: Sequence[str | None], palette: Palette | None) -> list[str]:
    inline = palette is not None
    out = []
    for i, ((parent, child), path) in enumerate(drawing.geometry.edges.items()):
        state = states[i]
        colour, width = edge_attributes(state, palette)
        d = spline_path(path.points)
        arrow = ""
        if path.arrow_tip is not None and path.points:
            tri = look.arrowhead(path.points[-1], path.arrow_tip)
            arrow = " ".join(f"{_n(x)},{_n(y)}" for x, y in tri)
        cls = f"ga-edge s-{state}" if state else "ga-edge"
        line = (
            _attrs(fill="none", stroke=colour, stroke_width=f"{width:g}", stroke_linecap="round")
            if inline
            else ""
        )
        out.append(
            f'<g{_attrs(class_=cls, data_from=parent, data_to=child)}><path class="ga-line" d="{d}"{line}/>'
            + (f'<polygon class="ga-arrow" points="{arrow}"{_attrs(fill=colour) if inline else ""}/>' if arrow else "")
            + ("" if inline else f'<path class="ga-hit" d="{d}"/>')
            + "</g>"
        )  # fmt: skip
    return out


def _nodes(
    drawing: Drawing, lines: Sequence[Sequence[Any]], active: int, palette: Palette | None
) -> list[str]:
    inline, fonts = palette is not None, drawing.fonts
    text_style = (
        _attrs(font_family=FONT_FAMILY, text_anchor="middle", dominant_baseline="central") if inline else ""
    )
    out = []
    for i, (node, box) in enumerate(drawing.geometry.nodes.items()):
        kind = drawing.kinds[node]
        is_output = node == drawing.output
        cls = f"ga-node k-{kind if kind in ('input', 'param', 'target', 'const') else 'op'}"
        cls += (" out" if is_output else "") + (" active" if i == active else "")
        radius = look.corner_radius(kind, box.h)
        box_style = _attrs(**box_attributes(kind, is_output, palette)) if inline else ""
        item = [
            f'<g{_attrs(class_=cls, data_id=node)} transform="translate({_n(box.cx)} {_n(box.cy)})">'
            f'<rect class="ga-box" x="{_n(-box.w / 2)}" y="{_n(-box.h / 2)}" width="{_n(box.w)}" '
            f'height="{_n(box.h)}" rx="{_n(radius)}"{box_style}/>'
        ]
        value, value_role, grad, grad_role = lines[i]
        texts = [(drawing.titles[node], "title", ""), (value, value_role, " ga-v")]
        if grad is not None:
            texts.append((grad, grad_role, " ga-g"))
        for (text, role, slot), y in zip(texts, line_offsets(drawing, [r for _, r, _ in texts])):
            style = ""
            if palette is not None:
                px = fonts.title_px if role == "title" else fonts.body_px
                style = text_style + _attrs(
                    fill=getattr(palette, look.line_role(role)),
                    font_size=f"{px:.2f}px",
                    font_weight="bold" if role == "title" else "",
                    font_style="italic" if role == "grad-partial" else "",
                )
            item.append(f'<text class="ga-t r-{role}{slot}" y="{_n(y)}"{style}>{escape(text)}</text>')
        out.append("".join(item) + "</g>")
    return out


def _frame(drawing: Drawing) -> tuple[str, str]:
    """The viewBox and the background's rectangle: the drawing and its margin."""
    g = drawing.geometry
    w, h = g.width + 2 * MARGIN, g.height + 2 * MARGIN
    box = f"{_n(-MARGIN)} {_n(-MARGIN)} {_n(w)} {_n(h)}"
    rect = f'x="{_n(-MARGIN)}" y="{_n(-MARGIN)}" width="{_n(w)}" height="{_n(h)}"'
    return box, rect


def to_svg(
    drawing: Drawing,
    lines: Sequence[Sequence[Any]],
    states: Sequence[str | None],
    *,
    active: int = -1,
    palette: Palette,
    title: str = "",
) -> str:
    """A picture of its own: the drawing showing ``lines`` (per drawn node: value, value role, gradient,
    gradient role) and the edges' ``states``, with ``palette``'s colours inline."""
    box, rect = _frame(drawing)
    g = drawing.geometry
    w, h = _n(g.width + 2 * MARGIN), _n(g.height + 2 * MARGIN)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="ga-graph" viewBox="{box}" width="{w}" height="{h}" '
        f'role="img"{_attrs(aria_label=title)}><rect class="ga-bg" {rect}{_attrs(fill=palette.background)}/>'
        + "".join(_edges(drawing, states, palette))
        + "".join(_nodes(drawing, lines, active, palette))
        + "</svg>"
    )


def to_layers(
    drawing: Drawing, lines: Sequence[Sequence[Any]], states: Sequence[str | None], *, active: int = -1
) -> str:
    """The page's canvas: the same drawing as a stack of SVG layers of at most :data:`LAYER_ITEMS` edges or
    nodes each, styled by the page's rules, with a layer for the travelling tokens on top.

    A browser paints an SVG whole: with one SVG, a number changed on one node repaints all thousand. With
    layers, a step repaints the few it changes, which keeps a 1,000-node drawing stepping at the screen's
    rate. Every layer has the same viewBox, so they lie exactly over each other.
    """
    box, rect = _frame(drawing)
    items = _edges(drawing, states, None) + _nodes(drawing, lines, active, None)
    chunks = ["".join(items[i : i + LAYER_ITEMS]) for i in range(0, len(items), LAYER_ITEMS)]
    open_ = f'<svg xmlns="http://www.w3.org/2000/svg" class="ga-graph" viewBox="{box}" aria-hidden="true">'
    return (
        f'{open_}<rect class="ga-bg" {rect}/></svg>'
        + "".join(f"{open_}{chunk}</svg>" for chunk in chunks)
        + f'{open_}<g class="ga-tokens"></g></svg>'
    )
