"""``arctan`` was added to the app as one op-table entry; these show it works end to end
(language, captions, gradcheck, CLI; tests/gui/test_arctan.py draws and highlights it)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from graphviz_app.builders.expression import FUNCTIONS, parse
from graphviz_app.cli.main import main
from graphviz_app.core.evaluate import evaluate
from graphviz_app.core.gradcheck import gradcheck
from graphviz_app.session.prose.captions import Captions

X = 0.5


def test_the_language_calls_it_by_name():
    assert "arctan" in FUNCTIONS
    parsed = parse("arctan(x**2)")
    ev = evaluate(parsed.graph, {"x": X})
    assert ev.output_value == pytest.approx(math.atan(X * X))
    assert ev.grads["x"] == pytest.approx(2 * X / (1 + X**4))


def test_captions_write_it_and_its_derivative():
    parsed = parse("u = arctan(x); u*3")
    ev = evaluate(parsed.graph, {"x": X})
    c = Captions(ev)
    assert c.forward("u") == "u = arctan(x) = arctan(0.5) = 0.4636"
    assert c.backward(("x", "u"), 1, 1).splitlines()[1] == "∂u/∂x = 1/(1 + x²) = 1/(1 + 0.5²) = 0.8"


def test_gradcheck_agrees():
    parsed = parse("arctan(x*y) + arctan(x)")
    assert all(r.ok for r in gradcheck(parsed.graph, {"x": 0.3, "y": -1.7}))


def test_cli_eval_and_gradcheck(capsys):
    assert main(["eval", "arctan(x)", "--at", "x=1", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["output"]["value"] == pytest.approx(math.pi / 4)
    assert out["variables"]["x"]["grad"] == pytest.approx(0.5)
    assert main(["gradcheck", "arctan(x)", "--at", "x=2"]) == 0
    assert "ok" in capsys.readouterr().out


def test_the_reference_lists_every_function_of_the_language():
    """docs/language.md's table of functions is generated from the op table (tests/test_docs.py checks it)."""
    page = (Path(__file__).resolve().parents[1] / "docs" / "language.md").read_text(encoding="utf-8")
    rows = [
        line for line in page.splitlines() if line.startswith("| `") and line.split("`")[1].endswith("(x)")
    ]
    assert "arctan" in FUNCTIONS and "| `arctan(x)` | arctan(x) | 1/(1 + x²) |" in page
    assert {row.split("`")[1].split("(")[0] for row in rows} <= set(FUNCTIONS)
