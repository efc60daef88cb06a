"""The drawing as SVG: the page's canvas (styled by the page's rules) or a picture of its own (colours inline).

One writer for both. Every drawn node is a group carrying its graph id (``data-id``) with its box and three
lines of text (title, value, gradient); every drawn edge a group carrying its two ids (``data-from``,
``data-to``) with its curve (Graphviz's spline), its arrowhead and a wider invisible stroke the pointer finds.
The page's player changes only texts and classes; a standalone picture (``inline=True``: a notebook's
``image/svg+xml``, which renders on GitHub and in untrusted notebooks) writes each colour as an attribute.
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

__all__ = ["MARGIN", "line_offsets", "spline_path", "to_svg"]

MARGIN = 24.0
"""Pixels of background around the drawing, as the canvas has."""


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


def to_svg(
    drawing: Drawing,
    lines: Sequence[Sequence[Any]],
    states: Sequence[str | None],
    *,
    active: int = -1,
    palette: Palette | None = None,
    title: str = "",
) -> str:
    """The drawing showing ``lines`` (per drawn node: value, value role, gradient, gradient role) and the
    edges' ``states``; with ``palette``, a standalone picture with its colours inline."""
    inline = palette is not None
    g = drawing.geometry
    w, h = g.width + 2 * MARGIN, g.height + 2 * MARGIN
    fonts = drawing.fonts
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="ga-graph" viewBox="{_n(-MARGIN)} {_n(-MARGIN)} '
        f'{_n(w)} {_n(h)}" width="{_n(w)}" height="{_n(h)}" role="img"{_attrs(aria_label=title)}>'
    ]
    out.append(
        f'<rect class="ga-bg" x="{_n(-MARGIN)}" y="{_n(-MARGIN)}" width="{_n(w)}" height="{_n(h)}"'
        + (_attrs(fill=palette.background) if palette is not None else "")
        + "/>"
    )
    out.append('<g class="ga-edges">')
    for i, ((parent, child), path) in enumerate(g.edges.items()):
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
    out.append('</g><g class="ga-nodes">')
    text_style = (
        _attrs(font_family=FONT_FAMILY, text_anchor="middle", dominant_baseline="central") if inline else ""
    )
    for i, (node, box) in enumerate(g.nodes.items()):
        kind = drawing.kinds[node]
        is_output = node == drawing.output
        cls = f"ga-node k-{kind if kind in ('input', 'param', 'target', 'const') else 'op'}"
        cls += " out" if is_output else ""
        cls += " active" if i == active else ""
        radius = look.corner_radius(kind, box.h)
        box_style = _attrs(**box_attributes(kind, is_output, palette)) if inline else ""
        out.append(
            f'<g{_attrs(class_=cls, data_id=node)} transform="translate({_n(box.cx)} {_n(box.cy)})">'
            f'<rect class="ga-box" x="{_n(-box.w / 2)}" y="{_n(-box.h / 2)}" width="{_n(box.w)}" '
            f'height="{_n(box.h)}" rx="{_n(radius)}"{box_style}/>'
        )
        value, value_role, grad, grad_role = lines[i]
        texts = [(drawing.titles[node], "title", "")]
        texts.append((value, value_role, " ga-v"))
        if grad is not None:
            texts.append((grad, grad_role, " ga-g"))
        for (text, role, slot), y in zip(texts, line_offsets(drawing, [r for _, r, _ in texts])):
            style = ""
            if inline:
                px = fonts.title_px if role == "title" else fonts.body_px
                style = text_style + _attrs(
                    fill=getattr(palette, look.line_role(role)),
                    font_size=f"{px:.2f}px",
                    font_weight="bold" if role == "title" else "",
                    font_style="italic" if role == "grad-partial" else "",
                )
            out.append(f'<text class="ga-t r-{role}{slot}" y="{_n(y)}"{style}>{escape(text)}</text>')
        out.append("</g>")
    out.append('</g><g class="ga-tokens"></g></svg>')
    return "".join(out)
