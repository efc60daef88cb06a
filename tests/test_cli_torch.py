"""``torch:PATH.py[:FUNCTION]`` on the command line, against real PyTorch.

The seed's SimpleNet (resources/examples/simplenet_torch.py): ``eval --json`` prints the
gradients ``loss.backward()`` gives; every command that takes a SOURCE takes it; the
user's exceptions come back as the last lines of their traceback (exit 2); ``train``
follows ``torch.optim``'s Adam and RMSprop step by step on the same model.
"""

from __future__ import annotations

import json
import runpy
import shutil
from pathlib import Path

import numpy as np
import pytest
import torch
from torch import nn

from graphviz_app.cli.main import main
from graphviz_app.files.torch_source import TRACEBACK_FRAMES

EXAMPLE = Path(__file__).resolve().parent.parent / "resources" / "examples" / "simplenet_torch.py"

FLOAT64 = """
import torch
import torch.nn as nn
from simplenet_torch import SimpleNet


def setup():
    torch.manual_seed(1)
    model = SimpleNet().double()
    x = torch.tensor([[0.5, 1.5], [1.0, -0.5], [0.2, 0.3]], dtype=torch.float64)
    y = torch.tensor([[1.0], [0.0], [0.5]], dtype=torch.float64)
    return model, nn.MSELoss(), x, y


def loss():
    model, criterion, x, y = setup()
    return criterion(model(x), y), {**dict(model.named_parameters()), "x": x, "y": y}


def broken():
    return helper()


def helper():
    raise ValueError("shapes do not match")


def not_a_tensor():
    return 3.0
"""


@pytest.fixture
def models(tmp_path, monkeypatch):
    """The example and a float64 batch version beside it, in the current folder."""
    shutil.copy(EXAMPLE, tmp_path / "simplenet_torch.py")
    (tmp_path / "model64.py").write_text(FLOAT64)
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))  # for the tests' own runs of the files, as the app runs them
    return tmp_path


def _run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _json(capsys, *argv) -> dict:
    code, out, err = _run(capsys, *argv)
    assert code == 0, err
    return json.loads(out)


def _backward(path: Path, function: str = "main"):
    """What ``loss.backward()`` puts in ``.grad`` for the model ``function`` builds."""
    loss, named = runpy.run_path(str(path))[function]()
    loss.backward()
    return {name: t.grad.double().numpy() for name, t in named.items() if t.grad is not None}


@pytest.mark.parametrize(
    ("source", "function", "tolerance"),
    [("simplenet_torch.py", "main", 1e-6), ("model64.py:loss", "loss", 1e-13)],
)
def test_eval_json_prints_the_gradients_of_loss_backward_in_both_views(
    capsys, models, source, function, tolerance
):
    grads = _backward(models / source.split(":")[0], function)
    assert set(grads) == {"hidden.weight", "hidden.bias", "output.weight", "output.bias"}
    neuron = _json(capsys, "eval", f"torch:{source}", "--json")
    layer = _json(capsys, "eval", f"torch:{source}", "--json", "--view", "layer")
    assert neuron["view"] == "neuron" and layer["view"] == "layer" and neuron["kind"] == "torch"
    for name, theirs in grads.items():
        np.testing.assert_allclose(layer["variables"][name]["grad"], theirs, rtol=tolerance, atol=1e-300)
        for index in np.ndindex(theirs.shape):
            element = neuron["variables"][f"{name}[{','.join(map(str, index))}]"]
            assert element["grad"] == pytest.approx(theirs[index], rel=tolerance)
    for report in (neuron, layer):
        assert report["torch"]["agreement"]["agrees"]
        assert report["torch"]["evaluated_in"] == "float64"
    assert layer["torch"]["dtype"] == ("float64" if "64" in source else "float32")


def test_eval_says_the_agreement_in_words(capsys, models):
    code, out, _ = _run(capsys, "eval", "torch:simplenet_torch.py")
    assert code == 0
    assert "PyTorch computed in float32; the app evaluates in float64" in out
    assert "agrees with PyTorch: max rel. error " in out.splitlines()[-1]
    code, out, _ = _run(capsys, "eval", "torch:simplenet_torch.py", "--at", "hidden.weight[0,0]=0.3")
    assert "these values have changed since" in out.splitlines()[-1]


@pytest.mark.parametrize(
    "argv",
    [
        ["paths", "torch:simplenet_torch.py", "--wrt", "hidden.weight[0,1]"],
        ["derive", "torch:simplenet_torch.py", "--wrt", "hidden.weight[0,1]"],
        ["gradcheck", "torch:simplenet_torch.py"],
        ["export", "torch:simplenet_torch.py", "--view", "layer", "-o", "graph.dot"],
        ["train", "torch:model64.py:loss", "--steps", "3"],
        ["mistake", "torch:model64.py:loss", "--kind", "overwrite"],
    ],
)
def test_every_command_that_takes_a_source_takes_a_torch_source(capsys, models, argv):
    code, out, err = _run(capsys, *argv)
    assert code == 0, err
    if argv[0] == "export":
        assert '"hidden.weight"' in (models / "graph.dot").read_text()
    if argv[0] == "paths":
        assert "(agree)" in out


def test_an_exception_in_the_users_code_is_its_last_traceback_lines(capsys, models):
    code, _, err = _run(capsys, "eval", "torch:model64.py:broken")
    assert code == 2
    lines = err.strip().splitlines()
    assert lines[0] == "graphviz-app: error: model64.py raised an exception:"
    assert lines[-1] == "ValueError: shapes do not match"
    assert "in broken" in err and "in helper" in err and "graphviz_app" not in err
    assert sum(line.lstrip().startswith("File ") for line in lines) <= TRACEBACK_FRAMES


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("torch:model64.py:nothing", "model64.py has no function nothing() (it has broken, helper, loss"),
        ("torch:model64.py", "model64.py has no function main()"),
        ("torch:missing.py", "no such file: missing.py"),
        ("torch:model64.txt", "expected torch:PATH.py or torch:PATH.py:FUNCTION"),
        ("torch:model64.py:not_a_tensor", "not_a_tensor() returned float; return the output tensor"),
        ("model64.py", "model64.py is Python code: open it as torch:model64.py"),
    ],
)
def test_a_torch_source_that_names_nothing_usable_says_what_to_fix(capsys, models, source, message):
    code, _, err = _run(capsys, "eval", source)
    assert code == 2
    assert message in err, err


@pytest.mark.parametrize("optimizer", ["adam", "rmsprop"])
def test_train_follows_torch_optim_step_by_step(capsys, models, optimizer):
    steps = 25
    report = _json(
        capsys,
        "train",
        "torch:model64.py:loss",
        "--steps",
        str(steps),
        "--optimizer",
        optimizer,
        "--json",
        "--view",
        "layer",
    )
    model, criterion, x, y = runpy.run_path(str(models / "model64.py"))["setup"]()
    make = {"adam": torch.optim.Adam, "rmsprop": torch.optim.RMSprop}[optimizer]
    opt = make(model.parameters(), lr=report["lr"])
    losses = []
    for _ in range(steps):
        opt.zero_grad()
        loss = criterion(model(x), y)
        losses.append(loss.item())
        loss.backward()
        opt.step()
    losses.append(criterion(model(x), y).item())
    np.testing.assert_allclose(report["losses"], losses, rtol=1e-10)
    for name, p in model.named_parameters():
        np.testing.assert_allclose(report["params"][name], p.detach().numpy(), rtol=1e-10, atol=1e-13)


def test_train_on_the_float32_example_follows_adam_to_float32_round_off(capsys, models):
    report = _json(
        capsys,
        "train",
        "torch:simplenet_torch.py",
        "--steps",
        "30",
        "--optimizer",
        "adam",
        "--lr",
        "0.01",
        "--json",
    )
    example = runpy.run_path(str(models / "simplenet_torch.py"))
    model, criterion, x, y = example["setup"]()
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    for _ in range(30):
        opt.zero_grad()
        criterion(model(x), y).backward()
        opt.step()
    for name, p in model.named_parameters():
        theirs = p.detach().double().numpy()
        for index in np.ndindex(theirs.shape):
            ours = report["params"][f"{name}[{','.join(map(str, index))}]"]
            assert ours == pytest.approx(theirs[index], rel=1e-4, abs=1e-6)


def test_a_model_trained_in_the_app_is_an_nn_module_trained_in_pytorch():
    """The same check without the command line: the app's Adam on from_torch's graph, and torch.optim's."""
    import graphviz_app as ga
    from graphviz_app.core.optim import train

    torch.manual_seed(4)
    model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 2)).double()
    x, k = torch.randn(5, 3, dtype=torch.float64), torch.tensor([0, 1, 1, 0, 1])
    loaded = ga.from_torch(nn.CrossEntropyLoss()(model(x), k), dict(model.named_parameters()), view="layer")
    result = train(loaded.graph, 10, "adam", 0.05, loaded.values)
    opt = torch.optim.Adam(model.parameters(), lr=0.05)
    for _ in range(10):
        opt.zero_grad()
        nn.CrossEntropyLoss()(model(x), k).backward()
        opt.step()
    for name, p in model.named_parameters():
        np.testing.assert_allclose(result.params[name], p.detach().numpy(), rtol=1e-10, atol=1e-13)
