"""Panels listen to the session exactly as long as they exist."""

import pytest
import shiboken6
from PySide6.QtCore import QSettings

from graphviz_app.gui.panels.base import SessionPanel
from graphviz_app.gui.panels.inspector import Inspector
from graphviz_app.gui.window.main_window import MainWindow
from graphviz_app.session.state.session import Event


class Counting(SessionPanel):
    def __init__(self, session):
        super().__init__(session)
        self.seen = []

    def on_values_changed(self):
        self.seen.append("values")

    def on_step_changed(self):
        self.seen.append("step")


def test_a_panel_subscribes_to_the_events_it_handles(qtbot, session):
    panel = Counting(session)
    qtbot.addWidget(panel)
    assert panel.subscribed_events == {Event.VALUES, Event.STEP}
    session.open_source("sin(x)")  # structure: not handled, not called
    session.set_value("x", 2.0)
    session.set_step(1)
    assert panel.seen == ["values", "step"]


def test_a_destroyed_panel_is_unsubscribed(qtbot, session):
    before = session.listener_count
    panel = Inspector(session)
    assert session.listener_count == before + 1
    shiboken6.delete(panel)
    assert session.listener_count == before
    session.open_source("example:net-221")  # would call into a deleted widget if still subscribed
    session.select("L")


def test_a_destroyed_window_leaves_no_listener_behind(qtbot, tmp_path):
    w = MainWindow(QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat))
    session = w.session
    with qtbot.waitSignal(w.sig_layout_done, timeout=20000):
        w.open_source("example:net-221")
    session.set_value("x[0]", 0.2)  # something to undo: the history holds commands
    w.layout_runner.wait()
    session.modified = False
    shiboken6.delete(w)
    assert session.listener_count == 0 and session.edit_listener is None
    session.open_source("sin(x)")
    session.set_value("x", 3.0)


class Redrawing(SessionPanel):
    refresh_on = frozenset({Event.STRUCTURE, Event.SELECTION})

    def __init__(self, session):
        super().__init__(session)
        self.redraws = 0

    def refresh(self):
        self.redraws += 1


def test_events_in_refresh_on_redraw_the_panel_and_no_other_event_does(qtbot, session):
    panel = Redrawing(session)
    qtbot.addWidget(panel)
    assert panel.subscribed_events == {Event.STRUCTURE, Event.SELECTION}
    session.open_source("sin(x)")
    assert panel.redraws == 1
    session.set_value("x", 2.0)  # values: not listed, no redraw
    session.select("x")
    assert panel.redraws == 2


def test_an_event_is_either_redrawn_on_or_handled_never_both():
    with pytest.raises(TypeError, match="on_values_changed"):

        class Both(SessionPanel):
            refresh_on = frozenset({Event.VALUES})

            def on_values_changed(self):
                pass
