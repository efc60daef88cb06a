"""Collapsing a layer into one box and expanding it: numbers, step and selection stay; saved with the session."""

import json

from graphviz_app.text.numbers import format_number

NET = {
    "input": [0.5, -0.25, 1.0],
    "target": [0.5],
    "init": {"seed": 3},
    "loss": "mse",
    "layers": [
        {"size": 4, "activation": "tanh"},
        {"size": 4, "activation": "tanh"},
        {"size": 1, "activation": "sigmoid"},
    ],
}


def relayout(qtbot, window, action):
    with qtbot.waitSignal(window.sig_layout_done, timeout=20000):
        action()


def test_collapse_and_expand_keep_numbers_step_and_selection(qtbot, window, tmp_path):
    spec = tmp_path / "net.json"
    spec.write_text(json.dumps(NET))
    relayout(qtbot, window, lambda: window.open_source(str(spec)))
    if window.session.loaded.view != "neuron":
        relayout(qtbot, window, lambda: window.session.set_view("neuron"))
    s, scene = window.session, window.scene
    full = set(scene.nodes)
    assert full == set(s.graph)
    window.jump("end")
    step = s.step
    s.select("a2[1]")
    relayout(qtbot, window, lambda: s.set_collapsed("layer 2"))
    box = "[layer 2]"
    assert box in scene.nodes and "W2[0,0]" not in scene.nodes and "a2[1]" not in scene.nodes
    assert "W1[0,0]" in scene.nodes and "a1[0]" in scene.nodes  # layer 1 stays expanded
    assert len(scene.nodes) == len(full) - 16 - 4 - 16 - 12 - 4 - 4 + 1  # W2, b2, products, sums, z2, a2
    assert s.step == step and s.selection == "a2[1]"
    assert scene.nodes[box].isSelected()  # the box of the selected neuron is selected
    texts = [text for text, _ in scene.nodes[box].lines]
    a2 = [format_number(s.evaluation.values[f"a2[{i}]"]) for i in range(3)]
    g2 = [format_number(s.evaluation.grads[f"a2[{i}]"]) for i in range(3)]
    assert texts[0].startswith("layer 2")
    assert texts[1] == f"a2 = [{', '.join(a2)}, …] (4)"
    assert texts[2] == f"∇ [{', '.join(g2)}, …] (4)"
    assert ("a1[0]", box) in scene.edges and (box, "[layer 3]") not in scene.edges
    assert "a2[3] = " in scene._node_tooltip(box)  # every number of the vector, on hover
    assert "4 edges (collapsed)" in scene._edge_tooltip(("a1[0]", box))  # a1[0] feeds one product per neuron
    window.jump("start")
    assert [text for text, _ in scene.nodes[box].lines][1] == "·"  # not computed yet at the start
    window.jump("end")

    path = tmp_path / "s.json"
    s.save(path)
    assert json.loads(path.read_text())["settings"]["collapsed"] == ["layer 2"]

    relayout(qtbot, window, lambda: s.set_collapsed("layer 2", False))
    assert set(scene.nodes) == full and s.step == step and s.selection == "a2[1]"
    assert scene.nodes["a2[1]"].isSelected()

    relayout(qtbot, window, lambda: window.open_source(str(path)))
    assert s.settings.collapsed == ("layer 2",) and box in scene.nodes


def test_old_session_files_without_collapsed_layers_still_open(session, tmp_path):
    old = {
        "graphviz_app_session": 1,
        "source": {"kind": "expression", "source": "x*y", "at": {"x": 2.0, "y": 3.0}},
        "values": {},
        "settings": {"direction": "TB"},
        "step": 0,
    }
    path = tmp_path / "old.json"
    path.write_text(json.dumps(old))
    session.open_file(path)
    assert session.settings.collapsed == () and session.settings.direction == "TB"


def test_a_named_step_of_a_program_collapses_with_the_operations_that_compute_it(qtbot, window):
    relayout(qtbot, window, lambda: window.open_source("x = cos(t); y = sin(t); z = x*y + x**2"))
    s, scene = window.session, window.scene
    window.jump("end")
    relayout(qtbot, window, lambda: s.set_collapsed("step z"))
    box = "[step z]"
    assert set(scene.nodes) == {"t", "x", "y", box}
    texts = [text for text, _ in scene.nodes[box].lines]
    assert texts == ["z (4 nodes)", f"z = {format_number(s.evaluation.values['z'])}", "∇ 1"]
    assert ("x", box) in scene.edges and ("y", box) in scene.edges


def test_exporting_a_session_draws_its_collapsed_layers_as_boxes(tmp_path):
    from graphviz_app.files import load_source
    from graphviz_app.gui.export.image import export_headless

    session = {"graphviz_app_session": 1, "source": NET, "values": {}, "step": 0}
    session["settings"] = {"view": "neuron", "collapsed": ["layer 2"]}
    path = tmp_path / "s.json"
    path.write_text(json.dumps(session))
    svg = export_headless(load_source(str(path)), tmp_path / "net.svg").read_text()
    assert "layer 2 (56 nodes)" in svg and "W2[0,0]" not in svg and "W1[0,0]" in svg


def test_undo_of_a_collapse_expands_and_a_collapse_after_an_edit_keeps_it_modified(qtbot, window):
    relayout(qtbot, window, lambda: window.open_source("example:net-221"))
    s, undo = window.session, window.actions["undo"]
    s.set_value("W2[0,1]", 0.25)
    relayout(qtbot, window, lambda: s.set_collapsed("layer 1"))
    assert undo.text() == "&Undo Collapse layer 1"
    relayout(qtbot, window, undo.trigger)
    assert s.settings.collapsed == () and "[layer 1]" not in window.scene.nodes
    assert s.modified and "•" in window.windowTitle()  # the weight edit is still to save
    undo.trigger()
    assert not s.modified
    relayout(qtbot, window, lambda: s.set_collapsed("layer 1"))
    assert s.modified and "•" in window.windowTitle()  # no redo left: collapsing is a change of its own
