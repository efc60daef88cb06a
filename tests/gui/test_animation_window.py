"""File ▸ Export ▸ Animation…: written a few frames per event-loop turn, with progress and Cancel."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from graphviz_app.gui.export.animation_dialog import FRAMES_PER_TURN


@pytest.fixture
def window(make_window):
    return make_window("example:sin-square")


def test_the_menu_has_the_action(window):
    assert "export_animation" in window.actions
    assert window.actions["export_animation"].text() == "Export &animation…"


def test_export_runs_in_turns_and_leaves_the_canvas_alone(qtbot, window, tmp_path):
    from graphviz_app.gui.export.animation_dialog import export_animation

    window.animator.go_to(2)
    before = {n: list(item.lines) for n, item in window.scene.nodes.items()}
    out = tmp_path / "a.gif"
    options = {"path": out, "fps": 10, "hold": 0.2, "scale": 0.5, "caption": True}
    job = export_animation(window, options)
    assert job is not None and job.running
    qtbot.waitUntil(lambda: not job.running, timeout=20000)
    assert job.result == out and out.exists()
    assert job.turns == -(-len(job.export) // FRAMES_PER_TURN) > 2  # the event loop ran between turns
    with Image.open(out) as im:
        assert im.n_frames >= len(window.session.timeline)
    # the window's own canvas never moved: same step, same labels, no tokens
    assert window.session.step == 2 and window.scene.tokens == []
    assert {n: list(item.lines) for n, item in window.scene.nodes.items()} == before


def test_cancel_stops_and_leaves_no_file(qtbot, window, tmp_path):
    from graphviz_app.gui.export.animation_dialog import export_animation

    out = tmp_path / "a.mp4"
    job = export_animation(window, {"path": out, "fps": 30, "hold": 1.0, "scale": 0.5})
    qtbot.waitUntil(lambda: job.export.done > 0, timeout=20000)
    qtbot.mouseClick(job.progress.findChild(QPushButton), Qt.LeftButton)  # the dialog's Cancel
    assert job.cancelled and not job.running
    qtbot.wait(50)
    assert list(tmp_path.glob("*.mp4")) == [] and list(tmp_path.glob(".a-*")) == []
    assert "cancelled" in window.statusBar().currentMessage()


def test_frames_to_a_folder_from_the_window(qtbot, window, tmp_path):
    from graphviz_app.gui.export.animation_dialog import export_animation

    out = tmp_path / "frames"
    job = export_animation(window, {"path": out, "frames": True, "first": 0, "last": 3, "caption": False})
    qtbot.waitUntil(lambda: not job.running, timeout=20000)
    names = sorted(p.name for p in out.iterdir())
    assert names == ["frame-000.png", "frame-001.png", "frame-002.png", "frame-003.png"]
    assert not np.array_equal(np.asarray(Image.open(out / names[0])), np.asarray(Image.open(out / names[-1])))


def test_a_bad_name_is_said_in_the_window(window, tmp_path):
    from graphviz_app.gui.export.animation_dialog import export_animation

    assert export_animation(window, {"path": tmp_path / "a.avi"}) is None
    assert ".gif or .mp4" in window.banner.text() or ".gif or .mp4" in window.statusBar().currentMessage()


def test_quitting_mid_export_leaves_no_file(qtbot, window, tmp_path):
    from graphviz_app.gui.export.animation_dialog import export_animation

    job = export_animation(window, {"path": tmp_path / "a.gif", "fps": 30, "hold": 1.0, "scale": 0.5})
    qtbot.waitUntil(lambda: job.export.done > 0, timeout=20000)
    job._on_quit()  # what QApplication.aboutToQuit calls
    job.timer.stop()
    assert list(tmp_path.glob("*.gif")) == [] and list(tmp_path.glob(".a-*")) == []
