"""The network form's logic without a display: reading its fields and merging them into a spec."""

import pytest

from graphviz_app.errors import SpecError
from graphviz_app.session.state.network_form import (
    HINT_NO_NETWORK,
    element_name,
    form_spec,
    layer_title,
    parse_numbers,
    too_many_weights_hint,
    weight_tip,
)
from tests.specs import net_221

OLD = net_221(title="mine", target=[0.0])


def test_layers_of_the_same_shape_keep_their_weights_and_new_activation():
    spec = form_spec(OLD, "1, 2", "1", [(2, "tanh"), (1, "sigmoid")], "mse", 3, "he")
    assert spec["layers"][0] == {
        "weights": [[0.5, -0.2], [0.3, 0.8]],
        "bias": [0.1, -0.1],
        "activation": "tanh",
    }
    assert spec["title"] == "mine" and spec["input"] == [1.0, 2.0] and spec["loss"] == "mse"
    assert spec["init"] == {"seed": 3, "scheme": "he"}


def test_a_resized_layer_and_the_next_get_new_weights():
    spec = form_spec(OLD, "1, 2", "1", [(3, "relu"), (1, "sigmoid")], "bce", 0, "xavier")
    assert spec["layers"] == [{"size": 3, "activation": "relu"}, {"size": 1, "activation": "sigmoid"}]


def test_redraw_draws_every_layer_again():
    spec = form_spec(OLD, "1, 2", "1", [(2, "relu"), (1, "sigmoid")], "bce", 0, "xavier", redraw=True)
    assert all("weights" not in layer for layer in spec["layers"])


def test_unreadable_numbers_name_the_field_and_the_piece():
    with pytest.raises(SpecError, match=r"target\[1\]: 'y' is not a number"):
        form_spec(OLD, "1, 2", "1, y", [(1, "sigmoid")], "bce", 0, "xavier")
    with pytest.raises(SpecError, match="expected a finite number"):
        parse_numbers("1, inf", "input")
    assert parse_numbers("1, −2; 3, 4", "input") == [[1.0, -2.0], [3.0, 4.0]]


def test_hints_and_tips():
    assert HINT_NO_NETWORK.startswith("no network is open")
    assert element_name("W1", (0, 1)) == "W1[0,1]"
    assert too_many_weights_hint(2, 100, 50) == (
        "layer 2 has 100×50 weights, too many for a table; edit them in a spec file"
    )
    assert weight_tip("W1[0,1]", 0.5, None) == "W1[0,1] = 0.5"
    assert weight_tip("b1[0]", 0.5, -0.25).splitlines()[1] == "∂L/∂b1[0] = −0.25"  # a true minus sign


# --- the other layer types: a row is a FormLayer -------------------------------------------------


def test_rows_of_every_type_become_layers_and_keep_their_parameters():
    from graphviz_app.builders.examples import load_example
    from graphviz_app.builders.network_spec import parse_spec
    from graphviz_app.session.state.network_form import FormLayer, form_layers

    old = parse_spec(load_example("layernorm").payload).to_dict()
    rows = form_layers(old)
    assert rows == [FormLayer(3, "tanh"), FormLayer(3, "identity", "layernorm"), FormLayer(1, "sigmoid")]
    assert [row.sized for row in rows] == [True, False, True]
    spec = form_spec(old, "0.5, -1", "1", rows, "bce", 0, "xavier")
    assert spec["layers"][1] == {"type": "layernorm", "g": [1.0, 1.5, 0.5], "beta": [0.0, 0.2, -0.1]}
    # a normalisation keeps its input's size, whatever its row says; a skip on a norm is dropped
    rows[1] = FormLayer(7, "relu", "layernorm", residual=True)
    assert form_spec(old, "0.5, -1", "1", rows, "bce", 0, "xavier")["layers"][1] == spec["layers"][1]
    # a wider hidden layer: the norm's g and beta are drawn again (ones and zeros), the next layer too
    rows[0] = FormLayer(4, "tanh")
    changed = form_spec(old, "0.5, -1", "1", rows, "bce", 0, "xavier")["layers"]
    assert changed[1] == {"type": "layernorm"} and changed[2] == {"size": 1, "activation": "sigmoid"}


def test_attention_and_residual_rows():
    from graphviz_app.builders.examples import load_example
    from graphviz_app.builders.network_spec import parse_spec
    from graphviz_app.session.state.network_form import FormLayer, form_layers

    old = parse_spec(load_example("attention").payload).to_dict()
    rows = form_layers(old)
    assert rows[0] == FormLayer(2, "identity", "attention")
    kept = form_spec(
        old, "1, 0; 0, 1; 1, 1", "1; 0; 0.5", [rows[0]._replace(residual=True), rows[1]], "mse", 0, "xavier"
    )
    assert kept["layers"][0]["residual"] is True and kept["layers"][0]["Wq"] == [[0.6, -0.2], [0.3, 0.5]]
    grown = form_spec(
        old, "1, 0; 0, 1; 1, 1", "1; 0; 0.5", [rows[0]._replace(size=3), rows[1]], "mse", 0, "xavier"
    )
    assert grown["layers"] == [{"type": "attention", "size": 3}, {"size": 1, "activation": "identity"}]
    assert layer_title(1, old["layers"][0]) == "Layer 1: 2 → 2, attention"
    residual = {"weights": [[1.0]], "bias": [0.0], "activation": "sigmoid", "residual": True}
    assert layer_title(3, residual) == "Layer 3: 1 → 1, sigmoid, residual"
    assert (
        layer_title(2, {"type": "batchnorm", "g": [1, 1], "beta": [0, 0]})
        == "Layer 2: batchnorm over 2 features"
    )


def test_the_weight_table_of_each_type_names_its_leaves():
    from graphviz_app.builders.examples import load_example
    from graphviz_app.builders.network_spec import parse_spec
    from graphviz_app.session.state.weight_table import Cell, weight_table

    dense = weight_table(OLD["layers"][0])
    assert dense.columns == ["in 0", "in 1", "bias"] and dense.rows[1][0] == "neuron 1"
    assert dense.rows[1][1][2] == Cell("b", (1,), -0.1) and dense.rows[0][1][1] == Cell("W", (0, 1), -0.2)
    attention = weight_table(parse_spec(load_example("attention").payload).to_dict()["layers"][0])
    assert [header for header, _ in attention.rows] == ["Wq 0", "Wq 1", "Wk 0", "Wk 1", "Wv 0", "Wv 1"]
    assert attention.rows[3][1][1] == Cell("Wk", (1, 1), 0.7) and attention.size == 12


def test_a_network_with_data_keeps_its_data_when_its_layers_change():
    from graphviz_app.builders.network import parse_spec
    from graphviz_app.session.state.network_form import data_summary
    from graphviz_app.session.state.session import Session

    s = Session()
    s.open_source("example:xor")
    old = s.network_spec()  # what the form holds: every weight explicit
    spec = form_spec(old, "not numbers", "", [(5, "relu"), (1, "sigmoid")], "bce", 2, "he")
    assert spec["data"] == old["data"] and spec["batch"] == 10 and "input" not in spec
    parsed = parse_spec(spec)
    assert parsed.sizes == (2, 5, 1) and parsed.data.name == "xor"
    kept = form_spec(old, "", "", [(4, "tanh"), (1, "sigmoid")], "bce", 0, "xavier")
    assert kept["layers"][0]["weights"] == old["layers"][0]["weights"]  # same shapes: the weights stay
    assert data_summary(spec) == "the data: xor, 200 points, 50% held out for testing, mini-batches of 10"
    assert data_summary({"input": [1.0], "target": [0.0]}) is None
