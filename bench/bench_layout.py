"""Benchmark: our layout() against a bare pygraphviz ``AGraph.layout(prog="dot")``.

Run ``python bench/bench_layout.py``. It builds neuron-view graphs of about 100,
800 and 2,800 nodes (with the network builder when it is available, else with a
generator here that gives the same kind of graph and the same layer hints) and
prints a markdown table:

- ``layout()``: our whole job, uncached and in this process: write the DOT text
  with sizes and layer hints, run dot, read the JSON, build the Geometry.
- ``of which dot``: the Graphviz part of it alone (so the rest is our overhead).
- ``child process``: the same through the child process all but trivially small graphs use.
- ``bare dot``: a bare pygraphviz graph with the same nodes, edges and node
  sizes, no hints, laid out with ``AGraph.layout(prog="dot")``.
- ``ratio``: layout() / bare dot.

Times are the best of a few runs, in seconds. Nothing is asserted: numbers vary
from machine to machine.
"""

from __future__ import annotations

import itertools
import statistics
import sys
import time
from collections.abc import Callable

import networkx as nx
import pygraphviz

import graphviz_app.core  # noqa: F401  (registers the ops)
from graphviz_app.core import graph as G
from graphviz_app.layout import graphviz as gvl
from graphviz_app.layout import worker

NETWORKS = [(4, 6, 1), (6, 15, 10, 1), (10, 30, 20, 1)]  # layer sizes: ~100, ~800, ~2,800 nodes
NODE_SIZE = (64, 28)  # pixels, about what the canvas measures for "W1[3,2]"
REPEATS = {100: 5, 1000: 3}  # runs per graph by size (best one counts); bigger graphs: 2


def builder_neuron_view(sizes: tuple[int, ...]) -> nx.DiGraph:
    """The neuron view from graphviz_app.builders.network."""
    from graphviz_app.builders.network import build_network

    layers = [{"size": n, "activation": "tanh"} for n in sizes[1:-1]]
    layers.append({"size": sizes[-1], "activation": "sigmoid"})
    spec = {"input": [0.5] * sizes[0], "target": [0.0] * sizes[-1], "layers": layers, "loss": "mse"}
    return build_network(spec, view="neuron").graph


def own_neuron_view(sizes: tuple[int, ...]) -> nx.DiGraph:
    """The same kind of graph, built here: products, a chain of partial sums, bias, activation."""
    g = G.new_graph()
    acts = [G.add_leaf(g, f"x[{i}]", 0.5, layer=0, index=i) for i in range(sizes[0])]
    rank = 0
    for k, (n_in, n_out) in enumerate(itertools.pairwise(sizes), start=1):
        new = []
        for i in range(n_out):
            w = [
                G.add_leaf(g, f"W{k}[{i},{j}]", 0.1, G.PARAM, layer=rank + 1, index=i * (n_in + 1) + j)
                for j in range(n_in)
            ]
            b = G.add_leaf(g, f"b{k}[{i}]", 0.0, G.PARAM, layer=rank + 1, index=i * (n_in + 1) + n_in)
            total = None
            for j in range(n_in):
                m = G.add_op(g, "mul", [w[j], acts[j]], layer=rank + 2, index=i * n_in + j)
                total = m if total is None else G.add_op(g, "add", [total, m], layer=rank + 3, index=i)
            z = G.add_op(g, "add", [total, b], f"z{k}[{i}]", layer=rank + 4, index=i)
            new.append(G.add_op(g, "tanh", [z], f"a{k}[{i}]", layer=rank + 5, index=i))
        acts, rank = new, rank + 5
    loss = acts[0] if len(acts) == 1 else G.add_op(g, "add", acts[:2], layer=rank + 1, index=0)
    G.add_op(g, "mul", [loss, loss], "L", layer=rank + 2, index=0)
    return g


def pick_generator() -> tuple[Callable[[tuple[int, ...]], nx.DiGraph], str]:
    try:
        builder_neuron_view((2, 2, 1))
        return builder_neuron_view, "graphviz_app.builders.network (neuron view)"
    except Exception as exc:  # the builder is missing or broken: measure layout anyway
        return own_neuron_view, f"the generator in this file (network builder unavailable: {exc})"


def best_of(runs: int, job: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        job()
        times.append(time.perf_counter() - start)
    return min(times)


def bare_dot(g: nx.DiGraph) -> None:
    """What one would write without our module: same nodes, edges and sizes; no hints."""
    graph = pygraphviz.AGraph(directed=True)
    graph.node_attr.update(
        shape="box", fixedsize="true", label="", width=NODE_SIZE[0] / 72, height=NODE_SIZE[1] / 72
    )
    graph.add_nodes_from(g.nodes)
    graph.add_edges_from(g.edges)
    graph.layout(prog="dot")


def measure(g: nx.DiGraph) -> dict[str, float]:
    sizes = {node: NODE_SIZE for node in g}
    n = g.number_of_nodes()
    runs = next((r for limit, r in sorted(REPEATS.items()) if n <= limit), 2)
    dot_source = gvl.layout_dot(g, sizes, "LR")
    ours = best_of(runs, lambda: gvl.layout(g, sizes, "LR", use_cache=False, child_process_above=10**9))
    graphviz_part = best_of(runs, lambda: worker.run_dot(dot_source))
    child = best_of(
        1, lambda: gvl.layout(g, sizes, "LR", use_cache=False, child_process_above=0, time_limit=600)
    )
    bare = best_of(runs, lambda: bare_dot(g))
    return {"ours": ours, "dot": graphviz_part, "child": child, "bare": bare}


def main(argv: list[str] | None = None) -> int:
    make_graph, source = pick_generator()
    print(f"Layout benchmark: neuron views built by {source};")
    print(
        f"node size {NODE_SIZE[0]}×{NODE_SIZE[1]} px, direction LR, Python {sys.version.split()[0]}, "
        f"pygraphviz {pygraphviz.__version__}; best of a few runs, in seconds."
    )
    print()
    print("| network | nodes | edges | layout() | of which dot | child process | bare dot | ratio |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    ratios = []
    for sizes in NETWORKS:
        g = make_graph(sizes)
        t = measure(g)
        ratios.append(t["ours"] / t["bare"])
        print(
            f"| {'-'.join(map(str, sizes))} | {g.number_of_nodes():,} | {g.number_of_edges():,} "
            f"| {t['ours']:.3f} | {t['dot']:.3f} | {t['child']:.3f} | {t['bare']:.3f} "
            f"| {ratios[-1]:.2f}x |",
            flush=True,
        )
    print()
    print(f"Geometric mean of the ratio: {statistics.geometric_mean(ratios):.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
