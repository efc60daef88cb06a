"""Tall ranks of a big neuron view wrap into columns: the drawing fits a window's shape, layers stay in order."""

import itertools

from graphviz_app.builders.network import build_network
from graphviz_app.layout.dot_hints import layer_groups
from graphviz_app.layout.graphviz import layout
from tests.specs import net_wide

NET = net_wide()


def test_big_neuron_view_wraps_its_tall_ranks_and_keeps_the_layers_in_order():
    g = build_network(NET, view="neuron").graph
    sizes = dict.fromkeys(g, (60.0, 40.0))
    tall = layout(g, sizes, fold_space=None, use_cache=False)
    wrapped = layout(g, sizes, fold_space=(1200.0, 800.0), use_cache=False)
    assert tall.height > 10 * tall.width  # one rank of 192 products is one very tall column
    assert wrapped.height < 2 * wrapped.width  # wrapped, it has about a window's shape
    fit = min(1200 / wrapped.width, 800 / wrapped.height)
    assert fit > 2 * min(1200 / tall.width, 800 / tall.height)
    boxes = wrapped.nodes
    for before, after in itertools.pairwise(layer_groups(g)):
        assert max(boxes[n].right for n in before) < min(boxes[n].left for n in after)
    for a, b in itertools.combinations(list(boxes.values())[:400], 2):  # no two boxes overlap
        assert a.right <= b.left or b.right <= a.left or a.bottom <= b.top or b.bottom <= a.top
    for (u, v), path in wrapped.edges.items():  # straight edges from border to border
        start, tip = path.points[0], path.arrow_tip
        assert boxes[u].left - 0.01 <= start[0] <= boxes[u].right + 0.01
        assert boxes[v].left - 0.01 <= tip[0] <= boxes[v].right + 0.01
