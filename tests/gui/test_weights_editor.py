"""The network form's weights table follows numbers edited elsewhere (the inspector, undo)."""

from graphviz_app.gui.panels.network_form import NetworkForm
from tests.gui.windows import hovered_tip


def test_a_weight_set_elsewhere_shows_in_the_table(qtbot, session):
    session.open_source("example:net-221")
    form = NetworkForm(session)
    qtbot.addWidget(form)
    form.show_weights(1)
    session.set_value("W1[0,0]", 0.75)
    assert form.weights_table.item(0, 0).text() == "0.75"
    form.show()
    assert "W1[0,0] = 0.75" in hovered_tip(form.weights_table, 0, 0)
