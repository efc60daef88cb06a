"""The Qt-free session: opening, editing, switching views, saving."""

import json
import re

import numpy as np
import pytest

from graphviz_app.errors import ExpressionError, GraphvizAppError, SessionFileError
from graphviz_app.session.state.session import Session


def events(session):
    seen = []
    session.subscribe(seen.append)
    return seen


def test_edit_keeps_structure_and_reports_values():
    s = Session()
    s.open_source("example:sin-square")
    graph = s.graph
    seen = events(s)
    s.set_value("x", 2.0)
    assert s.graph is graph and seen[0] == "values"
    assert s.evaluation.values["x"] == 2.0
    assert s.modified


def test_invalid_expression_keeps_the_old_graph():
    s = Session()
    s.open_source("sin(x)")
    graph = s.graph
    with pytest.raises(ExpressionError):
        s.set_expression("sin(")
    assert s.graph is graph


def test_new_source_opens_in_its_default_view_and_drops_foreign_values():
    s = Session()
    s.open_source("example:net-221")
    s.set_view("layer")
    assert s.loaded.view == "layer"
    s.open_source("example:net-111")
    assert s.loaded.view == "neuron"
    s.set_view("layer")
    s.open_source("x * 2")  # the layer view's array 'x' must not become the input's value
    assert s.evaluation.values["x"] == 1.0


def test_view_switch_carries_edits_both_ways():
    s = Session()
    s.open_source("example:net-221")
    s.set_value("W2[0,1]", -0.7)
    s.set_view("layer")
    assert s.evaluation.values["W2"][0, 1] == -0.7
    s.set_view("neuron")
    assert s.evaluation.values["W2[0,1]"] == -0.7


def test_step_is_kept_across_an_edit():
    s = Session()
    s.open_source("example:multipath")
    s.set_step(7)
    key = s.timeline.steps[7].key
    s.set_value("t", 0.9)
    assert s.timeline.steps[s.step].key == key


def test_bad_target_edit_is_refused():
    s = Session()
    s.open_source("example:net-221")
    with pytest.raises(Exception, match="y"):
        s.set_value("y[0]", 3.0)  # a BCE target must stay in [0, 1]
    assert s.evaluation.values["y[0]"] == 0.0


def test_save_and_open_round_trip(tmp_path):
    s = Session()
    s.open_source("example:net-221")
    s.set_value("W1[0,0]", 0.25)
    s.set_step(9)
    path = s.save(tmp_path / "n.json")
    t = Session()
    t.open_file(path)
    assert t.evaluation.values["W1[0,0]"] == 0.25
    assert t.step == 9 and t.path == path and not t.modified
    with pytest.raises(SessionFileError, match="Save As"):
        Session().save()


def test_settings_from_a_file_keep_good_values_and_drop_bad_ones():
    from graphviz_app.session.state.session import Settings

    s = Settings.from_dict(
        {
            "view": "layer",
            "direction": "TB",
            "show_locals": True,
            "theme": "dark",
            "show_values": "yes",
            "large_text": 1,
            "unknown": 3,
        }
    )
    assert (s.view, s.direction, s.show_locals) == ("layer", "TB", True)
    assert not hasattr(s, "theme")  # an older file's theme is read and ignored: the person chooses it
    assert s.show_values is True and s.large_text is False  # wrong types fall back to the defaults
    assert Settings.from_dict({"direction": "sideways", "view": "3d"}) == Settings()


def test_saved_view_is_restored(tmp_path):
    s = Session()
    s.open_source("example:net-221")
    s.set_view("layer")
    path = s.save(tmp_path / "layer.json")
    t = Session()
    t.open_file(path)
    assert t.loaded.view == "layer"


@pytest.mark.parametrize(
    "leaf, value, fragment",
    [
        ("W1[0,0]", [1.0, 2.0], "shape (2,)"),
        ("W1[0,0]", True, "got true"),
        ("W1[0,0]", None, "got null"),
        ("L", 1.0, "op node"),
        ("z2[0]", 1.0, "op node"),
        ("nope", 1.0, "no input, weight or target named 'nope'"),
    ],
)
def test_set_value_uses_the_one_leaf_check(leaf, value, fragment):
    s = Session()
    s.open_source("example:net-221")
    before = s.evaluation.output_value
    with pytest.raises(GraphvizAppError, match=re.escape(fragment)):
        s.set_value(leaf, value)
    assert s.evaluation.output_value == before and not s.modified


def test_an_expression_file_opens_with_default_inputs(tmp_path):
    path = tmp_path / "f.txt"
    path.write_text("sin(x**2) * y\n", encoding="utf-8")
    s = Session()
    s.open_file(path)
    assert s.defaulted == ["x", "y"]
    assert s.values == {"x": 1.0, "y": 1.0}
    s.set_value("x", 2.0)
    assert s.evaluation.output_value == pytest.approx(np.sin(4.0))
    s.open_source("example:sin-square")
    assert s.defaulted == []


def test_a_saved_session_with_a_bad_value_is_refused_by_field(tmp_path):
    path = tmp_path / "s.json"
    path.write_text(
        json.dumps(
            {"graphviz_app_session": 1, "source": {"kind": "expression", "source": "t", "at": {"t": "a"}}}
        )
    )
    s = Session()
    s.open_source("example:sin-square")
    with pytest.raises(SessionFileError, match=r"source\.at\.t: expected a number"):
        s.open_file(path)
    assert s.loaded.origin == "example:sin-square"  # nothing changed


def test_the_dependent_variable_asked_for_survives_editing_saving_and_opening(tmp_path):
    from graphviz_app.session.second_order.implicit import dependent_of

    s = Session()
    s.open_source("u**2 + v**2 = 25", {"u": 3.0, "v": 4.0}, dependent="u")
    assert dependent_of(s.loaded) == "u"
    s.set_expression("u**2 + v**2 = 36")  # the editor: same variables, same choice
    assert dependent_of(s.loaded) == "u" and s.loaded.parsed.implicit.independent == "v"
    path = s.save(tmp_path / "eq.json")
    again = Session()
    again.open_file(path)
    assert dependent_of(again.loaded) == "u"
    s.set_expression("x**2 + y**2 = 25")  # the chosen variable is gone: the default y again
    assert dependent_of(s.loaded) == "y"


def test_a_view_asked_for_an_expression_is_refused_and_changes_nothing():
    from graphviz_app.errors import SourceError

    s = Session()
    s.open_source("example:net-221", view="layer")
    assert s.loaded.view == "layer" and s.settings.view == "layer"
    with pytest.raises(SourceError, match="--view applies to networks only"):
        s.open_source("sin(x)", view="neuron")
    with pytest.raises(SourceError, match="--view applies to networks only"):
        s.open_source("example:sin-square", view="neuron")
    assert s.loaded.view == "layer"
