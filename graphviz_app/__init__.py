"""graphviz-app: make the chain rule visible.

The public Python API, for notebooks and scripts. The command line is a thin
layer over these functions.

Examples
--------
>>> import graphviz_app as ga
>>> ev = ga.evaluate("sin(x**2)", x=1.5)
>>> round(ev.output_value, 4), round(ev.grads["x"], 4)
(0.7781, -1.8845)
>>> report = ga.paths("x = cos(t); y = sin(t); z = x*y + x**2", wrt="t", t=0.5)
>>> report["count"], report["agree"]
(3, True)
>>> all(check.ok for check in ga.gradcheck("example:net-221"))
True

In a notebook, ``ga.build("sin(x**2)", x=1.5)`` shows the interactive page's player (and the picture of
its end where scripts do not run); ``ga.show(...)`` opens the window.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

__all__ = [
    "GraphvizAppError",
    "__version__",
    "build",
    "evaluate",
    "export",
    "from_torch",
    "gradcheck",
    "interactive_page",
    "paths",
    "show",
]

from graphviz_app.errors import GraphvizAppError
from graphviz_app.version import __version__


def build(source: str, *, view: str | None = None, **at: Any):
    """Build the graph of SOURCE: an expression, a file or ``example:NAME``.

    Keyword arguments give input values (``x=1.5``) or, for networks, leaf
    values by id (pass ``**{"W1[0,1]": 0.2}``). Returns a
    :class:`graphviz_app.files.Loaded` whose ``graph`` is a networkx.DiGraph; in a
    notebook it shows itself as the interactive page's player.
    """
    from graphviz_app.files.sources import load_source
    from graphviz_app.page.notebook import as_graph

    return as_graph(load_source(source, at, view=view))


def interactive_page(
    source: Any, *, theme: str = "light", direction: str = "LR", view: str | None = None, **at: Any
):
    """The interactive page of SOURCE (or of what :func:`build` returned): ``.save("net.html")`` writes it,
    ``.html`` is its text, ``.svg()`` the picture of its end; a notebook shows its player."""
    from graphviz_app.page.document import build_page
    from graphviz_app.page.notebook import InteractivePage

    loaded = build(source, view=view, **at) if isinstance(source, str) else source
    return InteractivePage(build_page(loaded, theme=theme, direction=direction))


def show(source: Any, *, view: str | None = None, wait: bool = False, **at: Any):
    """Open the window on SOURCE (or on what :func:`build` returned, with its values), from a script or a
    notebook: it runs in a process of its own, returned; ``wait`` waits until it is closed."""
    from graphviz_app.page.notebook import show_window

    loaded = build(source, view=view, **at) if isinstance(source, str) else source
    return show_window(loaded, wait=wait)


def from_torch(output: Any, named: Mapping[str, Any] | None = None, *, view: str | None = None, **at: Any):
    """The graph PyTorch recorded for ``output`` (a tensor, usually the loss), as :func:`build` returns one.

    The autograd graph is walked from ``output.grad_fn`` to the leaves, as ``loss.backward()``
    walks it; call this before ``loss.backward()`` (which frees what the graph saved), or
    with ``retain_graph=True``. ``named`` maps names to tensors, e.g.
    ``{**dict(model.named_parameters()), "x": x, "y": y}``: those leaves get those names
    (``hidden.weight``), others generated ones. A stack of ``nn.Linear`` layers opens in the
    neuron view (``hidden.weight[0,1]``), anything else in the layer view, as ``view`` asks.
    The result's evaluation agrees with PyTorch's gradients: see ``report.torch_agreement``.
    Needs PyTorch (``pip install 'graphviz-app[torch]'``).
    """
    from graphviz_app.builders.torch_graph import read_torch
    from graphviz_app.files.sources import TORCH, build_loaded
    from graphviz_app.page.notebook import as_graph

    return as_graph(build_loaded(TORCH, read_torch(output, named), at, origin="from_torch", view=view))


def evaluate(source: Any, *, of: str | None = None, view: str | None = None, **at: Any):
    """Forward and backward pass. ``source`` is SOURCE text or the result of :func:`build`.

    Returns a :class:`graphviz_app.core.evaluate.Evaluation` with ``values``,
    ``grads``, per-edge ``local`` derivatives and ``contributions``.
    """
    from graphviz_app.core.evaluate import evaluate as _evaluate

    loaded = build(source, view=view, **at) if isinstance(source, str) else source
    return _evaluate(loaded.graph, loaded.values, of)


def paths(
    source: Any, wrt: str, *, of: str | None = None, limit: int = 100, view: str | None = None, **at: Any
) -> dict[str, Any]:
    """The chain rule as a sum over paths, as the ``paths --json`` command prints it."""
    from graphviz_app.core import graph as G
    from graphviz_app.report import paths_report

    loaded = build(source, view=view, **at) if isinstance(source, str) else source
    target = G.find_node(loaded.graph, of) if of else G.output_node(loaded.graph)
    ev = evaluate(loaded, of=target)
    return paths_report(ev, G.find_node(loaded.graph, wrt), target, limit)


def gradcheck(source: Any, *, view: str | None = None, **at: Any):
    """Backprop against central finite differences, one :class:`GradCheck` per leaf element."""
    from graphviz_app.core.gradcheck import gradcheck as _gradcheck

    loaded = build(source, view=view, **at) if isinstance(source, str) else source
    return _gradcheck(loaded.graph, loaded.values)


def export(
    source: Any,
    path: str | Path,
    *,
    step: str | int = "end",
    theme: str = "light",
    direction: str = "LR",
    scale: float | None = None,
    view: str | None = None,
    frames: bool = False,
    first: str | int = "start",
    last: str | int = "end",
    fps: int = 20,
    hold: float | None = None,
    caption: bool = True,
    **at: Any,
) -> Path:
    """Write the graph, or its animation, to ``path``; the format is the file's suffix.

    ``.dot``: DOT with names, values and gradients in the labels. ``.png``, ``.svg``,
    ``.pdf``: the picture the window shows at ``step`` (``scale`` 2 by default).
    ``.tex``: the same picture as a TikZ ``tikzpicture`` for a slide. ``.gif``,
    ``.mp4``, or a folder with ``frames=True`` (one PNG per step): the timeline
    from ``first`` to ``last`` as the window plays it, at ``fps`` frames a second
    with a pause of ``hold`` seconds on each arrival (``scale`` 1 by default),
    each step's caption under the graph unless ``caption`` is False. ``.html``: the
    interactive page, one file that plays the timeline in a browser (``theme``,
    ``direction``).
    """
    path = Path(path)
    loaded = build(source, view=view, **at) if isinstance(source, str) else source
    suffix = path.suffix.lower()
    if frames or suffix in (".gif", ".mp4"):
        from graphviz_app.gui.export.animation import export_animation_headless

        return export_animation_headless(
            loaded,
            path,
            frames=frames,
            first=first,
            last=last,
            fps=fps,
            hold=hold,
            theme=theme,
            direction=direction,
            scale=1.0 if scale is None else scale,
            caption=caption,
        )
    if suffix == ".html":
        from graphviz_app.page.document import build_page
        from graphviz_app.page.html import write_page

        return write_page(build_page(loaded, theme=theme, direction=direction), path)
    if suffix == ".dot":
        from graphviz_app.exports.dot import to_dot
        from graphviz_app.files.atomic import write_text

        return write_text(path, to_dot(loaded.graph, evaluate(loaded), direction=direction))
    if suffix not in (".png", ".svg", ".pdf", ".tex"):
        raise GraphvizAppError(
            f"{path.name}: the file name must end in .dot, .png, .svg, .pdf, .tex, .gif, .mp4 or .html"
        )
    from graphviz_app.gui.export.image import export_headless

    scale = 2.0 if scale is None else scale
    return export_headless(loaded, path, step=step, theme=theme, direction=direction, scale=scale)
