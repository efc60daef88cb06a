"""A slow layout never freezes the window: the event loop runs, the busy card shows, Cancel stops it."""

from PySide6.QtCore import Qt, QTimer

from graphviz_app.gui.window.layout_overlay import CANCELLED
from graphviz_app.layout import CHILD_PROCESS_ABOVE, worker
from graphviz_app.layout.budget import BUDGET_ENV

# A chain long enough to go to the child process (easy for dot: the test hook makes it slow).
PROGRAM = "\n".join(["s0 = x + 1", *(f"s{k} = s{k - 1} * x" for k in range(1, CHILD_PROCESS_ABOVE + 10))])


def working(children):
    """Children that were given a layout (stdin written) and are still running."""
    return [c for c in children if c.poll() is None and c.stdin is not None and c.stdin.closed]


def test_event_loop_runs_during_a_slow_layout_and_cancel_stops_it(qtbot, window, monkeypatch, children):
    with qtbot.waitSignal(window.sig_layout_done, timeout=20000):
        assert window.open_source("sin(x**2)")
    before = set(window.scene.nodes)

    monkeypatch.setenv(worker.SLEEP_ENV, "60")  # Graphviz "takes" a minute
    ticks = []
    timer = QTimer(interval=20)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    window.open_source(PROGRAM)
    overlay = window.layout_overlay
    qtbot.waitUntil(overlay.isVisible, timeout=10000)
    qtbot.waitUntil(lambda: len(ticks) >= 25, timeout=10000)  # the timer keeps firing
    assert window.layout_runner.busy
    assert window.busy.isVisible()  # the status bar's busy bar shows with the card
    assert "Laying out" in overlay.title.text() and "nodes" in overlay.title.text()
    assert len(working(children)) == 1
    child = working(children)[0]
    assert set(window.scene.nodes) == before  # the previous graph stays shown meanwhile

    qtbot.mouseClick(overlay.cancel_button, Qt.LeftButton)
    assert not window.layout_runner.busy and not overlay.isVisible() and not window.busy.isVisible()
    qtbot.waitUntil(lambda: child.returncode is not None, timeout=10000)  # the child is gone
    assert child.returncode != 0
    assert set(window.scene.nodes) == before  # still the previous graph
    assert window.statusBar().currentMessage() == CANCELLED
    count = len(ticks)
    qtbot.wait(200)
    assert len(ticks) > count  # and the window lives on
    timer.stop()


def test_out_of_time_shows_a_cheaper_layout_and_says_why(qtbot, window, monkeypatch):
    monkeypatch.setenv(worker.SLEEP_ENV, "60")
    monkeypatch.setenv(BUDGET_ENV, "0.6")
    with qtbot.waitSignal(window.sig_layout_done, timeout=20000):
        window.open_source(PROGRAM)
    assert set(window.scene.nodes) == set(window.session.graph.nodes)
    assert window.session.geometry.tier == "quick"
    assert "layered layout" in window.statusBar().currentMessage()


def test_a_fast_layout_never_shows_the_card(qtbot, window):
    """Nor the status bar's busy bar: a flash would only flicker (and showing it took 10-20 ms of every start)."""
    shown = []
    window.layout_runner.sig_busy.connect(
        lambda busy: shown.append(window.layout_overlay.isVisible() or window.busy.isVisible())
    )
    with qtbot.waitSignal(window.sig_layout_done, timeout=20000):
        window.open_source("sin(x**2)")
    assert not window.layout_overlay.isVisible() and not window.busy.isVisible()
    assert shown and not any(shown)
