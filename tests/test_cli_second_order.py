"""The command line's second derivatives: --order 2, gradcheck --order 2, export --backward-graph."""

from __future__ import annotations

import json

import pygraphviz
import pytest

from graphviz_app.cli.main import main


def run(capsys, *argv):
    try:
        code = main(list(argv))
    except SystemExit as stop:  # argparse refuses a bad option value itself
        code = stop.code
    out, err = capsys.readouterr()
    return code, out, err


def test_eval_order_2_adds_a_symmetric_hessian(capsys):
    code, out, err = run(capsys, "eval", "x**2*y", "--at", "x=3", "--at", "y=4", "--order", "2", "--json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert data["hessian"] == {"x": {"x": 8.0, "y": 6.0}, "y": {"x": 6.0, "y": 0.0}}
    assert "hessian" not in json.loads(
        run(capsys, "eval", "x**2*y", "--at", "x=3", "--at", "y=4", "--json")[1]
    )


def test_eval_order_2_of_an_equation_adds_d2ydx2(capsys):
    code, out, _ = run(capsys, "eval", "example:implicit-curvature", "--order", "2", "--json")
    data = json.loads(out)
    assert code == 0
    assert data["implicit"]["d2ydx2"] == -25 / 64 and data["implicit"]["dydx"] == -0.75


def test_nan_in_the_hessian_is_a_string(capsys):
    code, out, _ = run(capsys, "eval", "sqrt(x)*y", "--at", "x=0", "--at", "y=1", "--order", "2", "--json")
    assert code == 0
    assert json.loads(out)["hessian"]["x"]["x"] in ("nan", "inf", "-inf")


def test_eval_order_2_text_prints_the_hessian_and_y2(capsys):
    code, out, _ = run(capsys, "eval", "example:circle", "--order", "2")
    assert code == 0
    assert "Hessian ∂²f/∂a∂b:" in out
    assert "implicit: y'' = −((2)·(8)² − 2·(0)·(6)·(8) + (2)·(6)²) / (8)³ = −0.3906" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["eval", "sin(x)", "--at", "x=1", "--order", "3"], "orders supported are 1"),
        (["gradcheck", "sin(x)", "--at", "x=1", "--order", "0"], "orders supported are 1"),
        (["eval", "example:net-221", "--view", "layer", "--order", "2"], "--view neuron"),
        (
            ["export", "example:net-221", "--view", "layer", "--backward-graph", "-o", "b.dot"],
            "--view neuron",
        ),
    ],
)
def test_bad_combinations_exit_2_with_one_line(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert message in err and err.count("\n") == 1


def test_gradcheck_order_2_checks_every_pair(capsys):
    code, out, _ = run(capsys, "gradcheck", "example:net-221", "--view", "neuron", "--order", "2", "--json")
    data = json.loads(out)
    assert code == 0 and data["ok"]
    assert {"x[0],x[1]", "x[1],x[1]"} <= {c["name"] for c in data["checks"]}


def test_backward_graph_of_sin_square_exports_to_dot_that_graphviz_lays_out(capsys, tmp_path):
    out = tmp_path / "backward.dot"
    code, _, err = run(capsys, "export", "sin(x**2)", "--at", "x=1.5", "--backward-graph", "-o", str(out))
    assert code == 0 and err == ""
    graph = pygraphviz.AGraph(string=out.read_text(encoding="utf-8"))
    assert {"x", "pow#2", "cos#5", "mul#6", "mul#7"} <= set(graph.nodes())
    assert "sin#3" not in graph.nodes()  # f = sin(x²) itself: no backward rule reads it
    assert graph.has_edge("pow#2", "cos#5") and graph.has_edge("x", "mul#7")
    graph.layout(prog="dot")
    assert all(graph.get_node(n).attr["pos"] for n in graph.nodes())
    assert "value -1.885" in graph.get_node("mul#7").attr["label"]  # ∂f/∂x, reproduced
    assert graph.get_node("x").attr["color"] == "gray60" and not graph.get_node("cos#5").attr["color"]
