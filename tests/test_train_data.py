"""`train` on data: the examples learn, the JSON has every step's metrics, --plot draws the boundary, --wrt."""

import json
import re

import pytest

from graphviz_app.cli.main import main


def run_json(capsys, *argv):
    code = main(["train", *argv, "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


@pytest.mark.parametrize("name", ["xor", "circles"])
def test_the_examples_reach_test_accuracy_095_in_2000_steps(capsys, name):
    report = run_json(capsys, f"example:{name}", "--steps", "2000")
    assert report["test_accuracy"][-1] >= 0.95
    assert report["test_accuracy"][0] < 0.9  # it was learned, not given
    assert len(report["train_loss"]) == len(report["losses"]) == 2001
    assert report["data"] == {
        "name": name, "points": 200, "train": 100, "test": 100, "batch": 10, "features": ["x1", "x2"]
    }  # fmt: skip
    assert report["train_loss"][-1] < report["train_loss"][0] / 3


def test_spiral_learns_with_the_playgrounds_inputs(capsys):
    report = run_json(capsys, "example:spiral", "--steps", "2000")
    assert report["test_accuracy"][-1] >= 0.95 and len(report["data"]["features"]) == 7


def test_text_output_says_each_steps_metrics(capsys):
    assert main(["train", "example:xor", "--steps", "3"]) == 0
    out = capsys.readouterr().out
    assert "data: xor, 100 training and 100 test points, mini-batches of 10" in out
    assert re.search(r"step +3  loss \S+  train loss \S+ accuracy \S+  test loss \S+ accuracy \S+", out)


def test_plot_draws_every_point_and_the_boundary_beside_the_losses(capsys, tmp_path):
    out = tmp_path / "xor.svg"
    assert main(["train", "example:xor", "--steps", "50", "--plot", str(out)]) == 0
    svg = out.read_text()
    assert svg.count("<circle") == 200
    assert svg.count("<circle") - svg.count('fill="none" stroke-width="2"') == 100  # training points filled
    assert svg.count("<rect") >= 48 * 48  # the grid of the boundary
    assert "test accuracy" in svg and "Decision boundary: xor" in svg
    assert len(re.findall(r"<polyline", svg)) == 2  # train and test loss
    png = tmp_path / "xor.png"
    assert main(["train", "example:xor", "--steps", "5", "--plot", str(png)]) == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_csv_beside_the_spec_is_its_data(capsys, tmp_path):
    rows = "\n".join(f"{i / 10},{-i / 10},{int(i % 2)}" for i in range(40))
    (tmp_path / "points.csv").write_text("x1,x2,label\n" + rows + "\n")
    spec = {"data": {"csv": "points.csv", "test": 0.25}, "batch": 5, "loss": "bce",
            "layers": [{"size": 1, "activation": "sigmoid"}]}  # fmt: skip
    (tmp_path / "net.json").write_text(json.dumps(spec))
    report = run_json(capsys, str(tmp_path / "net.json"), "--steps", "4")
    assert (
        report["data"]["points"] == 40
        and report["data"]["train"] == 30
        and report["data"]["name"] == "points"
    )
    (tmp_path / "points.csv").write_text("x1,x2,label\n1,2,0\n3,x,1\n")
    assert main(["train", str(tmp_path / "net.json"), "--steps", "4"]) == 2
    err = capsys.readouterr().err
    assert err == "graphviz-app: error: data.csv: points.csv line 3: x2 is 'x', expected a finite number\n"


def test_wrt_descends_over_an_expressions_inputs_and_trajectory_follows_it(capsys):
    report = run_json(
        capsys, "(x-1)**2 + 10*(y+2)**2", "--at", "x=0", "--at", "y=0", "--wrt", "x,y", "--steps", "3",
        "--lr", "0.01", "--trajectory",
    )  # fmt: skip
    x, y, xs, ys = 0.0, 0.0, [0.0], [0.0]
    for _ in range(3):  # SGD by hand: ∂/∂x = 2(x − 1), ∂/∂y = 20(y + 2)
        x, y = x - 0.01 * 2 * (x - 1), y - 0.01 * 20 * (y + 2)
        xs.append(x)
        ys.append(y)
    assert report["trajectory"]["x"] == pytest.approx(xs, rel=1e-12)
    assert report["trajectory"]["y"] == pytest.approx(ys, rel=1e-12)
    assert report["params"] == pytest.approx({"x": xs[-1], "y": ys[-1]})


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["sin(x)", "--at", "x=1", "--wrt", "q"], "q"),
        (["example:xor", "--wrt", "W1[0,0]"], "--wrt: a network with data trains its weights and biases"),
        (["example:net-221", "--trajectory"], "--trajectory is part of the --json output: add --json"),
        (["example:net-221", "--wrt", "L"], "--wrt L: only an input or a parameter can be trained"),
    ],
)
def test_wrong_training_options_are_one_line(capsys, argv, message):
    assert main(["train", *argv, "--steps", "2"]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
