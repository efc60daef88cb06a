"""The page's colours and line widths, from :mod:`graphviz_app.look` and :mod:`graphviz_app.palette`.

Two ways to say the same thing. In a page, every colour is a CSS variable named after its palette role
(``--ga-forward``) set on the player, and the rules below say which role and width each drawn thing takes
(a theme switch only changes the variables). In a standalone SVG (a notebook's picture, shown without the
page's stylesheet) the same roles are written as attributes with the palette's colours.
"""

from __future__ import annotations

from dataclasses import fields

from graphviz_app import look
from graphviz_app.page.measure import FONT_FAMILY, PageFonts
from graphviz_app.palette import Palette

__all__ = ["KINDS", "STATES", "box_attributes", "css_rules", "edge_attributes", "palette_variables"]

KINDS = ("input", "param", "target", "const", "op")
STATES = ("forward", "done-forward", "backward", "done-backward")
DASH = "4 3"
"""A target's dashed border."""


def palette_variables(palette: Palette) -> dict[str, str]:
    """``--ga-ROLE: colour`` for every colour the palette has (the widgets' roles are empty for light)."""
    out = {}
    for f in fields(palette):
        value = getattr(palette, f.name)
        if isinstance(value, str) and value.startswith("#"):
            out[f"--ga-{f.name.replace('_', '-')}"] = value
    return out


def _var(role: str) -> str:
    return f"var(--ga-{role.replace('_', '-')})"


def box_attributes(kind: str, is_output: bool, palette: Palette | None = None) -> dict[str, str]:
    """A node's box at rest: fill, stroke and width (CSS variables, or ``palette``'s colours)."""

    def colour(role: str) -> str:
        return getattr(palette, role) if palette is not None else _var(role)

    attrs = {"fill": colour(look.fill_role(kind))}
    border = look.border(kind, is_output)
    if border is None:
        attrs["stroke"] = "none"
    else:
        attrs["stroke"], attrs["stroke-width"] = colour(border[0]), f"{border[1]:g}"
    if kind == "target":
        attrs["stroke-dasharray"] = DASH
    return attrs


def edge_attributes(state: str | None, palette: Palette | None = None) -> tuple[str, float]:
    """An edge's colour (CSS variable, or ``palette``'s) and width in ``state``."""
    role = look.edge_role(state)
    return (getattr(palette, role) if palette is not None else _var(role)), look.edge_width(state)


def _rule(selector: str, **declarations: str) -> str:
    body = "; ".join(f"{key.replace('_', '-')}: {value}" for key, value in declarations.items())
    return f"{selector} {{ {body} }}"


def css_rules(scope: str, fonts: PageFonts) -> str:
    """The stylesheet of the drawing inside ``scope`` (``.gaplayer``): every colour by its role."""
    s = f"{scope} svg.ga-graph"
    dim = f"{scope} .ga-dim svg.ga-graph"  # a path lit: the rest dimmed
    rules = [
        _rule(f"{s} .ga-t", font_family=FONT_FAMILY, font_size=f"{fonts.body_px:.2f}px", text_anchor="middle",
              dominant_baseline="central"),
        _rule(f"{s} .ga-bg", fill=_var("background")),
        _rule(f"{s} .r-title", font_size=f"{fonts.title_px:.2f}px", font_weight="bold"),
        _rule(f"{s} .r-grad-partial", font_style="italic"),
    ]  # fmt: skip
    for role, colour in look.LINE_ROLES.items():
        rules.append(_rule(f"{s} .r-{role}", fill=_var(colour)))
    for kind in KINDS:
        attrs = box_attributes(kind, False)
        rules.append(
            _rule(f"{s} .ga-node.k-{kind} .ga-box", **{k.replace("-", "_"): v for k, v in attrs.items()})
        )
    role, width = look.border("op", True) or ("border", 1.0)
    rules.append(
        _rule(f"{s} .ga-node.out:not(.k-const) .ga-box", stroke=_var(role), stroke_width=f"{width:g}")
    )
    for what, (role, width) in (("active", look.ACTIVE_BORDER), ("selected", look.SELECTED_BORDER)):
        rules.append(
            _rule(f"{s} .ga-node.{what}:not(.k-const) .ga-box", stroke=_var(role), stroke_width=f"{width:g}")
        )
    colour, width = edge_attributes(None)
    rules += [
        _rule(f"{s} .ga-line", fill="none", stroke=colour, stroke_width=f"{width:g}", stroke_linecap="round"),
        _rule(f"{s} .ga-arrow", fill=colour),
        _rule(f"{s} .ga-hit", fill="none", stroke=_var("edge"), stroke_opacity="0", stroke_width="10",
              pointer_events="stroke"),
        _rule(f"{s} .ga-edge.selected .ga-line", stroke=_var("selection")),
        _rule(f"{s} .ga-edge.selected .ga-arrow", fill=_var("selection")),
        _rule(f"{dim} .ga-node:not(.lit)", opacity=f"{look.DIMMED_NODE:g}"),
        _rule(f"{dim} .ga-edge:not(.lit)", opacity=f"{look.DIMMED_EDGE:g}"),
        _rule(f"{dim} .ga-edge.lit .ga-line", stroke_width=f"{look.edge_width(None, emphasised=True):g}"),
    ]  # fmt: skip
    for state in STATES:
        colour, width = edge_attributes(state)
        emphasised = look.edge_width(state, emphasised=True)
        rules += [
            _rule(f"{s} .ga-edge.s-{state} .ga-line", stroke=colour, stroke_width=f"{width:g}"),
            _rule(f"{s} .ga-edge.s-{state} .ga-arrow", fill=colour),
            _rule(f"{dim} .ga-edge.lit.s-{state} .ga-line", stroke_width=f"{emphasised:g}"),
        ]
    for role, colour in look.TOKEN_ROLES.items():
        rules.append(_rule(f"{s} .ga-token.r-{role} rect", fill=_var(colour)))
    rules.append(
        _rule(f"{s} .ga-token text", fill=_var("token_text"), font_size=f"{fonts.small_px:.2f}px",
              font_weight="normal", font_style="normal")
    )  # fmt: skip
    return "\n".join(rules) + "\n"
