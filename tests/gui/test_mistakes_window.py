"""The Mistakes menu in the window: red wrong gradients on the canvas, the panel, refusals, clearing."""

import math

import pytest
from PySide6.QtCore import Qt

from graphviz_app.gui.panels.mistakes_menu import NO_EDGE
from graphviz_app.text.numbers import format_number
from tests.gui.windows import open_and_wait


def lines(window, node):
    return list(window.scene.nodes[node].lines)


def test_the_menu_sits_between_view_and_help(window):
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles.index("&Mistakes") == titles.index("&View") + 1 == titles.index("&Help") - 1
    assert not window.mistakes.dock.isVisible()


def test_overwrite_from_the_menu_draws_the_wrong_gradient_in_red(qtbot, window):
    """multipath at t = 0.5: right ∂z/∂x = sin t + 2 cos t = 2.235, wrong (= keeps x²'s 2 cos t) 1.755."""
    open_and_wait(qtbot, window, "example:multipath")
    window.mistakes.actions["overwrite"].trigger()
    right, wrong = math.sin(0.5) + 2 * math.cos(0.5), 2 * math.cos(0.5)
    assert lines(window, "x")[1:] == [
        (f"∇ {format_number(right)}", "grad"),
        (f"✗ ∇ {format_number(wrong)}", "fault"),
    ]
    assert lines(window, "x")[2][0] == "✗ ∇ 1.755"
    assert window.scene.nodes["x"].line_colour("fault") == window.theme.fault
    assert not any(role == "fault" for _, role in lines(window, "y"))  # y is used once: not damaged
    panel = window.mistakes.panel
    assert window.mistakes.dock.isVisible()
    cells = panel.cells()
    assert cells[:2] == [  # the damage first, output side first
        ["∂z/∂x", "2.235", "1.755", "", ""],
        ["∂z/∂t", "−0.3012", "−0.8415", "−0.3012", "right"],
    ]
    assert ["∂z/∂y", "0.8776", "same", "", ""] in cells
    assert panel.model.index(1, 2).data(Qt.ForegroundRole) == window.theme.fault
    assert "Take only one path" in panel.heading.text()


@pytest.mark.parametrize(
    ("source", "at", "action", "node", "right", "wrong"),
    [
        ("sin(x**2)", {"x": 1.5}, "inner_first", "x", 3 * math.cos(2.25), 3 * math.cos(1.5)),
        (
            "sin(cos(x))",
            {"x": 1.0},
            "missing_chain",
            "x",
            -math.cos(math.cos(1)) * math.sin(1),
            math.cos(math.cos(1)),
        ),
        ("y = x^3; f = x^2 + y", {"x": 2.0}, "partial_total", "x", 16.0, 4.0),
    ],
)
def test_the_new_mistakes_from_the_menu(qtbot, window, source, at, action, node, right, wrong):
    """Each new menu item draws the wrong gradient the maths predicts (see tests/core/test_mistakes.py)
    under the right one, and the panel's finite difference sides with the right one."""
    open_and_wait(qtbot, window, source)
    for name, value in at.items():
        window.session.set_value(name, value)
    window.mistakes.actions[action].trigger()
    assert not window.banner.isVisible()
    assert lines(window, node)[-2:] == [
        (f"∇ {format_number(right)}", "grad"),
        (f"✗ ∇ {format_number(wrong)}", "fault"),
    ]
    row = next(r for r in window.mistakes.panel.cells() if r[0].endswith(f"/∂{node}"))
    assert row[1:] == [format_number(right), format_number(wrong), format_number(right), "right"]


def test_forget_the_selected_edge_needs_a_clicked_edge(qtbot, window):
    """sin(x²) at 1.5: forgetting the edge x → x² gives cos(2.25) = −0.6282 instead of −1.885."""
    open_and_wait(qtbot, window, "sin(x**2)")
    window.session.set_value("x", 1.5)
    window.mistakes.actions["forget_edge"].trigger()
    assert window.banner.isVisible() and NO_EDGE in window.banner.text()
    assert window.scene.mistake is None
    window.session.select(("x", "pow#2"))
    window.mistakes.actions["forget_edge"].trigger()
    assert not window.banner.isVisible()
    assert lines(window, "x")[-1] == (f"✗ ∇ {format_number(math.cos(2.25))}", "fault")
    assert lines(window, "x")[-2] == (f"∇ {format_number(3 * math.cos(2.25))}", "grad")


@pytest.mark.parametrize(
    ("source", "action", "message"),
    [
        ("sin(x**2)", "overwrite", "no node here is used twice"),
        ("example:multipath", "sigma", "no sigmoid"),
        ("example:multipath", "wrong_order_all", "layer view"),
        ("example:multipath", "partial_total", "no variable here reaches z both directly"),
        ("example:neuron", "missing_chain", "no function here is applied to another function"),
        ("example:neuron", "inner_first", "no function here is applied to an operation of one variable"),
    ],
)
def test_refusals_go_to_the_banner_and_the_window_survives(qtbot, window, source, action, message):
    open_and_wait(qtbot, window, source)
    window.mistakes.actions[action].trigger()
    assert window.banner.isVisible() and message in window.banner.text()
    assert window.scene.mistake is None and window.mistakes.panel.cells() == []


def test_new_values_rerun_the_mistake_and_a_new_graph_clears_it(qtbot, window):
    """sin(x²) with the edge x → x² forgotten: at x = 1 the wrong ∂f/∂x is cos 1 (right 2 cos 1)."""
    open_and_wait(qtbot, window, "sin(x**2)")
    window.session.select(("x", "pow#2"))
    assert window.mistakes.choose("forget-inner", on_edge=True)
    window.session.set_value("x", 1.0)
    assert lines(window, "x")[-1] == (f"✗ ∇ {format_number(math.cos(1.0))}", "fault")
    assert window.mistakes.panel.cells()[0][1:3] == [
        format_number(2 * math.cos(1.0)),
        format_number(math.cos(1.0)),
    ]
    open_and_wait(qtbot, window, "example:multipath")
    assert window.scene.mistake is None and window.mistakes.report is None
    assert not any(role == "fault" for node in window.scene.nodes for _, role in lines(window, node))


def test_escape_and_correct_backward_pass_clear_it(qtbot, window):
    open_and_wait(qtbot, window, "example:multipath")
    correct = window.mistakes.actions["correct"]
    assert not correct.isEnabled()  # Escape keeps its usual jobs while no mistake is shown
    window.mistakes.actions["forget_all"].trigger()
    assert lines(window, "t")[-1] == (f"✗ ∇ {format_number(math.sin(0.5) + 3 * math.cos(0.5))}", "fault")
    assert correct.isEnabled()
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key_Escape)
    assert window.scene.mistake is None and window.mistakes.panel.cells() == []
    assert not correct.isEnabled()
    assert lines(window, "t")[-1][1] == "grad"
    window.mistakes.actions["sigma"].trigger()  # refused: no sigmoid here
    window.mistakes.actions["overwrite"].trigger()
    correct.trigger()
    assert window.scene.mistake is None


def test_wrong_order_in_the_layer_view(qtbot, window):
    """net-221: W1 is square, so x → W1·x gives W1·g, W2 is 1×2 so every product is refused."""
    open_and_wait(qtbot, window, "example:net-221")
    with qtbot.waitSignal(window.sig_layout_done, timeout=20000):
        window.session.set_view("layer")
    window.mistakes.actions["wrong_order_all"].trigger()
    assert "W2 is 1×2" in window.banner.text() and "cannot even be computed" in window.banner.text()
    window.session.select(("x", "matmul#1"))
    window.mistakes.actions["wrong_order_edge"].trigger()
    assert lines(window, "x")[-1] == ("✗ ∇ [0.2038, −0.0751]", "fault")
    assert window.mistakes.panel.cells()[0] == [
        "∂L/∂x",
        "[0.09656, −0.236]",
        "[0.2038, −0.0751]",
        "[0.09656, −0.236]",
        "right",
    ]


def test_an_edit_under_a_mistake_on_a_thousand_nodes_formats_only_what_is_measured_and_shown(
    qtbot, window, tmp_path, monkeypatch
):
    """The panel once refilled 1,063 rows × 5 items and resized every column to all of them per edit."""
    import json

    from PySide6.QtWidgets import QApplication, QHeaderView

    from graphviz_app.gui.panels.mistakes_panel import COLUMNS, MEASURED_ROWS, MistakeRowsModel

    layers = [{"size": 16, "activation": "sigmoid"}] * 2 + [{"size": 1, "activation": "sigmoid"}]
    spec = {
        "input": [0.5, -0.2, 0.1, 0.3],
        "target": [1],
        "loss": "bce",
        "init": {"seed": 1},
        "layers": layers,
    }
    path = tmp_path / "net.json"
    path.write_text(json.dumps(spec))
    open_and_wait(qtbot, window, str(path))
    if window.session.loaded.view != "neuron":
        with qtbot.waitSignal(window.sig_layout_done, timeout=60_000):
            window.session.set_view("neuron")
    assert window.session.graph.number_of_nodes() > 1000
    window.mistakes.actions["sigma"].trigger()
    panel = window.mistakes.panel
    rows = panel.model.rowCount()
    assert rows > 1000 and panel.cells()[0][2] != "same"
    header = panel.table.horizontalHeader()
    assert all(header.sectionResizeMode(j) != QHeaderView.ResizeToContents for j in range(len(COLUMNS)))

    made = []
    real = MistakeRowsModel.text
    monkeypatch.setattr(MistakeRowsModel, "text", lambda self, row, j: made.append(1) or real(self, row, j))
    for value in (0.3, 0.35, 0.4):  # each edit re-runs the mistake
        window.session.set_value("x[0]", value)
        QApplication.processEvents()
    assert window.mistakes.report is not None and panel.model.rowCount() == rows
    assert 0 < len(made) <= 3 * 2 * MEASURED_ROWS * len(COLUMNS) < 3 * rows * len(COLUMNS)


def test_a_mistake_shown_in_presentation_mode_is_explained_in_the_caption(qtbot, make_window):
    """Before: red ✗ gradients on the canvas, and a caption that said only "Done: …"."""
    w = make_window("example:multipath")
    with qtbot.waitSignal(w.sig_layout_done, timeout=20000):
        w.set_presentation(True)
    assert w.mistakes.choose("overwrite")
    assert not w.mistakes.dock.isVisible()  # presenting: the canvas and its caption only
    caption = w.timeline_bar.caption
    assert w.session.step == len(w.session.timeline) - 1
    assert caption.text().startswith("Done: ∂z/∂t = ")
    assert caption.text().endswith(
        "\n✗ Mistake: = instead of +=, a reused node keeps only the path that arrives last: "
        "∂z/∂x = 1.755 instead of 2.235 (✗ marks every wrong gradient)"
    )
    assert caption.heightForWidth(caption.width()) <= caption.height()  # all of it in the band
    w.animator.go_to(3)
    assert "✗ Mistake: = instead of +=" in caption.text()  # on every step while the ✗ are drawn
    w.view.setFocus()
    qtbot.keyClick(w.view, Qt.Key_Escape)  # cleared: the caption is the step's again
    assert caption.text() == w.session.caption(3)
