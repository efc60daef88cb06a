"""Names as LaTeX math: every character either ASCII LaTeX the kernel can set, or ``?``."""

import pytest

from graphviz_app.text.latex import latex_char, latex_label, latex_name


@pytest.mark.parametrize(
    ("name", "latex"),
    [
        ("θ", r"\theta "),
        ("α1", r"\alpha 1"),
        ("ü", r"\mbox{\"{u}}"),
        ("Δx", r"\Delta x"),
        ("ï", r"\mbox{\"{\i}}"),
        ("straße", r"stra\mbox{\ss{}}e"),
        ("ç²", r"\mbox{\c{c}}^{2}"),
        ("ϑ·σ", r"\vartheta  \cdot \sigma "),
    ],
)
def test_non_ascii_names_become_latex_commands(name, latex):
    assert latex_name(name) == latex
    assert latex_name(name).isascii()


def test_what_pdflatex_cannot_set_without_packages_is_a_question_mark():
    assert latex_char("字") == "?" and latex_char("ℵ") == "?"
    assert latex_label("∇ θ = 0.5").isascii() and r"\nabla" in latex_label("∇ θ = 0.5")
