"""Big graphs: the child process, cancel, time limit, crashes and the hard limit."""

import os
import signal
import subprocess
import sys
import threading
import time

import networkx as nx
import pytest

from graphviz_app.core import graph as G
from graphviz_app.errors import LayoutCancelled, LayoutError
from graphviz_app.layout import graphviz as gvl
from graphviz_app.layout import worker
from graphviz_app.layout.graphviz import layout

BOUND = 10.0  # seconds: generous bounds for waits, never timing assertions on speed


def small_graph():
    g = G.new_graph()
    x = G.add_leaf(g, "x[0]", 1.0, layer=0, index=0)
    w = G.add_leaf(g, "W1[0,0]", 0.5, G.PARAM)
    m = G.add_op(g, "mul", [w, x])
    G.add_op(g, "tanh", [m], name="a1[0]", layer=1, index=0)
    return g


def sizes(g):
    return {n: (64, 32) for n in g}


def assert_gone(child):
    assert child.returncode is not None  # waited for: no zombie left behind
    if os.name == "posix":
        with pytest.raises(ProcessLookupError):
            os.kill(child.pid, 0)


def test_child_process_gives_the_same_geometry(children):
    g = small_graph()
    here = layout(g, sizes(g), "LR", use_cache=False)
    there = layout(g, sizes(g), "LR", use_cache=False, child_process_above=0)
    assert there == here
    assert len(children) == 1 and children[0].returncode == 0
    assert children[0].args[0] == sys.executable  # Python, never the `dot` program


def test_small_graphs_stay_in_process(children):
    g = small_graph()
    layout(g, sizes(g), child_process_above=g.number_of_nodes())
    assert children == []


def test_slow_layout_is_cancelled_promptly(monkeypatch, children):
    monkeypatch.setenv(worker.SLEEP_ENV, "30")
    cancel = threading.Event()
    timer = threading.Timer(0.2, cancel.set)
    timer.start()
    g = small_graph()
    started = time.monotonic()
    with pytest.raises(LayoutCancelled, match="cancelled"):
        layout(g, sizes(g), child_process_above=0, cancel=cancel)
    assert time.monotonic() - started < BOUND
    assert len(children) == 1
    assert_gone(children[0])


def test_cancel_before_start_starts_nothing(children):
    cancel = threading.Event()
    cancel.set()
    g = small_graph()
    with pytest.raises(LayoutCancelled):
        layout(g, sizes(g), child_process_above=0, cancel=cancel)
    with pytest.raises(LayoutCancelled):
        layout(g, sizes(g), cancel=cancel)  # in-process too
    assert children == []


def test_slow_layout_times_out_cleanly(monkeypatch, children):
    monkeypatch.setenv(worker.SLEEP_ENV, "30")
    g = small_graph()
    started = time.monotonic()
    with pytest.raises(LayoutError, match=r"4 nodes and 3 edges within the 0.3 s time limit") as info:
        layout(g, sizes(g), child_process_above=0, time_limit=0.3, fallback=False)
    assert not isinstance(info.value, LayoutCancelled)
    assert "layer view" in str(info.value)
    assert time.monotonic() - started < BOUND
    assert_gone(children[0])


@pytest.mark.skipif(not hasattr(signal, "SIGSEGV") or os.name != "posix", reason="POSIX signals")
def test_crash_in_the_child_is_a_layout_error(monkeypatch, children):
    monkeypatch.setenv(worker.CRASH_ENV, "1")
    g = small_graph()
    with pytest.raises(LayoutError, match=r"crashed \(SIGSEGV\) while laying out 4 nodes and 3 edges"):
        layout(g, sizes(g), child_process_above=0)
    assert children[0].returncode == -signal.SIGSEGV
    assert_gone(children[0])
    # the failure is not cached: the next try lays out again
    monkeypatch.delenv(worker.CRASH_ENV)
    assert set(layout(g, sizes(g), child_process_above=0).nodes) == set(g)


def test_child_reads_inputs_bigger_than_a_pipe_buffer():
    # communicate(input=...) with a timeout stops writing after 64 KiB on a retry;
    # 300 KB of DOT must still arrive whole.
    padding = "".join(f"// comment line {i:5d} {'x' * 80}\n" for i in range(3000))
    out = worker.run_dot_in_child("digraph {\n" + padding + "a -> b }", time_limit=BOUND, what="a graph")
    assert b'"name": "a"' in out and b'"name": "b"' in out


def test_child_reports_graphviz_errors():
    with pytest.raises(LayoutError, match="could not read the DOT text"):
        worker.run_dot_in_child("digraph { a -> }", time_limit=BOUND, what="a broken graph")


def test_too_many_nodes_are_refused_with_a_pointer_to_the_layer_view():
    g = nx.DiGraph()
    g.add_nodes_from(f"n{i}" for i in range(gvl.HARD_NODE_LIMIT + 1))
    with pytest.raises(LayoutError, match="layer view") as info:
        layout(g, {})
    assert f"{gvl.HARD_NODE_LIMIT + 1} nodes" in str(info.value)
    assert str(gvl.HARD_NODE_LIMIT) in str(info.value)


def test_layout_module_never_imports_qt():
    code = (
        "import sys, graphviz_app.layout; "
        "sys.exit(any(m.split('.')[0] in ('PySide6', 'PyQt5', 'PyQt6') for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 0


def test_a_spare_child_killed_from_outside_leaves_no_pipe_open():
    """Found by the stress loop: a spare killed by someone else left its pipes to the garbage collector,
    and their ResourceWarning failed whichever test collected them."""
    import gc

    from graphviz_app.layout import worker

    worker.keep_warm(True)
    try:
        spare = worker._spare
        assert spare is not None
        spare.kill()
        spare.wait()
        out = worker.run_dot_in_child("digraph { a -> b }", time_limit=30)
        assert out.lstrip().startswith(b"{")  # Graphviz's JSON, from a new child
        assert spare.stdin.closed and spare.stdout.closed
        gc.collect()
    finally:
        worker.keep_warm(False)
