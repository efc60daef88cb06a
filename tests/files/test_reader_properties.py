"""Property test: random JSON-like values (nested, huge, of the wrong type) thrown at every reader.

Whatever the input, a reader either returns or raises one of the project's own
errors (:class:`~graphviz_app.errors.GraphvizAppError`): never RecursionError,
ValueError, TypeError, OverflowError, KeyError...
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphviz_app.builders.network import parse_spec
from graphviz_app.errors import GraphvizAppError, SourceError
from graphviz_app.files import (
    load_object,
    load_source,
    parse_assignments,
    parse_json,
    parse_step,
    parse_train_steps,
    session_from_dict,
)
from graphviz_app.files.values import check_leaf_value
from graphviz_app.session.state.session import Session, Settings

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

KEYS = [
    *("input", "target", "layers", "loss", "init", "kind", "title", "weights", "bias", "size"),
    *("activation", "seed", "scheme", "graphviz_app_session", "source", "at", "values", "settings"),
    *("step", "view", "direction", "x", "t", "W1", "y[0]", "dependent"),
]
WORDS = [
    "network",
    "expression",
    "mse",
    "bce",
    "cross_entropy",
    "relu",
    "sigmoid",
    "softmax",
    "layer",
    "t*2",
    "x",
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-3, max_value=4),
    st.integers(min_value=-(10**80), max_value=10**80),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(WORDS),
    st.text(max_size=8),
)
json_like = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=4)), inner, max_size=5),
    ),
    max_leaves=25,
)
deep = st.builds(
    lambda n, pair: pair[0] * n + "1" + pair[1] * n,
    st.integers(0, 3000),
    st.sampled_from([("[", "]"), ('{"a":', "}")]),
)


def only_project_errors(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except GraphvizAppError:
        return None


def spec_like():
    """Dicts shaped like a network spec, with random values in random fields."""
    good = {
        "input": [0.5, 0.1],
        "target": [0],
        "loss": "bce",
        "layers": [{"size": 2, "activation": "relu"}, {"weights": [[0.6, -0.4]], "activation": "sigmoid"}],
    }
    return st.builds(
        lambda key, value, layer_key, layer_value: {
            **good,
            key: value,
            "layers": [{**good["layers"][0], layer_key: layer_value}, good["layers"][1]],
        },
        st.sampled_from(["input", "target", "loss", "init", "kind", "title"]),
        json_like,
        st.sampled_from(["weights", "bias", "size", "activation"]),
        json_like,
    )


@SETTINGS
@given(value=json_like)
def test_json_text_and_objects(value):
    text = json.dumps(value)
    only_project_errors(parse_json, text, SourceError, "x")
    only_project_errors(load_object, value, origin="x")
    only_project_errors(parse_spec, value)
    only_project_errors(session_from_dict, value)
    if isinstance(value, dict):
        Settings.from_dict(value)


@SETTINGS
@given(text=st.one_of(st.text(max_size=40), deep, st.integers().map(str).map(lambda s: s * 400)))
def test_raw_text(text):
    only_project_errors(parse_json, text, SourceError, "x")
    only_project_errors(parse_assignments, [f"x={text}"])
    only_project_errors(parse_step, text)
    only_project_errors(parse_train_steps, text)


@SETTINGS
@given(spec=spec_like())
def test_specs_with_one_random_field(spec):
    only_project_errors(load_object, spec, origin="x", view="layer")
    only_project_errors(load_object, spec, {"W1": spec["layers"][0].get("weights")}, origin="x", view="layer")


@SETTINGS
@given(source=json_like, values=json_like, at=json_like, step=json_like, settings_=json_like)
def test_sessions_with_random_fields(source, values, at, step, settings_):
    record = {"kind": "expression", "source": "t*2", "at": at}
    for src in (source, record):
        obj = {
            "graphviz_app_session": 1,
            "source": src,
            "values": values,
            "step": step,
            "settings": settings_,
        }
        only_project_errors(session_from_dict, obj)
        only_project_errors(load_object, obj, origin="s.json")


NET = load_source("example:net-221", view="layer")


@SETTINGS
@given(leaf=st.sampled_from(["W1", "b1", "x", "y", "L", "z1", "nope", "W1[0,0]"]), value=json_like)
def test_every_leaf_value(leaf, value):
    only_project_errors(check_leaf_value, NET.graph, leaf, value, spec=NET.spec)


@pytest.fixture(scope="module")
def session():
    s = Session()
    s.open_source("example:net-221")
    return s


@SETTINGS
@given(leaf=st.sampled_from(["W1[0,0]", "x[0]", "y[0]", "L", "nope"]), value=json_like)
def test_window_edits(session, leaf, value):
    only_project_errors(session.set_value, leaf, value)
