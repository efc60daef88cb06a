"""Every reproducer of "bad input gets exit 2" and "values never silently wrong", through the CLI.

Each ran into an internal error (exit 1), a hang, or a wrong number before; each
must now exit 2 with one line naming what to fix.
"""

import json
import os

import pytest

from graphviz_app.cli.main import main

BIG = "1" + "0" * 5000
DEEP = "[" * 100_000 + "]" * 100_000
SESSION = {
    "graphviz_app_session": 1,
    "source": {"kind": "expression", "source": "t*2", "at": {"t": 1.0}},
    "values": {},
    "settings": {},
    "step": 0,
}
SPEC = {
    "input": [0.5, 0.1],
    "target": [0],
    "loss": "bce",
    "layers": [{"size": 2, "activation": "relu"}, {"weights": [[0.6, -0.4]], "activation": "sigmoid"}],
}


def fails_with_one_line(capsys, argv, *fragments):
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse's own usage errors
        code = exc.code
    _out, err = capsys.readouterr()
    assert code == 2, err
    assert err.count("\n") == 1 and "Traceback" not in err and "internal error" not in err
    for fragment in fragments:
        assert fragment in err
    return err


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def session_with(**changes):
    data = json.loads(json.dumps(SESSION))
    for key, value in changes.items():
        if key == "at":
            data["source"]["at"] = value
        else:
            data[key] = value
    return json.dumps(data)


# --- deeply nested JSON: spec, session, --at ---------------------------------------------


@pytest.mark.parametrize("levels", [1000, 100_000])
def test_deeply_nested_spec_and_session(capsys, tmp_path, levels):
    deep = "[" * levels + "]" * levels
    spec = write(tmp_path, "spec.json", json.dumps(SPEC).replace('"target": [0]', f'"target": {deep}'))
    fails_with_one_line(capsys, ["eval", spec], "nested more than 64 levels")
    obj = "{" + '"a":{' * levels + "}" * levels
    session = write(tmp_path, "s.json", session_with().replace('"values": {}', f'"values": {obj}'))
    fails_with_one_line(capsys, ["eval", session], "nested more than 64 levels")


def test_deeply_nested_at_value(capsys):
    fails_with_one_line(capsys, ["eval", "example:net-221", "--at", f"x[0]={DEEP}"], "--at x[0]", "nested")


# --- huge integers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        json.dumps(SPEC).replace('"size": 2', f'"size": {BIG}'),
        json.dumps(SPEC).replace("0.6", BIG),
        session_with().replace('"graphviz_app_session": 1', f'"graphviz_app_session": {BIG}'),
        session_with().replace('"step": 0', f'"step": {BIG}'),
    ],
    ids=["layer size", "weight", "session version", "session step"],
)
def test_huge_integers_in_files(capsys, tmp_path, text):
    fails_with_one_line(capsys, ["eval", write(tmp_path, "f.json", text)], "5001 digits", "at most 50 digits")


def test_huge_integers_in_options(capsys):
    fails_with_one_line(capsys, ["export", "example:sin-square", "-o", "x.svg", "--step", BIG], "--step")
    fails_with_one_line(capsys, ["eval", "x*2", "--at", f"x={BIG}"], "--at x", "5001 digits")
    fails_with_one_line(capsys, ["paths", "x*2", "--at", "x=1", "--wrt", "x", "--limit", BIG], "--limit")
    fails_with_one_line(capsys, ["train", "example:net-221", "--steps", BIG], "--steps")


def test_superscript_step(capsys, tmp_path):
    out = str(tmp_path / "g.svg")
    fails_with_one_line(capsys, ["export", "example:sin-square", "-o", out, "--step", "²"], "--step '²'")
    assert not os.path.exists(out)


# --- values that replace a leaf -------------------------------------------------------------


@pytest.mark.parametrize(
    "view, at, fragments",
    [
        ("layer", "W1=[[1,2],[3,4],[5,6]]", ["--at W1", "shape (2, 2)", "shape (3, 2)"]),
        ("layer", "W1=1", ["--at W1", "shape (2, 2)", "shape ()"]),
        ("layer", 'W1=[[1,"a"],[3,4]]', ["--at W1", "'a'"]),
        ("layer", "x=[1,2,3]", ["--at x", "shape (2,)", "shape (3,)"]),
        ("layer", "b1=[1]", ["--at b1", "shape (2,)", "shape (1,)"]),
        ("layer", "W1=true", ["--at W1", "not a number"]),
        ("layer", "W1=[[1,null],[3,4]]", ["--at W1", "null"]),
        ("neuron", "W1[0,0]=[1,2]", ["--at W1[0,0]", "shape ()", "shape (2,)"]),
        ("neuron", "L=1", ["--at L", "op node"]),
        ("neuron", "z2[0]=1", ["--at z2[0]", "op node"]),
        ("neuron", "y[0]=5", ["--at y[0]", "[0, 1]"]),
        ("neuron", "W1[0,0]=[[1,2],[3]]", ["--at W1[0,0]", "same shape"]),
    ],
)
def test_values_that_replace_a_leaf_are_checked(capsys, view, at, fragments):
    fails_with_one_line(capsys, ["eval", "example:net-221", "--view", view, "--at", at], *fragments)


def test_a_good_value_still_works(capsys):
    assert main(["eval", "example:net-221", "--view", "layer", "--at", "W1=[[1,2],[3,4]]", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["variables"]["W1"]["value"] == [[1.0, 2.0], [3.0, 4.0]]
    assert main(["eval", "log(x) * y", "--at", "x=inf", "--at", "y=[1, 2]"]) == 0  # inf is a value


# --- session fields of the wrong type -------------------------------------------------------


@pytest.mark.parametrize(
    "text, fragment",
    [
        (session_with(at=[1]), "'source.at' must map names to finite numbers, got a list"),
        (session_with(at="t"), "'source.at' must map names"),
        (session_with(at=5), "'source.at' must map names"),
        (session_with(at=None), "'source.at' must map names"),
        (session_with(at={"t": "a"}), "source.at.t: expected a number or a list of numbers, got 'a'"),
        (session_with(at={"t": {}}), "source.at.t: expected a number or a list of numbers, got an object"),
        (session_with(at={"t": None}), "source.at.t: expected a number or a list of numbers, got null"),
        (session_with(at={"t": True}), "source.at.t: expected a number or a list of numbers, got true"),
        (session_with(source={"at": [1]}), "'source' must be an expression record"),
        (session_with(values={"t": [1, [2]]}), "values.t"),
        (session_with(settings=[]), "'settings' must be an object"),
        (session_with(step="3"), "'step' must be a whole number"),
    ],
)
def test_session_fields_of_the_wrong_type(capsys, tmp_path, text, fragment):
    fails_with_one_line(capsys, ["eval", write(tmp_path, "s.json", text)], "s.json: ", fragment)


def test_session_network_spec_errors_name_the_source_field(capsys, tmp_path):
    bad = {**SESSION, "source": {**SPEC, "loss": "hinge"}}
    fails_with_one_line(capsys, ["eval", write(tmp_path, "s.json", json.dumps(bad))], "s.json: source.loss:")


# --- caps and sizes -------------------------------------------------------------------------


def test_train_steps_are_capped(capsys):
    fails_with_one_line(capsys, ["train", "example:net-221", "--steps", "10000000"], "at most 1,000,000")
    fails_with_one_line(capsys, ["train", "example:net-221", "--steps", "0"], "at least 1")
    fails_with_one_line(capsys, ["train", "example:net-221", "--steps", "5", "--lr", "nan"], "--lr")


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(capsys, tmp_path):
    path = tmp_path / "huge.json"
    with path.open("wb") as f:
        f.truncate(200_000_000)  # sparse: nothing is written, and nothing may be read
    fails_with_one_line(capsys, ["eval", str(path)], "200.0 MB", "at most 50.0 MB")


def test_expression_file_without_values_asks_for_them(capsys, tmp_path):
    path = write(tmp_path, "f.txt", "sin(x**2)\n")
    fails_with_one_line(capsys, ["eval", path], "no value for input 'x'")
    assert main(["eval", path, "--at", "x=2"]) == 0


def test_export_write_failures_are_one_line(capsys, tmp_path):
    for fmt in ("svg", "pdf", "png", "tex", "dot"):
        folder = tmp_path / f"taken.{fmt}"
        folder.mkdir()
        fails_with_one_line(
            capsys, ["export", "example:sin-square", "-o", str(folder)], "is a folder: name the file to write"
        )


def test_gradcheck_of_a_big_network_is_refused_not_run_for_an_hour(capsys, tmp_path):
    spec = {
        "input": [0.1] * 200,
        "target": [0.5],
        "loss": "mse",
        "layers": [{"size": 200, "activation": "tanh"}],
    }
    spec["layers"].append({"size": 1, "activation": "identity"})
    path = write(tmp_path, "big.json", json.dumps(spec))
    fails_with_one_line(
        capsys, ["gradcheck", path], "40,602 input, weight and target numbers", "at most 20,000"
    )
