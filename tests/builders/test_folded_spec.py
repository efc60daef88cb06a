"""FoldedSpec: the open network's spec with its edited values, folded in a few at a time, is the spec
that folding in every value at once gives (spec_with_params)."""

from __future__ import annotations

import numpy as np
import pytest

import graphviz_app.core  # noqa: F401  (registers the ops)
from graphviz_app.builders.network_params import FoldedSpec, spec_with_params
from graphviz_app.core import graph as G
from graphviz_app.core.evaluate import evaluate
from graphviz_app.errors import SpecError
from graphviz_app.files.sources import load_source


def leaf_values(loaded) -> dict:
    """Every leaf's value, as the session holds them (copies: a test changes them in place)."""
    ev = evaluate(loaded.graph, loaded.values)
    return {
        n: np.array(ev.values[n]) if isinstance(ev.values[n], np.ndarray) else ev.values[n]
        for n in G.leaves(loaded.graph, G.LEAF_KINDS[:3])
    }


@pytest.mark.parametrize("view", ["neuron", "layer"])
@pytest.mark.parametrize("example", ["net-221", "layernorm", "attention"])
def test_folding_edits_one_at_a_time_gives_the_spec_of_all_of_them(example, view):
    loaded = load_source(f"example:{example}", view=view)
    values = leaf_values(loaded)
    folded = FoldedSpec(loaded.spec)
    rng = np.random.default_rng(7)
    names = sorted(
        n for n in values if n[0] not in "xXyY"
    )  # the parameters (a bce target must stay in [0, 1])
    for _ in range(12):
        name = names[rng.integers(len(names))]
        old = values[name]
        if isinstance(old, np.ndarray) and rng.random() < 0.5:
            old.flat[rng.integers(old.size)] += 0.25  # changed in place: the same object, new numbers
        else:
            values[name] = np.asarray(old, dtype=float) + 0.25 if isinstance(old, np.ndarray) else old + 0.25
        assert folded.with_values(values) == spec_with_params(loaded.spec, values)


def test_the_spec_handed_out_is_the_callers_to_change():
    loaded = load_source("example:net-221")
    folded, values = FoldedSpec(loaded.spec), leaf_values(loaded)
    first = folded.with_values(values)
    first["layers"][0]["weights"][0][0] = 99.0
    assert folded.with_values(values) == spec_with_params(loaded.spec, values)


def test_a_bad_value_is_refused_and_changes_nothing():
    loaded = load_source("example:net-221")
    folded, values = FoldedSpec(loaded.spec), leaf_values(loaded)
    good = folded.with_values(values)
    with pytest.raises(SpecError):
        folded.with_values({**values, "W1[0,0]": np.zeros((5, 5))})
    assert folded.with_values(values) == good
