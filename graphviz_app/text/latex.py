"""Names and numbers as LaTeX math, for slides.

>>> latex_name("x²"), latex_number(-0.479425538604203, parenthesize=True)
('x^{2}', '(-0.4794)')
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import numpy as np

from graphviz_app.text.numbers import SMALL_ARRAY, format_number
from graphviz_app.text.superscripts import LOWERED, MINUS, RAISED, lower, unsubscript

__all__ = ["latex_char", "latex_factor", "latex_label", "latex_name", "latex_number"]

# functions LaTeX sets upright with a command of their own (\sin, \arctan…)
_LATEX_FUNCTIONS = re.compile(r"\b(arctan|sin|cos|tan|tanh|exp|log)\b")
_LATEX_RAISED = re.compile(f"[{RAISED}]+")
_LATEX_LOWERED = re.compile(f"[{LOWERED}]+")
_LATEX_WORDS = {
    "·": r" \cdot ",
    "×": r" \times ",
    "÷": r" \div ",
    MINUS: "-",
    "σ": r"\sigma ",
    "Σ": r"\Sigma ",
    "½": r"\tfrac{1}{2}",
    "√": r"\surd ",
    "ᵀ": r"^{\top}",
    "#": r"\#",
    "_": r"\_",
    "ŷ": r"\hat{y}",
    "∞": r"\infty ",
    "∇": r"\nabla ",
    "∂": r"\partial ",
    "⚠": r"{!}",
    "…": r"\dots ",
}
_CAPITAL_GREEK = {"Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega"}
_GREEK_SYMBOLS = {"ς": r"\varsigma ", "ϑ": r"\vartheta ", "ϕ": r"\phi ", "ϵ": r"\epsilon ", "ϖ": r"\varpi "}
_TEXT_ACCENTS = {  # a combining mark -> LaTeX's own accent command for text (no package needed)
    "\u0300": "`",
    "\u0301": "'",
    "\u0302": "^",
    "\u0303": "~",
    "\u0304": "=",
    "\u0306": "u",
    "\u0307": ".",
    "\u0308": '"',
    "\u030a": "r",
    "\u030b": "H",
    "\u030c": "v",
    "\u0327": "c",
    "\u0328": "k",
}
_TEXT_LETTERS = {
    "ß": r"\ss",
    "æ": r"\ae",
    "Æ": r"\AE",
    "œ": r"\oe",
    "Œ": r"\OE",
    "ø": r"\o",
    "Ø": r"\O",
    "ł": r"\l",
    "Ł": r"\L",
    "ı": r"\i",
}


def _is_scalar(x: Any) -> bool:
    return type(x) is float or np.ndim(x) == 0


def latex_char(ch: str) -> str:
    r"""One character as LaTeX math that pdflatex sets with no package beyond the kernel.

    ASCII stays; a Greek letter becomes its command (``θ`` → ``\theta``); a Latin
    letter with accents, or one of another Latin alphabet, is set upright as text with
    LaTeX's own accent commands (``ü`` → ``\mbox{\"{u}}``); anything else becomes
    ``?`` rather than a compile error.

    >>> latex_char("θ"), latex_char("Ω"), latex_char("ü"), latex_char("ß"), latex_char("字")
    ('\\theta ', '\\Omega ', '\\mbox{\\"{u}}', '\\mbox{\\ss{}}', '?')
    """
    if ch.isascii():
        return ch
    if ch in _GREEK_SYMBOLS:
        return _GREEK_SYMBOLS[ch]
    name = unicodedata.name(ch, "").replace("LAMDA", "LAMBDA")
    small, capital = "GREEK SMALL LETTER ", "GREEK CAPITAL LETTER "
    if name.startswith(small) and name[len(small) :].isalpha() and name[len(small) :] != "OMICRON":
        return "\\" + name[len(small) :].lower() + " "
    if name.startswith(capital) and name[len(capital) :].capitalize() in _CAPITAL_GREEK:
        return "\\" + name[len(capital) :].capitalize() + " "
    if ch in _TEXT_LETTERS:
        return r"\mbox{" + _TEXT_LETTERS[ch] + "{}}"
    decomposed = unicodedata.normalize("NFD", ch)
    base, marks = decomposed[0], decomposed[1:]
    if base.isascii() and base.isalpha() and marks and all(m in _TEXT_ACCENTS for m in marks):
        text = "\\" + base if base in "ij" else base  # dotless under an accent: \"{\i}
        for mark in marks:
            text = "\\" + _TEXT_ACCENTS[mark] + "{" + text + "}"
        return r"\mbox{" + text + "}"
    return "?"


def latex_name(name: str) -> str:
    """A node's name as LaTeX math: ``x²`` → ``x^{2}``, ``x·y`` → ``x \\cdot y``, ``sin(t)`` → ``\\sin(t)``.

    >>> latex_name("x²"), latex_name("x·y"), latex_name("sin(t)"), latex_name("u₁₂·y")
    ('x^{2}', 'x \\\\cdot y', '\\\\sin(t)', 'u_{12} \\\\cdot y')
    """
    text = _LATEX_FUNCTIONS.sub(r"\\\1", name)
    text = _LATEX_RAISED.sub(lambda m: "^{" + lower(m.group(0)) + "}", text)
    text = _LATEX_LOWERED.sub(lambda m: "\0{" + unsubscript(m.group(0)) + "}", text)  # \0: a subscript's _
    return "".join(_LATEX_WORDS.get(ch) or latex_char(ch) for ch in text).replace("\0", "_")


def latex_number(x: Any, parenthesize: bool = False) -> str:
    """A number as LaTeX: ASCII minus, powers of ten written out; arrays by their shape.

    >>> latex_number(-0.479425538604203, parenthesize=True), latex_number(1.2e-05)
    ('(-0.4794)', '1.2 \\\\times 10^{-5}')
    """
    if not _is_scalar(x):
        if np.size(x) <= SMALL_ARRAY:
            rows = np.atleast_2d(np.asarray(x, dtype=float))
            body = r" \\ ".join(" & ".join(latex_number(v) for v in row) for row in rows)
            return r"\begin{bmatrix} " + body + r" \end{bmatrix}"
        return r"\mathrm{array}_{" + r" \times ".join(str(n) for n in np.shape(x)) + "}"
    text = format_number(x)
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = rf"{mantissa} \times 10^{{{int(exponent)}}}"
    text = text.replace("∞", r"\infty").replace(MINUS, "-")
    return f"({text})" if parenthesize and text.startswith("-") else text


def latex_factor(x: Any) -> str:
    """A factor as LaTeX: a number, a small matrix, or ``J_{3 \\times 2}`` for a Jacobian."""
    if _is_scalar(x) or np.size(x) <= SMALL_ARRAY:
        return latex_number(x, parenthesize=True)
    return r"J_{" + r" \times ".join(str(n) for n in np.shape(x)) + "}"


_LABEL_WORDS = {"%": r"\%", "&": r"\&"}
_POWER_OF_TEN = re.compile(r"(\d(?:\.\d+)?)e([-+]?\d+)\b")
_UNARY_MINUS = re.compile(r"(?:(?<=^)|(?<=[~(]))-(?=[\d.\\])")
_WORD = re.compile(r"(?<![\\A-Za-z])([A-Za-z]{2,})")


def latex_label(text: str) -> str:
    r"""A line of a node's label (``∇ −0.2146 (1/2)``, ``a1[0] = ReLU``) as LaTeX math, ASCII only.

    Words are upright, spaces are kept, and a character LaTeX cannot set
    without extra packages becomes ``?`` rather than a compile error.

    >>> latex_label("∇ −0.2146 (1/2)"), latex_label("a1[0] = ReLU"), latex_label("θ·x")
    ('\\nabla ~{-}0.2146~(1/2)', 'a1[0]~=~\\mathrm{ReLU}', '\\theta  \\cdot x')
    """
    text = latex_name(text.replace(" ", "~"))
    text = "".join(_LABEL_WORDS.get(ch, ch) for ch in text)
    text = _POWER_OF_TEN.sub(lambda m: rf"{m.group(1)} \times 10^{{{int(m.group(2))}}}", text)
    text = _UNARY_MINUS.sub("{-}", text)  # a sign, not a subtraction: no space after it
    return _WORD.sub(lambda m: r"\mathrm{" + m.group(1) + "}", text)
