"""The Trainer steps as core.optim.train does, keeps one line per run, and writes every optimizer's update."""

import pytest

from graphviz_app.builders.examples import load_example
from graphviz_app.builders.network import build_network
from graphviz_app.core.optim import train
from graphviz_app.errors import GraphError
from graphviz_app.session.training.runs import HYPERPARAMETERS, Trainer
from graphviz_app.session.training.step_text import update_lines


@pytest.mark.parametrize("optimizer", list(HYPERPARAMETERS))
def test_trainer_matches_train_and_writes_the_update(optimizer):
    g = build_network(load_example("net-221").payload, view="neuron").graph
    t = Trainer(g, {})
    t.configure(optimizer, lr=0.05)
    t.step(5)
    expected = train(g, 5, optimizer, lr=0.05)
    assert t.run.losses == expected.losses
    assert t.params == expected.params
    lines = update_lines(t.last["W2[0,0]"], optimizer, t.settings)
    assert lines[-1].startswith("W2[0,0] ← ") and lines[-1].endswith(
        f"= {t.params['W2[0,0]']:.4g}".replace("-", "−")
    )


def test_a_new_optimizer_after_steps_starts_a_new_line_from_the_start():
    g = build_network(load_example("net-221").payload, view="neuron").graph
    t = Trainer(g, {})
    t.step(3)
    t.configure("momentum", momentum=0.5)
    t.step(2)
    assert [r.label for r in t.runs] == ["run 1: sgd lr=0.1", "run 2: momentum lr=0.1"]
    assert t.runs[1].losses[0] == t.runs[0].losses[0] and t.runs[1].steps == 2
    with pytest.raises(GraphError, match="no hyper-parameter"):
        t.configure("sgd", beta1=0.5)
    with pytest.raises(GraphError, match="learning rate"):
        t.configure("sgd", lr=-1.0)


def test_layer_view_updates_are_written_element_by_element():
    g = build_network(load_example("net-221").payload, view="layer").graph
    t = Trainer(g, {})
    t.step(1)
    lines = update_lines(t.last["W1"], "sgd", t.settings)
    assert lines[0].startswith("W1[0,0] ← 0.5 − 0.1 × ") and any(
        line.startswith("W1[1,1] ← ") for line in lines
    )


def test_trained_values_reach_the_session_as_one_values_event_and_one_undo_step():
    from graphviz_app.session.state.session import Session

    s = Session()
    s.open_source("example:net-221")
    events, edits = [], []
    s.subscribe(events.append)
    s.edit_listener = edits.append
    s.train(3)  # the session's own trainer, on its values
    t = s.training.trainer
    assert [str(e) for e in events] == ["values", "file", "training"] and [e.kind for e in edits] == ["train"]
    assert s.evaluation is t.evaluation and s.values["b2[0]"] == t.params["b2[0]"] and s.modified


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "rmsprop", "adam"])
def test_an_update_too_small_for_four_digits_still_shows_its_change(optimizer):
    g = build_network(load_example("net-221").payload, view="neuron").graph
    t = Trainer(g, {})
    t.configure(optimizer, lr=1e-5)
    t.step(1)
    moved = [name for name in t.names if t.last[name].old != t.last[name].new]
    assert moved
    for name in moved:
        line = update_lines(t.last[name], optimizer, t.settings)[-1]  # "W ← old − … = new"
        old_text = line.split(" ← ")[1].split(" − ")[0]
        new_text = line.rsplit(" = ", 1)[1]
        assert old_text != new_text, line
