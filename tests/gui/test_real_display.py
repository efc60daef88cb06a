"""The app opens a window on a real X server (Xvfb), as on a Linux desktop.

The rest of the GUI suite runs on Qt's offscreen platform, which loads none of
the X libraries: it could not see that pygraphviz's bundled libxcb, loaded
before Qt's xcb plugin, aborted the window at start-up. `.ci/run` installs Xvfb
and Qt's X libraries; elsewhere these tests are skipped when Xvfb is missing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or shutil.which("Xvfb") is None,
    reason="needs Xvfb (apt install xvfb; .ci/run installs it)",
)


@pytest.fixture(scope="module")
def x_display(tmp_path_factory):
    """A private Xvfb server: its display name, e.g. ':87'."""
    for number in range(87, 120):
        if Path(f"/tmp/.X11-unix/X{number}").exists() or Path(f"/tmp/.X{number}-lock").exists():
            continue
        server = subprocess.Popen(
            ["Xvfb", f":{number}", "-screen", "0", "1280x720x24", "-nolisten", "tcp"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while server.poll() is None and not Path(f"/tmp/.X11-unix/X{number}").exists():
            if time.monotonic() > deadline:
                break
            time.sleep(0.05)
        if server.poll() is None:
            yield f":{number}"
            server.terminate()
            server.wait(10)
            return
    pytest.skip("no free X display number")


def _run(display: str, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb", GRAPHVIZ_APP_EXIT_WHEN_READY="1")
    env.pop("WAYLAND_DISPLAY", None)
    return subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_the_app_opens_and_draws_on_an_x_server(x_display):
    result = _run(x_display, "-m", "graphviz_app", "example:multipath")
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().endswith("ready")


def test_graphviz_loaded_before_qt_does_not_break_the_window(x_display):
    """What ga.export(...) then opening a window does: pygraphviz is in the process first."""
    code = (
        "import graphviz_app.layout, pygraphviz\n"
        "from PySide6.QtWidgets import QApplication, QLabel\n"
        "app = QApplication([]); label = QLabel('x'); label.show(); app.processEvents(); print('shown')\n"
    )
    result = _run(x_display, "-c", code)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "shown"
