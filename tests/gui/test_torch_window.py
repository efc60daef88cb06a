"""The seed's SimpleNet from PyTorch in the window: both views, PyTorch's agreement, and no half-saves."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.gui.windows import open_and_wait

EXAMPLE = Path(__file__).resolve().parents[2] / "resources" / "examples" / "simplenet_torch.py"


@pytest.fixture
def simplenet(tmp_path) -> str:
    shutil.copy(EXAMPLE, tmp_path / "simplenet_torch.py")
    return f"torch:{tmp_path / 'simplenet_torch.py'}"


def test_simplenet_opens_neuron_by_neuron_and_switches_to_the_layer_view(qtbot, window, simplenet):
    open_and_wait(qtbot, window, simplenet)
    s = window.session
    assert s.loaded.view == "neuron"
    assert window.actions["view_neuron"].isEnabled() and window.actions["view_layer"].isEnabled()
    drawn = set(window.scene.nodes)
    assert {"hidden.weight[0,1]", "hidden.bias[1]", "output.weight[0,0]", "x[0,1]", "y[0,0]", "L"} <= drawn
    assert window.scene.nodes["hidden.weight[0,1]"].lines[0][0] == "hidden.weight[0,1]"
    s.set_value("hidden.weight[0,1]", 0.25)
    with qtbot.waitSignal(window.sig_layout_done, timeout=20000):
        window.actions["view_layer"].trigger()
    assert s.loaded.view == "layer"
    assert {"hidden.weight", "hidden.bias", "output.weight", "output.bias", "x", "y"} <= set(
        window.scene.nodes
    )
    assert float(s.values["hidden.weight"][0, 1]) == 0.25  # the edit came along


def test_the_inspector_says_the_gradient_agrees_with_pytorch(qtbot, window, simplenet):
    open_and_wait(qtbot, window, simplenet)
    window.session.set_step(len(window.session.timeline) - 1)
    window.session.select("hidden.weight[0,1]")
    text = window.inspector.plain_text()
    assert "agrees with PyTorch: max rel. error" in text
    assert "PyTorch computed in float32, the app in float64" in text


def test_saving_a_pytorch_graph_is_refused_with_what_to_do(qtbot, window, simplenet, tmp_path):
    open_and_wait(qtbot, window, simplenet)
    assert not window.files.save_to(tmp_path / "s.json")
    assert "comes from your code: open torch:" in window.banner.text()
    assert not (tmp_path / "s.json").exists()
