"""Everything an interactive page shows, computed by the code the window uses, as one JSON-ready dict.

:func:`build_page` evaluates what is open, builds the window's timeline, lays the graph out for the page
(:mod:`.drawing`), walks the timeline (:mod:`.animation`), and writes the inspector's pages
(:mod:`.inspector_pages`), the paths panel (:mod:`.paths_data`) and the quiz (:mod:`.quiz_data`). The page's
player only looks these up. The session it came from is kept with it, so the page reopens in the window.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

from graphviz_app import look
from graphviz_app.core.evaluate import evaluate
from graphviz_app.files.session_file import SessionData
from graphviz_app.files.sources import NETWORK, Loaded
from graphviz_app.page.animation import Played, build_timeline, play
from graphviz_app.page.drawing import Drawing, draw
from graphviz_app.page.inspector_pages import Pages
from graphviz_app.page.keys import KEYS
from graphviz_app.page.paths_data import MAX_LEAVES, path_leaves, paths_data
from graphviz_app.page.quiz_data import quiz_data
from graphviz_app.page.style import palette_variables
from graphviz_app.page.svg import to_layers, to_svg
from graphviz_app.palette import DARK, LIGHT, Palette
from graphviz_app.session.quiz.questions import questions_of
from graphviz_app.session.state.saved import saved_session
from graphviz_app.session.state.settings import Settings
from graphviz_app.session.timeline.animation_plan import PAUSE_S, TRAVEL_S
from graphviz_app.session.timeline.steps import Timeline
from graphviz_app.text.titles import expression_title

__all__ = ["FORMAT", "Page", "build_page", "page_title"]

FORMAT = 1
"""The version of the page's data (the player reads this format)."""
THEMES = ("light", "dark")
OPEN_MIN_SCALE = 0.75
"""A page opens with its drawing at least this large (text about 10 px tall): a bigger graph is shown in part,
and the view follows the node being computed, as the window opens a big graph; Fit (0) shows it whole."""
EASING = "0.455 0.03 0.515 0.955"
"""The tokens' easing, :func:`~graphviz_app.session.timeline.animation_plan.ease` (in and out, quadratic),
as the cubic Bézier an SVG animation takes."""


@dataclass
class Page:
    """A page's data, its drawing at the first step, and the session it reopens as."""

    data: dict[str, Any]
    svg: str
    session: SessionData
    drawing: Drawing
    timeline: Timeline
    played: Played


def page_title(loaded: Loaded) -> str:
    """What the page is called: the example's title, else the expression or the file."""
    if loaded.title:
        return loaded.title
    if loaded.text and loaded.kind != NETWORK:
        return expression_title(loaded.text)
    return str(loaded.origin)


def build_page(
    loaded: Loaded,
    *,
    theme: str = "light",
    direction: str = "LR",
    collapsed: Iterable[str] | None = None,
    step: int = 0,
    session: SessionData | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Page:
    """The page of ``loaded`` (its graph with its values), starting at ``step``.

    ``collapsed`` layers are drawn as one box each (by default those of the session file ``loaded`` came
    from); ``session`` is what the page reopens as in the window (by default ``loaded`` as it is).
    ``progress(done, total)`` is told as the timeline and the paths are written down (the window shows it,
    and cancels by raising from it); ``total`` stays the same from the first call to the last.
    """
    if theme not in THEMES:
        raise ValueError(f"theme must be one of {THEMES}, got {theme!r}")
    if collapsed is None:
        collapsed = loaded.session.settings.get("collapsed", ()) if loaded.session is not None else ()
    collapsed = tuple(collapsed)
    ev = evaluate(loaded.graph, loaded.values)
    timeline = build_timeline(ev)
    drawing = draw(ev, collapsed, direction, is_network=loaded.kind == NETWORK)
    nodes, edges = drawing.nodes, drawing.edges
    node_index = {node: i for i, node in enumerate(nodes)}
    edge_index = {edge: i for i, edge in enumerate(edges)}
    projection = drawing.projection
    questions = questions_of(timeline)
    pages = Pages(timeline, loaded)
    total = len(timeline) + min(
        MAX_LEAVES, len(path_leaves(ev))
    )  # the steps, then one leaf's paths at a time
    inspector: dict[str, list] = {node: [] for node in nodes if node not in projection.boxes}
    played = play(
        timeline,
        projection,
        nodes,
        edges,
        loaded,
        keep=[q.step for q in questions],
        observe=lambda node, k, states: pages.node_version(inspector[node], node, k, states),
        progress=None if progress is None else lambda k, _n: progress(k, total),
    )
    node_pages = [
        pages.box_page(projection.boxes[node], ev) if node in projection.boxes else inspector[node]
        for node in nodes
    ]
    edge_pages = [pages.edge_page(edge) if edge not in projection.merged else [] for edge in edges]
    paths, paths_note = paths_data(
        ev,
        projection,
        node_index,
        edge_index,
        loaded.network,
        progress=None if progress is None else lambda done, _n: progress(len(timeline) + done, total),
    )
    if progress is not None:
        progress(total, total)
    step = max(0, min(step, len(timeline) - 1))
    if session is None:
        view = loaded.view if loaded.kind == NETWORK else None
        settings = Settings(direction=direction, view=view, collapsed=collapsed)
        session = saved_session(loaded, loaded.values, settings, step)
    data = {
        "format": FORMAT,
        "title": page_title(loaded),
        "theme": theme,
        "palettes": {p.name: palette_variables(p) for p in (LIGHT, DARK)},
        "timing": {"travel": TRAVEL_S, "pause": PAUSE_S, "easing": EASING},
        "fitMaxScale": look.FIT_MAX_SCALE,
        "openMinScale": OPEN_MIN_SCALE,
        "start": step,
        "phases": {
            phase: timeline.index_of_phase(phase) for phase in ("start", "forward", "backward", "end")
        },
        "nodes": nodes,
        "edges": [[node_index[a], node_index[b]] for a, b in edges],
        "nodeText": played.node_text,
        "edgeStates": played.edge_states,
        "steps": {
            "caption": played.captions,
            "kind": played.kinds,
            "active": played.active,
            "tokens": played.tokens,
        },
        "inspector": {"strings": pages.strings, "nodes": node_pages, "edges": edge_pages},
        "paths": paths,
        "pathsNote": paths_note,
        "quiz": quiz_data(questions, played.states, node_index, edge_index, projection.edge),
        "keys": KEYS,
    }
    return Page(data, drawing_at(drawing, played, step), session, drawing, timeline, played)


def _at(versions: list[list[Any]], k: int) -> list[Any]:
    """The last version at or before step ``k`` (every list starts at step 0)."""
    found = versions[0]
    for version in versions:
        if version[0] > k:
            break
        found = version
    return found


def drawing_at(
    drawing: Drawing, played: Played, k: int, palette: Palette | None = None, title: str = ""
) -> str:
    """The drawing as it is at step ``k``: the page's canvas (styled by the page), or with ``palette``, a
    picture of its own with the colours inline."""
    lines = [_at(versions, k)[1:] for versions in played.node_text]
    states = [_at(versions, k)[1] for versions in played.edge_states]
    active = played.active[k] if played.active else -1
    if palette is None:
        return to_layers(drawing, lines, states, active=active)
    return to_svg(drawing, lines, states, active=active, palette=palette, title=title)


def with_values(loaded: Loaded, values: dict[str, Any]) -> Loaded:
    """``loaded`` with other leaf values (the window's edits)."""
    return replace(loaded, values=dict(values))
