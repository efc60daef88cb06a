"""Bad network specs: every message names the JSON path and what was expected there."""

import copy
import json

import pytest

from graphviz_app.builders import network as N
from graphviz_app.builders.network_spec import MAX_PARAMETERS, parse_spec
from graphviz_app.errors import SpecError
from tests.specs import net_221

GOOD = net_221()


def changed(path, value):
    """GOOD with the field at ``path`` (a list of keys) set to ``value`` (or removed for ``...``)."""
    spec = copy.deepcopy(GOOD)
    *parents, last = path
    node = spec
    for key in parents:
        node = node[key]
    if value is ...:
        del node[last]
    else:
        node[last] = value
    return spec


CASES = [
    # shapes
    (
        ["layers", 1, "weights"],
        [[0.6], [-0.4]],
        "layers[1].weights: expected 1×2 (out × in), got 2×1; PyTorch's layout has one row per output neuron",
    ),
    (
        ["layers", 0, "weights"],
        [[0.5, -0.2, 1.0], [0.3, 0.8, 1.0]],
        "layers[0].weights: expected 2×2 (out × in), got 2×3",
    ),
    (
        ["layers", 0, "weights"],
        [[0.5, -0.2], [0.3]],
        "layers[0].weights: expected 2×2 (out × in), got rows of different lengths [1, 2]",
    ),
    (["layers", 0, "weights"], 0.5, "layers[0].weights: expected 2×2 (out × in): a list of 2 rows"),
    (
        ["layers", 0, "bias"],
        [0.1, 0.2, 0.3],
        "layers[0].weights: expected 3×2 (out × in), got 2×2 "
        "(layers[0].bias has 3 numbers, so the layer has 3 outputs)",
    ),
    (["layers", 0, "size"], 3, 'layers[0].bias: expected 3 numbers ("size" is 3), got 2'),
    (
        ["layers", 1],
        {"size": 2, "weights": [[1, 2]], "activation": "sigmoid"},
        'layers[1].weights: expected 2×2 (out × in), got 1×2 ("size" is 2, so the layer has 2 outputs)',
    ),
    # numbers
    (["layers", 0, "bias", 1], "abc", 'layers[0].bias[1]: expected a finite number, got "abc"'),
    (["layers", 0, "weights", 1, 0], None, "layers[0].weights[1][0]: expected a finite number, got null"),
    (["layers", 0, "weights", 0, 1], True, "layers[0].weights[0][1]: expected a finite number, got true"),
    (["layers", 1, "bias", 0], float("nan"), "layers[1].bias[0]: expected a finite number, got NaN"),
    (["input", 1], float("inf"), "input[1]: expected a finite number, got Infinity"),
    (["input"], [], "input: expected a non-empty list of numbers"),
    (["input"], [[1, 2], [3]], "input[1]: expected 2 numbers like row 0, got 1"),
    (["input"], [1, 2, 3], "layers[0].weights: expected 2×3 (out × in), got 2×2"),
    # names
    (
        ["layers", 0, "activation"],
        "sigmod",
        "layers[0].activation: unknown activation \"sigmod\" (did you mean 'sigmoid'?); "
        "expected one of identity,",
    ),
    (
        ["layers", 0, "activation"],
        "softmax",
        "layers[0].activation: softmax is allowed on the last layer only",
    ),
    (["loss"], "crossentropy", "loss: unknown loss \"crossentropy\" (did you mean 'cross_entropy'?)"),
    (["loss"], 3, "loss: unknown loss 3; expected one of mse, half_mse, bce, cross_entropy"),
    # targets
    (["target"], [2], "target[0]: a bce target is a probability in [0, 1], got 2"),
    (["target"], 1.5, "target: a bce target is a probability in [0, 1], got 1.5"),
    (["target"], [0, 1], "target: expected 1 numbers (one per output), got 2"),
    (["target"], "yes", 'target: expected a finite number, got "yes"'),
    # missing fields and unknown keys
    (["input"], ..., '(top level): missing "input"'),
    (["target"], ..., '(top level): missing "target"'),
    (["layers"], ..., '(top level): missing "layers"'),
    (["loss"], ..., '(top level): missing "loss"'),
    (["layers", 1, "activation"], ..., 'layers[1]: missing "activation" (one of identity, sigmoid'),
    (["layers", 1, "weights"], ..., 'layers[1]: missing "weights" (a list of rows, out × in) or "size"'),
    (["layers"], [], "layers: expected a non-empty list of layers, got a list"),
    (
        ["layers", 0],
        "relu",
        'layers[0]: expected an object like {"size": 3, "activation": "relu"}, got "relu"',
    ),
    (
        ["lr"],
        0.1,
        "lr: unknown key; allowed keys: input, target, data, batch, layers, loss, init, title, description, kind",
    ),
    (
        ["layers", 0, "weight"],
        [[1]],
        "layers[0].weight: unknown key (did you mean 'weights'?); "
        "allowed keys: type, weights, bias, size, activation, residual",
    ),
    # layer types and residual connections
    (
        ["layers", 1, "type"],
        "layernrom",
        "layers[1].type: unknown layer type \"layernrom\" (did you mean 'layernorm'?); "
        "expected one of dense, layernorm, batchnorm, attention",
    ),
    (
        ["layers", 1, "residual"],
        True,
        "layers[1].residual: a residual layer adds its input to its output, so they must have the same "
        'size; this layer maps 2 inputs to 1 output (give it 2 neurons, or drop "residual")',
    ),
    (["layers", 0, "residual"], "yes", 'layers[0].residual: expected true or false, got "yes"'),
    (
        ["layers", 1],
        {"type": "layernorm", "activation": "relu"},
        "layers[1].activation: unknown key; allowed keys: type, g, beta",
    ),
    (
        ["layers", 1],
        {"type": "layernorm", "g": [1.0]},
        "layers[1].g: expected 2 numbers (one per feature), got 1",
    ),
    (
        ["layers", 1],
        {"type": "batchnorm"},
        "layers[1]: batchnorm normalises each feature over the samples of a batch, so it needs a batch "
        "of at least 2 rows as input",
    ),
    (
        ["layers", 1],
        {"type": "attention", "size": 2},
        "layers[1]: attention takes the rows of the input as a sequence of tokens: give the input as a "
        "list of rows, one per token",
    ),
    (["kind"], "expression", 'kind: expected "network", got "expression"'),
    (["title"], 5, "title: expected text (a string or a list of lines), got 5"),
    # init and sizes
    (["init"], {"seed": -1}, "init.seed: expected a whole number ≥ 0, got -1"),
    (
        ["init"],
        {"scheme": "glorot"},
        'init.scheme: unknown scheme "glorot"; expected one of xavier, he, normal',
    ),
    (["init"], {"sead": 1}, "init.sead: unknown key (did you mean 'seed'?); allowed keys: seed, scheme"),
    (["init"], 0, 'init: expected {"seed": 0, "scheme": "xavier"}, got 0'),
    (
        ["layers", 1],
        {"size": 0, "activation": "sigmoid"},
        "layers[1].size: expected a whole number ≥ 1, got 0",
    ),
    (
        ["layers", 1],
        {"size": "1", "activation": "sigmoid"},
        'layers[1].size: expected a whole number ≥ 1, got "1"',
    ),
    (["layers", 1], {"size": 2000, "activation": "sigmoid"}, None),
]


@pytest.mark.parametrize("path, value, message", CASES, ids=[str(i) for i in range(len(CASES))])
def test_bad_spec_messages(path, value, message):
    spec = changed(path, value)
    if message is None:  # a layer of 2000 after one of 2 is fine; 2000 × 2000 is not
        spec["layers"].append({"size": MAX_PARAMETERS // 1000, "activation": "sigmoid"})
        spec["target"] = 0
        message = f"layers[2]: the network would have more than {MAX_PARAMETERS:,} weights and biases"
    with pytest.raises(SpecError) as info:
        parse_spec(spec)
    assert str(info.value).startswith(message), str(info.value)
    assert info.value.path == str(info.value).split(": ")[0]


@pytest.mark.parametrize(
    "target, message",
    [
        (3, "target: class index 3 is out of range: the last layer has 3 outputs, so 0 to 2"),
        (-1, "target: class index -1 is out of range"),
        (1.5, "target: expected a class index (a whole number 0 to 2), got 1.5"),
        ([True], "target[0]: expected a class index (a whole number 0 to 2), got true"),
        ([0, 1], "target: expected a class index"),
    ],
)
def test_class_index_targets(target, message):
    spec = {
        "input": [1.0],
        "target": target,
        "loss": "cross_entropy",
        "layers": [{"weights": [[1.0], [2.0], [3.0]], "activation": "identity"}],
    }
    with pytest.raises(SpecError) as info:
        parse_spec(spec)
    assert str(info.value).startswith(message), str(info.value)
    assert parse_spec({**spec, "target": 2.0}).targets.tolist() == 2  # 2.0 is a whole number


def test_batch_target_count_and_rows():
    spec = {**GOOD, "input": [[0.5, 0.1], [0.2, 0.3]]}
    for target, message in [
        ([0], "target: expected 2 targets (one per input row), got 1"),
        (0, "target: expected a list with one target per input row (2), got 0"),
        ([0, [0.5, 0.5]], "target[1]: expected 1 numbers (one per output), got 2"),
        ([0, 7], "target[1]: a bce target is a probability in [0, 1], got 7"),
    ]:
        with pytest.raises(SpecError) as info:
            parse_spec({**spec, "target": target})
        assert str(info.value).startswith(message), str(info.value)


def test_top_level_must_be_an_object():
    for value, shown in [([1, 2], "a list"), ("net", '"net"'), (None, "null")]:
        pattern = rf"^\(top level\): a network spec is a JSON object .*got {shown}"
        with pytest.raises(SpecError, match=pattern):
            parse_spec(value)


def test_json_numbers_from_text():
    text = json.dumps(GOOD).replace("0.1]", "NaN]", 1)
    with pytest.raises(SpecError, match=r"^input\[1\]: expected a finite number, got NaN"):
        parse_spec(json.loads(text))


def test_build_functions_report_spec_errors_too():
    with pytest.raises(SpecError, match="loss"):
        N.build_network(changed(["loss"], "hinge"), "layer")
    with pytest.raises(SpecError, match="layers"):
        N.build_both(changed(["layers"], ...))
