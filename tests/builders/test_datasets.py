"""Datasets for training: the same points for a seed everywhere, each shape as described, CSV refused clearly."""

import math

import numpy as np
import pytest

from graphviz_app.builders.data_spec import parse_data
from graphviz_app.builders.datasets import (
    DATASETS,
    RADIUS,
    Batches,
    feature_matrix,
    make_dataset,
    parse_csv,
)
from graphviz_app.builders.network import build_network, parse_spec, spec_with_params
from graphviz_app.errors import SpecError

HIDDEN = [{"size": 3, "activation": "tanh"}, {"size": 1, "activation": "sigmoid"}]


def test_a_seed_gives_the_same_points_on_every_platform():
    """PCG64's stream is fixed: these are the numbers NumPy draws anywhere (NEP 19)."""
    expected = {
        "xor": ([-2.9657253095057547, -2.8983529743417704], [1, 0, 1, 1]),
        "circles": ([0.9005727600355593, -2.5175726681431168], [0, 1, 1, 0]),
        "moons": ([-1.184286936268711, 0.4085982524979492], [1, 0, 1, 0]),
        "spiral": ([-0.19594356578751163, -0.0363685986773103], [1, 0, 1, 0]),
        "blobs": ([1.6332289864604352, 1.564847852380693], [1, 0, 1, 0]),
    }
    for kind, (first, labels) in expected.items():
        points, got = make_dataset(kind, 4, 0.1, 0)
        assert points[0].tolist() == pytest.approx(first, rel=1e-12) and got.tolist() == labels, kind
    again, _ = make_dataset("spiral", 50, 0.1, 0)
    other, _ = make_dataset("spiral", 50, 0.1, 1)
    assert np.array_equal(again, make_dataset("spiral", 50, 0.1, 0)[0]) and not np.allclose(again, other)


def test_each_dataset_has_the_shape_it_is_named_for():
    n = 400
    xor, lx = make_dataset("xor", n, 0.0, 3)
    assert np.array_equal(lx, (xor[:, 0] * xor[:, 1] > 0).astype(int))
    assert np.abs(xor).min() >= 0.1 * RADIUS - 1e-12 and np.abs(xor).max() <= RADIUS
    circles, lc = make_dataset("circles", n, 0.0, 3)
    r = np.hypot(circles[:, 0], circles[:, 1])
    assert r[lc == 1].max() <= 0.5 * RADIUS and r[lc == 0].min() >= 0.7 * RADIUS
    spiral, ls = make_dataset("spiral", n, 0.0, 3)
    radius = np.hypot(spiral[:, 0], spiral[:, 1])
    angle = 1.75 * 2 * np.pi * radius / RADIUS + np.pi * ls  # 1¾ turns out; class 1's arm half a turn on
    assert radius.max() <= RADIUS
    assert np.allclose(spiral, np.column_stack([radius * np.sin(angle), radius * np.cos(angle)]))
    blobs, lb = make_dataset("blobs", n, 0.0, 3)
    assert (blobs[lb == 1].mean(axis=0) > 1).all() and (blobs[lb == 0].mean(axis=0) < -1).all()
    moons, lm = make_dataset("moons", n, 0.0, 3)
    assert moons[lm == 0, 1].mean() > moons[lm == 1, 1].mean()  # the upper moon is class 0
    for kind in DATASETS:
        _, labels = make_dataset(kind, n, 0.1, 0)
        assert abs(labels.mean() - 0.5) < 0.15, kind  # both classes, about evenly
    noisy, _ = make_dataset("circles", n, 0.2, 3)
    spread = np.abs(np.hypot(noisy[:, 0], noisy[:, 1]) - r)
    assert 0.1 * RADIUS < spread.mean() < 0.3 * RADIUS  # noise is a fraction of the radius


def test_features_are_the_playgrounds_inputs():
    p = np.array([[0.5, -2.0], [1.0, 3.0]])
    names = ("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)")
    got = feature_matrix(p, names)
    expected = [[x, y, x * x, y * y, x * y, math.sin(x), math.sin(y)] for x, y in p]
    assert np.allclose(got, expected)
    spec = parse_spec({"data": {"kind": "xor", "features": list(names)}, "layers": HIDDEN, "loss": "bce"})
    assert spec.sizes == (7, 3, 1)
    point = spec.data.first[0]
    assert np.allclose(spec.inputs, feature_matrix(spec.data.points[[point]], names)[0])


def test_mini_batches_take_every_training_point_once_per_epoch_in_a_new_order():
    batches = Batches(23, 5, seed=7)
    assert batches.per_epoch == 4
    epoch0 = np.concatenate([batches.indices(k) for k in range(4)])
    epoch1 = np.concatenate([batches.indices(k) for k in range(4, 8)])
    assert len(set(epoch0)) == 20 and len(set(epoch1)) == 20 and set(epoch0) <= set(range(23))
    assert not np.array_equal(epoch0, epoch1)
    assert np.array_equal(Batches(23, 5, seed=7).indices(6), batches.indices(6))
    assert not np.array_equal(Batches(23, 5, seed=8).indices(0), batches.indices(0))


def test_the_split_holds_out_the_test_fraction():
    data = parse_data({"kind": "moons", "n": 50, "test": 0.3}, 4)
    assert (len(data.train), len(data.test), data.batch) == (35, 15, 4)
    assert set(data.train) | set(data.test) == set(range(50)) and not set(data.train) & set(data.test)
    assert len(parse_data({"kind": "moons", "n": 50, "test": 0}, None).test) == 0


def test_points_given_keep_their_order_when_written_back_and_split_fairly():
    rows = [[i, -i, int(i >= 10)] for i in range(20)]  # sorted by label, as a file often is
    spec = {"data": {"points": rows, "test": 0.5, "seed": 2}, "batch": 5, "layers": HIDDEN, "loss": "bce"}
    parsed = parse_spec(spec)
    assert 0 < parsed.data.labels[parsed.data.test].sum() < 10  # both classes held out
    out = spec_with_params(spec, {"W1[0,0]": 0.5})
    assert out["data"]["points"] == [[float(v) for v in row] for row in rows] and out["batch"] == 5
    again = parse_spec(out)
    assert np.array_equal(again.data.points, parsed.data.points)
    assert "input" not in out and out["layers"][0]["weights"][0][0] == 0.5


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"data": {"kind": "xro"}}, "data.kind: unknown dataset \"xro\" (did you mean 'xor'?)"),
        ({"data": {"kind": "xor"}, "input": [1, 2]}, 'input: "data" gives the inputs and targets'),
        ({"batch": 4, "input": [1, 2], "target": 1}, 'batch: mini-batches are taken from data: give "data"'),
        ({"data": {"kind": "xor", "n": 20}, "batch": 11}, "batch: a mini-batch of 11 is more than the 10"),
        ({"data": {"kind": "xor", "test": 0.95}}, "data.test: expected the fraction held out"),
        ({"data": {"kind": "xor", "n": 3}}, "data.n: expected a whole number 4 to 10,000"),
        ({"data": {"kind": "xor", "noise": -1}}, "data.noise: expected a number 0 to 1"),
        ({"data": {"kind": "xor", "features": ["x3"]}}, "data.features[0]: unknown feature"),
        ({"data": {"kind": "xor", "features": ["x1", "x1"]}}, "data.features: x1 is listed twice"),
        ({"data": {"kind": "xor", "points": [[0, 0, 1]]}}, "data: give either"),
        ({"data": {"points": [[0, 0, 1], [1, 1]]}}, "data.points[1]: expected 3 numbers like row 0"),
        ({"data": {"points": [[0, 0, 1], [1, 1, 0.5]]}}, "data.points[1][2]: a label is a class"),
        ({"data": {"points": [[0, 0, 1], [1, 1, 2]]}}, "data: with bce the labels are 0 and 1"),
        ({"data": {"csv": "d.csv"}}, "data.csv: a CSV file is read when a spec file is opened"),
        ({"data": [1, 2]}, 'data: expected an object like {"kind": "xor"'),
    ],
)
def test_bad_data_are_refused_naming_the_field(spec, message):
    with pytest.raises(SpecError) as info:
        parse_spec({"layers": HIDDEN, "loss": "bce", **spec})
    assert str(info.value).startswith(message), str(info.value)


def test_classes_need_cross_entropy_with_an_output_each():
    rows = [[0, 0, 0], [1, 1, 1], [2, 2, 2], [3, 3, 0]]
    layers = [{"size": 3, "activation": "identity"}]
    spec = parse_spec({"data": {"points": rows}, "batch": 1, "layers": layers, "loss": "cross_entropy"})
    assert spec.data.classes == 3 and spec.targets.ndim == 0
    with pytest.raises(SpecError, match="the labels go up to 2, but the last layer has 2 outputs"):
        parse_spec(
            {
                "data": {"points": rows},
                "layers": [{"size": 2, "activation": "identity"}],
                "loss": "cross_entropy",
            }
        )


def test_a_spec_with_data_shows_the_first_point_of_the_first_batch():
    spec = parse_spec({"data": {"kind": "circles", "n": 40}, "batch": 4, "layers": HIDDEN, "loss": "bce"})
    first = spec.data.train[spec.data.batches.indices(0)[0]]
    assert np.allclose(spec.inputs, spec.data.points[first])
    assert spec.targets.tolist() == [float(spec.data.labels[first])]
    built = build_network(spec, view="neuron")
    assert built.graph.nodes["x[1]"]["value"] == spec.data.points[first, 1]


def test_csv_rows_are_read_with_or_without_a_header():
    assert parse_csv("1,2,0\n3;4;1\n\n5\t6\t1\n", "d.csv") == [[1, 2, 0], [3, 4, 1], [5, 6, 1]]
    assert parse_csv("a,b,c\n1,2,0\n3,4,1\n", "d.csv") == [[1, 2, 0], [3, 4, 1]]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x1,x2,label\n1,2,0\n3,4\n", "d.csv line 3: expected 3 columns (x1, x2, label), got 2"),
        ("1,2,0\n1,2,3,4\n", "d.csv line 2: expected 3 columns (x1, x2, label), got 4"),
        ("1,2,0\n1,abc,1\n", "d.csv line 2: x2 is 'abc', expected a finite number"),
        ("1,2,0\n1,nan,1\n", "d.csv line 2: x2 is 'nan', expected a finite number"),
        ("1,2,0\n1,2,0.5\n", "d.csv line 2: the label is a class, a whole number 0, 1, ...; got '0.5'"),
        ("1,2,0\n1,2,-1\n", "d.csv line 2: the label is a class, a whole number 0, 1, ...; got '-1'"),
        ("x1,x2,label\n1,2,0\n", "d.csv: expected at least 2 rows of x1, x2, label; got 1"),
        ("x1,x2,label\nh,2,0\n", "d.csv line 2: x1 is 'h', expected a finite number"),
    ],
)
def test_a_bad_csv_is_refused_with_its_line_and_what_is_wrong(text, message):
    with pytest.raises(SpecError) as info:
        parse_csv(text, "d.csv")
    assert str(info.value) == f"data.csv: {message}"
