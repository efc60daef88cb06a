"""The Mistakes menu: re-run the backward pass with a classic mistake and show the damage.

Choosing a mistake runs :func:`graphviz_app.session.checks.mistakes.run_mistake` on the
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

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence

from graphviz_app.errors import GraphvizAppError
from graphviz_app.gui.panels.mistakes_panel import MistakesPanel
from graphviz_app.gui.session_link import subscribe_while_alive
from graphviz_app.session.checks.mistake_table import MISTAKES
from graphviz_app.session.checks.mistakes import MistakeReport, run_mistake
from graphviz_app.session.state import session as S

__all__ = ["CHOICES", "NO_EDGE", "Mistakes", "install_mistakes"]

NO_EDGE = "Click an edge first, then choose this again"

CHOICES = tuple(
    (item.action, item.text, entry.kind, item.on_edge) for entry in MISTAKES for item in entry.menu
)
"""(action name, menu text, mistake kind, on the selected edge?), read off the one table of mistakes."""


class Mistakes(QObject):
    """The menu, the panel and the canvas lines of one window's mistake (at most one at a time)."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.report: MistakeReport | None = None
        self._chosen: tuple[str, tuple[str, str] | None] | None = None  # kind, edge: re-run on new values
        self.panel = MistakesPanel(window.session)
        self.panel.setObjectName("mistakes_panel")
        self.dock = window.add_panel(
            "mistakes", "Mistakes", self.panel, Qt.DockWidgetArea.BottomDockWidgetArea
        )
        self.dock.hide()
        self.actions: dict[str, QAction] = {}
        self.menu = self._build_menu()
        subscribe_while_alive(self, window.session, self._on_session, (S.STRUCTURE, S.VALUES))

    def _build_menu(self):
        w = self.window
        menu = w.menuBar().addMenu("&Mistakes")
        help_action = next((a for a in w.menuBar().actions() if a.text() == "&Help"), None)
        if help_action is not None:  # after View, before Help
            w.menuBar().removeAction(menu.menuAction())
            w.menuBar().insertMenu(help_action, menu)
        for name, text, kind, on_edge in CHOICES:
            action = QAction(text, w)
            action.setObjectName(f"action_mistake_{name}")
            action.triggered.connect(lambda _=False, k=kind, e=on_edge: self.choose(k, e))
            menu.addAction(action)
            self.actions[name] = action
        menu.addSeparator()
        correct = QAction("&Correct backward pass", w)
        correct.setObjectName("action_mistake_correct")
        correct.setShortcut(QKeySequence(Qt.Key.Key_Escape))  # enabled only while a mistake is shown:
        correct.setEnabled(False)  # otherwise Escape keeps its usual jobs
        correct.triggered.connect(self.clear)
        menu.addAction(correct)
        w.addAction(correct)  # works with the menu bar hidden (presentation mode)
        self.actions["correct"] = correct
        return menu

    # --- choosing and clearing ------------------------------------------------------------

    def choose(self, kind: str, on_edge: bool = False) -> bool:
        """Run mistake ``kind`` (on the selected edge if ``on_edge``); False when refused."""
        w = self.window
        edge = None
        if on_edge:
            selection = w.session.selection
            if not isinstance(selection, tuple):
                w.show_error(NO_EDGE, kind="mistake")
                return False
            edge = selection
        return self._run(kind, edge)

    def _run(self, kind: str, edge: tuple[str, str] | None) -> bool:
        w = self.window
        if w.session.evaluation is None:
            w.show_error("Open a graph first (File ▸ Open, or the Examples tab)", kind="mistake")
            return False
        try:
            report = run_mistake(w.session.evaluation, kind, edge)
        except GraphvizAppError as exc:
            self.clear()
            w.show_error(str(exc), kind="mistake")
            return False
        if self._chosen is None:  # newly chosen: the whole backward pass, to compare with the damage
            w.jump("end")
        self._chosen = (kind, edge)
        self._show(report)
        w.hide_error("mistake")  # a refusal before this choice no longer applies
        w.show_status(f"Mistake: {report.title}. Escape or Mistakes ▸ Correct backward pass clears it.")
        return True

    def _show(self, report: MistakeReport | None) -> None:
        self.report = report
        self.panel.error_colour = self.window.theme.fault
        self.panel.show_report(report)
        if report is not None and not self.window.presentation.active:  # presenting: canvas and caption only
            self.dock.show()
            self.dock.raise_()
        self.window.scene.mistake = report.damaged if report is not None else None
        self.window.scene.refresh()
        self.actions["correct"].setEnabled(report is not None)
        timeline = self.window.session.timeline
        if timeline is not None:  # the caption says what the red ✗ mean (in presentation mode too)
            self.window.timeline_bar.reserve(len(timeline), self.window.caption_of)
            self.window._update_bar()

    def caption(self, text: str) -> str:
        """A step's caption, with the mistake shown on the canvas in one line under it."""
        return text if self.report is None else f"{text}\n✗ {self.report.line}"

    def clear(self) -> None:
        """Back to the correct backward pass: no red lines, an empty panel."""
        self._chosen = None
        self.window.hide_error("mistake")
        if self.report is not None:
            self._show(None)

    # --- session events ---------------------------------------------------------------------

    def _on_session(self, what: S.Event) -> None:
        if what == S.STRUCTURE or self._chosen is None:
            self.clear()
            return
        kind, edge = self._chosen  # new values: the same mistake, re-run (or refused, and cleared)
        self._run(kind, edge)


def install_mistakes(window) -> Mistakes:
    """Add the Mistakes menu and panel to ``window`` (a MainWindow)."""
    return Mistakes(window)
