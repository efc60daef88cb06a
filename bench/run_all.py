"""Every benchmark in one run, printed as one markdown table: ``python3 dev.py bench``.

Usage::

    python bench/run_all.py [--quick] [--only core,layout,gui,training,export,page,startup]

Sections (each module's docstring says exactly what it times):

1. **core** (:mod:`bench_core`): forward + backward of neuron-view networks
   against micrograd, and of a 784-128-10 layer view against hand-written NumPy.
2. **layout** (:mod:`bench_layout`): our layout step against a bare pygraphviz
   ``dot`` layout of the same graph; (:mod:`bench_layout_budget`) the programs
   that make dot explode, within the time budget, against dot's full layout
   (skipped with ``--quick``), and a warm spare child against a cold one;
   (:mod:`bench_export_neuron`) the whole ``export --view neuron`` process against bare dot.
3. **gui** (:mod:`bench_gui`): the real main window, offscreen: opening a
   network, one frame and a full repaint against plain Qt items in the same view,
   paints a second while playing, one edit until every panel and the canvas have
   painted, peak memory.
4. **training** (:mod:`bench_training_window`): training on data in the real
   window, offscreen: steps a second of a Run with the neuron pictures, the weight
   colours and the Data panel following it, against the trainer alone.
5. **export** (:mod:`bench_export`): a frame of an exported animation, and a
   whole GIF and MP4 of the net-221 timeline.
6. **page** (:mod:`bench_page`): the interactive page's size, making, readiness in headless
   Chromium and stepping rate, for net-221 and a 1,000-node neuron view.
7. **start-up** (:mod:`bench_startup`): ``python -m graphviz_app`` until the
   window is shown and laid out, against a bare PySide6 window.

Each figure is the median of several runs after a warm-up, and each reference
is measured in the same run, on the same machine, which is printed first.
``ratio`` is ours ÷ reference (below 1: we are faster). Timing never decides
whether the test suite passes; nothing here is asserted except that both sides
of a comparison compute the same numbers.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from common import Row, fmt_time, fmt_value, machine_lines, median_time

SECTIONS = ("core", "layout", "gui", "training", "export", "page", "startup")


def layout_rows(quick: bool = False) -> list[Row]:
    """Our layout() in this process against a bare pygraphviz dot, on the graphs of bench_layout."""
    import bench_layout as bl

    from graphviz_app.layout import graphviz as gvl

    make_graph, _ = bl.pick_generator()
    rows = []
    for sizes in bl.NETWORKS:
        g = make_graph(sizes)
        node_sizes = {node: bl.NODE_SIZE for node in g}
        n = g.number_of_nodes()
        runs = 2 if quick or n > 1000 else 5
        ours = median_time(
            lambda: gvl.layout(g, node_sizes, "LR", use_cache=False, child_process_above=10**9), runs
        )
        child = median_time(
            lambda: gvl.layout(g, node_sizes, "LR", use_cache=False, child_process_above=0, time_limit=600),
            1 if n > 1000 else runs,
            warmup=0,
        )
        bare = median_time(lambda: bl.bare_dot(g), runs)
        name = "-".join(map(str, sizes))
        rows.append(
            Row(
                "layout",
                f"neuron view {name}, {n:,} nodes: layout() in process",
                ours,
                bare,
                'bare pygraphviz `AGraph.layout(prog="dot")`',
                "≤ 1.2×",
                ours / bare <= 1.2,
                note=f"in a child process, as the app does above 40 nodes: {fmt_time(child)}",
            )
        )
    import bench_export_neuron
    import bench_layout_budget

    return rows + bench_layout_budget.run(quick) + bench_export_neuron.run(quick)


def print_table(rows: list[Row], header: bool = True) -> None:
    if header:
        print("| section | figure | ours | reference | reference measured | ratio | target | met |")
        print("|---|---|---:|---:|---|---:|---|:---:|")
    for r in rows:
        ratio = "–" if r.ratio is None else f"{r.ratio:.2f}×"
        met = "–" if r.met is None else ("yes" if r.met else "**no**")
        figure = r.figure + (f" ({r.note})" if r.note else "")
        print(
            f"| {r.section} | {figure} | {fmt_value(r.ours, r.unit)} | {fmt_value(r.reference, r.unit)} | "
            f"{r.reference_name or '–'} | {ratio} | {r.target} | {met} |",
            flush=True,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs per figure (rougher numbers)")
    parser.add_argument("--only", default=",".join(SECTIONS), help="comma-separated sections to run")
    args = parser.parse_args(argv)
    chosen = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = [s for s in chosen if s not in SECTIONS]
    if unknown:
        parser.error(f"unknown section {unknown[0]!r}; choose from {', '.join(SECTIONS)}")

    print(f"# graphviz-app benchmarks, {datetime.date.today().isoformat()}")
    print()
    print("\n".join(machine_lines()))
    print()
    print("Times are medians of several runs after a warm-up; `ratio` is ours ÷ reference.")
    print()
    rows: list[Row] = []
    for i, section in enumerate(chosen):
        print(f"running {section} ...", file=sys.stderr, flush=True)
        if section == "core":
            import bench_core

            new = bench_core.run(args.quick)
        elif section == "layout":
            new = layout_rows(args.quick)
        elif section == "gui":
            import bench_gui

            new = bench_gui.run(args.quick)
        elif section == "training":
            import bench_training_window

            new = bench_training_window.run(args.quick)
        elif section == "export":
            import bench_export

            new = bench_export.run(args.quick)
        elif section == "page":
            import bench_page

            new = bench_page.run(args.quick)
        else:
            import bench_startup

            new = bench_startup.run(args.quick)
        print_table(new, header=i == 0)  # row by row as sections finish: a crash keeps what was measured
        rows += new
    missed = [r for r in rows if r.met is False]
    print()
    print(
        f"{sum(r.met is True for r in rows)} of {sum(r.met is not None for r in rows)} targets met"
        + (f"; missed: {'; '.join(r.figure for r in missed)}" if missed else ".")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
