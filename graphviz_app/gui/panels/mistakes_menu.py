"""The Mistakes menu: re-run the backward pass with a classic mistake and show the damage.

The menu's entries are :data:`CHOICES`, read off the one table of mistakes
(:mod:`graphviz_app.session.checks.mistake_table`); the window's command table makes one
command of each, so a new mistake needs no menu code. Choosing a mistake runs :func:`graphviz_app.session.checks.mistakes.run_mistake` on the
open graph and its values. Each node whose gradient the mistake changed shows,
on the canvas, the right gradient and under it the wrong one in the theme's
error colour (``✗ ∇ 0.417``); the Mistakes panel lists every node with the right
and the wrong gradient, the finite difference and which of the two it agrees
with. A mistake that does not apply here (no sigmoid, no reused node, no edge
clicked…) is refused in the window's banner with the reason.

*Correct backward pass* (or Escape while a mistake is shown) clears it. A new
graph clears it too; new values re-run it, so no number on screen is stale.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget

from graphviz_app.errors import GraphvizAppError
from graphviz_app.gui.panels.mistakes_panel import MistakesPanel
from graphviz_app.gui.session_link import subscribe_while_alive
from graphviz_app.gui.theme import Theme
from graphviz_app.session.checks.mistake_table import MISTAKES
from graphviz_app.session.checks.mistakes import MistakeReport, run_mistake
from graphviz_app.session.state import session as S

if TYPE_CHECKING:
    from graphviz_app.gui.canvas.scene import CanvasScene

__all__ = ["CHOICES", "NO_EDGE", "Mistakes"]

NO_EDGE = "Click an edge first, then choose this again"

CHOICES = tuple(
    (item.action, item.text, entry.kind, item.on_edge) for entry in MISTAKES for item in entry.menu
)
"""(command name, menu text, mistake kind, on the selected edge?), read off the one table of mistakes."""


class Mistakes(QObject):
    """The panel and the canvas lines of one window's mistake (at most one at a time).

    ``panel`` lists the gradients in ``dock``; ``scene`` draws the damage in the colour of
    ``theme()``'s faults; ``actions`` are the menu's entries (the window's commands) by the
    names of :data:`CHOICES`, and "correct". ``go_to_end`` shows the whole backward pass, ``presenting`` says
    whether presentation mode is on (then the dock stays hidden: canvas and caption only).
    """

    sig_changed = Signal()
    """A mistake was shown or cleared: the captions and Mistakes ▸ Correct backward pass follow."""

    def __init__(
        self,
        session: S.Session,
        panel: MistakesPanel,
        dock: QDockWidget,
        actions: dict[str, QAction],
        scene: CanvasScene,
        theme: Callable[[], Theme],
        go_to_end: Callable[[], None],
        presenting: Callable[[], bool],
        show_status: Callable[[str], None],
        show_error: Callable[..., None],
        hide_error: Callable[..., None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.session, self.panel, self.dock, self.actions, self.scene = session, panel, dock, actions, scene
        self._theme, self._go_to_end, self._presenting = theme, go_to_end, presenting
        self._show_status, self._show_error, self._hide_error = show_status, show_error, hide_error
        self.report: MistakeReport | None = None
        self._chosen: tuple[str, tuple[str, str] | None] | None = None  # kind, edge: re-run on new values
        self.panel.setObjectName("mistakes_panel")
        self.dock.hide()
        subscribe_while_alive(self, session, self._on_session, (S.STRUCTURE, S.VALUES))

    # --- choosing and clearing ------------------------------------------------------------

    def choose(self, kind: str, on_edge: bool = False) -> bool:
        """Run mistake ``kind`` (on the selected edge if ``on_edge``); False when refused."""
        edge = None
        if on_edge:
            selection = self.session.selection
            if not isinstance(selection, tuple):
                self._show_error(NO_EDGE, kind="mistake")
                return False
            edge = selection
        return self._run(kind, edge)

    def _run(self, kind: str, edge: tuple[str, str] | None) -> bool:
        if self.session.evaluation is None:
            self._show_error("Open a graph first (File ▸ Open, or the Examples tab)", kind="mistake")
            return False
        try:
            report = run_mistake(self.session.evaluation, kind, edge)
        except GraphvizAppError as exc:
            self.clear()
            self._show_error(str(exc), kind="mistake")
            return False
        if self._chosen is None:  # newly chosen: the whole backward pass, to compare with the damage
            self._go_to_end()
        self._chosen = (kind, edge)
        self._show(report)
        self._hide_error("mistake")  # a refusal before this choice no longer applies
        self._show_status(f"Mistake: {report.title}. Escape or Mistakes ▸ Correct backward pass clears it.")
        return True

    def _show(self, report: MistakeReport | None) -> None:
        self.report = report
        self.panel.error_colour = self._theme().fault
        self.panel.show_report(report)
        if report is not None and not self._presenting():  # presenting: canvas and caption only
            self.dock.show()
            self.dock.raise_()
        self.scene.mistake = report.damaged if report is not None else None
        self.scene.refresh()
        self.sig_changed.emit()  # the caption says what the red ✗ mean (in presentation mode too)

    def caption(self, text: str) -> str:
        """A step's caption, with the mistake shown on the canvas in one line under it."""
        return text if self.report is None else f"{text}\n✗ {self.report.line}"

    def clear(self) -> None:
        """Back to the correct backward pass: no red lines, an empty panel."""
        self._chosen = None
        self._hide_error("mistake")
        if self.report is not None:
            self._show(None)

    # --- session events ---------------------------------------------------------------------

    def _on_session(self, what: S.Event) -> None:
        if what == S.STRUCTURE or self._chosen is None:
            self.clear()
            return
        kind, edge = self._chosen  # new values: the same mistake, re-run (or refused, and cleared)
        self._run(kind, edge)
