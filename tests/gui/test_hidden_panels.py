"""A panel hidden in the window (a closed dock, a tab behind another) does no work until shown.

An edit of a big graph paid for every panel, seen or not: the accumulation tab behind
the inspector, the paths panel in a closed dock. Now a hidden panel keeps the events it
missed and handles them, once, when it is shown (graphviz_app/gui/panels/base.py).
"""

from __future__ import annotations

from graphviz_app.session.state.session import Event
from tests.gui.windows import open_and_wait


def counting(monkeypatch, panel, handler: str) -> list[int]:
    calls: list[int] = []
    real = getattr(panel, handler)
    monkeypatch.setattr(panel, handler, lambda: calls.append(1) or real())
    return calls


def test_a_hidden_panel_waits_and_catches_up_when_shown(qtbot, window, monkeypatch):
    open_and_wait(qtbot, window, "example:net-221")
    accumulation = window.accumulation_panel
    assert accumulation.out_of_sight() and not window.inspector.out_of_sight()  # a tab behind the inspector
    window.accumulation_dock.raise_()
    qtbot.waitUntil(lambda: not accumulation.out_of_sight())
    window.session.select("W1[0,0]")
    old = accumulation.accumulation.gradient
    window.inspector_dock.raise_()  # the accumulation tab goes behind again
    qtbot.waitUntil(accumulation.out_of_sight)
    shown = counting(monkeypatch, window.inspector, "refresh")
    behind = counting(monkeypatch, accumulation, "refresh")
    window.session.set_value("W1[0,0]", 0.9)
    window.session.set_value("W1[0,0]", 0.8)
    assert shown == [1, 1] and behind == []
    assert accumulation.accumulation.gradient == old  # still the numbers it last showed
    window.accumulation_dock.raise_()  # in front: it catches up, once
    qtbot.waitUntil(lambda: not accumulation.out_of_sight())
    assert behind == [1]
    assert accumulation.accumulation.gradient == window.session.evaluation.grads["W1[0,0]"] != old


def test_a_closed_dock_does_no_work_until_opened(qtbot, window, monkeypatch):
    open_and_wait(qtbot, window, "example:net-221")
    window.paths_dock.close()
    qtbot.waitUntil(lambda: not window.paths_panel.isVisible())
    refreshed = counting(monkeypatch, window.paths_panel, "refresh")
    window.session.set_value("W1[0,0]", 0.9)
    assert refreshed == []
    window.paths_dock.show()
    qtbot.waitUntil(window.paths_panel.isVisible)
    assert refreshed == [1]
    assert window.paths_panel.paths.ev is window.session.evaluation


def test_a_panel_that_tells_the_window_something_works_while_hidden(qtbot, window):
    panel = window.implicit_panel
    assert panel.out_of_sight() and panel.works_while_hidden()
    open_and_wait(qtbot, window, "x^2 + y^2 - 1 = 0")  # an equation: the panel asks for its dock
    assert window.implicit_dock.isVisible()
    assert Event.STRUCTURE not in panel._waiting


def test_a_hidden_training_panel_asked_to_step_starts_from_the_session_as_it_is(qtbot, window):
    open_and_wait(qtbot, window, "example:net-221")
    panel = window.training_panel  # made now, its dock closed
    assert panel.out_of_sight()
    old = window.session.values["W2[0,1]"]
    window.session.set_value("W2[0,1]", 0.25)  # an edit it does not see while hidden
    panel.step_once()  # ... but a step starts from it
    stepped = window.session.values["W2[0,1]"]
    assert abs(stepped - 0.25) < 0.1 < abs(stepped - old)
