"""Training is the session's: its trainer writes the session's values, the one copy of the parameters."""

from graphviz_app.session.state.session import Session


def opened(source="example:net-221"):
    s, edits, events = Session(), [], []
    s.edit_listener = edits.append
    s.open_source(source)
    s.subscribe(events.append)
    return s, edits, events


def test_the_trainer_writes_the_session_values_and_the_session_follows_when_published():
    s, edits, events = opened()
    trainer = s.training.trainer
    assert trainer.values is s.values  # no second copy to keep in step
    start = s.evaluation.output_value
    losses = s.train(4, publish=False)  # steps of a run between two redraws of the canvas
    assert s.training.run.losses[1:] == losses and trainer.params["W1[0,0]"] == s.values["W1[0,0]"]
    assert s.evaluation.output_value == start and [str(e) for e in events] == ["training"]
    s.end_training()  # the run is over: the session follows, one undo step
    assert s.evaluation is trainer.evaluation and s.evaluation.output_value == losses[-1]
    assert [str(e) for e in events] == ["training", "values", "file", "training"]
    assert [e.text for e in edits[1:]] == ["Train 4 steps"]


def test_an_edit_during_a_run_keeps_the_steps_taken_as_their_own_undo_step():
    s, edits, _ = opened()
    before = dict(s.values)
    s.train(5, publish=False)
    trained = s.training.trainer.params
    s.set_value("x[0]", 0.25)
    assert [e.kind for e in edits] == ["reset", "train", "value"]
    assert edits[1].text == "Train 5 steps" and edits[1].after == trained
    s.apply_edit(edits[2], backwards=True)
    s.apply_edit(edits[1], backwards=True)
    assert s.values == before


def test_a_change_made_elsewhere_starts_training_again_from_it_and_another_graph_drops_the_lines():
    s, _, _ = opened()
    s.train(2)
    epoch = s.training.epoch
    s.set_value("W1[0,0]", 0.125)
    assert s.training.epoch == epoch + 1 and s.training.run is None and len(s.training.runs) == 1
    s.train(1)
    assert len(s.training.runs) == 2 and s.training.trainer.last["W1[0,0]"].old == 0.125
    s.open_source("example:net-111")
    assert s.training.runs == [] and s.training.trainer.run is None


def test_a_new_optimizer_goes_back_to_the_start_inside_the_next_undo_step():
    s, edits, _ = opened()
    s.train(3)
    s.end_training()
    trained = dict(s.values)
    assert s.training.configure("adam", lr=0.05)  # a new line, from the starting weights
    s.train(1)
    assert edits[-1].before == {p: trained[p] for p in s.training.trainer.names}
    s.apply_edit(edits[-1], backwards=True)
    assert s.values == trained


def test_reset_is_an_undo_step_and_a_graph_without_parameters_says_why():
    s, edits, _ = opened()
    start = dict(s.values)
    s.train(2)
    s.reset_training()
    assert s.values == start and edits[-1].text == "Reset the training" and s.training.run is None
    s.open_source("sin(x)")
    assert s.training.trainer is None and "nothing to train" in s.training.error
    assert s.train(3) == [] and s.training.stopped is None
