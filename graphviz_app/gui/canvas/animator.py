"""Drives the animation: moves tokens along edges between two steps of the timeline.

The timeline says *what* each step shows; the animator only adds motion. Going
forward by one step plays that step's tokens from their start to their end (a
``QVariantAnimation`` from 0 to 1) and then shows the step's resting state.
Every other move (back, jump, scrub) shows the target state at once, so the
picture at step k never depends on how the user got there.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEasingCurve, QObject, QTimer, QVariantAnimation, Signal

from graphviz_app.gui.canvas.scene import CanvasScene
from graphviz_app.session.state.session import Session
from graphviz_app.session.timeline.animation_plan import PAUSE_S, TRAVEL_S, ease
from graphviz_app.session.timeline.steps import Timeline

__all__ = ["BASE_DURATION_MS", "Animator", "show_travel"]

BASE_DURATION_MS = round(TRAVEL_S * 1000)
PAUSE_MS = round(PAUSE_S * 1000)


def show_travel(
    scene: CanvasScene, timeline: Timeline, k: int, progress: float, *, begin: bool = True
) -> None:
    """Step ``k``'s tokens at ``progress`` (0..1, before easing) along their edges, their edges lit.

    The nodes keep showing the state before step ``k`` until it arrives. The
    window and the animation export both draw an in-between frame with this.
    """
    step = timeline.steps[k]
    scene.show_tokens(step.tokens, ease(progress))
    if not begin:
        return
    lit = timeline.state_at(k).edges
    for token in step.tokens:
        item = scene.edges.get(token.edge)
        if item is not None:
            item.set_state(lit.get(token.edge), item.label, item.weight, item.dimmed, item.emphasised)


class Animator(QObject):
    sig_playing_changed = Signal(bool)
    sig_animating = Signal(int)  # the step whose tokens are moving now (its caption can show at once)

    def __init__(self, session: Session, scene: CanvasScene, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self.scene = scene
        self.speed = 1.0
        self.playing = False
        self._target: int | None = None
        self._animation = QVariantAnimation(self)
        self._animation.setStartValue(0.0)
        self._animation.setEndValue(1.0)
        self._animation.setEasingCurve(QEasingCurve.Type.Linear)  # show_travel eases, as the export does
        self._animation.valueChanged.connect(self._on_progress_changed)
        self._animation.finished.connect(self._on_animation_finished)
        self._next = QTimer(self)
        self._next.setSingleShot(True)
        self._next.timeout.connect(self._on_next_due)
        self.gate: Callable[[int], bool] | None = None
        """Asked before animating into step k; False holds the animation where it is.

        The quiz (:mod:`graphviz_app.gui.modes.quiz`) uses it to ask before a reveal: it
        opens its questions and stops playing (True: step k arrives, its answer
        masked), or reveals the open question's answer instead of moving on (False).
        """

    # --- public -------------------------------------------------------------------------------

    @property
    def animating(self) -> bool:
        return self._target is not None

    def set_speed(self, factor: float) -> None:
        self.speed = max(0.05, float(factor))

    def step_forward(self) -> None:
        """Animate into the next step.

        Called while a step is still animating (a second clicker press), that step
        ends at once and the next one starts: every press is one step, none is lost.
        """
        if self.animating:
            self._finish()
        tl = self.session.timeline
        if tl is None or self.session.step >= len(tl) - 1:
            self.pause()
            return
        k = self.session.step + 1
        if self.gate is not None and not self.gate(k):
            self.pause()
            return
        step = tl.steps[k]
        if not step.tokens or self.scene.graph is None:
            self.session.set_step(k)
            self._after_arrival()
            return
        self._target = k
        show_travel(self.scene, tl, k, 0.0)
        self._animation.setDuration(int(BASE_DURATION_MS / self.speed))
        self._animation.start()
        self.sig_animating.emit(k)

    def go_to(self, k: int) -> None:
        """Show step ``k`` at once (back, jump, scrub)."""
        self._cancel()
        self.session.set_step(k)

    def step_by(self, delta: int) -> None:
        """One step forward (+1) or back (−1), from a key, a clicker or the bar's buttons."""
        if delta > 0:
            self.pause()
            self.step_forward()
        else:
            self.step_back()

    def jump(self, phase: str) -> None:
        """Go to the start, the end, or the first step of ``phase`` ("forward", "backward")."""
        tl = self.session.timeline
        if tl is None:
            return
        self.pause()
        target = {"start": 0, "end": len(tl) - 1}.get(phase)
        self.go_to(tl.index_of_phase(phase) if target is None else target)

    def step_back(self) -> None:
        """One step back from the step shown (the one animating in, if a step is on its way)."""
        self.pause()
        shown = self._target if self._target is not None else self.session.step
        self.go_to(shown - 1)

    def toggle(self) -> None:
        if self.playing:
            self.pause()
        else:
            self.play()

    def play(self) -> None:
        tl = self.session.timeline
        if tl is None:
            return
        if self.session.step >= len(tl) - 1:
            self.go_to(0)
        self.playing = True
        self.sig_playing_changed.emit(True)
        self.step_forward()

    def pause(self) -> None:
        self._next.stop()
        if self.playing:
            self.playing = False
            self.sig_playing_changed.emit(False)

    def stop(self) -> None:
        """Stop everything (the graph is about to change)."""
        self.pause()
        self._cancel()

    # --- private ---------------------------------------------------------------------------------

    def _cancel(self) -> None:
        self._next.stop()
        if self._target is not None:
            self._animation.stop()
            self._target = None
            self.scene.clear_tokens()

    def _finish(self) -> None:
        target = self._target
        self._animation.stop()
        self._target = None
        self.scene.clear_tokens()
        if target is not None:
            self.session.set_step(target)

    def _on_progress_changed(self, value: float) -> None:
        timeline = self.session.timeline
        if self._target is not None and timeline is not None:
            show_travel(self.scene, timeline, self._target, float(value), begin=False)

    def _on_animation_finished(self) -> None:
        if self._target is None:
            return
        self._finish()
        self._after_arrival()

    def _after_arrival(self) -> None:
        """While playing, schedule the next step, or stop at the end."""
        if not self.playing:
            return
        tl = self.session.timeline
        if tl is not None and self.session.step < len(tl) - 1:
            self._next.start(int(PAUSE_MS / self.speed))
        else:
            self.pause()

    def _on_next_due(self) -> None:
        if self.playing:
            self.step_forward()
