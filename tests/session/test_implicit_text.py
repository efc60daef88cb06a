"""The implicit slope in words and numbers (issue 11, item 2): Qt-free, from the CLI's own numbers."""

import pytest

from graphviz_app.builders.expression import implicit_slope
from graphviz_app.session.second_order.implicit import implicit_text
from graphviz_app.session.state.session import Session


@pytest.fixture
def circle() -> Session:
    s = Session()
    s.open_source("example:circle")
    return s


def test_circle_slope_has_formula_and_numbers(circle):
    shown = implicit_text(circle)
    assert shown is not None
    assert shown.slope == implicit_slope(circle.loaded.parsed, circle.evaluation)["dydx"] == -0.75
    assert "dy/dx = −F_x / F_y" in shown.formula
    assert shown.numbers == "dy/dx = −(6) / (8) = −0.75"
    assert shown.warning == ""


def test_off_the_curve_is_warned(circle):
    circle.set_value("x", 2.0)  # 4 + 16 − 25 = −5
    shown = implicit_text(circle)
    assert "not on the curve" in shown.warning and "F = −5" in shown.warning
    assert shown.numbers == "dy/dx = −(4) / (8) = −0.5"


def test_vertical_tangent_says_why(circle):
    circle.set_value("y", 0.0)
    shown = implicit_text(circle)
    assert shown.slope is None and "F_y = 0" in shown.reason
    assert "undefined" in shown.numbers


def test_caption_at_the_end_carries_the_slope(circle):
    last = len(circle.timeline) - 1
    assert circle.caption(last).startswith("Done: ∂F/∂x = 6, ∂F/∂y = 8")
    assert "dy/dx = −(6) / (8) = −0.75" in circle.caption(last)
    assert "dy/dx" not in circle.caption(0)
    circle.set_value("x", 2.0)
    assert "F = −5" in circle.caption(last)


def test_not_an_equation_has_no_implicit_text():
    s = Session()
    s.open_source("sin(x)")
    assert implicit_text(s) is None
    assert s.caption(len(s.timeline) - 1) == s.timeline.steps[-1].caption
    s.open_source("example:net-221")
    assert implicit_text(s) is None
