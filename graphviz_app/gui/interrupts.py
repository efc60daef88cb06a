"""Ctrl+C during an export: held while Qt renders, raised as soon as the render returns.

Python runs a SIGINT handler between two bytecodes of the main thread, which
during ``QGraphicsScene.render`` is inside one of our items' ``paint`` methods,
called from C++. A KeyboardInterrupt raised there unwinds through Qt's frames
and PySide segfaults. So every render runs inside :func:`held_interrupts`:
Ctrl+C only sets a flag; the items' ``paint`` methods draw nothing once it is
set (:func:`requested`), so the rest of a long render takes a moment; and when
the render returns, KeyboardInterrupt is raised in ordinary Python, where the
export removes its temporary file and the command line exits with 130.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["held_interrupts", "requested"]

_requested = False
_depth = 0


def requested() -> bool:
    """Ctrl+C arrived during the render now running: paint nothing more."""
    return _requested


def _hold(signum: int, frame: object) -> None:
    global _requested
    _requested = True


@contextmanager
def held_interrupts() -> Iterator[None]:
    """Run the block with Ctrl+C held; raise KeyboardInterrupt after it if Ctrl+C came meanwhile.

    Only the main thread receives signals; elsewhere (and when nested) this does nothing more than run the block.
    """
    global _depth, _requested
    nested = _depth > 0
    if nested or threading.current_thread() is not threading.main_thread():
        yield
        return
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:  # started ignoring Ctrl+C (nohup, a background job)
        yield
        return
    previous = signal.signal(signal.SIGINT, _hold)
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        signal.signal(signal.SIGINT, previous if previous is not None else signal.default_int_handler)
        came, _requested = _requested, False
    if came:
        raise KeyboardInterrupt
