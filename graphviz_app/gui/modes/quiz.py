"""Quiz mode (Q): the animation stops before each chosen reveal and asks for it.

The questions, their answers and the score are Qt-free
(:class:`~graphviz_app.session.quiz.state.Quiz`); this controller connects them to
the window:

- the animator asks :meth:`QuizController.gate` before it animates into a step.
  When that step answers a question, the question opens: playing stops, the
  canvas masks the number with "?" (``CanvasScene.hidden``, a :class:`Hidden`), the
  caption shows the question, and the guess field takes the focus (the side
  panels are covered all quiz long: the inspector shows final gradients, the
  paths panel counts paths). The step then arrives,
  masked. Asked again while a question is open (Space, Right, PageDown), the
  gate reveals the answer instead of moving on: counted as skipped;
- Enter in the field checks the guess; a guess that is not a number gets a hint,
  not a mark;
- stepping back or jumping away leaves an open question unasked (it is asked
  again when the animation comes back to it); answered questions are not asked
  again;
- M (or the node's context menu) marks the selected node for the "marked nodes"
  mode; Escape leaves quiz mode.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QWidget

from graphviz_app.gui.modes.quiz_bar import QuizBar
from graphviz_app.gui.modes.quiz_card import ScoreCardView
from graphviz_app.gui.session_link import subscribe_while_alive
from graphviz_app.session.quiz.questions import GuessError, Verdict
from graphviz_app.session.quiz.state import Hidden, Quiz
from graphviz_app.session.state import session as S

if TYPE_CHECKING:
    from graphviz_app.gui.window.parts import Canvas

__all__ = ["QuizController"]

GO_ON = "Play (Space) or step (PageDown): it stops before each reveal"
"""The quiz bar's help while no question is open."""
COVER_TEXT = "Hidden in quiz mode:\nthis panel would give answers away.\n\nQ or Escape leaves quiz mode."
COVER_SHORT = "Hidden in quiz mode\n(Q leaves)"
"""What a cover says when the panel is too short for :data:`COVER_TEXT`."""


class _Cover(QLabel):
    """An opaque label over a side panel, so the panel cannot give the answer away."""

    def __init__(self, panel: QWidget) -> None:
        super().__init__(COVER_TEXT, panel)
        self._panel = panel
        self.setObjectName("quiz_cover")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setMargin(12)
        self.setAutoFillBackground(True)
        self.setVisible(False)
        panel.installEventFilter(self)  # on the panel only: it goes with it

    def cover(self, on: bool) -> None:
        if on:
            self._fit()
            self.raise_()
        self.setVisible(on)

    def needed_height(self, width: int) -> int:
        """The height the whole of :data:`COVER_TEXT` takes at ``width``."""
        text = self.text()
        self.setText(COVER_TEXT)
        height = self.heightForWidth(width)
        self.setText(text)
        return height

    def _fit(self) -> None:
        """Cover the whole panel, with the whole message if it fits and the short one if not."""
        rect = self._panel.rect()
        self.setGeometry(rect)
        self.setText(COVER_TEXT if self.needed_height(rect.width()) <= rect.height() else COVER_SHORT)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802  (Qt's name)
        if obj is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self._fit()
        return False


class QuizController(QObject):
    """Quiz mode: the bar, the animator's gate, the masks on ``canvas``.

    ``action`` is View ▸ Quiz mode (checked while the quiz is on); the side docks of ``frame``
    but ``uncovered`` (the builder) are covered. ``update_bar`` shows a step in the timeline
    bar, ``press`` takes the keys typed in the guess field (the window's command table).
    The window puts :attr:`bar` above the timeline bar.
    """

    def __init__(
        self,
        session: S.Session,
        canvas: Canvas,
        frame: QMainWindow,
        uncovered: QDockWidget,
        action: QAction,
        update_bar: Callable[[int | None], None],
        press: Callable[[QKeyEvent, str], bool],
        show_status: Callable[[str], None],
    ) -> None:
        super().__init__(frame)
        self.session, self.canvas, self.frame, self.uncovered, self.action = (
            session,
            canvas,
            frame,
            uncovered,
            action,
        )
        self._update_bar, self._show_status = update_bar, show_status
        self.quiz: Quiz | None = None
        self.mode, self.k = "every", 2
        self.marked: set[str] = set()
        self._covers: dict[QDockWidget, _Cover] = {}
        self._folded: dict[QDockWidget, int] = {}  # docks under the canvas shrunk for the quiz: their heights
        self._just_answered = False  # another question of the same step opened on an answer
        self.bar = QuizBar(press)
        self.card = ScoreCardView(canvas.view)  # at the end of the timeline
        self.bar.follow_font(canvas.timeline_bar)
        self.bar.sig_mode.connect(self.set_mode)
        canvas.timeline_bar.caption_filter = self._caption
        canvas.view.node_menu.append(self._menu_entry)
        subscribe_while_alive(self, session, self._on_session, (S.STRUCTURE, S.VALUES, S.STEP))

    @property
    def active(self) -> bool:
        return self.quiz is not None

    # --- on and off, mode, marks ---------------------------------------------------------------------

    def set_active(self, on: bool) -> None:
        animator = self.canvas.animator
        if on == self.active:
            return
        if on:
            if self.session.timeline is None:
                self.action.setChecked(False)
                return
            self.quiz = Quiz(self.session.timeline, self.mode, self.k, self.marked)
            animator.gate = self.gate
            self.bar.instruct(GO_ON)
        else:
            self._close()
            self.quiz = None
            animator.gate = None
        self.bar.setVisible(on)
        self._show_card()
        self._cover(on)  # the inspector shows final gradients, the paths panel counts paths: answers
        self._show_idle()
        self._show_status("Quiz mode: on (Q or Escape leaves)" if on else "Quiz mode: off")

    def set_mode(self, mode: str, k: int) -> None:
        self.mode, self.k = mode, k
        if self.quiz is not None:
            self.quiz.mode, self.quiz.k = mode, k
            self._show_idle()

    def toggle_mark(self, node: object) -> None:
        """Mark the node ``node`` (the selection) for the "marked nodes" mode, or unmark it."""
        graph = self.session.graph
        if not isinstance(node, str) or graph is None or node not in graph:
            self._show_status("Select a node first (click it), then press M to mark it for the quiz")
            return
        on = node not in self.marked
        if on:
            self.marked.add(node)
        else:
            self.marked.discard(node)
        name = self._name(node)
        self._show_status(
            f"{name} {'marked' if on else 'no longer marked'} for the quiz ({len(self.marked)} marked)"
        )
        self.show_marks()
        self._show_idle()

    def show_marks(self) -> None:
        """A "?" in the corner of every node marked for the quiz (again on a new scene's items)."""
        for node, item in self.canvas.scene.nodes.items():
            item.set_badge("?" if node in self.marked else "")

    def _menu_entry(self, node: str) -> tuple[str, Callable[[], None]]:
        text = "Unmark for the quiz (M)" if node in self.marked else "Mark for the quiz (M)"
        return text, lambda: self.toggle_mark(node)

    # --- the animator's gate ----------------------------------------------------------------------

    def gate(self, k: int) -> bool:
        """Before step ``k`` animates in: reveal the open question instead (False), or open ``k``'s."""
        quiz = self.quiz
        if quiz is None:
            return True
        if quiz.current is not None:
            if quiz.current.step == self.session.step:
                self.reveal()
                return False
            self._close()
        if quiz.open_at(k):
            self.canvas.animator.pause()
            self.bar.instruct("Enter checks your guess; Space or PageDown reveals the answer")
            self._show_open()
        return True

    # --- answers ------------------------------------------------------------------------------------

    def guess(self, text: str) -> None:
        quiz = self.quiz
        if quiz is None or quiz.current is None:
            return
        self._just_answered = False
        try:
            verdict = quiz.answer(text)
        except GuessError as exc:
            self.bar.say(f"{exc}", "hint")
            self.bar.field.selectAll()  # the next key replaces the guess
            return
        self._after(verdict)

    def reveal(self) -> None:
        """Show the open question's answer without a guess (counted as skipped).

        Not the first Space or PageDown after an answer that opened another question of the
        same step: that press goes on from the verdict, as it does when no question follows,
        and must not skip a question nobody has read yet.
        """
        quiz = self.quiz
        if quiz is None or quiz.current is None:
            return
        if self._just_answered:
            self._just_answered = False
            self.bar.tell("Another question about this step: type a guess, or Space or PageDown to reveal it")
            return
        self._after(quiz.skip())

    def _after(self, verdict: Verdict) -> None:
        self.bar.say(verdict.message, verdict.outcome)
        if self.quiz is not None and self.quiz.current is not None:
            self._just_answered = True
            self._show_open()  # the next question about the same step
            return
        self._just_answered = False
        self._unmask()
        self._show_idle()
        self.bar.tell(GO_ON)  # the verdict stays; the help no longer speaks of the question
        self.canvas.view.setFocus()  # Space and PageDown steer the animation again

    # --- showing ------------------------------------------------------------------------------------

    def _show_open(self) -> None:
        quiz, animator = self.quiz, self.canvas.animator
        assert quiz is not None and quiz.current is not None
        self._set_hidden(quiz.hidden)
        asked = quiz.selected()
        self.bar.ask(asked.index(quiz.current) + 1, len(asked))
        self._show_score()
        self._update_bar(quiz.current.step if animator.animating else None)

    def _show_idle(self) -> None:
        if self.quiz is None:
            return
        if self.quiz.current is None:
            self.bar.idle(len(self.quiz.selected()))
        self._show_score()

    def _show_score(self) -> None:
        quiz = self.quiz
        if quiz is None:
            return
        marked = ", ".join(sorted(self._name(n) for n in self.marked)) or "none (M marks)"
        self.bar.show_score(f"Score: {quiz.score}", f"marked: {marked}")

    def _name(self, node: str) -> str:
        """What captions call ``node`` (the scene keeps the names of the graph it draws)."""
        names = self.canvas.scene._names
        return names.name(node) if names is not None and node in names.terms else node

    def _caption(self, step: int, caption: str) -> str:
        return caption if self.quiz is None else self.quiz.caption(step, caption)

    def _cover(self, on: bool) -> None:
        for dock in self.frame.findChildren(QDockWidget):
            if dock is self.uncovered or dock.widget() is None:
                continue
            cover = self._covers.get(dock)
            if cover is None and on:
                cover = self._covers[dock] = _Cover(dock.widget())
            if cover is not None:
                cover.cover(on)
        self._fold_bottom(on)

    def _fold_bottom(self, on: bool) -> None:
        """Covered docks under the canvas shrink to their message while the quiz is on, and grow back after.

        They show nothing else, and on a 720-pixel screen the canvas had 170 pixels left.
        """
        w = self.frame
        if on:
            docks = [
                d
                for d in self._covers
                if w.dockWidgetArea(d) == Qt.DockWidgetArea.BottomDockWidgetArea
                and not d.isFloating()
                and d.isVisible()
            ]
            self._folded = {d: d.height() for d in docks}
            for d in docks:
                d.widget().setMinimumHeight(self._covers[d].needed_height(d.widget().width()))
            w.resizeDocks(docks, [1] * len(docks), Qt.Orientation.Vertical)  # as short as that minimum allows
        else:
            folded, self._folded = self._folded, {}
            for d in folded:
                d.widget().setMinimumHeight(0)
            w.resizeDocks(list(folded), list(folded.values()), Qt.Orientation.Vertical)

    def _unmask(self) -> None:
        self._set_hidden(None)
        self._update_bar(None)

    def _set_hidden(self, hidden: Hidden | None) -> None:
        """Mask the numbers ``hidden`` names on the canvas (None: show them again), and redraw those items."""
        scene = self.canvas.scene
        before, scene.hidden = scene.hidden, hidden
        masks = [h for h in (before, hidden) if h is not None]
        nodes = set().union(*(h.nodes for h in masks))
        edges = set().union(*(h.edges for h in masks))  # with gradient widths on, an edge shows a size
        if scene.frame is not None and (nodes or edges):
            scene.show_frame(scene.frame, nodes, edges)

    def _close(self) -> None:
        """Leave the open questions unasked and show every number again."""
        self._just_answered = False
        if self.quiz is not None and self.quiz.current is not None:
            self.bar.tell(GO_ON)
            self.quiz.close()
            self._unmask()
            self._show_idle()

    # --- the session -----------------------------------------------------------------------------

    def _on_session(self, what: S.Event) -> None:
        quiz, s = self.quiz, self.session
        if quiz is None:
            return
        if what == S.STEP:
            if quiz.current is not None and quiz.current.step != s.step:
                self._close()  # stepped back or jumped away
            self._show_card()
            return
        self._close()
        if s.timeline is None:
            self.action.setChecked(False)
            return
        self.quiz = quiz.renewed(s.timeline) if what == S.VALUES else Quiz(s.timeline, self.mode, self.k)
        if what == S.STRUCTURE:
            self.marked.clear()
        self.quiz.marked = self.marked
        self._show_idle()
        self._show_card()

    def _show_card(self) -> None:
        """The score card while quiz mode is on and the animation is at its end (else none)."""
        quiz, s = self.quiz, self.session
        at_end = quiz is not None and s.timeline is not None and s.step == len(s.timeline) - 1
        card = quiz.card() if quiz is not None and at_end else None
        shown = card if card is not None and card.total.asked else None  # a round was played
        self.card.show_card(shown, self.canvas.timeline_bar.caption_font)
