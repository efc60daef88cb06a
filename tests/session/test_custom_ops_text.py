"""A function of one's own in what students read: captions, the claims' verdicts, the inspector, a saved session."""

import math

import pytest

from graphviz_app.session.checks.claims import claim_rows, verdict
from graphviz_app.session.inspector import InspectorText
from graphviz_app.session.prose.captions import Captions
from graphviz_app.session.state.session import Session

WRONG = "swish(u) := u*sigmoid(u)\nswish'(u) := sigmoid(u)\nf = swish(x^2)"
S = 1 / (1 + math.exp(-1.0))


def opened(text=WRONG, at=None):
    s = Session()
    s.open_source(text, at or {"x": 1.0})
    return s


def test_captions_write_the_body_forward_and_the_claim_backward():
    """At x = 1, u = x² = 1: swish(1) = σ(1) = 0.7311; the claim σ(x²) = 0.7311 is what flows back."""
    ev = opened().evaluation
    c = Captions(ev)
    assert c.forward("f") == "f = swish(x²) = x²·σ(x²) = 1 × σ(1) = 0.7311"
    [inner] = [n for n in ev.graph.predecessors("f")]
    assert c.backward((inner, "f"), 1, 1) == "∂f/∂(x²) = swish′(x²) = σ(x²) = σ(1) = 0.7311, as claimed"


def test_the_claims_verdict_names_the_claim_where_it_is_made_and_its_relative_error():
    """True swish′(1) = σ + σ(1 − σ) = 0.9277; claimed σ = 0.7311: relative error (1 − σ)/(2 − σ) = 21%."""
    [row] = claim_rows(opened().evaluation)
    assert not row.ok and verdict(row.check) == "WRONG"
    assert row.claim == "swish′(x²)" and row.formula == "σ(x²)" and row.where == "x² = 1"
    assert row.check.rel_error == pytest.approx((1 - S) / (2 - S), rel=1e-7)
    assert row.sentence == (
        "swish′(x²) = σ(x²) at x² = 1 is claimed 0.7311, but the finite difference of swish is 0.9277: "
        "wrong, relative error 2.12e-01 (21%)"
    )


def test_a_right_claim_is_said_to_agree():
    text = "swish(u) := u*sigmoid(u)\nswish'(u) := sigmoid(u) + u*sigmoid(u)*(1 - sigmoid(u))\nswish(x)"
    [row] = claim_rows(opened(text).evaluation)
    assert (
        row.ok
        and verdict(row.check) == "right"
        and "finite difference of swish agrees: right" in row.sentence
    )


def test_the_inspector_shows_the_definition_the_claim_and_the_check():
    page = InspectorText(opened()).page("f")
    details = " ".join([page.title, page.details, page.value, page.gradient, page.contributions])
    assert "your own: swish(u) := u*sigmoid(u)" in details
    assert "swish′(u) := sigmoid(u)" in details
    assert "✗ swish′(x²) = σ(x²) at x² = 1 is claimed 0.7311" in details
    assert "~" not in details  # the op's registry key is never shown


def test_a_saved_session_keeps_the_definitions(tmp_path):
    s = opened()
    s.set_value("x", 0.5)
    path = s.save(tmp_path / "swish.json")
    again = Session()
    again.open_file(path)
    assert again.loaded.parsed.text == WRONG
    assert set(again.loaded.parsed.definitions) == {"swish"}
    assert again.evaluation.grads["x"] == pytest.approx(s.evaluation.grads["x"], rel=1e-15)
    assert again.evaluation.graph.nodes["f"]["op"] == s.evaluation.graph.nodes["f"]["op"]
