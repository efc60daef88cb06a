"""In a notebook: what the Python API returns shows itself, and ``show`` opens the window.

Jupyter (and JupyterLab, VS Code, Colab, nbviewer, GitHub) asks an object for ``_repr_mimebundle_`` and
picks what it can show: ``image/svg+xml``, the picture of the last step (every gradient), which needs no
script and so renders in untrusted notebooks and on GitHub; and ``text/html``, the player, which needs its
script to run (a trusted notebook). Each player keeps to its own element and takes keys only while it has
the focus, so two players in one notebook never interfere.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from graphviz_app.files.session_file import save_session
from graphviz_app.files.sources import NETWORK, Loaded
from graphviz_app.page.document import Page, build_page, drawing_at
from graphviz_app.page.html import notebook_html, page_document, write_page
from graphviz_app.palette import palette_named
from graphviz_app.session.state.saved import saved_session
from graphviz_app.session.state.settings import Settings

__all__ = ["Graph", "InteractivePage", "as_graph", "show_window"]


class InteractivePage:
    """A page made and ready: shown in a notebook, written to a file, or its picture at a step."""

    def __init__(self, page: Page) -> None:
        self.page = page

    @property
    def html(self) -> str:
        """The self-contained page, as ``export -o FILE.html`` writes it."""
        return page_document(self.page)

    def save(self, path: str | Path) -> Path:
        return write_page(self.page, path)

    def svg(self, step: int | None = None) -> str:
        """The drawing at ``step`` (default: the last, every gradient) as a picture with its colours inline."""
        played = self.page.played
        k = len(played.captions) - 1 if step is None else step
        palette = palette_named(self.page.data["theme"])
        return drawing_at(self.page.drawing, played, k, palette=palette, title=self.page.data["title"])

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return {"image/svg+xml": self.svg(), "text/html": notebook_html(self.page)}


@dataclass
class Graph(Loaded):
    """What :func:`graphviz_app.build` returns: a :class:`~graphviz_app.files.Loaded` that shows itself in a
    notebook as the interactive page's player (and, where scripts do not run, the picture of its end)."""

    def page(self, theme: str = "light", direction: str = "LR") -> InteractivePage:
        return InteractivePage(build_page(self, theme=theme, direction=direction))

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return self.page()._repr_mimebundle_(include, exclude)


def as_graph(loaded: Loaded) -> Graph:
    """``loaded`` as a :class:`Graph` (the same fields)."""
    if isinstance(loaded, Graph):
        return loaded
    return Graph(**{f.name: getattr(loaded, f.name) for f in fields(Loaded)})


def show_window(loaded: Loaded, wait: bool = False) -> subprocess.Popen:
    """Open the window on ``loaded`` with its values, in a process of its own (a notebook's kernel goes on).

    The graph goes to the window as a session file in a temporary folder; ``wait`` waits for the window
    to close.
    """
    view = loaded.view if loaded.kind == NETWORK else None
    data = saved_session(loaded, loaded.values, Settings(view=view), 0)
    folder = Path(tempfile.mkdtemp(prefix="graphviz-app-show-"))
    path = folder / "session.json"
    save_session(path, data)
    process = subprocess.Popen([sys.executable, "-m", "graphviz_app", str(path)])
    if wait:
        process.wait()
    return process
