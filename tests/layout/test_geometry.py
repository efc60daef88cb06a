"""layout(): geometry, directions, hints, labels, ids, determinism and the cache."""

import itertools
import math
import pickle

import networkx as nx
import pytest

from graphviz_app.core import graph as G
from graphviz_app.errors import LayoutError
from graphviz_app.layout import graphviz as gvl
from graphviz_app.layout import reading, worker
from graphviz_app.layout.graphviz import EdgePath, Geometry, NodeBox, layout

TOLERANCE = 2.0  # pixels: Graphviz works in whole points and writes 2-3 decimals


def expression_graph():
    """(x·y + sin x)²-ish: shared parent, two args, a constant."""
    g = G.new_graph()
    x = G.add_leaf(g, "x", 1.5)
    y = G.add_leaf(g, "y", -0.5, G.PARAM)
    m = G.add_op(g, "mul", [x, y])
    s = G.add_op(g, "sin", [x])
    a = G.add_op(g, "add", [m, s])
    two = G.add_constant(g, 2.0)
    G.add_op(g, "pow", [a, two])
    return g


def layered_graph(sizes=(3, 4, 2)):
    """A small neuron view: INDEX order deliberately opposite to insertion order."""
    g = G.new_graph()
    n0 = sizes[0]
    acts = [G.add_leaf(g, f"x[{i}]", 0.5, layer=0, index=n0 - 1 - i) for i in range(n0)]
    for layer, width in enumerate(sizes[1:], start=1):
        new = []
        for j in range(width):
            z = None
            for i, a in enumerate(acts):
                w = G.add_leaf(g, f"W{layer}[{j},{i}]", 0.1, G.PARAM)
                m = G.add_op(g, "mul", [w, a])
                z = m if z is None else G.add_op(g, "add", [z, m])
            new.append(G.add_op(g, "sigmoid", [z], name=f"a{layer}[{j}]", layer=layer, index=width - 1 - j))
        acts = new
    return g


def sizes_for(g, w=60, h=30):
    return {n: (w + 5 * (i % 3), h) for i, n in enumerate(g)}


def border_distance(box: NodeBox, point) -> float:
    """Distance from ``point`` to the outline of ``box`` (inside or outside)."""
    x, y = point
    dx = max(box.left - x, 0.0, x - box.right)
    dy = max(box.top - y, 0.0, y - box.bottom)
    if dx or dy:
        return math.hypot(dx, dy)
    return min(x - box.left, box.right - x, y - box.top, box.bottom - y)


def assert_well_formed(g, geo, sizes):
    assert set(geo.nodes) == set(g.nodes)
    assert set(geo.edges) == set(g.edges)
    for node, box in geo.nodes.items():
        assert (box.w, box.h) == (math.ceil(sizes[node][0]), math.ceil(sizes[node][1]))
        assert box.left >= -TOLERANCE and box.right <= geo.width + TOLERANCE
        assert box.top >= -TOLERANCE and box.bottom <= geo.height + TOLERANCE
    for a, b in itertools.combinations(geo.nodes.values(), 2):
        overlap_x = min(a.right, b.right) - max(a.left, b.left)
        overlap_y = min(a.bottom, b.bottom) - max(a.top, b.top)
        assert overlap_x <= 0.5 or overlap_y <= 0.5, (a, b)
    for (parent, child), path in geo.edges.items():
        assert len(path.points) >= 4 and (len(path.points) - 1) % 3 == 0
        assert border_distance(geo.nodes[parent], path.points[0]) <= TOLERANCE
        assert path.arrow_tip is not None
        assert border_distance(geo.nodes[child], path.arrow_tip) <= TOLERANCE
        # the arrowhead runs from the last control point to the tip: Graphviz's
        # 10 points plus an allowance for the pen width
        assert 9 <= math.dist(path.points[-1], path.arrow_tip) <= 12.5


@pytest.mark.parametrize("direction", ["LR", "TB"])
def test_every_node_and_edge_laid_out_on_borders_without_overlap(direction):
    g = expression_graph()
    sizes = sizes_for(g)
    geo = layout(g, sizes, direction)
    assert geo.direction == direction
    assert_well_formed(g, geo, sizes)


def test_neuron_view_is_well_formed():
    g = layered_graph((3, 5, 2))
    sizes = sizes_for(g, 70, 28)
    geo = layout(g, sizes, "LR")
    assert_well_formed(g, geo, sizes)


def test_lr_chain_runs_left_to_right_on_one_line():
    g = G.new_graph()
    chain = [G.add_leaf(g, "x", 1.0)]
    for _ in range(3):
        chain.append(G.add_op(g, "exp", [chain[-1]]))
    geo = layout(g, {n: (50, 30) for n in g}, "LR")
    xs = [geo.nodes[n].cx for n in chain]
    assert xs == sorted(xs) and len(set(xs)) == 4
    assert xs[0] == pytest.approx(25)  # the first node touches the left edge
    assert [geo.nodes[n].cy for n in chain] == [pytest.approx(15)] * 4
    assert (geo.width, geo.height) == (pytest.approx(4 * 50 + 3 * gvl.RANK_GAP, abs=1), pytest.approx(30))


def test_tb_parents_are_above_children_in_screen_coordinates():
    g = expression_graph()
    geo = layout(g, sizes_for(g), "TB")
    for parent, child in g.edges:
        assert geo.nodes[parent].cy < geo.nodes[child].cy
    out = G.output_node(g)
    assert geo.nodes[out].bottom == pytest.approx(geo.height, abs=TOLERANCE)  # the output at the bottom
    for path in geo.edges.values():  # splines run downwards too
        assert path.points[0][1] < path.arrow_tip[1]


def test_same_layer_shares_a_column_in_index_order_lr():
    g = layered_graph()
    geo = layout(g, sizes_for(g), "LR")
    for members in gvl.layer_groups(g):
        assert len({geo.nodes[n].cx for n in members}) == 1
        ys = [geo.nodes[n].cy for n in members]
        assert ys == sorted(ys) and len(set(ys)) == len(ys)
    # INDEX, not insertion order, decides: x[2] has index 0 and sits on top
    assert geo.nodes["x[2]"].cy < geo.nodes["x[1]"].cy < geo.nodes["x[0]"].cy
    columns = [geo.nodes[m[0]].cx for m in gvl.layer_groups(g)]
    assert columns == sorted(columns)


def test_same_layer_shares_a_row_in_index_order_tb():
    g = layered_graph()
    geo = layout(g, sizes_for(g), "TB")
    for members in gvl.layer_groups(g):
        assert len({geo.nodes[n].cy for n in members}) == 1
        xs = [geo.nodes[n].cx for n in members]
        assert xs == sorted(xs) and len(set(xs)) == len(xs)
    assert geo.nodes["a1[3]"].cx < geo.nodes["a1[0]"].cx


def test_layers_follow_each_other_even_without_edges_between_them():
    g = G.new_graph()
    x = G.add_leaf(g, "x", 1.0, layer=0, index=0)
    w = G.add_leaf(g, "w", 2.0, G.PARAM, layer=1, index=0)
    m = G.add_op(g, "mul", [w, x], layer=2, index=0)
    sizes = {n: (40, 20) for n in g}
    geo = layout(g, sizes, "LR")
    assert geo.nodes[x].cx < geo.nodes[w].cx < geo.nodes[m].cx
    free = layout(g, sizes, "LR", hints=False)  # without hints both sources share a column
    assert free.nodes[x].cx == free.nodes[w].cx


def test_nodes_without_a_layer_are_free():
    g = layered_graph()
    dot = gvl.layout_dot(g, sizes_for(g))
    assert dot.count("rank=same") == 3
    assert '"W1[0,0]"' not in "".join(line for line in dot.splitlines() if "rank=same" in line)
    assert "rank=same" not in gvl.layout_dot(g, sizes_for(g), hints=False)


SPECIAL_IDS = [
    "W1[0,1]",
    "mul#3",
    "a b",
    'say "hi"',
    "back\\",
    "a\\b",
    "two\nlines",
    "port:x",
    "<html>",
    "edge",
    "-1.5",
    "σ",
]


def test_ids_with_special_characters_survive():
    g = nx.DiGraph()
    for a, b in itertools.pairwise(SPECIAL_IDS):
        g.add_edge(a, b)
    g.add_edge("a\\b", "back\\")  # "a\b" and "back\" must not be confused with each other
    sizes = {n: (40, 20) for n in g}
    geo = layout(g, sizes, "LR")
    assert_well_formed(g, geo, sizes)


def test_edge_labels_get_room_and_a_position():
    g = expression_graph()
    sizes = sizes_for(g)
    labelled = {("x", "mul#1"): (80, 18), ("sin#2", "add#3"): (40, 40)}
    for direction in ("LR", "TB"):
        geo = layout(g, sizes, direction, edge_labels=labelled)
        assert_well_formed(g, geo, sizes)
        for edge, path in geo.edges.items():
            if edge not in labelled:
                assert path.label_pos is None
                continue
            (lx, ly), (w, h) = path.label_pos, labelled[edge]
            label = NodeBox(lx, ly, w, h)
            assert label.left + TOLERANCE >= 0 and label.right <= geo.width + TOLERANCE
            for box in geo.nodes.values():  # the label's box overlaps no node
                assert (
                    min(label.right, box.right) - max(label.left, box.left) <= 1
                    or min(label.bottom, box.bottom) - max(label.top, box.top) <= 1
                )
            # and it sits beside its own edge
            assert min(math.dist(path.label_pos, p) for p in path.points) < max(w, h) + 30


def test_ellipse_shapes_clip_edges_at_the_ellipse():
    g = expression_graph()
    sizes = {n: (40, 40) for n in g}
    geo = layout(g, sizes, "LR", shapes={n: "ellipse" for n in g})
    for (parent, child), path in geo.edges.items():
        for node, point in ((parent, path.points[0]), (child, path.arrow_tip)):
            box = geo.nodes[node]
            radius = math.dist((box.cx, box.cy), point)
            assert radius == pytest.approx(20, abs=TOLERANCE)


def test_layout_is_deterministic_and_picklable():
    g = layered_graph()
    first = layout(g, sizes_for(g), "LR", use_cache=False)
    second = layout(g, sizes_for(g), "LR", use_cache=False)
    assert first is not second and first == second
    again = pickle.loads(pickle.dumps(first))
    assert again == first and isinstance(again.edges["x[0]", "mul#1"], EdgePath)


def test_cache_hit_returns_the_same_object_without_graphviz(monkeypatch):
    g = expression_graph()
    sizes = sizes_for(g)
    first = layout(g, sizes, "LR")

    def no_graphviz(dot_source):
        raise AssertionError("Graphviz was called on a cache hit")

    monkeypatch.setattr(worker, "run_dot", no_graphviz)
    # values and labels are not part of the key
    g.nodes["x"][G.VALUE] = 42.0
    g.nodes["sin#2"][G.LABEL] = "sine"
    assert layout(g, sizes, "LR") is first
    # structure, sizes and direction are
    with pytest.raises(AssertionError, match="cache hit"):
        layout(g, sizes, "TB")
    with pytest.raises(AssertionError, match="cache hit"):
        layout(g, {**sizes, "x": (99, 30)}, "LR")
    with pytest.raises(AssertionError, match="cache hit"):
        layout(g, sizes, "LR", use_cache=False)


def test_no_dot_program_is_needed(monkeypatch):
    monkeypatch.setenv("PATH", "")

    def no_processes(*args, **kwargs):
        raise AssertionError("the in-process layout started a process")

    monkeypatch.setattr(worker.subprocess, "Popen", no_processes)
    g = expression_graph()
    assert set(layout(g, sizes_for(g)).nodes) == set(g)


def test_parse_spline_with_start_and_end_markers():
    # bounding box from x = 1 and up to y = 100: move left by 1, flip y
    points, tip = reading._parse_spline("s,1,2 e,30,40 3,4 5,6 7,8 9,10", 1.0, 100.0)
    assert points == ((2, 96), (4, 94), (6, 92), (8, 90))
    assert tip == (29, 60)
    points, tip = reading._parse_spline("1,1 2,2 3,3 4,4.5", 0.0, 10.0)
    assert tip is None and points == ((1, 9), (2, 8), (3, 7), (4, 5.5))


def test_empty_graph_and_bad_input():
    assert layout(nx.DiGraph(), {}) == Geometry(0.0, 0.0, {}, {}, "LR")
    g = expression_graph()
    with pytest.raises(ValueError, match="no size given for node 'x'"):
        layout(g, {})
    with pytest.raises(ValueError, match="direction"):
        layout(g, sizes_for(g), "RL")
    with pytest.raises(ValueError, match="not an edge"):
        layout(g, sizes_for(g), edge_labels={("x", "pow#5"): (10, 10)})
    with pytest.raises(ValueError, match="positive"):
        layout(g, {**sizes_for(g), "x": (0, 10)})


def test_graphviz_failure_is_a_layout_error(monkeypatch):
    def broken(dot_source):
        raise RuntimeError("Graphviz's dot layout failed")

    monkeypatch.setattr(worker, "run_dot", broken)
    g = expression_graph()
    with pytest.raises(LayoutError, match="7 nodes and 7 edges"):
        layout(g, sizes_for(g))
