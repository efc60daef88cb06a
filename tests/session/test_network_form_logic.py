"""The network form's logic without a display: reading its fields and merging them into a spec."""

import pytest

from graphviz_app.errors import SpecError
from graphviz_app.session.state.network_form import (
    HINT_NO_NETWORK,
    element_name,
    form_spec,
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
