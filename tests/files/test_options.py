"""Options checked in one place: --step, --steps, and training in chunks."""

import json

import pytest

from graphviz_app.cli.main import main
from graphviz_app.core.optim import train
from graphviz_app.errors import SourceError
from graphviz_app.files import load_source, parse_step, parse_train_steps


@pytest.mark.parametrize(
    "text, value", [("0", 0), (" 12 ", 12), ("end", "end"), ("forward", "forward"), (7, 7)]
)
def test_steps_that_parse(text, value):
    assert parse_step(text) == value


@pytest.mark.parametrize("text", ["²", "٣", "-3", "1" * 10, "1" * 5000, "", "12.5", "ends", True])
def test_steps_that_do_not(text):
    with pytest.raises(SourceError, match="--step"):
        parse_step(text)


@pytest.mark.parametrize("text", ["0", "-1", "1000001", "²", "1e3", "1" * 5000])
def test_training_lengths_refused(text):
    with pytest.raises(SourceError, match="--steps"):
        parse_train_steps(text)


@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_training_in_chunks_gives_the_same_numbers_as_one_run(capsys, optimizer):
    assert main(["train", "example:net-221", "--steps", "2500", "--optimizer", optimizer, "--json"]) == 0
    chunked = json.loads(capsys.readouterr().out)
    loaded = load_source("example:net-221")
    direct = train(loaded.graph, 2500, optimizer=optimizer, values=loaded.values)
    assert len(chunked["losses"]) == 2501
    assert chunked["losses"] == pytest.approx(direct.losses, rel=0, abs=0)
    assert chunked["params"]["W1[0,0]"] == direct.params["W1[0,0]"]


def test_ctrl_c_stops_a_long_training_with_one_line(capsys, monkeypatch):
    from graphviz_app.session.training.runs import Trainer

    real, calls = Trainer.step, []

    def interrupted_on_the_third_chunk(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(Trainer, "step", interrupted_on_the_third_chunk)
    assert main(["train", "example:net-221", "--steps", "100000"]) == 130
    _out, err = capsys.readouterr()
    assert err == "graphviz-app: training interrupted after 2000 of 100000 steps\n"
