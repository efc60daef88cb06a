"""Run Graphviz's ``dot`` on a DOT text: in this process, or in a child process.

Graphviz is a C library. pygraphviz links it into Python and calls it directly
(``gvLayout`` then ``gvRenderData``), exactly as ``AGraph.layout(prog="dot")``
does; the ``dot`` program is never run, and need not be installed.

That is fast, but C code running inside the app has three risks: a layout cannot
be interrupted from Python, pygraphviz keeps Python's GIL while Graphviz works (so
no other thread, the window's included, runs a line of Python meanwhile: a
303-node program froze the window for two minutes), and a crash (a segmentation
fault) would take the whole app down. So every graph but the trivially small is
laid out in a *child process*: this file is also that child's program. The parent gives the DOT text to the child's stdin and reads
Graphviz's JSON from its stdout, checking every :data:`POLL_INTERVAL` seconds
whether the caller has cancelled or the time limit has passed; if so it kills the
child. A child killed by a signal (a crash) becomes a :class:`LayoutError`, never
a crash of the app.

The child is started as ``python .../worker.py`` rather than ``python -m
graphviz_app.layout.worker``, and this module imports only the standard library
and pygraphviz at the top, so the child starts in about a tenth of a second
instead of importing NumPy and NetworkX first. The window hides even that with a
warm spare child (:func:`keep_warm`). Ctrl+C in the parent (a KeyboardInterrupt
in the wait loop) kills the child on its way out.

Test hooks: the child reads two environment variables (inherited from the
parent), so tests can exercise cancellation, timeouts and crashes on a tiny graph.
While either is set, layouts start a fresh child rather than the spare, which
never inherits them.

- ``GRAPHVIZ_APP_LAYOUT_TEST_SLEEP=<seconds>``: sleep before laying out.
- ``GRAPHVIZ_APP_LAYOUT_TEST_CRASH=1``: die by SIGSEGV, as a crash in C would.
"""

from __future__ import annotations

import atexit
import contextlib
import locale
import os
import signal
import subprocess
import sys
import threading
import time
from typing import Protocol


def _system_xcb_first() -> None:
    """Load the system's libxcb before pygraphviz's own, older copy (Linux wheels bundle one for cairo).

    With pygraphviz's copy loaded first, Qt's xcb platform plugin (which links the
    system's) aborts in glibc when the window opens: "__pthread_tpp_change_priority:
    Assertion failed". Loaded globally first, the system's copy is the one both use.
    """
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError):  # no X libraries (a server): nothing to agree with
            ctypes.CDLL("libxcb.so.1", mode=ctypes.RTLD_GLOBAL)


_system_xcb_first()

import pygraphviz  # noqa: E402  (after _system_xcb_first)
from pygraphviz import graphviz as gv  # noqa: E402

__all__ = [
    "CRASH_ENV",
    "POLL_INTERVAL",
    "SLEEP_ENV",
    "CancelToken",
    "discard_spare",
    "fix_numeric_locale",
    "keep_warm",
    "run_dot",
    "run_dot_in_child",
]

SLEEP_ENV = "GRAPHVIZ_APP_LAYOUT_TEST_SLEEP"
CRASH_ENV = "GRAPHVIZ_APP_LAYOUT_TEST_CRASH"
POLL_INTERVAL = 0.05  # seconds between checks for cancel and timeout

# Graphviz keeps global state and is not thread-safe: one layout at a time per process.
_GRAPHVIZ_LOCK = threading.Lock()


class CancelToken(Protocol):
    """Anything with ``is_set()``; a :class:`threading.Event` is the usual one."""

    def is_set(self) -> bool: ...


def fix_numeric_locale() -> None:
    """Make the C library's number format ``C`` for the whole process: once, on the main thread.

    Graphviz switches ``LC_NUMERIC`` to ``C`` around every layout and back again with
    ``setlocale``, which is process-wide and not thread-safe, and the window lays small
    graphs out in this process on a worker thread. With ``C`` already in place those calls
    write what is there, and no other thread sees the locale change under it. Qt sets every
    category from the environment when the QApplication starts (a German ``LC_NUMERIC``
    writes 0,5), so this comes right after that, as Qt's documentation advises for POSIX
    number conversions. Python's floats and Qt's QLocale do not use the C locale: nothing the
    app shows changes.
    """
    locale.setlocale(locale.LC_NUMERIC, "C")


def run_dot(dot_source: str) -> bytes:
    """Lay out ``dot_source`` with Graphviz's dot, in this process.

    Returns Graphviz's ``json0`` output: the graph with a ``pos`` for every node
    and edge, ``lp`` for edge labels and ``bb`` for the bounding box, in points
    with y pointing up. Raises ``RuntimeError`` if Graphviz rejects the input.

    Examples
    --------
    >>> import json
    >>> out = json.loads(run_dot('digraph { a -> b }'))
    >>> [node["name"] for node in out["objects"]]
    ['a', 'b']
    """
    with _GRAPHVIZ_LOCK:
        try:
            graph = pygraphviz.AGraph(string=dot_source)
        except Exception as exc:  # pygraphviz raises DotError or ValueError
            raise RuntimeError(f"Graphviz could not read the DOT text: {exc}") from exc
        context = gv.gvContextWithBuiltins()
        try:
            if gv.gvLayout(context, graph.handle, b"dot") != 0:
                raise RuntimeError("Graphviz's dot layout failed")
            try:
                error, data = gv.gvRenderData(context, graph.handle, b"json0")
            finally:
                gv.gvFreeLayout(context, graph.handle)
        finally:
            gv.gvFreeContext(context)
        if error:
            raise RuntimeError(f"Graphviz could not write its result (error {error})")
        return data


def run_dot_in_child(
    dot_source: str, *, time_limit: float, cancel: CancelToken | None = None, what: str = "the graph"
) -> bytes:
    """Like :func:`run_dot`, in a child process that is killed on cancel or timeout.

    Parameters
    ----------
    dot_source:
        The DOT text to lay out.
    time_limit:
        Seconds after which the child is killed and :class:`LayoutError` raised.
    cancel:
        Checked every :data:`POLL_INTERVAL` seconds; once set, the child is killed
        and :class:`LayoutCancelled` raised.
    what:
        How error messages name the graph, e.g. ``"812 nodes and 1003 edges"``.

    The child is always gone (killed and reaped) when this function returns or raises.
    """
    # Imported here, not at the top: the child runs this file as a script and must
    # not import the app's package (which may pull in NumPy and NetworkX).
    from graphviz_app.errors import LayoutCancelled, LayoutError, LayoutTimeout

    if cancel is not None and cancel.is_set():
        raise LayoutCancelled(f"layout of {what} was cancelled")
    child = _take_child(what)
    deadline = time.monotonic() + time_limit
    try:
        # The child reads all of stdin before it does anything else, so this write
        # never waits on a busy child; communicate() below flushes and closes it.
        # If the child died at start-up, communicate() collects why.
        assert child.stdin is not None  # _start opens every child with stdin=PIPE
        with contextlib.suppress(OSError):
            child.stdin.write(dot_source.encode("utf-8"))
        while True:
            try:
                out, err = child.communicate(timeout=POLL_INTERVAL)
                break
            except subprocess.TimeoutExpired:
                pass  # retrying loses no output
            if cancel is not None and cancel.is_set():
                raise LayoutCancelled(f"layout of {what} was cancelled")
            if time.monotonic() >= deadline:
                raise LayoutTimeout(
                    f"Graphviz did not finish laying out {what} within the {time_limit:g} s time limit; "
                    "switch to the layer view, or use a smaller network"
                )
    finally:
        if child.returncode is None:
            child.kill()
            child.communicate()  # reap the child and close its pipes
    if child.returncode < 0:
        raise LayoutError(
            f"Graphviz crashed ({_signal_name(-child.returncode)}) while laying out {what}; "
            "the app is unaffected: switch to the layer view, or use a smaller network"
        )
    if child.returncode != 0:
        lines = err.decode("utf-8", "replace").strip().splitlines()
        detail = lines[-1] if lines else f"exit status {child.returncode}"
        raise LayoutError(f"Graphviz could not lay out {what}: {detail}")
    return out


# --- a warm spare child ------------------------------------------------------------------
#
# Starting Python and importing pygraphviz costs a tenth of a second or more (see
# bench/bench_layout.py). A window lays out after every structural edit, so it asks
# for a *spare*: a child started ahead of time that waits, pygraphviz imported, for
# its DOT text on stdin. Each layout takes the spare and starts the next one, whose
# start-up then overlaps with the layout and with the user's next edit.

_spare_lock = threading.Lock()
_spare: subprocess.Popen | None = None
_warm = False


def keep_warm(on: bool = True) -> None:
    """Keep one spare child ready for the next layout (the window turns this on)."""
    global _warm
    with _spare_lock:
        _warm = on
    if on:
        _refill()
    else:
        discard_spare()


def discard_spare() -> None:
    """Kill the spare child, if any (at exit, and when keep_warm is turned off)."""
    global _spare
    with _spare_lock:
        child, _spare = _spare, None
    if child is not None and child.poll() is None:
        child.kill()
        child.communicate()


def _start(env: dict[str, str] | None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, os.path.abspath(__file__)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )


def _clean_env() -> dict[str, str]:
    """This process's environment without the test hooks (a spare must not inherit them)."""
    return {k: v for k, v in os.environ.items() if k not in (SLEEP_ENV, CRASH_ENV)}


def _close_pipes(child: subprocess.Popen) -> None:
    """Close the pipes of a child that is gone (killed from outside): they are not left to the collector."""
    for stream in (child.stdin, child.stdout, child.stderr):
        if stream is not None:
            with contextlib.suppress(OSError):
                stream.close()


def _refill() -> None:
    global _spare
    with _spare_lock:
        if not _warm or (_spare is not None and _spare.poll() is None):
            return
        if _spare is not None:
            _close_pipes(_spare)
        try:
            _spare = _start(_clean_env())
        except OSError:
            _spare = None  # the layout itself will report it


def _take_child(what: str) -> subprocess.Popen:
    """The spare child if there is one, else a new child; then the next spare starts."""
    from graphviz_app.errors import LayoutError

    global _spare
    hooks = os.environ.get(SLEEP_ENV) or os.environ.get(CRASH_ENV)
    with _spare_lock:
        child, _spare = (None, _spare) if hooks else (_spare, None)
    if child is None or child.poll() is not None:
        if child is not None:
            _close_pipes(child)
        try:
            child = _start(None)
        except OSError as exc:
            raise LayoutError(f"could not start a process to lay out {what}: {exc}") from exc
    _refill()
    return child


atexit.register(discard_spare)


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def main() -> int:
    """The child's program: DOT on stdin, Graphviz's JSON on stdout."""
    run_dot("digraph { a -> b }")  # Graphviz's first layout loads its plugins: do it while waiting
    dot_source = sys.stdin.buffer.read().decode("utf-8")
    if not dot_source:
        return 0  # a spare whose parent is gone (or discarded it)
    delay = float(os.environ.get(SLEEP_ENV) or 0)
    if delay > 0:
        time.sleep(delay)
    if os.environ.get(CRASH_ENV):
        signal.raise_signal(signal.SIGSEGV)
    try:
        data = run_dot(dot_source)
    except RuntimeError as exc:
        sys.stderr.write(f"{exc}\n")
        return 3
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    status = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)  # no interpreter clean-up: the parent is waiting for this exit
