"""The canvas kept in step with the session: what the window shows of the graph and its timeline.

Data flows one way. Widgets write to the :class:`~graphviz_app.session.state.session.Session`;
the session tells the stage what changed, and the stage updates the canvas:

- ``structure`` → measure node labels, lay out in the background, rebuild the scene;
- ``values`` → new numbers on the same items (no layout);
- ``step`` → show that step's frame, touching only what changed;
- ``selection`` → mark the selected node or edge.

The timeline bar's buttons drive the animator, and the bar shows where the animation is
(:meth:`Stage.update_bar`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRectF, Signal

from graphviz_app.gui.canvas.collapsed import drawn_layout_inputs
from graphviz_app.gui.canvas.labels import digit_height
from graphviz_app.gui.canvas.scene import Fonts, edge_label, measure_nodes
from graphviz_app.gui.session_link import subscribe_while_alive
from graphviz_app.gui.window.display import apply_scene_settings
from graphviz_app.layout.geometry import Geometry
from graphviz_app.session.state import session as S

if TYPE_CHECKING:
    import networkx as nx

    from graphviz_app.gui.window.parts import Canvas
    from graphviz_app.gui.workers import LayoutRunner
    from graphviz_app.session.state.collapse import Projection

__all__ = ["Stage"]


class Stage(QObject):
    """Draws ``session`` on ``canvas``, laid out by ``runner``.

    ``fonts`` gives the fonts now (larger text changes them), ``caption_of`` step k's caption
    as the bar shows it, and ``frame_end`` frames a step in presentation mode (False: follow
    the node being computed as usual).
    """

    sig_layout_done = Signal()

    def __init__(
        self,
        session: S.Session,
        canvas: Canvas,
        runner: LayoutRunner,
        fonts: Callable[[], Fonts],
        caption_of: Callable[[int], str],
        frame_end: Callable[[bool, QRectF | None], bool],
        show_error: Callable[[str, str], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.session, self.canvas, self.runner = session, canvas, runner
        self._fonts, self._caption_of, self._frame_end, self._show_error = (
            fonts,
            caption_of,
            frame_end,
            show_error,
        )
        self._shown_step = 0
        self._projection: Projection | None = None
        self._layout_for: nx.DiGraph | None = None  # the graph the runner lays out now
        bar, animator = canvas.timeline_bar, canvas.animator
        bar.sig_play_toggled.connect(animator.toggle)
        bar.sig_step.connect(animator.step_by)
        bar.sig_jump.connect(animator.jump)
        bar.sig_scrub.connect(animator.go_to)
        bar.sig_speed_changed.connect(animator.set_speed)
        animator.sig_playing_changed.connect(lambda _: self.update_bar())
        animator.sig_animating.connect(self.update_bar)
        canvas.scene.sig_selected.connect(session.select)
        canvas.scene.sig_collapse.connect(session.set_collapsed)
        runner.sig_finished.connect(self._on_layout_finished)
        runner.sig_failed.connect(self._on_layout_failed)
        canvas_events = (S.STRUCTURE, S.VALUES, S.STEP, S.SELECTION)
        subscribe_while_alive(self, session, self._on_session_changed, canvas_events)

    # --- public ------------------------------------------------------------------------------------

    def request_layout(self) -> None:
        """Lay the open graph out again, as drawn (collapsed layers are one box each)."""
        s = self.session
        if s.graph is None:
            return
        self._projection, sizes, labels = drawn_layout_inputs(s, self._fonts(), measure_nodes, edge_label)
        self._layout_for = s.graph
        self.runner.request(self._projection.graph, sizes, s.settings.direction, labels)

    def update_bar(self, step: int | None = None) -> None:
        """Show the current step in the bar (or ``step``, whose tokens are on their way)."""
        s = self.session
        if s.timeline is None:
            return
        k = s.step if step is None else step
        shown = s.timeline.steps[k]
        bar = self.canvas.timeline_bar
        bar.show_position(k, len(s.timeline), shown.phase, self._caption_of(k), self.canvas.animator.playing)

    def recaption(self) -> None:
        """The captions changed (a mistake shown or cleared): the bar's band is measured again."""
        timeline = self.session.timeline
        if timeline is not None:
            self.canvas.timeline_bar.reserve(len(timeline), self._caption_of)
            self.update_bar()

    def refit(self) -> None:
        """The view changed size or mode (presentation): fit the graph, and frame the step again."""
        self.canvas.view.fit()
        self.follow_step()

    def follow_step(self) -> None:
        """When the graph is larger than the view, keep the node being computed in sight."""
        s = self.session
        frame = s.frame()
        if frame is None or s.timeline is None or s.evaluation is None:
            return
        at_end = s.step == len(s.timeline) - 1
        node = frame.active or (s.evaluation.output if at_end else None)  # the end shows the loss
        item = self.canvas.scene.nodes.get(node) if node else None
        rect = item.sceneBoundingRect() if item is not None else None
        if not self._frame_end(at_end, rect):  # the end of a presentation: the whole result
            self.canvas.view.follow(rect)

    # --- session events -----------------------------------------------------------------------------

    def _on_session_changed(self, what: S.Event) -> None:
        scene, s = self.canvas.scene, self.session
        if what == S.STRUCTURE:
            self.canvas.animator.stop()
            self.request_layout()
        elif what == S.VALUES:
            if s.geometry is not None and s.evaluation is not None:
                same_step = scene.frame is not None and scene.frame.index == s.step
                scene.set_evaluation(s.evaluation)
                scene.show_frame(s.frame(), values_only=same_step)
                self._shown_step = s.step
            self.update_bar()
        elif what == S.STEP:
            self._show_step()
        elif what == S.SELECTION:
            scene.select(s.selection)

    def _on_layout_finished(self, geometry: Geometry) -> None:
        s, canvas = self.session, self.canvas
        graph, evaluation = s.graph, s.evaluation
        if self._layout_for is not graph or graph is None or self._projection is None or evaluation is None:
            return
        s.geometry = geometry
        apply_scene_settings(canvas.scene, s.settings)
        canvas.scene.build(graph, geometry, evaluation, self._projection)
        canvas.scene.select(s.selection)  # a collapsed or expanded layer keeps the selection
        canvas.scene.show_frame(s.frame())
        self._shown_step = s.step
        canvas.view.text_height = digit_height(self._fonts().body)
        if s.timeline is not None:  # a band that holds still while stepping
            canvas.timeline_bar.reserve(len(s.timeline), self._caption_of)
        canvas.view.fit()
        self.follow_step()
        self.update_bar()
        canvas.banner.dismiss("layout")
        self.sig_layout_done.emit()

    def _on_layout_failed(self, message: str) -> None:
        self._show_error(f"Could not lay out the graph: {message}", "layout")

    def _show_step(self) -> None:
        s = self.session
        if s.timeline is None or s.geometry is None:
            self.update_bar()
            return
        nodes, edges = s.timeline.changed_between(self._shown_step, s.step)
        self.canvas.scene.show_frame(s.frame(), nodes, edges)
        self._shown_step = s.step
        self.follow_step()
        self.update_bar()
