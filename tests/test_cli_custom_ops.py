"""graphviz-app gradcheck on a function of one's own: the claim's verdict, as a table and as JSON."""

import json
import math

import pytest

from graphviz_app.cli.main import main

S = 1 / (1 + math.exp(-0.4))  # σ(z) at z = w·x + b = 0.6·0.5 + 0.1 = 0.4
TRUE = S + 0.4 * S * (1 - S)  # swish′(z) = σ + zσ(1 − σ) = 0.69479


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_wrong_claim_of_the_example_is_flagged_with_its_relative_error(capsys):
    """The example claims swish′ = σ: 0.59869 against 0.69479, relative error 0.4(1 − σ)/(1 + 0.4(1 − σ)) = 13.8%."""
    code, out, _ = run(capsys, "gradcheck", "example:own-derivative", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["ok"] is False
    [claim] = data["claims"]
    assert (claim["function"], claim["claim"], claim["formula"]) == ("swish", "swish′(w·x + b)", "σ(w·x + b)")
    assert claim["claimed"] == pytest.approx(S, rel=1e-14)
    assert claim["numeric"] == pytest.approx(TRUE, rel=1e-8)
    assert claim["rel_error"] == pytest.approx(0.4 * (1 - S) / (1 + 0.4 * (1 - S)), rel=1e-7)
    b = next(c for c in data["checks"] if c["leaf"] == "b")
    assert b["analytic"] == pytest.approx(S, rel=1e-14) and b["numeric"] == pytest.approx(TRUE, rel=1e-8)


def test_the_table_says_wrong_and_by_how_much(capsys):
    code, out, _ = run(capsys, "gradcheck", "example:own-derivative")
    assert code == 0
    line = next(line for line in out.splitlines() if line.startswith("swish′(w·x + b) = σ(w·x + b)"))
    assert line.split()[-3:] == ["1.38e-01", "(14%)", "WRONG"]
    assert "takes a claimed derivative on trust" in out


def test_a_right_claim_passes(capsys):
    text = "sq(u) := u^2; sq'(u) := 2*u; y = sq(x) + x"
    code, out, _ = run(capsys, "gradcheck", text, "--at", "x=3", "--json")
    data = json.loads(out)
    assert code == 0 and data["ok"] is True and [c["ok"] for c in data["claims"]] == [True]


def test_eval_uses_the_claim(capsys):
    code, out, _ = run(capsys, "eval", "sq(u) := u^2; sq'(u) := 3*u; y = sq(x)", "--at", "x=2", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["output"]["value"] == 4.0 and data["variables"]["x"]["grad"] == 6.0  # 3x, the claim, not 2x
    assert (
        next(n for n in data["nodes"] if n["id"] == "y")["op"] == "sq"
    )  # the user's name, not the registry's


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("f(u) := u^2; f(x)", "line 1, column 1: the derivative of f is not claimed: add f'(u) := …"),
        ("f(u) := f(u); f'(u) := 1; f(x)", "f calls itself (f → f)"),
        ("exp(u) := u; exp'(u) := 1; exp(x)", "'exp' is a built-in function"),
    ],
)
def test_mistakes_in_definitions_exit_2_with_one_line(capsys, text, message):
    code, out, err = run(capsys, "eval", text, "--at", "x=1")
    assert code == 2 and out == ""
    assert message in err and "Traceback" not in err and err.count("\n") == 1
