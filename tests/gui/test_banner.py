"""The message banner over the canvas: readable in both themes, dismissable, and gone when it no longer applies.

Before: a refused mistake ("wrong order at every product" on multipath) left a red banner
that stayed through clicks, Escape, value edits, a theme switch and presentation mode (where
it was projected), white on #FF6B6B in the dark theme: a contrast of 2.78:1.
"""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from tests.gui.windows import open_and_wait

REFUSED = "Multiply Jacobians in the wrong order"  # on multipath: needs the layer view


def luminance(colour: QColor) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v / 255) for v in (colour.red(), colour.green(), colour.blue()))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: QColor, b: QColor) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_the_wcag_formula_here_gives_the_known_ratios():
    assert contrast(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert contrast(QColor("#ffffff"), QColor("#ff6b6b")) == pytest.approx(2.78, abs=0.01)  # the old banner


def drawn_colours(widget) -> tuple[QColor, QColor]:
    """(background, the drawn colour farthest from it in contrast): the banner's fill and its text."""
    image = widget.grab().toImage()
    pixels = Counter(
        image.pixel(x, y) for x in range(0, image.width(), 2) for y in range(0, image.height(), 2)
    )
    background = QColor.fromRgb(pixels.most_common(1)[0][0])
    text = max((QColor.fromRgb(p) for p in pixels), key=lambda c: contrast(c, background))
    return background, text


def refuse_a_mistake(qtbot, window) -> None:
    open_and_wait(qtbot, window, "example:multipath")
    window.mistakes.actions["wrong_order_all"].trigger()
    assert window.banner.isVisible() and "layer view" in window.banner.text()


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_banner_has_at_least_4_5_to_1_contrast_in_both_themes(qtbot, window, theme):
    window.set_theme(theme)
    refuse_a_mistake(qtbot, window)
    assert contrast(window.theme.alert_fill, window.theme.alert_text) >= 4.5
    background, text = drawn_colours(window.banner)
    assert background == window.theme.alert_fill  # what is drawn is the theme's colour
    assert contrast(background, text) >= 4.5
    assert contrast(*drawn_colours(window.banner.close_button)) >= 4.5


def test_the_close_button_and_escape_dismiss_it(qtbot, window):
    refuse_a_mistake(qtbot, window)
    qtbot.mouseClick(window.banner.close_button, Qt.LeftButton)
    assert not window.banner.isVisible() and window.banner.text() == ""
    window.mistakes.actions["wrong_order_all"].trigger()
    assert window.banner.isVisible()
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key_Escape)
    assert not window.banner.isVisible()
    assert window.session.graph is not None  # Escape put away the message only


def test_it_leaves_when_the_state_it_describes_changes(qtbot, window):
    refuse_a_mistake(qtbot, window)
    window.session.select("x")  # another click
    assert not window.banner.isVisible()

    window.mistakes.actions["wrong_order_all"].trigger()
    window.session.set_value("t", 0.75)  # a value edited
    assert not window.banner.isVisible()

    window.mistakes.actions["wrong_order_all"].trigger()
    window.mistakes.actions["overwrite"].trigger()  # another mistake, one that applies
    assert not window.banner.isVisible() and window.mistakes.report is not None

    window.mistakes.actions["wrong_order_all"].trigger()
    window.mistakes.clear()  # the mistake cleared
    assert not window.banner.isVisible()

    window.mistakes.actions["wrong_order_all"].trigger()
    open_and_wait(qtbot, window, "example:net-221")  # another graph
    assert not window.banner.isVisible()


def test_a_theme_switch_leaves_the_message_but_recolours_it(qtbot, window):
    refuse_a_mistake(qtbot, window)
    window.set_theme("dark")
    assert window.banner.isVisible()
    assert drawn_colours(window.banner)[0] == window.theme.alert_fill


def test_it_is_never_projected_in_presentation_mode(qtbot, window):
    refuse_a_mistake(qtbot, window)
    window.actions["presenter_view"].setChecked(True)
    window.set_presentation(True)
    assert not window.banner.isVisible()
    grabbed = window.grab().toImage()
    fill = window.theme.alert_fill.rgb()
    assert not any(
        grabbed.pixel(x, y) == fill
        for x in range(0, grabbed.width(), 7)
        for y in range(0, grabbed.height(), 7)
    )
    window.mistakes.actions["sigma"].trigger()  # refused during the presentation: still not projected
    assert not window.banner.isVisible()
    notes = window.presenter_view.message
    assert notes.isVisibleTo(window.presenter_view) and "sigmoid" in notes.text()  # the lecturer's screen
    window.set_presentation(False)
    assert window.banner.isVisible() and "sigmoid" in window.banner.text()  # it still applies
    window.banner.dismiss()
    assert not notes.isVisibleTo(window.presenter_view)
    window.actions["presenter_view"].setChecked(False)
