"""The inspector's text without a display: a node's gradient as the sum of its contributions, an edge's numbers."""

import pytest

from graphviz_app.errors import GraphvizAppError
from graphviz_app.session.inspector import InspectorText
from graphviz_app.session.state.session import Session


@pytest.fixture
def session():
    s = Session()
    s.open_source("x = cos(t); y = sin(t); z = x*y + x**2", {"t": 0.5})
    s.set_step(len(s.timeline) - 1)
    return s


def test_a_node_page_sums_what_each_outgoing_edge_sends_back(session):
    page = InspectorText(session).node_page("x")
    assert page.title.startswith("<b>x")
    assert "is the sum of what each outgoing edge sends back" in page.contributions
    assert page.contributions.count("<tr>") == 4  # header, two children, the sum
    assert "at this step: final" in page.gradient
    assert page.edit_value is None  # x is computed, not given


def test_an_input_can_be_edited_and_an_edge_says_what_it_sends_back(session):
    text = InspectorText(session)
    assert text.node_page("t").edit_value == 0.5
    edge = text.edge_page(("t", "x"))
    assert "sends back" in edge.value and "×" in edge.value
    assert "<b>forward</b>" in edge.gradient and "<b>backward</b>" in edge.gradient


def test_nothing_selected_and_a_selection_not_in_the_graph(session):
    text = InspectorText(session)
    assert text.page(None) is None
    with pytest.raises(GraphvizAppError, match="no node 'q'"):
        text.page("q")
    with pytest.raises(GraphvizAppError, match="no edge t → z"):
        text.page(("t", "z"))
