"""Deep chains: drawn straight and folded into rows, so deep-sigmoid reads at fit zoom (issue 11, item 10)."""

import networkx as nx
import pytest

from graphviz_app.files import load_source
from graphviz_app.layout import graphviz as gvl
from graphviz_app.layout.fold import FOLD_SPACE, MAX_CROSSING, fold
from graphviz_app.layout.geometry import EdgePath, Geometry, NodeBox
from graphviz_app.layout.graphviz import layout
from tests.layout.test_geometry import (
    TOLERANCE,
    assert_well_formed,
    border_distance,
    expression_graph,
    sizes_for,
)

SIZE = (70, 40)  # about what the canvas measures for "a3[0] = σ" with a value and a gradient


def fit_scale(geo, space=FOLD_SPACE):
    """The zoom at which the drawing fits ``space``, as the canvas's fit does (never above 1 here)."""
    return min(space[0] / geo.width, space[1] / geo.height, 1.0)


def deep_sigmoid():
    return load_source("example:deep-sigmoid").graph


def rows_of(geo):
    """The distinct rows: groups of node centres whose y ranges do not overlap."""
    spans = sorted((b.top, b.bottom) for b in geo.nodes.values())
    rows, reach = 1, spans[0][1]
    for top, bottom in spans[1:]:
        if top > reach + 20:
            rows += 1
        reach = max(reach, bottom)
    return rows


def test_deep_sigmoid_fits_at_a_legible_scale():
    g = deep_sigmoid()
    sizes = {n: SIZE for n in g}
    unfolded = layout(g, sizes, fold_space=None)
    folded = layout(g, sizes)
    assert fit_scale(unfolded) < 0.4  # the long staircase: 19-25 % in the window
    assert fit_scale(folded) > 0.8
    assert rows_of(folded) >= 2
    assert_well_formed(g, folded, sizes)


def test_chain_edges_are_straight():
    g = deep_sigmoid()
    geo = layout(g, {n: SIZE for n in g}, fold_space=None)
    chain = [f"a{k}[0]" for k in range(1, 11)]
    assert len({round(geo.nodes[n].cy) for n in chain}) == 1  # one line, not a staircase
    assert f"weight={gvl.CHAIN_WEIGHT}" in gvl.layout_dot(g, {n: SIZE for n in g})


def test_an_edge_that_continues_on_the_next_row_runs_between_the_rows():
    g = deep_sigmoid()
    sizes = {n: SIZE for n in g}
    geo = layout(g, sizes)
    continuing = [(u, v) for u, v in g.edges if geo.nodes[v].top > geo.nodes[u].bottom + 40]
    assert 1 <= len(continuing) <= MAX_CROSSING * (rows_of(geo) - 1)
    for u, v in continuing:
        path = geo.edges[u, v]
        assert border_distance(geo.nodes[u], path.points[0]) <= TOLERANCE
        assert border_distance(geo.nodes[v], path.arrow_tip) <= TOLERANCE
        assert max(x for x, _ in path.points) > geo.nodes[u].right  # out to the end of the row
        assert min(x for x, _ in path.points) < geo.nodes[v].left  # in from the start of the next
        for node, box in geo.nodes.items():  # and through no node on the way
            if node not in (u, v):
                for x, y in path.points:
                    assert not (box.left < x < box.right and box.top < y < box.bottom), node


def test_tb_folds_into_columns():
    g = deep_sigmoid()
    sizes = {n: SIZE for n in g}
    geo = layout(g, sizes, "TB", fold_space=(800, 1200))
    assert fit_scale(geo, (800, 1200)) > 0.6
    assert geo.width > geo.height / 3
    assert_well_formed(g, geo, sizes)


def test_short_chains_and_small_graphs_stay_as_they_are():
    chain = nx.path_graph([f"n{i}" for i in range(5)], create_using=nx.DiGraph)
    sizes = {n: (50, 30) for n in chain}
    assert layout(chain, sizes) == layout(chain, sizes, fold_space=None)
    g = expression_graph()
    assert layout(g, sizes_for(g)) == layout(g, sizes_for(g), fold_space=None)


def test_a_dense_long_graph_is_not_cut():
    # every place to cut is crossed by more than MAX_CROSSING edges: left as it is
    g = nx.DiGraph()
    for i in range(40):
        for j in range(i + 1, min(i + 5, 40)):
            g.add_edge(f"n{i}", f"n{j}")
    sizes = {n: (60, 30) for n in g}
    geo = layout(g, sizes, fold_space=None)
    assert fold(geo) is geo


@pytest.mark.parametrize("example", ["deep-relu", "net-221", "multipath"])
def test_other_examples_stay_well_formed(example):
    g = load_source(f"example:{example}").graph
    sizes = {n: SIZE for n in g}
    assert_well_formed(g, layout(g, sizes), sizes)


def test_a_continued_edges_label_sits_above_its_run_back_not_on_it():
    from graphviz_app.layout.fold import LABEL_LIFT, ROW_GAP

    nodes = {f"n{i}": NodeBox(30 + 100 * i, 15, 60, 30) for i in range(12)}
    edges = {
        (f"n{i}", f"n{i + 1}"): EdgePath(
            ((60 + 100 * i, 15.0),) * 3 + ((90 + 100 * i, 15.0),), (100 + 100 * i, 15.0), (80 + 100 * i, 8.0)
        )
        for i in range(11)
    }
    folded = fold(Geometry(1200, 30, nodes, edges), space=(600, 400))
    continued = [e for e in folded.edges if folded.nodes[e[1]].cy > folded.nodes[e[0]].cy]
    assert continued
    for parent, child in continued:
        path = folded.edges[parent, child]
        corners = path.points[::3]  # to the row's end, down into the gap, back along it, down to the child
        run_back = corners[2][1]
        assert corners[3][1] == run_back and corners[3][0] < corners[2][0]
        assert path.label_pos[1] == run_back - LABEL_LIFT
        assert folded.nodes[parent].bottom < path.label_pos[1] - 7  # a line of text clears the row above
        assert LABEL_LIFT < ROW_GAP / 2
