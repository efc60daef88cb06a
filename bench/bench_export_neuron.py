"""Benchmark: the whole ``graphviz-app export NET -o net.svg --view neuron`` process against bare dot.

Ours is a child process from start to exit: Python starts, the spec is read, the
neuron view built and evaluated, laid out (within the layout budget), drawn and
written as SVG. The reference is a bare pygraphviz ``AGraph.layout(prog="dot")``
of the same nodes and edges with fixed box sizes and no hints (as in
:mod:`bench_layout`), in this process: the layout alone, without Python's start,
drawing or writing. The target is ours within 1.2× of it at 2,846 nodes (8-26-26-1).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile

if __package__ in (None, ""):
    sys.path.insert(0, os.path.dirname(__file__))

from common import Row, median_time, network_spec

EXPORT_NETWORKS = [(8, 26, 26, 1), (8, 52, 52, 1)]  # 2,846 and 9,736 nodes


def run(quick: bool = False) -> list[Row]:
    import bench_layout as bl

    from graphviz_app.builders.network import build_network

    rows = []
    runs = 1 if quick else 3
    for sizes in EXPORT_NETWORKS:
        spec = network_spec(sizes, hidden="tanh", output="sigmoid", loss="bce")
        g = build_network(spec, view="neuron").graph
        n = g.number_of_nodes()
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "net.json")
            with open(path, "w", encoding="utf-8") as f:
                json.dump(spec, f)
            command = [
                sys.executable,
                "-m",
                "graphviz_app",
                "export",
                path,
                "-o",
                os.path.join(tmp, "net.svg"),
            ]
            command += ["--view", "neuron"]

            def export() -> None:
                subprocess.run(command, check=True, capture_output=True)

            ours = median_time(export, runs, warmup=0)
        big = n > 5000
        bare = None if big else median_time(lambda: bl.bare_dot(g), runs, warmup=0)  # hours at 10,000
        name = "-".join(map(str, sizes))
        rows.append(
            Row(
                "layout",
                f"neuron view {name}, {n:,} nodes: whole `export -o net.svg --view neuron` process",
                ours,
                bare,
                "" if big else 'bare pygraphviz `AGraph.layout(prog="dot")`, in process',
                "–" if big else "≤ 1.2×",
                None if big else ours / bare <= 1.2,
            )
        )
    return rows


if __name__ == "__main__":
    from run_all import print_table

    print_table(run("--quick" in sys.argv))
