"""The paths panel writes out only the paths its list shows, and an edit recounts nothing.

An edit of a big network used to enumerate every path (up to 10,000) to add their
products, write out a page of a hundred, and answer the list's questions about every
cell anew: a quarter of a second at 1,000 nodes. See graphviz_app/session/paths/routes.py
and graphviz_app/gui/panels/path_list.py.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from graphviz_app.session.paths import routes as path_routes
from graphviz_app.session.paths.sum_over_paths import PAGE, PathSum
from tests.gui.windows import open_and_wait

NET = (
    '{"input": [0.5, -0.2], "target": [1.0], "loss": "mse", "init": {"seed": 1},'
    ' "layers": [{"size": 12, "activation": "tanh"}, {"size": 12, "activation": "tanh"},'
    ' {"size": 1, "activation": "identity"}]}'
)


def open_network(qtbot, window, tmp_path):
    path = tmp_path / "net.json"
    path.write_text(NET, encoding="utf-8")
    open_and_wait(qtbot, window, str(path))
    if window.session.loaded.view != "neuron":
        with qtbot.waitSignal(window.sig_layout_done, timeout=20000):
            window.session.set_view("neuron")
    window.paths_dock.raise_()
    qtbot.waitUntil(window.paths_panel.list.isVisible)
    panel = window.paths_panel
    assert panel.paths.count == 144 > PAGE  # x[0] → 12 × 12 neurons → the loss
    return panel


def shown_rows(panel) -> int:
    """How many rows of the list are in view."""
    view = panel.list
    first = view.rowAt(0)
    last = view.rowAt(view.viewport().height() - 1)
    return (last if last >= 0 else panel.model.rowCount() - 1) - first + 1


def test_the_list_writes_out_only_the_rows_it_shows(qtbot, make_window, tmp_path):
    window = make_window(size=(1400, 900))
    panel = open_network(qtbot, window, tmp_path)
    qtbot.wait(50)
    assert panel.model.rowCount() == PAGE  # a page is listed ...
    assert 0 < len(panel.paths.rows) <= shown_rows(panel) + 5 < PAGE  # ... and only about what is in view
    assert panel.total_label.text().startswith("Sum of all 144 path products")  # the sum needs no row


def test_an_edit_keeps_the_paths_and_adds_their_products_at_once(qtbot, make_window, tmp_path, monkeypatch):
    window = make_window(size=(1400, 900))
    panel = open_network(qtbot, window, tmp_path)
    route = panel.paths.route
    walked = []
    real = path_routes.iter_paths
    monkeypatch.setattr(path_routes, "iter_paths", lambda *a: walked.append(a) or real(*a))
    window.session.set_value("W1[0,0]", 0.25)
    qtbot.wait(50)
    assert panel.paths.route is route and walked == []  # the same paths: none walked again
    assert len(panel.paths.rows) <= shown_rows(panel) + 5
    total = panel.paths.total()
    assert total.complete and total.summed == 144 and total.agree


def test_the_model_answers_a_cell_once(qtbot, make_window, tmp_path, monkeypatch):
    window = make_window(size=(1400, 900))
    panel = open_network(qtbot, window, tmp_path)
    written = []
    real = PathSum.row
    monkeypatch.setattr(PathSum, "row", lambda self, k: written.append(k) or real(self, k))
    index = panel.model.index(3, 1)
    first = panel.model.data(index, Qt.ItemDataRole.DisplayRole)
    again = panel.model.data(index, Qt.ItemDataRole.DisplayRole)
    assert first == again and first  # a number
    assert len(written) <= 1
