"""The command line: JSON schema, exit statuses, one-line errors."""

import json
import subprocess
import sys

import pytest

from graphviz_app.cli.main import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_eval_json_schema_and_numbers(capsys):
    code, out, err = run(capsys, "eval", "sin(x**2)", "--at", "x=1.5", "--json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert round(data["variables"]["x"]["grad"], 6) == -1.884521
    assert data["variables"]["x"]["value"] == 1.5
    assert round(data["output"]["value"], 4) == 0.7781
    assert {"id", "label", "value"} <= set(data["output"])
    for node in data["nodes"]:
        assert {"id", "op", "label", "value", "grad", "flags"} <= set(node)
    for edge in data["edges"]:
        assert {"source", "target", "arg", "local", "contribution"} <= set(edge)
    pow_edge = next(e for e in data["edges"] if e["source"] == "x")
    assert pow_edge["arg"] == 0 and pow_edge["local"] == 3.0
    assert "implicit" not in data


def test_eval_json_writes_nan_and_inf_as_strings(capsys):
    code, out, _ = run(capsys, "eval", "log(x) * y", "--at", "x=0", "--at", "y=1", "--json")
    assert code == 0
    data = json.loads(out)  # valid JSON despite -inf
    values = {n["label"]: n["value"] for n in data["nodes"]}
    assert "-inf" in values.values()
    flagged = [n for n in data["nodes"] if n["flags"]]
    assert any("log" in f for n in flagged for f in n["flags"])


def test_eval_implicit_circle(capsys):
    code, out, _ = run(capsys, "eval", "x**2 + y**2 = 25", "--at", "x=3", "--at", "y=4", "--json")
    assert code == 0
    imp = json.loads(out)["implicit"]
    assert imp["dependent"] == "y" and imp["independent"] == "x"
    assert imp["dydx"] == pytest.approx(-0.75)
    assert (imp["F_x"], imp["F_y"]) == (6.0, 8.0)


def test_eval_network_example_reports_textbook_gradients(capsys):
    _code, out, _ = run(capsys, "eval", "example:net-221", "--json")
    data = json.loads(out)
    grads = {k: v["grad"] for k, v in data["variables"].items()}
    assert round(grads["W1[0,0]"], 3) == 0.161
    nodes = {n["id"]: n for n in data["nodes"]}
    assert round(nodes["a2[0]"]["value"], 3) == 0.536
    assert round(nodes["z2[0]"]["grad"], 3) == 0.536
    assert data["view"] == "neuron" and "neuron" in data["view_reason"]


def test_layer_view_gives_the_same_gradients(capsys):
    _, out, _ = run(capsys, "eval", "example:net-221", "--view", "layer", "--json")
    data = json.loads(out)
    assert data["view"] == "layer"
    assert round(data["variables"]["W1"]["grad"][0][0], 3) == 0.161


def test_paths_json(capsys):
    _code, out, _ = run(
        capsys, "paths", "x = cos(t); y = sin(t); z = x*y + x**2", "--wrt", "t", "--at", "t=0.5", "--json"
    )
    data = json.loads(out)
    assert data["count"] == 3 and len(data["paths"]) == 3
    assert data["sum"] == pytest.approx(data["gradient"])
    assert data["agree"] is True
    for p in data["paths"]:
        assert p["nodes"][0] == "t" and p["nodes"][-1] == "z"
        product = 1.0
        for f in p["factors"]:
            product *= f
        assert p["product"] == pytest.approx(product)


def test_paths_human_output_and_limit(capsys):
    code, out, _ = run(capsys, "paths", "example:multipath", "--wrt", "t", "--limit", "2")
    assert code == 0
    assert "3 path(s) from t to z" in out and "1 more" in out


def test_gradcheck_and_examples_and_train(capsys):
    code, out, _ = run(capsys, "gradcheck", "example:net-111", "--json")
    assert code == 0 and json.loads(out)["ok"] is True
    code, out, _ = run(capsys, "examples")
    assert "example:net-221" in out and "example:circle" in out
    code, out, _ = run(capsys, "train", "example:net-221", "--steps", "20", "--json")
    losses = json.loads(out)["losses"]
    assert losses[-1] < losses[0]


@pytest.mark.parametrize(
    "argv, message",
    [
        (["eval", "sinn(x)", "--at", "x=1"], "did you mean 'sin'"),
        (["eval", "sin(x)"], "no value for input 'x'"),
        (["eval", "x +", "--at", "x=1"], "line 1"),
        (["eval", "__import__('os').system('touch pwned')"], "__import__"),
        (["eval", "sin(x)", "--at", "x=abc"], "not a number"),
        (["eval", "example:nope"], "no example named 'nope'"),
        (["eval", "missing.json"], "no such file"),
        (["paths", "sin(x)", "--at", "x=1", "--wrt", "q"], "no node here is written 'q' (its nodes: x, f)"),
        (["export", "sin(x)", "--at", "x=1", "-o", "out.jpg"], ".png"),
        (["eval", "sin(x)", "--at", "x=1", "--view", "layer"], "networks only"),
    ],
)
def test_bad_input_exits_2_with_one_line(capsys, tmp_path, monkeypatch, argv, message):
    monkeypatch.chdir(tmp_path)
    code, _out, err = run(capsys, *argv)
    assert code == 2
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "pwned").exists()


def test_bad_network_spec_file(capsys, tmp_path, net_221):
    spec = net_221
    spec["layers"][1]["weights"] = [[0.6], [-0.4]]  # W2 is 1×2: written as a column it does not fit
    path = tmp_path / "net.json"
    path.write_text(json.dumps(spec))
    code, _, err = run(capsys, "eval", str(path))
    assert code == 2
    assert "layers[1].weights: expected 1×2 (out × in), got 2×1" in err
    path.write_text("{not json")
    code, _, err = run(capsys, "eval", str(path))
    assert code == 2 and "not valid JSON" in err


def test_export_dot_png_svg_pdf(capsys, tmp_path):
    import pygraphviz

    for suffix in ("dot", "png", "svg", "pdf"):
        out = tmp_path / f"g.{suffix}"
        step = [] if suffix == "dot" else ["--step", "end"]  # DOT labels carry every number: no step
        code, _stdout, err = run(capsys, "export", "example:sin-square", "-o", str(out), *step)
        assert code == 0, err
        assert out.exists() and out.stat().st_size > 0
    graph = pygraphviz.AGraph(string=(tmp_path / "g.dot").read_text())
    assert graph.number_of_nodes() == 4
    assert (tmp_path / "g.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "g.png").read_bytes()[:4] == b"\x89PNG"
    assert "−1.885" in (tmp_path / "g.svg").read_text()


def test_module_entry_point_exit_status():
    result = subprocess.run(
        [sys.executable, "-m", "graphviz_app", "eval", "1/0"], capture_output=True, text=True
    )
    assert result.returncode == 0  # inf is a value, not an error
    result = subprocess.run(
        [sys.executable, "-m", "graphviz_app", "eval", "x +"], capture_output=True, text=True
    )
    assert result.returncode == 2
    assert result.stderr.startswith("graphviz-app: error: line 1")


def test_window_without_a_display_says_so(monkeypatch):
    env = {
        k: v
        for k, v in __import__("os").environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    result = subprocess.run([sys.executable, "-m", "graphviz_app"], capture_output=True, text=True, env=env)
    assert result.returncode == 2
    assert "no display" in result.stderr and "Traceback" not in result.stderr


def test_output_piped_into_a_reader_that_stops_early_is_not_an_internal_error(tmp_path):
    """`graphviz-app eval ... | head -1`: the pipe closes early; no 'internal error' line, status 0."""
    import subprocess
    import sys

    program = "import sys; from graphviz_app.cli.main import main; sys.exit(main(['eval', 'example:net-221', '--json']))"
    proc = subprocess.Popen([sys.executable, "-c", program], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.readline()
    proc.stdout.close()  # the reader stops, as `head -1` does
    stderr = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=60) == 0
    assert "internal error" not in stderr
    assert "Traceback" not in stderr


DOUBLINGS = "x1 = t + 2*t; " + "; ".join(f"x{k} = x{k - 1} + 2*x{k - 1}" for k in range(2, 61))
"""2^60 paths from t to x60: listing a hundred million of them would never end."""


@pytest.mark.parametrize(
    ("argv", "option"),
    [
        (["paths", DOUBLINGS, "--at", "t=1", "--wrt", "t", "--limit", "100000000"], "--limit"),
        (["derive", DOUBLINGS, "--at", "t=1", "--wrt", "t", "--max-paths", "100000000"], "--max-paths"),
    ],
)
def test_listing_too_many_paths_is_refused_before_any_is_listed(capsys, monkeypatch, argv, option):
    from graphviz_app.session.paths import sum_over_paths as path_sum

    listed = []
    real_row = path_sum.PathSum._row
    monkeypatch.setattr(path_sum.PathSum, "_row", lambda self, *a: listed.append(1) or real_row(self, *a))
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == "" and err.count("\n") == 1
    assert f"{option} 100,000,000" in err and "1,152,921,504,606,846,976" in err
    assert f"at most {path_sum.LIST_LIMIT:,}" in err and f"give {option} 10,000 or less" in err
    assert len(listed) <= path_sum.LIST_LIMIT


def test_a_large_limit_on_a_few_paths_lists_them_all(capsys):
    code, out, _ = run(capsys, "paths", "example:multipath", "--wrt", "t", "--limit", "100000000", "--json")
    data = json.loads(out)
    assert code == 0 and data["count"] == data["shown"] == 3 and data["agree"] is True


def test_the_public_api_refuses_too_many_paths_too():
    import graphviz_app as ga

    with pytest.raises(ga.GraphvizAppError, match=r"limit 100,000,000: .* at most 10,000 are listed"):
        ga.paths(DOUBLINGS, wrt="t", limit=100_000_000, t=1.0)
    assert len(ga.paths(DOUBLINGS, wrt="t", limit=10_000, t=1.0)["paths"]) == 10_000


def _identity_net(tmp_path, weight):
    spec = {
        "input": [1.0],
        "target": [0],
        "loss": "mse",
        "layers": [{"weights": [[weight]], "activation": "identity"}],
    }
    path = tmp_path / f"w{weight:g}.json"
    path.write_text(json.dumps(spec))
    return str(path)


def test_training_that_cannot_go_on_says_why_and_exits_2(capsys, tmp_path):
    start_inf = _identity_net(tmp_path, 1e200)  # (1e200)² overflows: the loss is inf before any step
    code, out, err = run(capsys, "train", start_inf, "--steps", "5")
    assert code == 2 and "step     0  loss inf" in out and err.count("\n") == 1
    assert "training stopped after 0 of 5 steps: the loss is ∞ at the start, so no step can lower it" in err

    code, out, err = run(
        capsys, "train", _identity_net(tmp_path, 1e100), "--steps", "100", "--lr", "10", "--json"
    )
    data = json.loads(out)
    assert code == 2 and data["losses"][-1] == "inf" and len(data["losses"]) == 36
    assert (
        data["stopped"]
        == "the loss became ∞ at step 35: the steps overshoot; lower the learning rate (now 10)"
    )
    assert err == f"graphviz-app: error: training stopped after 35 of 100 steps: {data['stopped']}\n"

    code, out, _ = run(capsys, "train", "example:net-221", "--steps", "3", "--json")
    assert code == 0 and json.loads(out)["stopped"] is None


def test_every_command_that_takes_a_source_takes_view_dependent_and_at():
    """The README's promise, the window command (no subcommand) included."""
    import argparse

    from graphviz_app.cli.main import build_parser

    parser = build_parser()
    (subparsers,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    taking_source = [n for n, p in subparsers.choices.items() if any(a.dest == "source" for a in p._actions)]
    assert "gui" in taking_source and "eval" in taking_source and len(taking_source) >= 8
    for name, sub in subparsers.choices.items():
        options = {o for a in sub._actions for o in a.option_strings}
        if name in taking_source:
            assert {"--view", "--dependent", "--at"} <= options, name
    args = parser.parse_args(["gui", "net.json", "--view", "neuron", "--dependent", "y", "--at", "x=1"])
    assert (args.source, args.view, args.dependent, args.at) == ("net.json", "neuron", "y", ["x=1"])


def test_the_window_command_passes_view_dependent_and_at_to_the_window(monkeypatch):
    """``graphviz-app FILE --view neuron`` is the window command: no "unrecognized arguments"."""
    from graphviz_app.cli import main as cli
    from graphviz_app.gui import app as gui_app

    opened = []
    monkeypatch.setattr(gui_app, "run", lambda source, **kwargs: opened.append((source, kwargs)) or 0)
    assert cli.main(["example:net-221", "--view", "neuron", "--at", "W1[0,0]=0.25"]) == 0
    assert cli.main(["x**2 + y**2 = 25", "--dependent", "x"]) == 0
    assert opened[0][0] == "example:net-221" and opened[0][1]["how"]["view"] == "neuron"
    assert opened[0][1]["how"]["at"] == {"W1[0,0]": 0.25}
    assert opened[1][1]["how"] == {"at": {}, "view": None, "dependent": "x"}


def test_the_window_command_refuses_a_bad_at_before_a_window_opens(capsys):
    from graphviz_app.cli import main as cli

    assert cli.main(["example:net-221", "--at", "W1[0,0]"]) == 2
    assert capsys.readouterr().err.count("\n") == 1


START_PROBE = """
import gc, sys
from graphviz_app.cli import start
sys.argv = ["graphviz-app", "examples", "--json"]
code = start.run()
print(code, gc.isenabled(), gc.get_freeze_count(), file=sys.stderr)
"""


def test_the_process_imports_the_command_then_freezes_it_and_collects_again():
    """graphviz-app's own process (cli/start.py) imports with the collector off and freezes what it imported;
    the command then runs with garbage collected as usual."""
    done = subprocess.run([sys.executable, "-c", START_PROBE], capture_output=True, text=True, timeout=120)
    code, enabled, frozen = done.stderr.split()[-3:]
    assert (code, enabled) == ("0", "True")
    assert int(frozen) > 20_000  # NumPy's, NetworkX's and the app's modules, functions, classes
    assert json.loads(done.stdout)  # the command ran
