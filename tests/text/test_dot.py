"""to_dot(): DOT that carries names, values, gradients and derivatives, and re-reads."""

import json

import numpy as np
import pygraphviz
import pytest

from graphviz_app.core import graph as G
from graphviz_app.core.evaluate import evaluate
from graphviz_app.exports.dot import format_number, to_dot


def neuron():
    """a = σ(w·x + b) against a target, with a constant: every node kind."""
    g = G.new_graph()
    x = G.add_leaf(g, "x", 0.5, G.INPUT, layer=0, index=0)
    w = G.add_leaf(g, "w", -1.25, G.PARAM)
    b = G.add_leaf(g, "b", 0.75, G.PARAM)
    t = G.add_leaf(g, "t", 1.0, G.TARGET)
    z = G.add_op(g, "add", [G.add_op(g, "mul", [w, x]), b], name="z")
    a = G.add_op(g, "sigmoid", [z], layer=1, index=0)
    d = G.add_op(g, "sub", [a, t])
    half = G.add_constant(g, 0.5)
    G.add_op(g, "mul", [half, G.add_op(g, "mul", [d, d])])
    return g


def reparse(text):
    graph = pygraphviz.AGraph(string=text)
    out = json.loads(graph.draw(format="json0", prog="dot"))  # in-process layout
    return graph, {obj["name"]: obj for obj in out["objects"] if "pos" in obj}


def test_labels_carry_values_gradients_and_local_derivatives():
    g = neuron()
    ev = evaluate(g)
    text = to_dot(g, ev)
    graph, laid_out = reparse(text)
    assert set(laid_out) == set(g.nodes)
    visible = [e for e in graph.edges() if e.attr["style"] != "invis"]  # invisible: layer order
    assert len(visible) == g.number_of_edges()
    a = "sigmoid#2"
    lines = graph.get_node(a).attr["label"].split("\\n")
    assert lines == ["σ", f"value {ev.values[a]:.4g}", f"grad {ev.grads[a]:.4g}"]
    assert lines[1:] == ["value 0.5312", "grad -0.4688"]  # σ(−1.25·0.5 + 0.75) = σ(0.125); a − t
    assert graph.get_node("z").attr["label"].startswith("z = +\\nvalue 0.125\\ngrad")
    local = ev.local[("z", a)]
    assert graph.get_edge("z", a).attr["label"] == f"local {local:.4g}" == "local 0.249"
    assert graph.get_edge("sub#3", "mul#5").attr["label"] == "local -0.9376"  # d·d: 2d
    assert graph.get_node("const#4").attr["label"] == "0.5"  # a constant shows just itself


def test_shapes_follow_node_kinds_and_layers_become_ranks():
    g = neuron()
    graph, _ = reparse(to_dot(g))
    shape = {n: graph.get_node(n).attr["shape"] for n in g}
    assert shape["x"] == "ellipse" and shape["t"] == "ellipse"
    assert graph.get_node("t").attr["style"] == "dashed"
    assert shape["w"] == shape["b"] == "box"
    assert shape["const#4"] == "plaintext"
    assert shape["mul#1"] == "circle"  # a short op symbol without numbers
    assert shape["z"] == "box"  # a named op: "z = +"
    assert '{rank=same; "x";}' in to_dot(g) and '{rank=same; "sigmoid#2";}' in to_dot(g)
    assert "value" not in to_dot(g)  # no evaluation: names and symbols only
    assert graph.graph_attr["rankdir"] == "LR"
    tb = pygraphviz.AGraph(string=to_dot(g, direction="TB"))  # keep a reference: pygraphviz frees
    assert tb.graph_attr["rankdir"] == "TB"  # the C graph with the Python object


def test_arrays_show_their_shape():
    g = G.new_graph()
    W = G.add_leaf(g, "W1", np.array([[1.0, 2.0], [3.0, 4.0]]), G.PARAM)
    x = G.add_leaf(g, "x", np.array([0.5, -0.5]))
    G.add_op(g, "sum", [G.add_op(g, "matmul", [W, x])])
    ev = evaluate(g)
    text = to_dot(g, ev)
    graph, _ = reparse(text)
    assert graph.get_node("W1").attr["label"] == "W1 [2×2]"
    assert graph.get_node("x").attr["label"] == "x [2]"
    assert graph.get_node("sum#2").attr["label"] == "Σ\\nvalue -1\\ngrad 1"
    assert '"W1" -> "matmul#1";' in text  # a tensor edge: no single number to show
    assert '"matmul#1" -> "sum#2";' in text


def test_special_ids_and_label_characters_round_trip():
    g = G.new_graph()
    names = ["a b", 'q"uote', "back\\", "W1[0,1]", "edge"]
    for name in names:
        G.add_leaf(g, name, 2.0)
    G.add_op(g, "add", [names[0], names[1]])
    G.add_op(g, "mul", [names[2], names[3]])
    text = to_dot(g, evaluate(g, output="mul#2"))
    graph, laid_out = reparse(text)
    assert len(laid_out) == g.number_of_nodes()
    labels = sorted(graph.get_node(n).attr["label"].split("\\n")[0] for n in graph.nodes())
    # the label of "back\\" is stored escaped (two backslashes) and drawn with one
    assert labels == sorted(["a b", 'q"uote', "back\\\\", "W1[0,1]", "edge", "+", "×"])


def test_format_number():
    assert format_number(0.536123) == "0.5361"
    assert format_number(1234567.0) == "1.235e+06"
    assert format_number(np.float64(-0.0001234)) == "-0.0001234"
    assert format_number(float("inf")) == "inf"
    assert format_number(np.ones((3, 1, 2))) == "[3×1×2]"


def test_bad_direction():
    with pytest.raises(ValueError, match="direction"):
        to_dot(neuron(), direction="BT")
