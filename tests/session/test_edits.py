"""Undoable edits (issue 11, item 9) and the view switch keeping its place (item 6), without a display."""

import pytest

from graphviz_app.session.state.edits import RESET, SOURCE, VALUE, VIEW
from graphviz_app.session.state.session import Session


@pytest.fixture
def recorded():
    s = Session()
    edits = []
    s.edit_listener = edits.append
    return s, edits


def test_value_edit_is_recorded_and_undone(recorded):
    s, edits = recorded
    s.open_source("sin(x**2)", {"x": 1.5})
    assert [e.kind for e in edits] == [RESET]
    s.set_value("x", 0.5)
    edit = edits[-1]
    assert edit.kind == VALUE and edit.leaf == "x" and (edit.before, edit.after) == (1.5, 0.5)
    s.apply_edit(edit, backwards=True)
    assert s.values["x"] == 1.5 and s.evaluation.grads["x"] == pytest.approx(-1.8845208681682175)
    s.apply_edit(edit)
    assert s.values["x"] == 0.5
    assert len(edits) == 2  # replaying is not a new edit


def test_expression_edit_is_undone_with_its_values(recorded):
    s, edits = recorded
    s.open_source("sin(x**2)", {"x": 1.5})
    s.set_expression("cos(x) + y")
    edit = edits[-1]
    assert edit.kind == SOURCE
    s.apply_edit(edit, backwards=True)
    assert s.expression_text == "sin(x**2)" and s.values == {"x": 1.5}
    s.apply_edit(edit)
    assert s.expression_text == "cos(x) + y" and set(s.values) == {"x", "y"}


def test_network_structure_and_weights_are_undone(recorded):
    s, edits = recorded
    s.open_source("example:net-221")
    s.set_value("W1[0,0]", 0.9)
    weight = edits[-1]
    spec = s.network_spec()
    spec["layers"][0]["activation"] = "tanh"
    s.set_network(spec)
    structure = edits[-1]
    assert structure.kind == SOURCE
    s.apply_edit(structure, backwards=True)
    assert s.network_spec()["layers"][0]["activation"] == "relu"
    assert s.values["W1[0,0]"] == 0.9
    s.apply_edit(weight, backwards=True)
    assert s.values["W1[0,0]"] == 0.5


def test_view_switch_is_an_edit_and_keeps_the_end(recorded):
    s, edits = recorded
    s.open_source("example:net-221")
    s.set_step(len(s.timeline) - 1)
    s.set_view("layer")
    assert s.step == len(s.timeline) - 1  # the end stays the end
    assert edits[-1].kind == VIEW and (edits[-1].before, edits[-1].after) == ("neuron", "layer")
    s.apply_edit(edits[-1], backwards=True)
    assert s.loaded.view == "neuron" and s.step == len(s.timeline) - 1


def test_view_switch_maps_the_step_by_phase():
    s = Session()
    s.open_source("example:net-221")
    backward = s.timeline.index_of_phase("backward")
    s.set_step(backward)
    s.set_view("layer")
    assert s.step == s.timeline.index_of_phase("backward")
    s.set_step(s.timeline.index_of_phase("forward"))
    s.set_view("neuron")
    assert s.timeline.phase_of(s.step) == "forward"


def test_opening_resets_the_history(recorded):
    s, edits = recorded
    s.open_source("sin(x)")
    s.set_value("x", 2.0)
    s.open_source("example:circle")
    assert edits[-1].kind == RESET


def test_the_writes_of_a_training_run_merge_into_one_edit(recorded):
    from graphviz_app.session.state.edits import TRAIN

    s, edits = recorded
    s.open_source("example:net-221")
    start = dict(s.values)
    for steps in (10, 20):  # the canvas follows twice during the run
        s.train(steps)
    t = s.training.trainer
    first, second = edits[1:]
    assert first.kind == second.kind == TRAIN and first.run == second.run
    run = first.merged(second)
    assert run.text == "Train 30 steps" and run.before == {p: start[p] for p in t.names}
    assert run.after == t.params
    trained = dict(s.values)
    s.apply_edit(run, backwards=True)
    assert s.values == start and s.evaluation.output_value != t.loss
    s.apply_edit(run)
    assert s.values == trained and len(edits) == 3

    s.end_training()  # the next run is another step of the history
    s.train(5)
    assert edits[-1].text == "Train 5 steps"
    assert edits[-1].run != run.run and run.merged(edits[-1]) is None
    s.set_value("x[0]", 0.25)  # another edit ends the run too
    s.train(1)
    assert edits[-1].text == "Train 1 step"
    assert edits[-1].kind == TRAIN and edits[-1].run not in (run.run, edits[-3].run)


def test_training_that_changes_no_number_is_no_edit(recorded):
    from graphviz_app.session.training.runs import Trainer

    s, edits = recorded
    s.open_source("example:net-221")
    s.set_trained_values(Trainer(s.graph, s.values).params)  # Reset at the starting weights
    assert len(edits) == 1


def test_collapsing_a_layer_is_an_edit(recorded):
    from graphviz_app.session.state.edits import COLLAPSE

    s, edits = recorded
    s.open_source("example:net-221")
    s.set_collapsed("layer 1")
    s.set_collapsed("layer 1")  # already collapsed: no edit
    s.set_collapsed("layer 2")
    s.set_collapsed("layer 1", False)
    assert [(e.kind, e.text) for e in edits[1:]] == [
        (COLLAPSE, "Collapse layer 1"),
        (COLLAPSE, "Collapse layer 2"),
        (COLLAPSE, "Expand layer 1"),
    ]
    for edit in reversed(edits[1:]):
        s.apply_edit(edit, backwards=True)
    assert s.settings.collapsed == () and len(edits) == 4
