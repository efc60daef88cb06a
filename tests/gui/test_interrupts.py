"""Ctrl+C during an export: exit 130, nothing left behind, never a KeyboardInterrupt inside Qt's render.

The in-render cases run in a child process: before the fix they segfaulted it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
posix_only = pytest.mark.skipif(os.name != "posix", reason="SIGINT is sent by POSIX signals")


def _ctrl_c_as_in_a_terminal() -> None:
    """The child gets Ctrl+C as a terminal's foreground program does, even when the test run ignores it
    (a run started in the background inherits SIGINT ignored)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _run_child(code: str, tmp_path: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONFAULTHANDLER="1")
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_ctrl_c_as_in_a_terminal,
    )


@posix_only
@pytest.mark.parametrize("suffix", ["png", "svg", "pdf"])
def test_ctrl_c_inside_an_items_paint_is_raised_after_the_render_and_leaves_no_file(tmp_path, suffix):
    """SIGINT arrives while the first node's paint() runs: the rest paints nothing, then KeyboardInterrupt."""
    code = f"""
    import signal
    from graphviz_app.files.sources import load_source
    from graphviz_app.gui.canvas.items import NodeItem
    from graphviz_app.gui.export.image import export_scene, headless_scene

    scene, _ = headless_scene(load_source("example:net-221"))
    painted = []
    real_paint = NodeItem.paint

    def paint(self, *args):
        painted.append(self)
        if len(painted) == 1:
            signal.raise_signal(signal.SIGINT)  # Ctrl+C, arriving while Qt renders
            sum(range(10))  # bytecodes for Python's handler to run in
        real_paint(self, *args)

    NodeItem.paint = paint
    try:
        export_scene(scene, "out.{suffix}")
    except KeyboardInterrupt:
        print("interrupted after", len(painted), "of", sum(isinstance(i, NodeItem) for i in scene.items()))
    else:
        print("not interrupted")
    """
    result = _run_child(code, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("interrupted after"), result.stdout + result.stderr
    assert not (tmp_path / f"out.{suffix}").exists()


def _export_until_started(tmp_path: Path, out: str, started) -> subprocess.Popen:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen(
        [sys.executable, "-m", "graphviz_app", "export", "example:net-221", "-o", out],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_ctrl_c_as_in_a_terminal,
    )
    deadline = time.monotonic() + 60
    while not started() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    return proc


@posix_only
@pytest.mark.parametrize("suffix", ["gif", "mp4"])
def test_ctrl_c_during_an_animation_export_exits_130_and_leaves_nothing(tmp_path, suffix):
    # the temporary file appears once the frames are being drawn: Ctrl+C then
    proc = _export_until_started(tmp_path, f"net.{suffix}", lambda: any(tmp_path.glob(".net-*")))
    assert proc.poll() is None, "the export ended before it could be interrupted"
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("suffix", ["gif", "mp4"])
def test_an_animation_to_a_folder_is_refused_before_anything_is_drawn(tmp_path, suffix):
    from graphviz_app.cli.main import main

    folder = tmp_path / f"clip.{suffix}"
    folder.mkdir()
    assert main(["export", "example:sin-square", "-o", str(folder)]) == 2
    assert list(folder.iterdir()) == [] and sorted(p.name for p in tmp_path.iterdir()) == [folder.name]


def test_the_folder_refusal_says_what_to_type(tmp_path, capsys):
    from graphviz_app.cli.main import main

    (tmp_path / "clip.gif").mkdir()
    main(["export", "example:sin-square", "-o", str(tmp_path / "clip.gif")])
    err = capsys.readouterr().err
    assert "is a folder" in err and "clip.gif/animation.gif" in err
