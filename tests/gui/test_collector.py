"""The cyclic garbage collector never runs on a layout thread (issue "The crash").

The mechanism behind the suite's segfaults and hangs: a Qt object kept alive
only by a reference cycle, collected by Python's cyclic collector on the
QThreadPool thread that happens to allocate while a layout runs, so that Qt
destroys it off the GUI thread.
"""

from __future__ import annotations

import gc
import threading

import networkx as nx
from PySide6.QtCore import QObject, QTimer

from graphviz_app.gui import collector
from graphviz_app.gui.workers import LayoutRunner


class _Cyclic(QObject):
    """A parentless Qt object in a reference cycle, with a running timer: what a closed window leaves."""

    def __init__(self) -> None:
        super().__init__()
        self.timer = QTimer()
        self.timer.timeout.connect(lambda: self)  # the closure refers to its owner: a cycle
        self.timer.start(5)
        self.me = self


def _chain(n: int) -> tuple[nx.DiGraph, dict[str, tuple[float, float]]]:
    g = nx.DiGraph()
    g.add_edges_from((f"n{i}", f"n{i + 1}") for i in range(n - 1))
    return g, {node: (60.0, 30.0) for node in g}


def test_collections_run_on_the_gui_thread_only_while_layouts_run(qtbot, monkeypatch):
    threads: list[str] = []

    def record(phase: str, info: dict) -> None:
        if phase == "start":
            threads.append(threading.current_thread().name)

    runner = LayoutRunner()  # it installs the GUI-thread collector before its pool runs anything
    gc.callbacks.append(record)
    try:
        for size in (30, 60, 90, 120):
            for _ in range(20):
                _Cyclic()
            graph, sizes = _chain(size)
            with qtbot.waitSignal(runner.sig_finished, timeout=30000):
                runner.request(graph, sizes, "LR")
            qtbot.wait(2 * collector.INTERVAL_MS)  # the GUI thread's turn
        gc.collect()
    finally:
        gc.callbacks.remove(record)
        runner.shutdown()
    assert threads, "no collection ran at all"
    assert set(threads) == {threading.main_thread().name}, threads


def test_automatic_collection_stays_off_and_the_gui_thread_collects_what_is_due(qtbot):
    LayoutRunner().shutdown()
    assert not gc.isenabled()
    gc.collect()
    for _ in range(gc.get_threshold()[0] + 10):
        _Cyclic().timer.stop()
    assert gc.get_count()[0] > gc.get_threshold()[0]
    qtbot.waitUntil(lambda: gc.get_count()[0] < gc.get_threshold()[0], timeout=5000)


def test_a_worker_thread_never_collects():
    found: list[int] = []
    worker = threading.Thread(target=lambda: found.append(collector.collect_if_due()))
    gc.collect()
    for _ in range(gc.get_threshold()[0] + 10):
        {}.setdefault("self", []).append(object())
    worker.start()
    worker.join()
    assert found == [0]


def test_a_closed_window_leaves_no_qt_object_of_ours_to_the_garbage_collector(qtbot, tmp_path):
    """Python-owned Qt objects in cycles are what the collector would destroy: none may be ours.

    (pyqtgraph's plot menus are its own: they are left out.)
    """
    import shiboken6
    from PySide6.QtCore import QCoreApplication, QEvent

    from tests.gui.windows import close_window, new_window, open_and_wait

    def open_and_close() -> None:
        window = new_window(tmp_path / "settings.ini")
        window.show()
        open_and_wait(qtbot, window, "example:net-221")
        close_window(window)
        QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)

    open_and_close()  # the first window also makes what lives as long as the application
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        open_and_close()
        gc.collect()
        ours = [
            type(o).__name__
            for o in gc.garbage
            if isinstance(o, QObject)
            and shiboken6.isValid(o)
            and shiboken6.ownedByPython(o)
            and not type(o).__module__.startswith("pyqtgraph")
            and not (o.parent() is None and type(o).__name__ in ("QMenu", "WidgetGroup"))  # pyqtgraph's
        ]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    assert ours == []
