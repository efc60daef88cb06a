"""The application state, without Qt: what is open, its numbers, and where the animation is.

The GUI owns one :class:`Session`. Widgets *write* to it through its methods
(``set_expression``, ``set_value``, ``set_step``...) and *read* from it when it
tells them something changed. It tells by calling its listeners with one
:class:`Event` per change (the graph was replaced, new numbers, the animation
moved, training took steps...: see :mod:`graphviz_app.session.state.events`).

:meth:`Session.subscribe` returns the function that unsubscribes; widgets call it
when they are destroyed (see ``graphviz_app.gui.panels.base``).

Everything here is testable without a display.

Examples
--------
>>> s = Session()
>>> s.open_source("sin(x**2)", {"x": 1.5})
>>> round(s.evaluation.grads["x"], 4)
-1.8845
>>> s.set_value("x", 0.0)
>>> s.evaluation.grads["x"]
0.0
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from graphviz_app.builders import network as net
from graphviz_app.builders.expression import parse
from graphviz_app.core import graph as G
from graphviz_app.core.evaluate import Evaluation, evaluate
from graphviz_app.errors import GraphvizAppError, SessionFileError
from graphviz_app.files import session_file
from graphviz_app.files.sources import (
    EXPRESSION,
    NETWORK,
    Loaded,
    build_loaded,
    in_view,
    is_reference,
    load_source,
)
from graphviz_app.files.values import check_leaf_value, settable_node
from graphviz_app.session.second_order.implicit import dependent_of, kept_dependent, step_caption
from graphviz_app.session.state.edits import COLLAPSE, RESET_EDIT, SOURCE, TRAIN, VALUE, VIEW, Edit, Snapshot
from graphviz_app.session.state.events import Event, Listener, Listeners
from graphviz_app.session.state.saved import saved_session
from graphviz_app.session.state.settings import Settings
from graphviz_app.session.timeline.steps import Timeline, build_timeline
from graphviz_app.session.training.trainer import SessionTraining
from graphviz_app.text.titles import expression_title

__all__ = [
    "FILE",
    "SELECTION",
    "SETTINGS",
    "STEP",
    "STRUCTURE",
    "TRAINING",
    "VALUES",
    "Event",
    "Listener",
    "Session",
    "Settings",
]


STRUCTURE, VALUES, STEP, SELECTION, SETTINGS, FILE, TRAINING = tuple(Event)

Selection = str | tuple[str, str] | None


class Session:
    """The current source, graph, evaluation, timeline, step, selection and file."""

    def __init__(self) -> None:
        self.loaded: Loaded | None = None
        self._folded: net.FoldedSpec | None = None  # the open network's spec, edits folded in
        self.evaluation: Evaluation | None = None
        self.timeline: Timeline | None = None
        self.values: dict[str, Any] = {}
        self.settings = Settings()
        self.step = 0
        self.selection: Selection = None
        self.path: Path | None = None
        self.modified = False
        self.geometry: Any = None  # set by the GUI when a layout arrives
        self.defaulted: list[str] = []  # inputs the last opened file gave no value (they start at 1.0)
        self._listeners = Listeners()
        self.edit_listener: Callable[[Edit], None] | None = None
        """Told about every edit of the source, its values and its view (the GUI's undo stack)."""
        self._replaying = False
        self._run = 0  # training runs so far: the writes of one run merge into one undo step
        self.training = SessionTraining(
            lambda: None if self.loaded is None else (self.graph, self.values, self.loaded.network_spec),
            self._publish_training,
            lambda: self._emit(TRAINING),
        )
        """The trainer on these values, its runs and losses (:mod:`~graphviz_app.session.training.trainer`)."""

    # --- listeners ------------------------------------------------------------------

    def subscribe(self, listener: Listener, events: Iterable[Event] | None = None) -> Callable[[], None]:
        """Call ``listener(event)`` on each change (only ``events``, when given).

        Returns the function that unsubscribes ``listener``; calling it twice is harmless.
        """
        return self._listeners.subscribe(listener, events)

    @property
    def listener_count(self) -> int:
        """How many listeners are subscribed (a destroyed widget leaves none behind)."""
        return len(self._listeners)

    def _emit(self, what: Event) -> None:
        self._listeners.emit(what)

    def _record(self, edit: Edit) -> None:
        if self.edit_listener is not None and not self._replaying:
            if edit.kind != TRAIN:
                self.end_training()  # a run interrupted by another edit is over
            self.edit_listener(edit)

    # --- what is open ----------------------------------------------------------------

    @property
    def graph(self):
        return None if self.loaded is None else self.loaded.graph

    @property
    def kind(self) -> str | None:
        return None if self.loaded is None else self.loaded.kind

    @property
    def is_network(self) -> bool:
        return self.kind == NETWORK

    @property
    def expression_text(self) -> str:
        return (self.loaded.text or "") if self.loaded is not None and self.loaded.kind == EXPRESSION else ""

    def inputs(self) -> list[str]:
        """Leaves the user can edit: inputs of an expression; inputs, weights and targets of a network."""
        if self.graph is None:
            return []
        return G.leaves(self.graph)

    def open_source(self, source: str, at: Mapping[str, Any] | None = None, **how: Any) -> None:
        """Open SOURCE (expression, file, example:NAME, torch:FILE.py) ``how`` (view…); errors change nothing."""
        if not is_reference(source):
            loaded = self._expression(source, at, **how)
        else:  # a new source opens in its default view, unless one is asked for
            loaded = load_source(source, at, **how)
        self.settings = replace(self.settings, view=how.get("view"), collapsed=())
        self._install(loaded, path=None)
        self._record(RESET_EDIT)

    def open_file(self, path: str | Path, at: Mapping[str, Any] | None = None, **how: Any) -> None:
        """Open a session file, network spec or expression file. On error nothing changes.

        An expression file's inputs start at 1.0, as typed text does; :attr:`defaulted`
        names them so the window can say so. ``how`` as for :meth:`open_source`.
        """
        path, view = Path(path), how.get("view")
        loaded = load_source(str(path), at, defaults=True, **how)
        if loaded.session is not None:
            settings = Settings.from_dict(loaded.session.settings)
            self.settings = replace(settings, view=view or settings.view)
            self._install(loaded, path=path, step=loaded.session.step)
            self._emit(SETTINGS)
            self._record(RESET_EDIT)
            return
        self.settings = replace(self.settings, view=view, collapsed=())
        self._install(loaded, path=None)
        self._record(RESET_EDIT)

    def set_expression(self, text: str) -> None:
        """Replace the expression. Inputs keep their values where names persist (new ones get 1.0).

        Raises the parser's error (with line and column) and keeps the old graph when the text is not valid.
        """
        self.end_training()  # a run going on is over: its last steps are kept, as an undo step
        before = self.snapshot()
        self._install(self._expression(text), path=self.path, keep_file=True)
        self._record(Edit(SOURCE, "Edit the expression", before, self.snapshot()))

    def _expression(self, text: str, at: Mapping[str, Any] | None = None, **how: Any) -> Loaded:
        """An expression; inputs keep their values or start at 1, an equation its dependent variable."""
        how = {**how, "dependent": how.get("dependent") or kept_dependent(text, dependent_of(self.loaded))}
        parsed = parse(text, dependent=how["dependent"])
        old = {k: v for k, v in self.values.items() if np.ndim(v) == 0} if self.kind == EXPRESSION else {}
        given = {**old, **(at or {})}
        values = {name: given.get(name, 1.0) for name in parsed.inputs}
        loaded = build_loaded(EXPRESSION, text, values, origin="editor", **how)  # a view is refused
        loaded.title = expression_title(text)  # the window's title: the expression, not "editor"
        return loaded

    def set_network(self, spec: Mapping[str, Any]) -> None:
        """Replace the network spec (from the network form). Raises SpecError and keeps the old one."""
        self.end_training()  # a run going on is over: its last steps are kept, as an undo step
        loaded = build_loaded(NETWORK, dict(spec), {}, origin="network form", view=self.settings.view)
        before = self.snapshot()
        self._install(loaded, path=self.path, keep_file=True)
        self._record(Edit(SOURCE, "Change the network", before, self.snapshot()))

    def network_spec(self) -> dict[str, Any] | None:
        """The current network spec with every edit folded in."""
        if self.loaded is None or self.loaded.kind != NETWORK:
            return None
        edits = {k: v for k, v in self.values.items() if k in self.loaded.graph}
        if self._folded is None or self._folded.source is not self.loaded.spec:
            self._folded = net.FoldedSpec(self.loaded.spec)  # the spec of the network now open
        return self._folded.with_values(edits)

    def _install(
        self,
        loaded: Loaded,
        *,
        path: Path | None,
        step: int = 0,
        keep_file: bool = False,
        keep_place: bool = False,
    ) -> None:
        """Make ``loaded`` the open source; ``keep_place`` maps the current step onto the new timeline."""
        evaluation = evaluate(loaded.graph, loaded.values)
        timeline = build_timeline(evaluation)
        if keep_place and self.timeline is not None:
            step = timeline.carry_over(self.timeline, self.step)  # by phase: the end stays the end
        self.loaded = loaded
        self.defaulted = list(loaded.defaulted)
        self.values = {n: evaluation.values[n] for n in G.leaves(loaded.graph, G.LEAF_KINDS[:3])}
        self.evaluation = evaluation
        self.timeline = timeline
        self.step = min(step, len(timeline) - 1)
        self.selection = None
        self.geometry = None
        self.training.graph_replaced()
        if not keep_file:
            self.path = path
            self.modified = False
        else:
            self.modified = True
        self._emit(STRUCTURE)
        self._emit(FILE)

    # --- numbers ------------------------------------------------------------------------

    def set_value(self, leaf: str, value: Any) -> None:
        """Change one leaf's value: forward and backward run again, the structure stays."""
        self.end_training()  # a run going on is over: its last steps are kept, as an undo step
        if self.loaded is None:
            raise GraphvizAppError("nothing is open: open an expression or a network first")
        spec = self.loaded.spec if self.is_network else None
        name, leaf = leaf, settable_node(self.graph, leaf, leaf, GraphvizAppError)
        checked = check_leaf_value(self.graph, leaf, value, where=name, error=GraphvizAppError, spec=spec)
        old = self.values[leaf]
        if np.shape(checked) != np.shape(old):
            raise GraphvizAppError(f"{leaf} needs a value of shape {np.shape(old)}, got {np.shape(checked)}")
        new_value = checked
        self.values[leaf] = new_value
        self._revalue()
        if not _same_value(old, new_value):
            self._record(Edit(VALUE, f"Edit {leaf}", old, new_value, leaf))

    def set_trained_values(self, values: Mapping[str, Any], text: str = "Train") -> None:
        """Parameters a training run reached, put back by Undo or Redo: the trainer starts from them."""
        self.end_training()
        if self.graph is None:
            return
        before = {k: self.values[k] for k in values}
        self.values.update(values)
        self._revalue()
        if not all(_same_value(v, values[k]) for k, v in before.items()):
            self._record(Edit(TRAIN, text, before, dict(values), run=self._run))

    # --- training (the capability itself: graphviz_app.session.training.trainer) -----------------

    def train(self, n: int, stop: Callable[[], bool] | None = None, publish: bool = True) -> list[float]:
        """Up to ``n`` optimizer steps on the parameters (see :meth:`SessionTraining.train`)."""
        return self.training.train(n, stop, publish)

    def reset_training(self) -> None:
        """Back to the weights training started from: one undo step; the next step draws a new line."""
        self.training.reset()

    def end_training(self) -> None:
        """The Step or Run is over: the numbers follow, and the next steps are another undo step."""
        self.training.end()
        self._run += 1

    def _publish_training(self, before: dict, after: dict, evaluation: Evaluation | None, text) -> None:
        self.values.update(after)  # the trainer's own values already, unless it trains on data
        self._revalue(evaluation, by_training=True)
        if text is not None and not all(_same_value(v, after[k]) for k, v in before.items()):
            self._record(Edit(TRAIN, text, before, after, run=self._run))

    def _revalue(self, evaluation: Evaluation | None = None, by_training: bool = False) -> None:
        """New numbers on the same graph: evaluate (unless given), keep the place in the timeline, tell."""
        if not by_training:
            self.training.values_changed()
        self.evaluation = evaluation if evaluation is not None else evaluate(self.graph, self.values)
        old_timeline = self.timeline
        assert old_timeline is not None  # a source is open, so it has a timeline
        self.timeline = build_timeline(self.evaluation)
        self.step = self.timeline.carry_over(old_timeline, self.step)
        self.modified = True
        self._emit(VALUES)
        self._emit(FILE)

    # --- view ---------------------------------------------------------------------------

    def set_view(self, view: str) -> None:
        """Switch a network between the neuron and the layer view, keeping every edited number."""
        self.end_training()  # a run going on is over: its last steps are kept, as an undo step
        if view not in net.VIEWS:
            raise GraphvizAppError(f"unknown view '{view}' (neuron or layer)")
        if self.loaded is None or not self.loaded.views:
            self.settings = replace(self.settings, view=view)
            self._emit(SETTINGS)
            return
        loaded = in_view(self.loaded, view, self.values, self.network_spec())  # every edited number kept
        was_modified, path, old_view = self.modified, self.path, self.loaded.view
        self.settings = replace(self.settings, view=view)
        self._install(loaded, path=path, keep_file=True, keep_place=True)
        self.modified = was_modified
        self._emit(SETTINGS)
        if old_view != view:
            self._record(Edit(VIEW, f"Switch to the {view} view", old_view, view))

    # --- undo and redo ------------------------------------------------------------------

    def snapshot(self) -> Snapshot | None:
        """The open source with its current values (see :mod:`graphviz_app.session.state.edits`)."""
        return None if self.loaded is None else Snapshot(self.loaded, dict(self.values))

    def apply_edit(self, edit: Edit, backwards: bool = False) -> None:
        """Redo ``edit`` (or undo it, ``backwards``), without recording it again."""
        target = edit.before if backwards else edit.after
        self._replaying = True
        try:
            if edit.kind == VALUE:
                assert edit.leaf is not None  # every VALUE edit names its leaf
                self.set_value(edit.leaf, target)
            elif edit.kind == VIEW:
                self.set_view(target)
            elif edit.kind == TRAIN:
                self.set_trained_values(target)
            elif edit.kind == COLLAPSE:
                self._collapse(target)
            elif edit.kind == SOURCE and target is not None:
                loaded = replace(target.loaded, values=dict(target.values))
                if loaded.views:
                    self.settings = replace(self.settings, view=loaded.view)
                self._install(loaded, path=self.path, keep_file=True, keep_place=True)
        finally:
            self._replaying = False

    def set_collapsed(self, layer: str, collapsed: bool = True) -> None:
        """Draw ``layer`` (``"layer 2"``, see :func:`graphviz_app.session.state.collapse.layers`) as one box, or
        expand it again. Only the picture changes: numbers, step and selection stay."""
        keys = set(self.settings.collapsed)
        keys = keys | {layer} if collapsed else keys - {layer}
        before, after = self.settings.collapsed, tuple(sorted(keys))
        if after != before:
            self._collapse(after)
            self._record(Edit(COLLAPSE, f"{'Collapse' if collapsed else 'Expand'} {layer}", before, after))

    def _collapse(self, keys: tuple[str, ...]) -> None:
        self.update_settings(collapsed=keys)
        self.modified = True
        self._emit(FILE)

    def update_settings(self, **changes: Any) -> None:
        """Change display settings; tells SETTINGS only when one really changed."""
        settings = replace(self.settings, **changes)
        if settings != self.settings:
            self.settings = settings
            self._emit(SETTINGS)

    # --- animation and selection ---------------------------------------------------------------

    def set_step(self, k: int) -> None:
        if self.timeline is None:
            return
        k = max(0, min(int(k), len(self.timeline) - 1))
        if k != self.step:
            self.step = k
            self._emit(STEP)

    def caption(self, k: int) -> str:
        """The caption of step ``k``; at the end an equation's caption adds its implicit slope."""
        if self.timeline is None:
            return ""
        return step_caption(self.timeline, k, self.loaded)

    def frame(self):
        """The picture at the current step (see :meth:`Timeline.state_at`)."""
        return None if self.timeline is None else self.timeline.state_at(self.step)

    def select(self, item: Selection) -> None:
        if item != self.selection:
            self.selection = item
            self._emit(SELECTION)

    # --- files ------------------------------------------------------------------------------

    def to_data(self) -> session_file.SessionData:
        if self.loaded is None:
            raise SessionFileError("nothing to save yet")
        if self.loaded.torch is not None:
            raise SessionFileError(f"a PyTorch graph comes from your code: open {self.loaded.origin} again")
        return saved_session(self.loaded, self.values, self.settings, self.step)

    def mark_unmodified(self) -> None:
        """Nothing left to save: every edit since the last save or open was undone."""
        if self.modified:
            self.modified = False
            self._emit(FILE)

    def save(self, path: str | Path | None = None) -> Path:
        target = Path(path) if path is not None else self.path
        if target is None:
            raise SessionFileError("choose a file name first (Save As)")
        session_file.save_session(target, self.to_data())
        self.path = target
        self.modified = False
        self._emit(FILE)
        return target


def _same_value(a: Any, b: Any) -> bool:
    return np.shape(a) == np.shape(b) and bool(np.array_equal(a, b, equal_nan=True))
