"""The window and the ``train`` command share one training loop; the panel only draws and commands."""

import json
from collections.abc import Mapping

import pytest

from graphviz_app.cli.main import main
from graphviz_app.gui.panels.training_panel import TrainingPanel
from graphviz_app.session.training.runs import Trainer


@pytest.mark.parametrize("optimizer, lr", [("adam", "0.01"), ("momentum", "0.05")])
def test_the_window_and_the_command_line_train_bit_for_bit_alike(qtbot, make_window, capsys, optimizer, lr):
    # 1 200 steps: the command line takes them in chunks of 1 000, the window by time from a timer
    argv = ["train", "example:net-221", "--steps", "1200", "--optimizer", optimizer, "--lr", lr, "--json"]
    assert main(argv) == 0
    cli = json.loads(capsys.readouterr().out)
    window = make_window("example:net-221")
    s, panel = window.session, window.training_panel
    panel.optimizer.setCurrentText(optimizer)
    panel.spins["lr"].setValue(float(lr))
    panel.step_once()  # Step, Step, then Run: one line all the same
    panel.step_once()
    panel.run(1198)
    qtbot.waitUntil(lambda: not panel.running, timeout=120_000)
    assert s.training.run.losses == cli["losses"]  # JSON keeps every bit of a float
    assert {name: s.values[name] for name in cli["params"]} == cli["params"]
    assert s.evaluation.output_value == cli["losses"][-1]


def test_the_panel_holds_no_copy_of_the_parameters(qtbot, session):
    session.open_source("example:net-221")
    panel = TrainingPanel(session)
    qtbot.addWidget(panel)
    panel.step_once()
    trainer = session.training.trainer
    assert trainer.values is session.values  # the trainer writes the session's own values
    names = set(trainer.names)
    for attr, value in vars(panel).items():
        assert not isinstance(value, Trainer), attr
        assert not (isinstance(value, Mapping) and names & set(value)), attr
    session.set_value("W1[0,0]", 0.125)  # an edit: the next step starts from it, nothing to copy back
    panel.step_once()
    assert session.training.trainer.last["W1[0,0]"].old == 0.125
    assert session.values["W1[0,0]"] == session.training.trainer.last["W1[0,0]"].new
