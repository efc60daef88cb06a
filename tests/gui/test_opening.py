"""Opening files in the window: default inputs said and editable, damaged files never stop start-up."""

import json

import pytest
from PySide6.QtCore import QSettings

from graphviz_app.gui import app as gui_app
from graphviz_app.gui import main_window
from graphviz_app.gui.main_window import MainWindow


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
