"""export -o FILE.tex: the canvas as TikZ, with the window's labels, that compiles inside a Beamer slide."""

from __future__ import annotations

import re

import pytest

from graphviz_app.cli.main import main
from graphviz_app.files import load_source
from graphviz_app.gui.export.image import headless_scene, resolve_step
from tests.latex_engine import ENGINE, compile_latex, has_package, needs_latex


def _tikz(tmp_path, source, step="end"):
    out = tmp_path / "graph.tex"
    assert main(["export", source, "-o", str(out), "--step", str(step)]) == 0
    return out.read_text(encoding="utf-8")


def test_every_node_and_edge_is_drawn_with_its_labels(qapp, tmp_path):
    tex = _tikz(tmp_path, "example:sin-square")
    scene, timeline = headless_scene(load_source("example:sin-square"))
    scene.show_frame(timeline.state_at(resolve_step(timeline, "end")))
    assert tex.count(r"\node[") == len(scene.nodes)
    assert len(re.findall(r"\\draw\[draw=c\d+, line width", tex)) == len(scene.edges)
    assert tex.startswith("% graphviz-app") and r"\begin{tikzpicture}[x=1pt, y=1pt]" in tex
    # the labels the canvas shows at the end: sin(x²) = 0.7781, ∂f/∂x = −1.885 (signs as LaTeX)
    assert "0.7781" in tex and r"\nabla ~{-}1.885" in tex
    assert tex.isascii()


def test_the_step_decides_the_labels(qapp, tmp_path):
    start = _tikz(tmp_path, "example:sin-square", "start")
    end = _tikz(tmp_path, "example:sin-square", "end")
    assert "0.7781" not in start and "0.7781" in end


@needs_latex
def test_it_compiles_inside_a_beamer_frame(qapp, tmp_path):
    if not (has_package("tikz.sty") and has_package("beamer.cls")):
        pytest.skip("needs tikz and beamer (apt install texlive-pictures texlive-latex-recommended)")
    tex = _tikz(tmp_path, "example:net-221", 40)
    (tmp_path / "graph.tex").write_text(tex, encoding="utf-8")
    slide = "\n".join(
        [
            r"\documentclass{beamer}",
            r"\usepackage{tikz}",
            r"\begin{document}",
            r"\begin{frame}{net-221}",
            r"\resizebox{\linewidth}{!}{\input{graph.tex}}",
            r"\end{frame}",
            r"\end{document}",
        ]
    )
    compile_latex(tmp_path, "slide", slide)


def test_non_ascii_names_keep_their_letters_in_tikz(qapp, tmp_path):
    out = tmp_path / "graph.tex"
    argv = ["export", "sin(θ)*α1 + ü**2", "--at", "θ=0.5", "--at", "α1=2", "--at", "ü=3", "-o", str(out)]
    assert main(argv) == 0
    tex = out.read_text(encoding="utf-8")
    assert tex.isascii() and r"\theta" in tex and r"\alpha 1" in tex and r"\mbox{\"{u}}" in tex
    if ENGINE is not None and has_package("tikz.sty"):
        document = [
            r"\documentclass{article}",
            r"\usepackage{tikz}",
            r"\begin{document}",
            tex,
            r"\end{document}",
        ]
        compile_latex(tmp_path, "unicode", "\n".join(document))
