"""Training as the window and the command line do it: runs of optimizer steps, every loss kept, runs compared.

A :class:`Trainer` holds a graph, the leaf values it trains (in place: the
session's values, the one copy of the parameters) and where it started.
:meth:`Trainer.step` takes steps through the one training loop,
:class:`~graphviz_app.core.descent.Descent`: forward and backward once per step,
the optimizer of :mod:`graphviz_app.core.optim`, and what the last step did to
every parameter (:class:`Update`), which :mod:`graphviz_app.session.training.step_text`
writes out with its numbers.

A *run* is one line of the loss plot: an optimizer with its hyper-parameters and
the loss after every step. :meth:`Trainer.reset` goes back to the starting
values; the next step begins a new run, so two optimizers trained from the same
start are drawn on the same axes. Nothing here knows about Qt: the session owns
one trainer (:mod:`graphviz_app.session.training.trainer`), which the training panel
drives in small chunks from a timer; the ``train`` command steps one in chunks too.

Examples
--------
>>> from graphviz_app.builders.examples import load_example
>>> from graphviz_app.builders.network import build_network
>>> net = build_network(load_example("net-221").payload, view="neuron")
>>> t = Trainer(net.graph, {})
>>> t.configure("sgd", lr=0.1)
>>> losses = t.step(3)
>>> len(t.runs), len(t.runs[0].losses)           # the start and three steps
(1, 4)
>>> t.runs[0].losses[3] < t.runs[0].losses[0]
True
>>> t.reset(); t.configure("adam"); _ = t.step(2)
>>> t.reset(); _ = t.step(2)                        # the same settings again: its own number
>>> [r.label for r in t.runs]
['run 1: sgd lr=0.1', 'run 2: adam lr=0.001', 'run 3: adam lr=0.001']
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from graphviz_app.builders.network_spec import NetworkSpec
from graphviz_app.core.descent import Descent, Update
from graphviz_app.core.evaluate import Evaluation
from graphviz_app.core.optim import OPTIMIZERS, Optimizer, make_optimizer
from graphviz_app.errors import GraphError
from graphviz_app.session.training.data import DataFeed, Metrics, params_from_view

__all__ = ["HYPERPARAMETERS", "MAX_RUNS", "Hyper", "Run", "Trainer", "Update", "trainer_for"]

MAX_RUNS = 8
"""Lines kept on the loss plot; the oldest goes first."""


@dataclass(frozen=True)
class Hyper:
    """One hyper-parameter of an optimizer, as the training panel offers it."""

    name: str
    symbol: str
    default: float
    minimum: float
    maximum: float


_SYMBOLS = {
    "lr": "α (learning rate)",
    "momentum": "μ",
    "alpha": "ρ",
    "eps": "ε",
    "beta1": "β₁",
    "beta2": "β₂",
}
_RANGES = {"lr": (1e-6, 10.0), "momentum": (0.0, 0.999), "alpha": (0.0, 0.9999), "eps": (1e-12, 1.0)}


def _hypers(cls: type[Optimizer]) -> tuple[Hyper, ...]:
    """The hyper-parameters of ``cls`` with the defaults its constructor declares (one place for them)."""
    out = [Hyper("lr", _SYMBOLS["lr"], cls.default_lr, *_RANGES["lr"])]
    for name, p in inspect.signature(cls.__init__).parameters.items():
        if name in ("self", "lr"):
            continue
        if name == "betas":
            b1, b2 = p.default
            out += [Hyper("beta1", "β₁", b1, 0.0, 0.9999), Hyper("beta2", "β₂", b2, 0.0, 0.99999)]
        else:
            out.append(
                Hyper(name, _SYMBOLS.get(name, name), float(p.default), *_RANGES.get(name, (0.0, 1.0)))
            )
    return tuple(out)


HYPERPARAMETERS: dict[str, tuple[Hyper, ...]] = {name: _hypers(cls) for name, cls in OPTIMIZERS.items()}
"""Optimizer name -> its hyper-parameters, learning rate first, defaults as in :mod:`graphviz_app.core.optim`."""


def _make(name: str, settings: Mapping[str, float]) -> Optimizer:
    options: dict[str, Any] = {k: float(v) for k, v in settings.items() if k not in ("lr", "beta1", "beta2")}
    if "beta1" in settings or "beta2" in settings:
        defaults = {h.name: h.default for h in HYPERPARAMETERS[name]}
        options["betas"] = (
            float(settings.get("beta1", defaults["beta1"])),
            float(settings.get("beta2", defaults["beta2"])),
        )
    return make_optimizer(name, settings.get("lr"), **options)


@dataclass
class Run:
    """One line of the loss plot: the optimizer, its settings and the loss before and after each step.

    ``number`` counts the runs on the plot from 1, so two runs with the same settings
    have two legends. Training on data, ``losses`` are each mini-batch's, and ``metrics``
    has the loss and accuracy over every training and test point, before and after each step.
    """

    optimizer: str
    settings: dict[str, float]
    losses: list[float] = field(default_factory=list)
    number: int = 1
    metrics: list[Metrics] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"run {self.number}: {self.optimizer} lr={self.settings['lr']:g}"

    @property
    def steps(self) -> int:
        return max(len(self.losses) - 1, 0)


class Trainer:
    """Runs of optimizer steps on a graph's PARAM leaves, through the one loop (:class:`Descent`).

    Parameters
    ----------
    graph:
        A graph whose output is a scalar loss; it is never modified.
    values:
        Leaf values by id, trained in place (the session's values: the one copy of the
        parameters): the inputs, targets and the starting parameters (a parameter missing
        here starts at the graph's value).
    runs:
        The lines drawn so far, kept across a restart from new values.
    names:
        The leaves to train (default: the parameters); an expression's inputs, say.
    data:
        Training on data: ``graph`` is ``data.graph``, and each step learns from its next mini-batch.
    """

    def __init__(
        self,
        graph: nx.DiGraph,
        values: MutableMapping[str, Any],
        runs: list[Run] | None = None,
        names: list[str] | None = None,
        data: DataFeed | None = None,
    ) -> None:
        self.graph = graph
        self.data = data
        self.optimizer_name = "sgd"
        self.settings: dict[str, float] = {h.name: h.default for h in HYPERPARAMETERS["sgd"]}
        feed = None if data is None else data.batch
        self.descent = Descent(graph, values, _make(self.optimizer_name, self.settings), names, feed)
        self.values = values
        self.names = self.descent.names
        self.start = {p: values[p] for p in self.names}
        """Where Reset goes back to."""
        self.runs: list[Run] = [] if runs is None else runs
        self._run: Run | None = None  # the run the next step continues, None: a new one

    # --- settings ------------------------------------------------------------------------

    def configure(self, optimizer: str, **settings: float) -> None:
        """Choose the optimizer and its hyper-parameters (missing ones take their defaults).

        After steps were taken, a new choice starts a new run from the starting
        values at the next step, so every line of the plot has one optimizer.
        """
        if optimizer not in HYPERPARAMETERS:
            raise GraphError(f"unknown optimizer '{optimizer}'; choose one of {', '.join(HYPERPARAMETERS)}")
        full = {h.name: float(settings.get(h.name, h.default)) for h in HYPERPARAMETERS[optimizer]}
        unknown = set(settings) - set(full)
        if unknown:
            raise GraphError(f"{optimizer} has no hyper-parameter {', '.join(sorted(unknown))}")
        new = _make(optimizer, full)  # checks the learning rate before anything changes
        if optimizer == self.optimizer_name and full == self.settings:
            return
        if self._run is not None and self._run.steps > 0:
            self.reset()
        self.optimizer_name, self.settings, self.descent.optimizer = optimizer, full, new
        if self._run is not None:  # no step yet: the run simply changes its optimizer
            self._run.optimizer, self._run.settings = optimizer, dict(full)

    # --- stepping ------------------------------------------------------------------------

    @property
    def run(self) -> Run | None:
        """The run the last step belongs to (None before the first step or after a reset)."""
        return self._run

    @property
    def optimizer(self) -> Optimizer:
        return self.descent.optimizer

    @property
    def evaluation(self) -> Evaluation:
        """Forward and backward at the current parameters."""
        return self.descent.evaluation

    @property
    def last(self) -> dict[str, Update]:
        """What the last step did to every parameter (empty before the first or after a reset)."""
        return self.descent.last

    @property
    def params(self) -> dict[str, Any]:
        """The parameters now, read from the values (not a copy that could drift)."""
        return {p: self.values[p] for p in self.names}

    @property
    def loss(self) -> float:
        return self.descent.loss

    @property
    def finite(self) -> bool:
        """False once the loss is nan or infinite: stepping further would change nothing useful."""
        return self.descent.finite

    def step(self, n: int = 1, stop: Callable[[], bool] | None = None) -> list[float]:
        """Take ``n`` steps (fewer if the loss stops being finite or ``stop()``); the losses after each."""
        if self._run is None:
            number = max((r.number for r in self.runs), default=0) + 1
            self._run = Run(self.optimizer_name, dict(self.settings), [self.loss], number)
            if self.data is not None:
                self._run.metrics.append(self.data.metrics(self.params))
            self.runs.append(self._run)
            del self.runs[:-MAX_RUNS]
        if self.data is None:
            losses = self.descent.run(n, stop)
        else:  # the loss and accuracy over all the data after every step
            losses = []
            while len(losses) < n and (not losses or stop is None or not stop()):
                taken = self.descent.run(1)
                if not taken:
                    break
                losses += taken
                self._run.metrics.append(self.data.metrics(self.params))
        self._run.losses += losses
        return losses

    @property
    def metrics(self) -> Metrics | None:
        """Loss and accuracy over all the data now (training on data), else None."""
        if self.data is None:
            return None
        run = self._run
        return run.metrics[-1] if run is not None and run.metrics else self.data.metrics(self.params)

    def view_params(self, view: nx.DiGraph) -> dict[str, Any]:
        """The parameters now by the names of ``view``, the graph on show (training on data trains the
        layer view of a mini-batch; ``view`` may be either view of one point)."""
        return self.params if self.data is None else self.data.view_params(view, self.params)

    def reset(self) -> None:
        """Back to the starting values with a fresh optimizer; the next step begins a new run."""
        self.values.update(self.start)
        self.descent.optimizer = _make(self.optimizer_name, self.settings)
        self.descent.restart()
        self._run = None

    def clear_runs(self) -> None:
        """Forget every line of the plot (the parameters stay where they are)."""
        self.runs.clear()
        self._run = None


def trainer_for(
    graph: nx.DiGraph,
    values: MutableMapping[str, Any],
    spec: NetworkSpec | None = None,
    names: list[str] | None = None,
    runs: list[Run] | None = None,
) -> Trainer:
    """The trainer of what is open: ``graph`` with ``values`` (trained in place), or, for a network with
    data (``spec.data``), its mini-batch graph starting from the parameters in ``values``."""
    if spec is not None and spec.data is not None:
        data = DataFeed(spec)
        return Trainer(data.graph, params_from_view(spec, values), runs, data=data)
    return Trainer(graph, values, runs, names)
