"""The paths list: one path per row, its factors in aligned columns, the whole chain on hover."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from graphviz_app.gui.panels.paths_panel import PathsPanel


def test_each_path_is_one_row_with_its_factors_in_columns(qtbot, session):
    session.open_source("x = cos(t); y = sin(t); z = x*y + x**2", {"t": 0.5})
    panel = PathsPanel(session)
    qtbot.addWidget(panel)
    model = panel.model
    assert model.rowCount() == 3
    longest = max(len(model.row(k).numbers) for k in range(3))
    assert model.columnCount() == longest + 2 and model.product_column() == longest + 1
    for k in range(3):
        row = model.row(k)
        cells = [model.data(model.index(k, c)) for c in range(model.columnCount())]
        assert cells[0] == str(k + 1)
        assert cells[1 : 1 + len(row.numbers)] == list(row.numbers)  # factor i of every path in column i
        assert cells[-1] == row.product_text
        tip = model.data(model.index(k, 1), Qt.ItemDataRole.ToolTipRole)
        assert row.route in tip and row.symbols[0] in tip  # the full chain on hover
    assert model.headerData(0, Qt.Orientation.Horizontal) == "path"
    assert model.headerData(longest + 1, Qt.Orientation.Horizontal) == "= product"


def test_a_network_has_as_many_factor_columns_as_layers_crossed(qtbot, session):
    session.open_source("example:net-221")
    panel = PathsPanel(session)
    qtbot.addWidget(panel)
    model = panel.model
    assert model.rowCount() == 2
    assert len(model.row(0).numbers) == len(model.row(1).numbers) == model.columnCount() - 2


def _shown_panel(qtbot, session, source: str, at: dict) -> PathsPanel:
    """A paths panel of ``source`` at ``at``, shown at 700 × 400."""
    session.open_source(source, at)
    panel = PathsPanel(session)
    qtbot.addWidget(panel)
    panel.resize(700, 400)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def _list_picture(panel, delegate=None):
    """The paths list drawn (with ``delegate`` in place of the panel's own), as an image."""
    from PySide6.QtWidgets import QApplication

    table = panel.list
    own = table.itemDelegate()
    if delegate is not None:
        table.setItemDelegate(delegate)
    table.resizeColumnsToContents()
    table.viewport().update()
    QApplication.processEvents()
    picture = table.grab().toImage()
    table.setItemDelegate(own)
    return picture


def test_the_cells_look_as_qt_would_draw_them(qtbot, session):
    """The list's delegate asks the model one question a cell; what it draws, and how wide the
    columns come out, are what Qt's own delegate, asking every role, makes of the same cells."""
    from PySide6.QtWidgets import QStyledItemDelegate

    from graphviz_app.gui.panels.path_list import PathCellDelegate

    panel = _shown_panel(qtbot, session, "x = cos(t); y = sin(t); z = x*y + x**2", {"t": 0.5})
    assert isinstance(panel.list.itemDelegate(), PathCellDelegate)
    panel.select_path(1)  # a selected row too
    ours = _list_picture(panel)
    widths = [panel.list.columnWidth(c) for c in range(panel.model.columnCount())]
    qts = _list_picture(panel, QStyledItemDelegate(panel.list))
    assert [panel.list.columnWidth(c) for c in range(panel.model.columnCount())] == widths
    assert ours == qts
    session.set_value("t", 2.5)  # new numbers, measured and drawn alike
    assert _list_picture(panel) == _list_picture(panel, QStyledItemDelegate(panel.list))


def test_larger_text_measures_the_cells_again(qtbot, session):
    panel = _shown_panel(qtbot, session, "x = cos(t); y = sin(t); z = x*y + x**2", {"t": 0.5})
    product = panel.model.product_column()
    before = panel.list.sizeHintForColumn(product)  # the cells' widths, not the header's
    font = panel.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    panel.setFont(font)
    assert panel.list.sizeHintForColumn(product) > 1.5 * before


def test_the_columns_fit_the_new_numbers_after_an_edit(qtbot, session):
    """The columns are fitted once per change of the paths or their numbers, not by Qt on every
    layout pass: a number that grows wider after an edit still fits its column."""
    panel = _shown_panel(qtbot, session, "z = t*t + 3*t", {"t": 0.5})
    columns = range(panel.model.columnCount())
    before = [panel.list.columnWidth(c) for c in columns]
    session.set_value("t", -123456.789)  # wider numbers: −2.469e+05 for 1
    QApplication.processEvents()
    after = [panel.list.columnWidth(c) for c in columns]
    assert any(a > b for a, b in zip(after, before))
    assert all(panel.list.columnWidth(c) >= panel.list.sizeHintForColumn(c) for c in columns)
