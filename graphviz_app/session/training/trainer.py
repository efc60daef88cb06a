"""Training as a capability of the session: one trainer, on the session's own values.

The :class:`~graphviz_app.session.state.session.Session` composes one :class:`SessionTraining`
and offers its commands (``session.train(n)``, ``session.reset_training()``,
``session.end_training()``); the training panel only sends them and draws what it reads
here (the runs and their losses, the last update, why training stopped).

There is one copy of the parameters: the session's values. A step writes into them
(:class:`~graphviz_app.session.training.runs.Trainer`, through the one loop of
:mod:`graphviz_app.core.descent`); *publishing* makes the rest of the session follow
(its evaluation, timeline, a ``VALUES`` event, and an undo step). A run of many
steps publishes now and then, so the canvas is not redrawn after every step. Each
publish emits ``Event.TRAINING`` too, and so does every step taken: the losses changed.

A network with data trains its mini-batch graph (:mod:`graphviz_app.session.training.data`), not the
graph on the canvas, which shows one point: publishing writes the parameters into the session's values
by the canvas's names, with the inputs and target of the point on show (:attr:`SessionTraining.point`,
or the first point of the mini-batch the next step learns from), so pausing shows the chain rule of the
current sample, and Run goes on from there.

One undo step spans one Step, one Run (until it ends or is paused) or one Reset: the
session closes it with :meth:`SessionTraining.end`. A change the training did not make
(an edited number, an Undo, another graph) starts the trainer again from the values
then, keeping the lines drawn (another graph drops them), and counts in :attr:`epoch`,
so a run going on knows it is over.

Examples
--------
>>> from graphviz_app.session.state.session import Session
>>> s = Session()
>>> s.open_source("example:net-221")
>>> before = s.values["W1[0,0]"]
>>> losses = s.train(3)
>>> s.training.run.steps, s.values["W1[0,0]"] != before, s.evaluation.output_value == losses[-1]
(3, True, True)
>>> s.reset_training(); s.values["W1[0,0]"] == before
True
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, MutableMapping
from typing import Any

import networkx as nx
import numpy as np

from graphviz_app.builders.network_spec import NetworkSpec
from graphviz_app.core.evaluate import Evaluation
from graphviz_app.errors import GraphvizAppError
from graphviz_app.session.training.data import params_from_view
from graphviz_app.session.training.runs import Run, Trainer, trainer_for
from graphviz_app.session.training.step_text import stop_reason

__all__ = ["Publish", "SessionTraining", "why_stopped"]

Publish = Callable[[dict[str, Any], dict[str, Any], "Evaluation | None", "str | None"], None]
"""``publish(before, after, evaluation, text)``: the session takes the values ``after`` (evaluated, unless
``evaluation`` is given) and records an undo step named ``text`` (None: none, only the point on show changed)."""

Target = Callable[[], "tuple[nx.DiGraph, MutableMapping[str, Any], NetworkSpec | None] | None"]
"""The open graph, the session's values (the dict the trainer writes) and the network's spec, or None."""


def why_stopped(trainer: Trainer) -> str | None:
    """Why ``trainer`` stops (its loss is not a finite number), or None: the window's and the CLI's words."""
    if trainer.finite:
        return None
    run = trainer.run
    return stop_reason(run.losses if run is not None else [trainer.loss], trainer.settings["lr"])


class SessionTraining:
    """The session's trainer, its runs, and the undo step that the steps being taken will make."""

    def __init__(self, target: Target, publish: Publish, changed: Callable[[], None]) -> None:
        self._target, self._publish, self._changed = target, publish, changed
        self._trainer: Trainer | None = None
        self._tried = False  # a trainer was asked for since the last change (None: _error says why)
        self._error: str | None = None
        self.runs: list[Run] = []
        self.epoch = 0
        """Counts the changes the training did not make: a run started in an earlier epoch is over."""
        self._before: dict[str, Any] | None = None  # the parameters when this undo step began
        self._pending = False  # steps taken that the session has not followed yet
        self.taken = 0
        """Steps in the undo step being made (its name: "Train 30 steps")."""
        self.point: int | None = None
        """Training on data: the point the canvas shows (an index into the data), None: the first point of
        the mini-batch the next step learns from."""

    # --- what the panel reads -------------------------------------------------------------

    @property
    def trainer(self) -> Trainer | None:
        """The trainer for the open graph, made when first asked for; None when it cannot train."""
        if self._trainer is None and not self._tried:
            self._tried, self._error = True, None
            target = self._target()
            if target is not None:
                graph, values, spec = target
                try:
                    self._trainer = trainer_for(graph, values, spec, runs=self.runs)
                except GraphvizAppError as exc:
                    self._error = str(exc)
        return self._trainer

    @property
    def error(self) -> str | None:
        """Why the open graph cannot be trained (no parameters, a loss that is not one number), or None."""
        return None if self.trainer is not None else self._error

    @property
    def run(self) -> Run | None:
        t = self.trainer
        return None if t is None else t.run

    @property
    def stopped(self) -> str | None:
        """Why training cannot go on from here (the loss is not a finite number), or None."""
        t = self.trainer
        return None if t is None else why_stopped(t)

    # --- commands (the session's train, reset_training and end_training) ----------------------

    def configure(self, optimizer: str, **settings: float) -> bool:
        """Choose the optimizer; True when that ends the line going on (the next step starts a new one)."""
        t = self.trainer
        if t is None:
            return False
        was, params = t.run, self._shown(t)
        t.configure(optimizer, **settings)
        new_line = was is not None and t.run is None
        if new_line:  # back at the start: part of the undo step the next steps make
            self._before = params if self._before is None else self._before
            self._pending = True
            self._changed()
        return new_line

    def train(self, n: int, stop: Callable[[], bool] | None = None, publish: bool = True) -> list[float]:
        """Up to ``n`` steps (fewer once the loss is not finite, or ``stop()``); the losses after each.

        ``publish=False`` leaves the session's evaluation behind until a later publish
        (a run of many steps redraws the canvas now and then, not after every step).
        """
        t = self.trainer
        if t is None:
            return []
        if self._before is None:
            self._before = self._shown(t)
        losses = t.step(n, stop)
        self.taken += len(losses)
        self._pending = True
        if publish:
            self.publish()
        else:
            self._changed()
        return losses

    def reset(self) -> None:
        """Back to the starting values (an undo step of its own); the next step begins a new line."""
        self.end()
        t = self.trainer
        if t is None:
            return
        self._before = self._shown(t)
        t.reset()
        self._pending = True
        self.publish("Reset the training")
        self.end()

    def clear_runs(self) -> None:
        """Forget every line of the plot (the parameters stay where they are)."""
        self.runs.clear()
        if self._trainer is not None:
            self._trainer.clear_runs()
        self._changed()

    def publish(self, text: str | None = None) -> None:
        """Make the session follow the steps taken (one ``VALUES`` event; an undo step named ``text``)."""
        t = self._trainer
        if t is None or not self._pending or self._before is None:
            return
        self._pending = False
        steps = f"Train {self.taken:,} step{'' if self.taken == 1 else 's'}"
        evaluation = t.evaluation if t.data is None else None  # data: the canvas's graph is not the trainer's
        self._publish(self._before, self._shown(t), evaluation, text or steps)
        self._changed()

    def end(self) -> None:
        """The Step, Run or Reset is over: the session follows, and the next steps make another undo step."""
        self.publish()
        self._before, self.taken = None, 0

    # --- training on data: the point on show ---------------------------------------------------

    @property
    def shown_point(self) -> int | None:
        """Training on data: the point the canvas shows (an index into the data); else None."""
        t = self.trainer
        if t is None or t.data is None:
            return None
        return t.data.indices(t.descent.steps)[0] if self.point is None else self.point

    def show_point(self, point: int | None) -> None:
        """Show point ``point`` of the data on the canvas (None: the mini-batch's first): its forward and
        backward pass at the parameters now. Training goes on from where it is."""
        t = self.trainer
        if t is None or t.data is None:
            return
        if point is not None and not 0 <= point < len(t.data.data.points):
            raise GraphvizAppError(f"no point {point}: the data have {len(t.data.data.points)} points")
        self.publish()  # steps not followed yet first, as their own undo step
        self.point = point
        target = self._target()
        assert target is not None  # a trainer exists, so a graph is open
        before = {k: target[1][k] for k in self._shown(t) if k in target[1]}
        self._publish(before, self._shown(t), None, None)
        self._changed()

    def _shown(self, t: Trainer) -> dict[str, Any]:
        """What the canvas's graph shows of the trainer: its parameters (and, for data, the point on show)."""
        if t.data is None:
            return t.params
        target = self._target()
        assert target is not None
        view, spec = target[0], target[2]
        if spec is not None and spec.data is not None and spec.data.show == "batch":  # the batch mean
            rows = t.data.indices(t.descent.steps)
        else:
            point = self.shown_point
            assert point is not None
            rows = np.array([point])
        return {**t.view_params(view), **t.data.view_rows(view, rows)}

    @property
    def shown_batch(self) -> bool:
        """Whether the canvas's graph is built over the mini-batch (its loss their mean), not one point."""
        target = self._target()
        spec = None if target is None else target[2]
        return spec is not None and spec.data is not None and spec.data.show == "batch"

    # --- changes the training did not make ---------------------------------------------------

    def values_changed(self) -> None:
        """New numbers from elsewhere: start again from them, keeping the lines drawn."""
        self._trainer, self._tried = None, False
        self._before, self._pending, self.taken = None, False, 0
        self.epoch += 1

    def graph_replaced(self) -> None:
        """Another graph: no trainer yet, no lines. The same network with data at the same parameters, built
        over something else (a mini-batch rather than a point, the other view), keeps its trainer and lines:
        the canvas then shows the mini-batch the next step learns from."""
        kept, target = self._trainer, self._target()
        if kept is not None and target is not None and _same_training(kept, target[1], target[2]):
            self._before, self._pending, self.taken = None, False, 0
            self._publish({}, self._shown(kept), None, None)
            return
        self.values_changed()
        self.runs, self.point = [], None


def _same_training(t: Trainer, values: Mapping[str, Any], spec: NetworkSpec | None) -> bool:
    """Whether ``spec`` at ``values`` is the network ``t`` trains, on the same data, where it is now."""
    if t.data is None or spec is None or spec.data is None:
        return False
    old = t.data.data
    same_data = {k: v for k, v in old.source.items() if k != "show"} == {
        k: v for k, v in spec.data.source.items() if k != "show"
    }
    if not same_data or t.data.spec.loss != spec.loss or old.batch != spec.data.batch:
        return False
    params = params_from_view(spec, values)
    now = t.params
    return params.keys() == now.keys() and all(
        np.shape(params[k]) == np.shape(now[k]) and np.array_equal(params[k], now[k]) for k in now
    )
