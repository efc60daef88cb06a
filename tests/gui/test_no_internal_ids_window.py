"""No internal node id reaches a person in the window: labels, lists, tables, tooltips, the canvas.

The Qt-free texts are checked over every example and random programs in
tests/session/test_no_internal_ids.py; here every text the window's widgets and canvas items
show, after selecting each node and edge, with order 2 and a mistake on screen.
"""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel, QTableWidget, QTextEdit, QWidget

from tests.gui.windows import hovered_tip

INTERNAL_ID = re.compile(r"[A-Za-z_]\w*#\d+")


def shown_texts(w) -> list[str]:
    texts = []
    for widget in w.findChildren(QWidget):
        texts.append(widget.toolTip())
        if isinstance(widget, (QLabel, QAbstractButton)):
            texts.append(widget.text())
        elif isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
        elif isinstance(widget, QTableWidget):
            texts += [
                widget.item(r, c).text()
                + widget.item(r, c).toolTip()
                + (hovered_tip(widget, r, c) if widget.isVisible() else "")  # tooltips written on hover
                for r in range(widget.rowCount())
                for c in range(widget.columnCount())
                if widget.item(r, c) is not None
            ]
        elif isinstance(widget, QTextEdit):
            texts.append(widget.toPlainText())
    for item in w.scene.items():
        texts.append(item.toolTip())
        texts += [text for text, _ in getattr(item, "lines", [])]
        texts.append(str(getattr(item, "title", "")))
    return texts


def leaks(w) -> set[str]:
    return {m for text in shown_texts(w) for m in INTERNAL_ID.findall(text)}


@pytest.mark.parametrize(
    "source",
    ["example:multipath", "example:net-221", "x*y*sin(x*y) + log(x)*exp(y*x) + 1/x + x*y"],
)
def test_nothing_in_the_window_shows_an_internal_id(qtbot, make_window, source):
    w = make_window(source)
    w.second_order.order_box.setCurrentIndex(w.second_order.order_box.findData(2))
    w.mistakes.choose("overwrite") or w.mistakes.choose("forget-inner")
    w.jump("end")
    g = w.session.graph
    seen = set()
    for selection in [*g.nodes, *g.edges]:
        w.session.select(selection)
        seen |= leaks(w)
    assert seen == set()
