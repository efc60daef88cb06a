"""Slow work off the GUI thread: layout runs on a QThreadPool.

A :class:`LayoutRunner` takes immutable input (the graph is copied, the sizes
are plain tuples), never touches a QGraphicsItem, and reports through signals
on a separate QObject (a QRunnable cannot carry signals itself). Every request
carries an id; a result whose id is not the newest is dropped, so a new request
supersedes an old one. Layouts run in a child process inside
:func:`graphviz_app.layout.layout` (all but trivially small ones), which a newer
request or :meth:`LayoutRunner.cancel` stops at once, so the GUI thread never
waits on Graphviz. The runner keeps a warm spare child, so that start-up is hidden.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import networkx as nx
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from graphviz_app.errors import GraphvizAppError, LayoutCancelled
from graphviz_app.gui import collector
from graphviz_app.layout import keep_warm, layout
from graphviz_app.layout.fold import FOLD_SPACE
from graphviz_app.layout.geometry import Geometry

__all__ = ["LayoutRunner"]


class _Signals(QObject):
    finished = Signal(int, object)  # request id, Geometry
    failed = Signal(int, str)  # request id, message
    progress = Signal(int, str)  # request id, what the layout is doing now


class _LayoutJob(QRunnable):
    def __init__(
        self,
        request: int,
        graph: nx.DiGraph,
        sizes: dict,
        direction: str,
        edge_labels: dict | None,
        cancel: threading.Event,
        signals: _Signals,
        fold_space: tuple[float, float],
    ):
        super().__init__()
        self.fold_space = fold_space
        self.request, self.graph, self.sizes = request, graph, sizes
        self.direction, self.edge_labels = direction, edge_labels
        self.cancel, self.signals = cancel, signals

    def run(self) -> None:
        try:
            geometry = layout(
                self.graph,
                self.sizes,
                direction=self.direction,
                edge_labels=self.edge_labels,
                cancel=self.cancel,
                progress=lambda message: self.signals.progress.emit(self.request, message),
                fold_space=self.fold_space,
            )
        except LayoutCancelled:
            return
        except GraphvizAppError as exc:
            self.signals.failed.emit(self.request, str(exc))
            return
        except Exception as exc:  # a bug: report it in the status bar, never crash the window
            self.signals.failed.emit(
                self.request, f"internal error during layout: {type(exc).__name__}: {exc}"
            )
            return
        self.signals.finished.emit(self.request, geometry)


class LayoutRunner(QObject):
    """Runs one layout at a time in the background; only the newest result is delivered."""

    sig_finished = Signal(object)  # Geometry
    sig_failed = Signal(str)
    sig_busy = Signal(bool)
    sig_started = Signal(str)  # what is being laid out, e.g. "303 nodes"
    sig_progress = Signal(str)  # a sentence: the layout moved on to a cheaper tier
    sig_note = Signal(str)  # the finished layout is a cheaper one, and why
    sig_cancelled = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        collector.install()  # before any Python runs on the pool: no Qt object may be collected there
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(2)
        self._signals = _Signals(self)  # owned by the runner: never left to the garbage collector
        self._signals.finished.connect(self._on_finished)
        self._signals.failed.connect(self._on_failed)
        self._signals.progress.connect(self._on_progress)
        self._request = 0
        self._cancel: threading.Event | None = None
        self._busy = False
        self.fold_space: Callable[[], tuple[float, float]] | None = None
        """Gives the canvas's size in pixels: long chains fold into rows to fit it (see layout.fold)."""
        keep_warm(True)

    def request(
        self,
        graph: nx.DiGraph,
        sizes: dict[str, tuple[float, float]],
        direction: str,
        edge_labels: dict[Any, tuple[float, float]] | None = None,
    ) -> int:
        """Start laying out ``graph``; cancels the previous request. Returns the request id."""
        if self._cancel is not None:
            self._cancel.set()
        self._request += 1
        self._cancel = threading.Event()
        job = _LayoutJob(
            self._request,
            graph.copy(),
            dict(sizes),
            direction,
            dict(edge_labels) if edge_labels else None,
            self._cancel,
            self._signals,
            self._space(),
        )
        self._set_busy(True)
        self.sig_started.emit(f"{graph.number_of_nodes():,} nodes")
        self._pool.start(job)
        return self._request

    def _space(self) -> tuple[float, float]:
        space = self.fold_space() if self.fold_space is not None else FOLD_SPACE
        return space if min(space) >= 200 else FOLD_SPACE  # a canvas not shown yet has no real size

    @property
    def busy(self) -> bool:
        """A layout has been requested and has neither arrived nor failed nor been cancelled."""
        return self._busy

    def cancel(self) -> None:
        """Stop the running layout (its child process is killed); nothing is delivered for it."""
        if not self._busy or self._cancel is None:
            return
        self._cancel.set()
        self._request += 1  # whatever the cancelled job still sends is stale
        self._set_busy(False)
        self.sig_cancelled.emit()

    def wait(self, msecs: int = 30000) -> bool:
        """Block until running jobs are done (tests and shutdown)."""
        return self._pool.waitForDone(msecs)

    def shutdown(self) -> None:
        if self._cancel is not None:
            self._cancel.set()
        self._pool.waitForDone(5000)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.sig_busy.emit(busy)

    def _on_finished(self, request: int, geometry: Geometry) -> None:
        if request == self._request:
            self._set_busy(False)
            self.sig_finished.emit(geometry)
            if geometry.note:
                self.sig_note.emit(geometry.note)

    def _on_failed(self, request: int, message: str) -> None:
        if request == self._request:
            self._set_busy(False)
            self.sig_failed.emit(message)

    def _on_progress(self, request: int, message: str) -> None:
        if request == self._request:
            self.sig_progress.emit(message)
