"""The time budget: the cost estimate, the tiers full -> cheap -> quick, and the warm spare child."""

import subprocess
import threading
import time

import networkx as nx
import pytest

from graphviz_app.builders.expression import parse
from graphviz_app.errors import LayoutCancelled
from graphviz_app.layout import budget, worker
from graphviz_app.layout.graphviz import layout, layout_dot
from graphviz_app.layout.quick import quick_layout
from tests.layout.test_child_process import assert_gone, small_graph
from tests.layout.test_geometry import assert_well_formed, expression_graph, sizes_for

BOUND = 20.0  # seconds: generous bounds for waits, never timing assertions on speed


def crossing_program(lines, seed=17):
    """bench/crossing_programs.py's program (the same text): each step uses the previous one and a random earlier one."""
    import random

    rng = random.Random(seed)
    out = ["s0=z-x"]
    for k in range(1, lines):
        op = rng.choice("+-*")
        other = ("x", "y", "z")[k % 3] if k < 3 else f"s{rng.randrange(k)}"
        out.append(f"s{k}=s{k - 1}{op}{other}")
    return "\n".join(out)


def program_graph(lines):
    return parse(crossing_program(lines)).graph


# --- the estimate ----------------------------------------------------------------------------


def test_node_count_is_not_the_cost_edges_that_jump_ranks_are():
    chain = nx.path_graph([f"n{i}" for i in range(300)], create_using=nx.DiGraph)
    assert budget.virtual_nodes(chain) == 0
    assert budget.first_tier(chain) == "full"
    # the programs: a few hundred nodes, tens of thousands of virtual nodes
    assert budget.virtual_nodes(program_graph(150)) > budget.CHEAP_ABOVE
    assert budget.first_tier(program_graph(150)) == "cheap"
    assert budget.first_tier(program_graph(300)) == "cheap"
    assert budget.first_tier(program_graph(600)) == "quick"


def test_small_programs_and_networks_keep_the_full_layout():
    assert budget.first_tier(program_graph(40)) == "full"
    assert budget.first_tier(expression_graph()) == "full"


def test_edge_labels_make_a_graph_costlier():
    g = program_graph(100)
    assert budget.first_tier(g) == "full"
    assert budget.first_tier(g, edge_labels=g.number_of_edges()) == "cheap"


def test_ranks_survive_a_cycle():
    g = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "b"), ("c", "d")])
    r = budget.ranks(g)
    assert r["b"] == r["c"] and r["a"] < r["b"] < r["d"]


def test_budget_comes_from_the_argument_then_the_environment(monkeypatch):
    monkeypatch.delenv(budget.BUDGET_ENV, raising=False)
    assert budget.time_budget() == budget.TIME_LIMIT
    monkeypatch.setenv(budget.BUDGET_ENV, "1.5")
    assert budget.time_budget() == 1.5
    assert budget.time_budget(4) == 4.0
    monkeypatch.setenv(budget.BUDGET_ENV, "soon")
    assert budget.time_budget() == budget.TIME_LIMIT


@pytest.mark.parametrize("value", ["soon", "-3", "0", "nan", "inf"])
def test_a_bad_budget_is_said_once_then_the_default_is_used(monkeypatch, caplog, value):
    monkeypatch.setattr(budget, "_refused", set())
    monkeypatch.setenv(budget.BUDGET_ENV, value)
    assert budget.time_budget() == budget.time_budget() == budget.TIME_LIMIT
    (record,) = caplog.records  # one line, not one per layout
    assert record.getMessage() == (
        f"graphviz-app: warning: GRAPHVIZ_APP_LAYOUT_BUDGET={value!r} is not a number of seconds > 0; "
        "using the default, 10 s"
    )


def test_the_commands_that_lay_out_say_so_on_stderr_at_once(tmp_path):
    import os
    import sys

    env = dict(os.environ, GRAPHVIZ_APP_LAYOUT_BUDGET="ten")
    command = [
        sys.executable,
        "-m",
        "graphviz_app",
        "export",
        "x*2",
        "--at",
        "x=1",
        "-o",
        str(tmp_path / "g.dot"),
    ]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0 and done.stderr.count("\n") == 1
    assert "GRAPHVIZ_APP_LAYOUT_BUDGET='ten' is not a number of seconds > 0" in done.stderr


# --- the tiers ------------------------------------------------------------------------------


def test_cheap_tier_turns_graphviz_limits_down():
    g = expression_graph()
    full = layout_dot(g, sizes_for(g))
    cheap = layout_dot(g, sizes_for(g), tier="cheap")
    for setting in budget.CHEAP_SETTINGS:
        assert setting not in full and setting in cheap


def test_costly_graph_goes_to_the_child_even_when_small(monkeypatch, children):
    monkeypatch.setattr(budget, "CHEAP_ABOVE", 0)
    g = nx.DiGraph([("a", "b"), ("b", "c"), ("a", "c")])  # one virtual node
    sizes = {n: (40, 20) for n in g}
    geo = layout(g, sizes)
    assert geo.tier == "cheap" and "jump over many ranks" in geo.note
    assert len(children) == 1 and children[0].returncode == 0
    assert_well_formed(g, geo, sizes)


def test_running_out_of_time_falls_back_to_the_quick_layout(monkeypatch, children, caplog):
    monkeypatch.setenv(worker.SLEEP_ENV, "30")  # every child sleeps: Graphviz never answers in time
    g = expression_graph()
    sizes = sizes_for(g)
    told = []
    started = time.monotonic()
    geo = layout(g, sizes, child_process_above=0, time_limit=0.6, progress=told.append)
    assert time.monotonic() - started < BOUND
    assert geo.tier == "quick"
    assert "full layout took more than 0.3 s, and its quicker one more than 0.6 s in all" in geo.note
    assert "layered layout" in geo.note
    assert len(told) == 2 and "quicker layout" in told[0] and "layered layout" in told[1]
    assert len(children) == 2  # full, then cheap; both killed
    for child in children:
        assert_gone(child)
    assert_well_formed(g, geo, sizes)
    assert any("layered layout" in r.getMessage() for r in caplog.records)  # the CLI's one line


def test_fallback_is_cached_so_a_new_evaluation_does_not_wait_again(monkeypatch, children):
    monkeypatch.setenv(worker.SLEEP_ENV, "30")
    g = small_graph()
    sizes = {n: (64, 32) for n in g}
    first = layout(g, sizes, child_process_above=0, time_limit=0.4)
    again = layout(g, sizes, child_process_above=0, time_limit=0.4)
    assert again is first and len(children) == 2


def test_cancel_stops_the_cheap_tier_too(monkeypatch, children):
    monkeypatch.setenv(worker.SLEEP_ENV, "30")
    monkeypatch.setattr(budget, "CHEAP_ABOVE", -1)  # start with the cheap tier
    cancel = threading.Event()
    g = small_graph()
    seen = []

    def on_progress(message):
        seen.append(message)
        threading.Timer(0.2, cancel.set).start()

    started = time.monotonic()
    with pytest.raises(LayoutCancelled):
        layout(
            g,
            {n: (64, 32) for n in g},
            child_process_above=0,
            time_limit=60,
            cancel=cancel,
            progress=on_progress,
        )
    assert time.monotonic() - started < BOUND
    assert len(seen) == 1 and "quicker layout" in seen[0]
    assert len(children) == 1
    assert_gone(children[0])


# --- the quick layout -----------------------------------------------------------------------


@pytest.mark.parametrize("direction", ["LR", "TB"])
def test_quick_layout_is_well_formed(direction):
    g = program_graph(60)
    sizes = {n: (40 + 7 * (i % 4), 24) for i, n in enumerate(g)}
    geo = quick_layout(g, sizes, direction)
    assert_well_formed(g, geo, sizes)
    centres = {n: (b.cx if direction == "LR" else b.cy) for n, b in geo.nodes.items()}
    for u, v in g.edges:  # inputs first, along the direction
        assert centres[u] < centres[v]


def test_quick_layout_places_edge_labels_and_survives_a_cycle():
    g = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "b"), ("a", "d"), ("d", "c")])
    sizes = {n: (40, 20) for n in g}
    geo = quick_layout(g, sizes, "LR", edge_labels={("a", "d"): (30, 12)})
    assert set(geo.edges) == set(g.edges)
    assert geo.edges["a", "d"].label_pos is not None
    assert geo.edges["a", "b"].label_pos is None


def test_the_600_line_program_is_laid_out_without_graphviz(children):
    g = program_graph(600)
    sizes = {n: (48, 24) for n in g}
    geo = layout(g, sizes)
    assert geo.tier == "quick" and children == []
    assert_well_formed(g, geo, sizes)


# --- the warm spare -------------------------------------------------------------------------


def test_a_warm_spare_is_used_and_replaced(children):
    worker.keep_warm(True)
    spare = children[-1]
    g = small_graph()
    geo = layout(g, {n: (64, 32) for n in g}, child_process_above=0, use_cache=False)
    assert set(geo.nodes) == set(g)
    assert spare.returncode == 0  # it did the layout
    assert len(children) == 2 and children[1].poll() is None  # the next spare waits
    worker.keep_warm(False)
    assert_gone(children[1])


def test_a_spare_never_inherits_the_test_hooks(monkeypatch, children):
    monkeypatch.setenv(worker.SLEEP_ENV, "30")
    worker.keep_warm(True)  # started while the hook is set...
    monkeypatch.delenv(worker.SLEEP_ENV)
    g = small_graph()
    started = time.monotonic()
    layout(g, {n: (64, 32) for n in g}, child_process_above=0, use_cache=False, time_limit=60)
    assert time.monotonic() - started < BOUND  # ... yet it did not sleep 30 s
    assert children[0].returncode == 0
