"""Opening files in the window: default inputs said and editable, damaged files never stop start-up."""

import json

import pytest
from PySide6.QtCore import QSettings

from graphviz_app.gui import app as gui_app
from graphviz_app.gui.window import main_window
from graphviz_app.gui.window.main_window import MainWindow


@pytest.fixture
def make_window(qtbot, tmp_path, monkeypatch):
    made = []

    def make(*_args, **_kwargs):
        w = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat))
        made.append(w)
        return w

    make.made = made
    monkeypatch.setattr(main_window, "MainWindow", make)
    yield make
    for w in made:
        w.session.modified = False
        w.animator.stop()
        w.layout_runner.wait()
        w.close()
        w.deleteLater()


def test_an_expression_file_opens_with_default_inputs_the_user_can_edit(qtbot, make_window, tmp_path):
    path = tmp_path / "f.txt"
    path.write_text("sin(x**2)\n", encoding="utf-8")
    window = make_window()
    window.show()
    with qtbot.waitSignal(window.sig_layout_done, timeout=20000):
        assert window.open_source(str(path)), window.banner.text()
    assert "f.txt gives no value for x: it starts at 1.0" in window.statusBar().currentMessage()
    field = window.expression_editor.fields["x"]
    assert field.value() == 1.0
    field.spin.setValue(2.0)  # as a user typing into the input's box
    assert window.session.values["x"] == 2.0
    assert window.session.evaluation.output_value == pytest.approx(-0.7568025)


def test_a_damaged_session_never_stops_the_window_from_starting(qtbot, make_window, tmp_path):
    path = tmp_path / "s.json"
    path.write_text(
        json.dumps(
            {"graphviz_app_session": 1, "source": {"kind": "expression", "source": "t", "at": {"t": "a"}}}
        )
    )
    window = make_window()
    window.show()
    gui_app._open_first(window, str(path))
    assert window.session.loaded.origin == gui_app.DEFAULT_SOURCE  # something to look at
    assert "source.at.t: expected a number" in window.banner.text()


def test_screenshot_with_a_step_the_graph_does_not_have_exits_2(qtbot, make_window, tmp_path, capfd):
    out = tmp_path / "out.png"
    assert gui_app.run("example:sin-square", screenshot=str(out), step="99999") == 2
    err = capfd.readouterr().err
    assert err == "graphviz-app: error: --step 99999: this graph has steps 0 to 6\n"
    assert not out.exists()


def test_screenshot_with_fit_shows_the_whole_graph(qtbot, make_window, tmp_path):
    out = tmp_path / "out.png"
    assert gui_app.run("example:net-221", screenshot=str(out), step="end", fit=True) == 0
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    (window,) = make_window.made
    shown = window.view.mapToScene(window.view.viewport().rect()).boundingRect()
    assert all(shown.contains(item.sceneBoundingRect()) for item in window.scene.nodes.values())
    assert window.session.step == len(window.session.timeline) - 1


# --- the window command takes --view, --dependent and --at as every command with a SOURCE does ----------


def _window_from_command_line(make_window, tmp_path, *argv):
    """Run ``graphviz-app ARGV --screenshot`` in this process: the window opens, draws, saves, quits."""
    from graphviz_app.cli import main as cli

    out = tmp_path / "window.png"
    assert cli.main([*argv, "--screenshot", str(out)]) == 0
    assert out.exists()
    (window,) = make_window.made
    return window


def test_the_window_opens_a_network_in_the_view_asked_for(qtbot, make_window, tmp_path):
    window = _window_from_command_line(make_window, tmp_path, "example:net-221", "--view", "layer")
    assert window.session.loaded.view == "layer" and "W1" in window.scene.nodes
    assert window.session.settings.view == "layer"  # Apply in the Network tab keeps it


def test_a_big_network_opens_neuron_by_neuron_when_asked(qtbot, make_window, tmp_path):
    spec = {
        "input": [0.1] * 8,
        "target": [1.0],
        "layers": [{"size": 20, "activation": "tanh"}, {"size": 1, "activation": "sigmoid"}],
        "loss": "bce",
    }
    path = tmp_path / "big.json"
    path.write_text(json.dumps(spec))
    window = _window_from_command_line(make_window, tmp_path, str(path), "--view", "neuron")
    assert window.session.loaded.view == "neuron" and "W1[19,7]" in window.scene.nodes


def test_the_window_takes_the_dependent_variable_and_input_values(qtbot, make_window, tmp_path):
    argv = ("u**2 + v**2 = 25", "--dependent", "u", "--at", "u=3", "--at", "v=4")
    window = _window_from_command_line(make_window, tmp_path, *argv)
    from graphviz_app.session.second_order.implicit import dependent_of

    assert dependent_of(window.session.loaded) == "u"
    assert window.implicit_panel.shown.slope == pytest.approx(-4 / 3)  # du/dv = −F_v/F_u = −8/6
    assert window.session.values == {"u": 3.0, "v": 4.0}


def test_a_view_for_an_expression_is_refused_in_the_window_as_on_the_command_line(qtbot, make_window):
    window = make_window()
    window.show()
    gui_app._open_first(window, "sin(x**2)", {"view": "neuron"})
    assert "--view applies to networks only" in window.banner.text()
