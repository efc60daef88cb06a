"""The chain rule written out: path products, their sum, the backward trace; as text and as LaTeX that compiles."""

from __future__ import annotations

import math

import pytest

from graphviz_app.cli.main import main
from graphviz_app.errors import GraphvizAppError
from graphviz_app.session.paths.derivation import Derivation
from graphviz_app.session.state.session import Session
from tests.latex_engine import compile_latex, has_package, needs_latex


def _derivation(source: str, leaf: str, **options) -> tuple[Derivation, Session]:
    s = Session()
    s.open_source(source)
    return Derivation(s.evaluation, leaf, **options), s


def test_net_221_w1_is_one_path_whose_trace_is_every_gradient_on_the_way():
    d, s = _derivation("example:net-221", "W1[0,0]")
    ev = s.evaluation
    assert d.sum.count == 1 and d.complete
    (row,) = d.rows
    trace = d.trace(row)
    # 0.536 × 0.6 × 1 × 0.5: ∂L/∂z2 · W2[0,0] · relu'(z1[0]) · x[0]  (README's net-221 line)
    assert d.value == pytest.approx(0.5364 * 0.6 * 0.5, abs=1e-4)
    assert d.value == pytest.approx(ev.grads["W1[0,0]"])
    assert [line.node for line in trace] == list(row.nodes[-2::-1])
    for line in trace:  # every node on the way reaches L along this path only: its line is its gradient
        assert line.whole
        assert line.value == pytest.approx(ev.grads[line.node])
    text = d.text()
    assert "∂L/∂z2[0] = ∂L/∂a2[0] · ∂a2[0]/∂z2[0] = 2.157 × 0.2487 = 0.5364" in text
    assert text.splitlines()[2].strip().startswith("= 0.1609")


def test_multipath_sums_three_paths_and_marks_shares_of_a_gradient():
    d, s = _derivation("example:multipath", "t")
    t = 0.5  # x = cos t, y = sin t, z = xy + x²: dz/dt = cos 2t − 2 cos t sin t
    exact = math.cos(2 * t) - 2 * math.cos(t) * math.sin(t)
    assert d.sum.count == 3 and d.value == pytest.approx(exact)
    assert sum(d.trace(row)[-1].value for row in d.rows) == pytest.approx(exact)
    # x reaches z along two paths: on each, its line is that path's share, not ∂z/∂x
    shares = [
        line
        for row in d.rows
        for line in d.trace(row)
        if s.evaluation.graph.nodes[line.node] and not line.whole
    ]
    assert {s.evaluation.graph.nodes[line.node].get("name", line.node) for line in shares} >= {"t"}
    assert "∂z/∂x |path 1" in d.text()
    assert r"\Big|_{\text{path 1}}" in d.latex()


def test_more_paths_than_written_out_say_so_and_give_backprops_value():
    d, s = _derivation("example:multipath", "t", max_paths=2)
    assert not d.complete and len(d.rows) == 2
    assert "… (1 more paths)" in d.text()
    assert d.value == pytest.approx(s.evaluation.grads["t"])
    assert r"\dots" in d.latex()


def test_latex_is_an_align_block_with_symbols_and_numbers():
    d, _ = _derivation("example:sin-square", "x")
    latex = d.latex()
    assert latex.startswith(r"\begin{align*}") and latex.endswith(r"\end{align*}")
    assert r"\frac{\partial f}{\partial x}" in latex
    assert "-1.885" in latex and "1.5" not in latex.split("&=")[0]


def test_cli_derive_text_latex_standalone_and_errors(capsys):
    assert main(["derive", "example:neuron", "--wrt", "w"]) == 0
    assert "∂f/∂w" in capsys.readouterr().out
    assert main(["derive", "example:neuron", "--wrt", "w", "--latex"]) == 0
    assert capsys.readouterr().out.startswith(r"\begin{align*}")
    assert main(["derive", "example:neuron", "--wrt", "w", "--standalone"]) == 0
    assert capsys.readouterr().out.startswith(r"\documentclass{article}")
    assert main(["derive", "example:neuron", "--wrt", "nope"]) == 2
    assert "nope" in capsys.readouterr().err


def test_a_constant_has_nothing_to_derive():
    s = Session()
    s.open_source("2*x + 3")
    const = next(n for n in s.evaluation.graph if s.evaluation.grads.get(n) is None)
    with pytest.raises(GraphvizAppError, match="constant"):
        Derivation(s.evaluation, const)


@needs_latex
@pytest.mark.parametrize(("source", "leaf"), [("example:net-221", "W1[0,0]"), ("example:multipath", "t")])
def test_the_standalone_document_compiles(tmp_path, source, leaf):
    d, _ = _derivation(source, leaf)
    compile_latex(tmp_path, "derivation", d.standalone())


@needs_latex
def test_the_align_block_compiles_inside_a_document(tmp_path):
    if not has_package("amsmath.sty"):
        pytest.skip("no amsmath")
    d, _ = _derivation("example:net-221", "b1[0]")
    doc = "\n".join(
        [
            r"\documentclass{article}",
            r"\usepackage{amsmath}",
            r"\begin{document}",
            d.latex(),
            r"\end{document}",
        ]
    )
    compile_latex(tmp_path, "block", doc)


UNICODE_NAMES = "sin(θ)*α1 + ü**2"


def test_non_ascii_names_are_written_as_latex_commands():
    s = Session()
    s.open_source(UNICODE_NAMES, {"θ": 0.5, "α1": 2.0, "ü": 3.0})
    latex = Derivation(s.evaluation, "θ").standalone()
    assert latex.isascii()
    assert r"\frac{\partial f}{\partial \theta }" in latex and r"\alpha 1" in latex


@needs_latex
def test_a_derivation_with_non_ascii_names_compiles(tmp_path):
    s = Session()
    s.open_source(UNICODE_NAMES, {"θ": 0.5, "α1": 2.0, "ü": 3.0})
    compile_latex(tmp_path, "unicode", Derivation(s.evaluation, "ü").standalone())
