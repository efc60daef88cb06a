"""Numbers as text: captions, labels, tooltips (moved here from the session's tests)."""

from __future__ import annotations

import numpy as np
import pytest

from graphviz_app.text.numbers import (
    format_full,
    format_number,
    format_scalar,
    format_shape,
    shape_tag,
    summarize,
    superscript,
)

# --- numbers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, text",
    [
        (0.7780731968879212, "0.7781"),
        (-1.8845, "−1.885"),
        (0.12049, "0.1205"),
        (1.2e-05, "1.2e-05"),
        (-0.000012, "−1.2e-05"),
        (2.25, "2.25"),
        (3.0, "3"),
        (-0.0, "0"),
        (0.0, "0"),
        (123456.0, "1.235e+05"),
        (float("nan"), "nan"),
        (float("inf"), "∞"),
        (float("-inf"), "−∞"),
        (np.float64(-2.5), "−2.5"),
        (7, "7"),
    ],
)
def test_format_number_scalars(value, text):
    assert format_number(value) == text


def test_format_number_arrays():
    assert format_number(np.array([0.5, -0.25])) == "[0.5, −0.25]"
    assert format_number(np.array([[1.0, 2.0], [3.0, np.nan]])) == "[[1, 2], [3, nan]]"
    assert format_number(np.zeros((2, 3))) == "2×3"
    assert format_number(np.zeros(5)) == "(5,)"
    assert format_number(np.array(4.0)) == "4"
    assert format_scalar(1 / 3, digits=2) == "0.33"


def test_shapes_and_summaries():
    assert (format_shape((2, 2)), format_shape((7,)), format_shape(())) == ("2×2", "(7,)", "()")
    assert (shape_tag((2, 2)), shape_tag((2,))) == ("(2×2)", "(2,)")
    assert summarize(np.linspace(-1, 2, 10)) == "(10,) in [−1, 2]"
    assert summarize(np.array([1.0, np.inf, 2.0, 0.0, 5.0])) == "(5,) in [0, ∞]"
    assert summarize(np.full((3, 3), np.nan)) == "3×3 with nan"


def test_full_precision():
    assert format_full(0.1 + 0.2) == "0.30000000000000004"
    assert format_full(-1.8845) == "−1.8845"
    assert format_full(-1.8845, minus="-") == "-1.8845"
    assert format_full(float("nan")) == "nan" and format_full(float("-inf")) == "−∞"
    assert format_full(np.array([1.0, -0.5])) == "[1.0, −0.5]"
    assert "..." in format_full(np.zeros(1000))


def test_superscript():
    assert superscript("2") == "²" and superscript("−12") == "⁻¹²"
    assert superscript("0.5") is None and superscript("x") is None
