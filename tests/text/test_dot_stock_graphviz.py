"""The exported DOT lays out with stock Graphviz (pygraphviz's) at every size we export.

Before the layers' ``rank=same`` groups were chained by invisible edges, dot
aborted (``mincross.c: fixLabelOrder: Assertion ... failed``) on a labelled
8-12-12-1 neuron view: an abort, so each layout runs in a child process.

The 10,082-node network takes about 20 s of dot even with the effort turned down;
it runs when ``GRAPHVIZ_APP_SLOW_TESTS=1``.
"""

import itertools
import json
import os
import subprocess
import sys

import pytest

from graphviz_app.builders.network import build_network
from graphviz_app.core.evaluate import evaluate
from graphviz_app.exports.dot import to_dot
from graphviz_app.layout.dot_hints import layer_groups

LAY_OUT = """
import json, sys
import pygraphviz
graph = pygraphviz.AGraph(sys.argv[1])
graph.layout(prog="dot")
json.dump({str(n): [float(v) for v in n.attr["pos"].split(",")] for n in graph.nodes()}, sys.stdout)
"""
SLOW = os.environ.get("GRAPHVIZ_APP_SLOW_TESTS") != "1"


def network(sizes):
    return {
        "input": [0.1 * i for i in range(sizes[0])],
        "target": [0.5],
        "init": {"seed": 0},
        "layers": [{"size": n, "activation": "tanh"} for n in sizes[1:-1]]
        + [{"size": sizes[-1], "activation": "sigmoid"}],
        "loss": "mse",
    }


@pytest.mark.parametrize(
    ("sizes", "nodes"),
    [
        ((2, 2, 1), 28),
        ((8, 12, 12, 1), 816),  # aborted in mincross.c before
        ((8, 26, 26, 1), 2846),
        pytest.param((8, 53, 53, 1), 10082, marks=pytest.mark.skipif(SLOW, reason="~20 s of dot")),
    ],
)
def test_exported_neuron_view_lays_out_with_stock_graphviz_in_layer_order(tmp_path, sizes, nodes):
    graph = build_network(network(sizes), view="neuron").graph
    assert graph.number_of_nodes() == nodes
    path = tmp_path / "net.dot"
    path.write_text(to_dot(graph, evaluate(graph)), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-c", LAY_OUT, str(path)], capture_output=True, text=True, timeout=600
    )
    assert run.returncode == 0, run.stderr[-500:]
    pos = json.loads(run.stdout)
    assert set(pos) == set(graph)
    groups = layer_groups(graph)
    for before, after in itertools.pairwise(groups):
        # rankdir=LR: each layer is one column, left of the next one
        assert len({pos[n][0] for n in before}) == 1
        assert pos[before[0]][0] < pos[after[0]][0]
    for members in groups:
        ys = [pos[n][1] for n in members]  # index order runs down the column (Graphviz's y points up)
        assert ys == sorted(ys, reverse=True)
