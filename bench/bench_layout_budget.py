"""Benchmark: layout time is bounded (issues 17 and 18), and what the child process costs.

Run ``python bench/bench_layout_budget.py [--cap SECONDS]``. Two tables:

1. **Programs that make dot explode** (:mod:`crossing_programs`, fixed seed):
   the 150-, 300- and 600-line programs where each step uses the previous one and
   a random earlier one. ``layout()`` is the app's layout as it runs now (child
   process, time budget, fallback tiers), with the tier it ended in. ``full dot``
   is what the app did before: dot with its default effort and no fallback,
   killed after ``--cap`` seconds (default 60; 0 skips it).
2. **The child process's start-up**: a 4-node graph laid out in this process, in a
   cold child (Python starts and imports pygraphviz first) and in a warm spare
   child (started ahead, as the window keeps one).

Node size 64×28 px, direction LR. Times in seconds; nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from common import Row, fmt_time, median_time
from crossing_programs import program

import graphviz_app.core  # noqa: F401  (registers the ops)
from graphviz_app.builders.expression import parse
from graphviz_app.errors import LayoutTimeout
from graphviz_app.layout import budget, worker
from graphviz_app.layout import graphviz as gvl

LINES = (150, 300, 600)
NODE_SIZE = (64, 28)
DEFAULT_CAP = 60.0


def program_graph(lines: int):
    return parse(program(lines)).graph


def time_layout(g) -> tuple[float, str]:
    """Seconds of layout() as the app calls it, and the tier it ended in."""
    sizes = {node: NODE_SIZE for node in g}
    start = time.perf_counter()
    geometry = gvl.layout(g, sizes, "LR", use_cache=False)
    return time.perf_counter() - start, geometry.tier


def time_full_dot(g, cap: float) -> float | None:
    """Seconds of dot's full layout as the app ran it before (no fallback); None past ``cap``."""
    sizes = {node: NODE_SIZE for node in g}
    start = time.perf_counter()
    try:
        gvl.layout(g, sizes, "LR", use_cache=False, child_process_above=0, time_limit=cap, fallback=False)
    except LayoutTimeout:
        return None
    return time.perf_counter() - start


def startup_times(runs: int = 5) -> dict[str, float]:
    """A tiny layout in this process, in a cold child, and in a warm spare child."""
    dot_source = "digraph { a -> b; a -> c; b -> d; c -> d }"
    in_process = median_time(lambda: worker.run_dot(dot_source), runs)
    worker.keep_warm(False)
    cold = median_time(lambda: worker.run_dot_in_child(dot_source, time_limit=60), runs)
    worker.keep_warm(True)

    def warm_up() -> None:  # let the spare finish importing, as it would between two edits
        time.sleep(1.0)

    warm = median_time(lambda: worker.run_dot_in_child(dot_source, time_limit=60), runs, setup=warm_up)
    worker.keep_warm(False)
    return {"in process": in_process, "cold child": cold, "warm child": warm}


def run(quick: bool = False, cap: float | None = None) -> list[Row]:
    """Rows for bench/run_all.py: each program's layout against dot's full layout (capped)."""
    cap = (0.0 if quick else DEFAULT_CAP) if cap is None else cap
    bound = budget.TIME_LIMIT + 1.0
    rows = []
    for lines in LINES:
        g = program_graph(lines)
        ours, tier = time_layout(g)
        before = time_full_dot(g, cap) if cap > 0 else None
        reference = "skipped" if cap <= 0 else (f"> {cap:g} s, killed" if before is None else "")
        rows.append(
            Row(
                "layout",
                f"{lines}-line crossing program, {g.number_of_nodes()} nodes: layout() ({tier} tier)",
                ours,
                before,
                "dot's full layout, as before the budget" + (f" ({reference})" if reference else ""),
                f"≤ budget + 1 s = {bound:g} s",
                ours <= bound,
            )
        )
    times = startup_times(2 if quick else 5)
    rows.append(
        Row(
            "layout",
            "4-node graph in a warm spare child (the window's case)",
            times["warm child"],
            times["cold child"],
            "a cold child (Python start-up + import pygraphviz)",
            "≤ 0.5× cold",
            times["warm child"] <= 0.5 * times["cold child"],
            note=f"in this process: {fmt_time(times['in process'])}",
        )
    )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cap", type=float, default=DEFAULT_CAP, help="seconds before full dot is killed")
    args = parser.parse_args(argv)
    print(f"Layout budget: {budget.TIME_LIMIT:g} s of Graphviz per layout; node size 64×28 px, LR.")
    print()
    print("| program | nodes | rank steps | layout() | tier | full dot (before) |")
    print("|---|---:|---:|---:|---|---:|")
    for lines in LINES:
        g = program_graph(lines)
        ours, tier = time_layout(g)
        before = time_full_dot(g, args.cap) if args.cap > 0 else None
        shown = "skipped" if args.cap <= 0 else (f"> {args.cap:g} s" if before is None else fmt_time(before))
        print(
            f"| {lines} lines | {g.number_of_nodes()} | {budget.virtual_nodes(g):,} | {fmt_time(ours)} "
            f"| {tier} | {shown} |",
            flush=True,
        )
    print()
    times = startup_times()
    print("| 4-node graph | time |")
    print("|---|---:|")
    for name, seconds in times.items():
        print(f"| {name} | {fmt_time(seconds)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
