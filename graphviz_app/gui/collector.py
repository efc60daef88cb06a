"""Python's cyclic garbage collector runs on the GUI thread only.

CPython runs a collection in whichever thread happens to allocate past the
collector's threshold: in this application, often a layout thread of the
QThreadPool (reading Graphviz's answer, folding, wrapping are pure Python).
A Qt object kept alive only by a reference cycle (a closure that captures
``self``, a widget that refers to itself) is then destroyed on that thread,
which Qt forbids: a timer stopped from the wrong thread fires for freed memory
(a segfault), or the collecting thread waits for the GIL while holding Qt's
signal-slot mutex that the GUI thread waits for (a deadlock).

So :func:`install` turns automatic collection off and lets a timer on the GUI
thread collect instead, with the collector's own thresholds, as pyqtgraph's
``GarbageCollector`` does (not imported from there: importing pyqtgraph costs
start-up time that the training panels pay only when they are first shown).
:func:`collect_if_due` is the same check for code that runs without an event
loop (the tests call it after each test).
"""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QCoreApplication, QObject, QTimer

__all__ = ["INTERVAL_MS", "collect_if_due", "install"]

INTERVAL_MS = 100
"""How often the GUI thread looks at the collector's counts: often enough that garbage stays small."""

_installed: QTimer | None = None


def collect_if_due() -> int:
    """Collect the generations whose counts passed their thresholds, as the automatic collector would.

    Runs only on the main thread (a call from any other thread does nothing);
    returns the number of objects found unreachable.
    """
    if threading.current_thread() is not threading.main_thread():
        return 0
    threshold = gc.get_threshold()
    counts = gc.get_count()
    found = 0
    for generation in (2, 1, 0):
        if threshold[generation] and counts[generation] > threshold[generation]:
            found += gc.collect(generation)  # collects the younger generations too
            break
    return found


def install(app: QObject | None = None) -> None:
    """Turn automatic collection off and collect on the GUI thread from now on (once per application).

    Call it before any Python code runs on a worker thread (the layout runner does).
    """
    global _installed
    app = app or QCoreApplication.instance()
    gc.disable()
    if _installed is not None or app is None:
        return
    timer = QTimer(app)
    timer.setObjectName("gui_thread_collector")
    timer.timeout.connect(collect_if_due)
    timer.start(INTERVAL_MS)
    _installed = timer
