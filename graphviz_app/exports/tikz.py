r"""The canvas as a TikZ picture, for a Beamer slide or a paper: the same boxes, labels and colours.

The GUI hands over what its scene shows (each node's box, kind and label lines,
each edge's spline and highlight, and the theme's colours); this module only
writes TikZ. One layout pixel is 0.75 pt, so text set at the canvas's point
sizes fills its box as on screen; scale the whole picture on a slide with
``\resizebox{\linewidth}{!}{\input{graph.tex}}``. Needs ``\usepackage{tikz}`` only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from graphviz_app.text.latex import latex_label

__all__ = ["TikzEdge", "TikzNode", "to_tikz"]

PT_PER_PX = 0.75  # a layout pixel at 96 dots per inch, in TeX points


Colour = tuple[str, float]  # hex RRGGBB and opacity 0..1


@dataclass(frozen=True)
class TikzNode:
    x: float  # centre, layout pixels, y down
    y: float
    w: float
    h: float
    lines: tuple[tuple[str, str, Colour], ...]  # (text, role, colour); role "title" is set larger
    fill: Colour
    border: Colour | None  # None: no border
    line_width: float
    radius: float
    dashed: bool = False


@dataclass(frozen=True)
class TikzEdge:
    points: tuple[tuple[float, float], ...]  # Graphviz's cubic Bezier: a start, then three points per piece
    arrow: tuple[tuple[float, float], ...]  # the arrowhead's triangle
    colour: Colour
    width: float  # layout pixels
    label: str = ""
    label_pos: tuple[float, float] | None = None
    label_colour: Colour | None = None


def _pt(v: float) -> str:
    return f"{v * PT_PER_PX:.2f}"


def _at(x: float, y: float) -> str:
    return f"({_pt(x)},{_pt(-y)})"


class _Colours:
    """Names every colour once (``c0``, ``c1``, …) for ``\\definecolor``."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}

    def name(self, colour: Colour) -> str:
        """The colour's name (text colours have no opacity in LaTeX: it is left out)."""
        hexa = colour[0].lstrip("#").upper()
        return self.names.setdefault(hexa, f"c{len(self.names)}")

    def __call__(self, colour: Colour, what: str) -> str:
        """``draw=c3`` or ``fill=c0, fill opacity=0.35``."""
        opacity = colour[1]
        return f"{what}={self.name(colour)}" + (f", {what} opacity={opacity:.2f}" if opacity < 0.999 else "")

    def definitions(self) -> list[str]:
        return [rf"\definecolor{{{name}}}{{HTML}}{{{hexa}}}" for hexa, name in self.names.items()]


def _node(n: TikzNode, c: _Colours, title_pt: float, body_pt: float) -> str:
    style = [
        "draw=none" if n.border is None else c(n.border, "draw"),
        c(n.fill, "fill"),
        f"line width={_pt(n.line_width)}pt",
        f"rounded corners={_pt(min(n.radius, n.h / 2))}pt",
        f"minimum width={_pt(n.w)}pt",
        f"minimum height={_pt(n.h)}pt",
        "inner sep=0pt",
        "align=center",
    ]
    if n.dashed:
        style.append("dashed")
    rows = []
    for text, role, colour in n.lines:
        size = title_pt if role == "title" else body_pt
        name = c.name(colour)
        math = f"${latex_label(text)}$"
        if role == "title":  # titles are bold on the canvas
            math = rf"{{\boldmath{math}}}"
        rows.append(rf"\fontsize{{{size:.1f}}}{{{size * 1.25:.1f}}}\selectfont\color{{{name}}}{math}")
    newline = r" \\ "
    return rf"\node[{', '.join(style)}] at {_at(n.x, n.y)} {{{newline.join(rows)}}};"


def _edge(e: TikzEdge, c: _Colours, small_pt: float, background: Colour) -> list[str]:
    if not e.points:
        return []
    pts = e.points
    path = [_at(*pts[0])]
    for i in range(1, len(pts) - 2, 3):
        path.append(f".. controls {_at(*pts[i])} and {_at(*pts[i + 1])} .. {_at(*pts[i + 2])}")
    out = [rf"\draw[{c(e.colour, 'draw')}, line width={_pt(e.width)}pt, line cap=round] {' '.join(path)};"]
    if e.arrow:
        out.append(rf"\fill[{c(e.colour, 'fill')}] {' -- '.join(_at(*p) for p in e.arrow)} -- cycle;")
    if e.label and e.label_pos is not None:
        name = c.name(e.label_colour or e.colour)
        out.append(
            rf"\node[{c((background[0], 0.85), 'fill')}, rounded corners=2pt, inner sep=1pt] "
            rf"at {_at(*e.label_pos)} {{\fontsize{{{small_pt:.1f}}}{{{small_pt * 1.2:.1f}}}\selectfont"
            rf"\color{{{name}}}${latex_label(e.label)}$}};"
        )
    return out


def to_tikz(
    nodes: Iterable[TikzNode],
    edges: Iterable[TikzEdge],
    *,
    background: Colour,
    area: tuple[float, float, float, float],
    title_pt: float = 11.0,
    body_pt: float = 10.0,
    small_pt: float = 9.0,
) -> str:
    """A ``tikzpicture`` of the nodes over the edges, on ``background`` filling ``area`` (x, y, w, h; px)."""
    c = _Colours()
    x, y, w, h = area
    body = [rf"\fill[{c(background, 'fill')}] {_at(x, y)} rectangle {_at(x + w, y + h)};"]
    for e in edges:
        body += _edge(e, c, small_pt, background)
    body += [_node(n, c, title_pt, body_pt) for n in nodes]
    head = [
        "% graphviz-app: the computation graph as TikZ. In the preamble: \\usepackage{tikz}",
        "% On a slide: \\resizebox{\\linewidth}{!}{\\input{this-file}}",
        r"\begin{tikzpicture}[x=1pt, y=1pt]",
    ]
    return "\n".join([*head, *c.definitions(), *body, r"\end{tikzpicture}"]) + "\n"
