"""graphviz-app mistake: the table, JSON, and the refusals (exit 2, one line, no traceback)."""

import json
import math

import pytest

from graphviz_app.cli.main import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_overwrite_table_on_multipath(capsys):
    code, out, _ = run(capsys, "mistake", "example:multipath", "--kind", "overwrite")
    assert code == 0
    assert "mistake: Take only one path (= instead of +=)" in out
    line = next(line for line in out.splitlines() if line.startswith("∂z/∂t"))
    assert line.split() == ["∂z/∂t", "-0.301169", "-0.841471", "-0.301169", "right"]
    assert "arrived last and overwrote" in out


def test_forgotten_edge_by_the_captions_name_as_json(capsys):
    code, out, _ = run(
        capsys,
        "mistake",
        "sin(x**2)",
        "--at",
        "x=1.5",
        "--kind",
        "forget-inner",
        "--edge",
        "x",
        "x²",
        "--json",
    )
    assert code == 0
    data = json.loads(out)
    assert data["kind"] == "forget-inner" and data["edge"] == ["x", "pow#2"]
    x = next(row for row in data["rows"] if row["node"] == "x")
    assert x["wrong"] == pytest.approx(math.cos(2.25)) and x["right"] == pytest.approx(3 * math.cos(2.25))
    assert x["finite_difference"] == pytest.approx(3 * math.cos(2.25), rel=1e-7)
    assert x["agrees_with"] == "right"


def test_wrong_order_at_the_square_layer(capsys):
    code, out, _ = run(
        capsys,
        "mistake",
        "example:net-221",
        "--view",
        "layer",
        "--kind",
        "wrong-order",
        "--edge",
        "x",
        "matmul#1",
    )
    assert code == 0
    assert "W1 is square" in out


@pytest.mark.parametrize(
    ("argv", "node", "right", "wrong"),
    [
        (["sin(x**2)", "--at", "x=1.5", "--kind", "inner-first"], "x", 3 * math.cos(2.25), 3 * math.cos(1.5)),
        (
            ["sin(cos(x))", "--at", "x=1", "--kind", "missing-chain"],
            "x",
            -math.cos(math.cos(1)) * math.sin(1),
            math.cos(math.cos(1)),
        ),
        (["y = x^3; f = x^2 + y", "--at", "x=2", "--kind", "partial-total"], "x", 16.0, 4.0),
    ],
)
def test_the_new_mistakes_as_json(capsys, argv, node, right, wrong):
    """Hand-derived: f′ of sin(x²) is 3 cos 2.25, with cos at x 3 cos 1.5; sin(cos x)′ is
    −cos(cos 1) sin 1, its first factor alone cos(cos 1); d/dx (x² + x³) = 16 at 2, ∂/∂x with y = x³
    held constant 4."""
    code, out, _ = run(capsys, "mistake", *argv, "--json")
    assert code == 0
    row = next(row for row in json.loads(out)["rows"] if row["node"] == node)
    assert row["right"] == pytest.approx(right, rel=1e-14) and row["wrong"] == pytest.approx(wrong, rel=1e-14)
    assert row["finite_difference"] == pytest.approx(right, rel=1e-7) and row["agrees_with"] == "right"


def test_kind_help_lists_every_mistake_of_the_table(capsys):
    from graphviz_app.session.checks.mistake_table import MISTAKES

    with pytest.raises(SystemExit):
        main(["mistake", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    for entry in MISTAKES:
        assert f"{entry.kind}: {' '.join(entry.cli.split())}" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["example:net-221", "--view", "layer", "--kind", "wrong-order"], "W2 is 1×2"),
        (["example:multipath", "--kind", "wrong-order"], "layer view"),
        (["example:multipath", "--kind", "sigma"], "no sigmoid"),
        (["sin(x**2)", "--at", "x=1.5", "--kind", "overwrite"], "no node here is used twice"),
        (["x*y", "--at", "x=1", "--at", "y=2", "--kind", "forget-inner"], "no function of one argument"),
        (["example:multipath", "--kind", "forget-inner", "--edge", "t", "z"], "there is no edge t → z"),
        (["example:multipath", "--kind", "forget-inner", "--edge", "t", "q"], "no node here is written 'q'"),
        (["example:multipath", "--kind", "overwrite", "--edge", "x", "z"], "leave out --edge"),
        (["example:multipath", "--kind", "partial-total"], "no variable here reaches z both directly"),
        (["sin(x)", "--at", "x=1", "--kind", "inner-first"], "no function here is applied to an operation"),
        (["sin(x**2)", "--at", "x=1", "--kind", "missing-chain"], "no function here is applied to another"),
        (["example:multipath", "--kind", "inner-first", "--edge", "x", "z"], "leave out --edge"),
    ],
)
def test_refusals_exit_2_with_one_line(capsys, argv, message):
    code, out, err = run(capsys, "mistake", *argv)
    assert code == 2 and out == ""
    assert err.startswith("graphviz-app: error: ") and message in err
    assert "Traceback" not in err and err.count("\n") == 1
