"""The paths and accumulation panels in the window: what is lit, and the numbers next to the CLI's."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QGuiApplication

from graphviz_app.cli import main as cli
from graphviz_app.gui.panels.paths_panel import PathsPanel
from graphviz_app.session.paths.slides import slide_latex, slide_text
from graphviz_app.session.paths.sum_over_paths import PAGE
from tests.gui.windows import open_and_wait

T = 0.5


def lit(window):
    """Ids of the nodes and edges that are not dimmed on the canvas."""
    scene = window.scene
    return (
        {n for n, item in scene.nodes.items() if not item.dimmed},
        {e for e, item in scene.edges.items() if not item.dimmed},
    )


def test_selecting_a_path_lights_exactly_its_nodes_and_edges(qtbot, window):
    open_and_wait(qtbot, window, "example:multipath")
    panel = window.paths_panel
    assert (panel.source(), panel.target()) == ("t", "z")
    assert lit(window) == (set(window.scene.nodes), set(window.scene.edges))  # nothing dimmed yet

    index = panel.model.index(2, 0)
    qtbot.mouseClick(panel.list.viewport(), Qt.LeftButton, pos=panel.list.visualRect(index).center())
    assert panel.current_path() == 2
    assert lit(window) == ({"t", "y", "mul#1", "z"}, {("t", "y"), ("y", "mul#1"), ("mul#1", "z")})
    assert all(window.scene.edges[e].emphasised for e in (("t", "y"), ("y", "mul#1"), ("mul#1", "z")))
    assert window.scene.nodes["x"].dimmed and window.scene.edges[("t", "x")].dimmed

    panel.next_path()  # the last path stays the last
    assert panel.current_path() == 2
    assert panel.running_label.text() == "after all 3 paths: sum −0.3012 = backprop gradient −0.3012"
    panel.previous_path()
    assert lit(window) == ({"t", "x", "mul#1", "z"}, {("t", "x"), ("x", "mul#1"), ("mul#1", "z")})
    assert panel.running_label.text() == "after 2 of 3 paths: sum −1.071 … backprop gradient −0.3012"

    panel.select_path(None)
    assert lit(window) == (set(window.scene.nodes), set(window.scene.edges))


def test_panel_numbers_match_the_cli(qtbot, window, capsys):
    assert cli.main(["paths", "example:multipath", "--wrt", "t", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    open_and_wait(qtbot, window, "example:multipath")
    paths = window.paths_panel.paths
    assert paths.count == report["count"] == 3
    assert window.paths_panel.model.rowCount() == len(report["paths"])
    for i, expected in enumerate(report["paths"]):
        row = window.paths_panel.model.row(i)
        assert list(row.nodes) == expected["nodes"]
        assert row.product == pytest.approx(expected["product"], rel=1e-12)
        assert list(row.factors) == pytest.approx(expected["factors"], rel=1e-12)
    total = paths.total()
    assert total.sum == pytest.approx(report["sum"], rel=1e-12)
    assert paths.gradient == pytest.approx(report["gradient"], rel=1e-12)
    assert total.agree is report["agree"] is True
    total_text = window.paths_panel.total_label.text()
    assert "−0.3012" in total_text and "they agree" in total_text
    assert window.paths_panel.count_label.text() == "<b>3 paths</b> from t to z"
    cost = report["cost"]
    assert window.paths_panel.cost_label.text().startswith(
        f"Backprop visits {cost['edges']} edges: {cost['backprop_multiplications']} multiplications. "
        f"Walking every path: {cost['path_multiplications']} multiplications."
    )

    # copying gives the same strings as the session functions
    assert window.paths_panel.copy_latex() == slide_latex(paths) == QGuiApplication.clipboard().text()
    assert window.paths_panel.copy_text() == slide_text(paths) == QGuiApplication.clipboard().text()

    # the accumulation panel (its tab in front: a panel out of sight waits): ∂z/∂x = x·y's + x²'s
    window.accumulation_dock.raise_()
    acc = window.accumulation_panel
    qtbot.waitUntil(lambda: not acc.out_of_sight())
    window.session.select("x")
    assert acc.table.rowCount() == 2
    assert [acc.table.item(r, 0).text() for r in range(2)] == ["x·y", "x²"]
    assert [acc.table.item(r, 3).text() for r in range(2)] == ["0.4794", "1.755"]
    assert "∂z/∂x = 2.235" in acc.sum_label.text() and "✓" in acc.sum_label.text()


def test_play_builds_the_product_edge_by_edge(qtbot, window):
    open_and_wait(qtbot, window, "example:multipath")
    panel = window.paths_panel
    panel.timer.setInterval(20)
    panel.select_path(0)
    panel.play()
    assert panel.playing and window.scene.highlight == ({"z"}, set())
    assert panel.build_label.text() == "start at z: product 1"
    qtbot.waitUntil(lambda: not panel.playing, timeout=3000)
    assert panel.build_label.text() == (
        "∂z/∂(x²) · ∂(x²)/∂x · ∂x/∂t = 1 × 1.755 × (−0.4794) = −0.8415  (this path's term)"
    )
    assert lit(window) == ({"t", "x", "pow#3", "z"}, {("t", "x"), ("x", "pow#3"), ("pow#3", "z")})

    # new numbers keep the chosen path lit, with new products
    window.session.set_value("t", 0.7)
    assert panel.current_path() == 0
    assert panel.model.row(0).product == pytest.approx(-2 * math.cos(0.7) * math.sin(0.7))
    assert lit(window)[1] == {("t", "x"), ("x", "pow#3"), ("pow#3", "z")}

    # a new graph clears the highlight and the selection
    open_and_wait(qtbot, window, "example:net-221")
    assert window.scene.highlight is None
    assert (panel.source(), panel.target()) == ("x[0]", "L")
    assert panel.widths_label.text() == "2 × 1 = 2 paths: one per choice of neuron in each layer"
    # a leaf clicked on the canvas becomes the source
    window.session.select("W1[1,0]")
    assert panel.source() == "W1[1,0]" and panel.paths.count == 1


def test_a_huge_number_of_paths_is_listed_a_page_at_a_time(qtbot, session):
    lines = [f"a{i} = sin(a{i - 1}) + cos(a{i - 1})" for i in range(2, 42)]
    text = "; ".join(["a1 = sin(t) + cos(t)", *lines])
    session.open_source(text, {"t": 0.3})
    panel = PathsPanel(session)
    qtbot.addWidget(panel)
    assert panel.paths.count == 2**41
    assert panel.count_label.text().startswith("<b>2,199,023,255,552 (≈ 2.2 × 10¹²) paths</b> from t to a41")
    assert panel.model.rowCount() == PAGE
    assert panel.more_button.isEnabled()
    panel.more_button.click()
    assert panel.model.rowCount() == 2 * PAGE
    assert panel.shown_label.text() == "showing 200 of 2,199,023,255,552 (≈ 2.2 × 10¹²)"
    assert "first 200 shown" in panel.total_label.text()
    assert panel.model.canFetchMore(QModelIndex())
    panel.select_path(250)  # stepping past the list lists more
    assert panel.model.rowCount() == 3 * PAGE and panel.current_path() == 250
    # forward mode on request; the table meets backprop at the ends
    panel.tabs.setCurrentIndex(1)
    assert panel.tangent_table.rowCount() == 124  # t, and 41 × (sin, cos, add)
    assert panel.tangent_table.item(123, 1).text() == panel.tangent_table.item(0, 2).text() == "1.545e-08"


def test_the_list_of_2_to_the_60_paths_stops_at_the_listing_limit(qtbot, window):
    from graphviz_app.session.paths.sum_over_paths import LIST_LIMIT

    doublings = "x1 = t + 2*t; " + "; ".join(f"x{k} = x{k - 1} + 2*x{k - 1}" for k in range(2, 61))
    open_and_wait(qtbot, window, doublings)
    panel = window.paths_panel
    assert panel.paths.count == 2**60
    for _ in range(LIST_LIMIT // PAGE + 5):  # scrolling to the end again and again
        panel.model.fetchMore(QModelIndex())
    assert panel.model.rowCount() == len(panel.paths.rows) == LIST_LIMIT
    assert not panel.model.canFetchMore(QModelIndex()) and not panel.more_button.isEnabled()
    assert panel.shown_label.text().endswith(f"(the list stops at {LIST_LIMIT:,})")
    panel.select_path(LIST_LIMIT - 1)
    panel.next_path()  # the last path listed stays selected
    assert panel.current_path() == LIST_LIMIT - 1


def test_build_product_to_a_tensor_target_in_the_layer_view(qtbot, window):
    """net-221 in the layer view, x to z1: once an internal error in the status bar."""
    open_and_wait(qtbot, window, "example:net-221")
    with qtbot.waitSignal(window.sig_layout_done, timeout=20000):
        window.session.set_view("layer")
    panel = window.paths_panel
    panel.set_source("x")
    panel.set_target("z1")
    panel.play()
    assert panel.playing
    qtbot.waitUntil(lambda: not panel.playing, timeout=10_000)
    row = panel.model.row(0)
    assert row.nodes == ("x", "matmul#1", "z1")
    assert panel.build_label.text().endswith("= [[0.5, −0.2], [0.3, 0.8]]  (this path's term)")  # ∂z1/∂x = W1
    np.testing.assert_allclose(row.product, window.session.values["W1"])
    assert "error" not in window.statusBar().currentMessage()
