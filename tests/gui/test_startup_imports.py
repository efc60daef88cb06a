"""Start-up imports what the first window shows, no more: pyqtgraph waits for a plot dock.

pyqtgraph took a third of a second of every start, for three docks that start closed.
Checked in a new process, where nothing has imported it yet.
"""

from __future__ import annotations

import os
import subprocess
import sys


def run_python(args: list[str], **env: str) -> subprocess.CompletedProcess:
    """``python args`` in a new process, offscreen (and ``env``), checked to have succeeded."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **env)
    done = subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done


PROBE = """
import sys
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
app = QApplication([])
from graphviz_app.gui.window.main_window import MainWindow
window = MainWindow(QSettings(sys.argv[1], QSettings.IniFormat))
window.show()
app.processEvents()
print("pyqtgraph" in sys.modules)
dock = window.training_docks.docks["gradient_flow"]
dock.show()
dock.raise_()
app.processEvents()
print("pyqtgraph" in sys.modules, type(dock.widget()).__name__, dock.widget() is window.gradient_flow_panel)
"""


def test_pyqtgraph_is_imported_when_a_plot_dock_is_first_shown(tmp_path):
    done = run_python(["-c", PROBE, str(tmp_path / "settings.ini")])
    before, after = done.stdout.split("\n")[:2]
    assert before == "False"
    assert after == "True GradientFlowPanel True"


WRITERS_PROBE = """
import sys
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
app = QApplication([])
from graphviz_app.gui.window.main_window import MainWindow
window = MainWindow(QSettings(sys.argv[1], QSettings.IniFormat))
window.show()
app.processEvents()
print(sorted(m for m in ("PIL", "imageio_ffmpeg") if m in sys.modules))
"""


def test_the_animation_writers_wait_for_an_animation_export(tmp_path):
    """Pillow and imageio-ffmpeg (a tenth of a second) are imported by File ▸ Export ▸ Animation, not at start."""
    done = run_python(["-c", WRITERS_PROBE, str(tmp_path / "settings.ini")])
    assert done.stdout.split()[-1] == "[]"


def test_the_window_imports_its_model_before_qt(tmp_path):
    """PySide6 reads the source of every module imported after it (0.3 ms each): `graphviz-app` imports the
    session and the rest of the window's Qt-free modules first (cli.main._import_the_model_before_qt)."""
    done = run_python(
        ["-X", "importtime", "-m", "graphviz_app"],
        GRAPHVIZ_APP_EXIT_WHEN_READY="1",
        HOME=str(tmp_path),
        XDG_CONFIG_HOME=str(tmp_path),
    )
    assert done.stdout.split() == ["ready"]
    imported = [
        line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")
    ]
    after_qt = imported[imported.index("PySide6.QtCore") + 1 :]
    assert [m for m in after_qt if m.startswith("graphviz_app.gui.")]  # the window itself comes after Qt
    late = [m for m in after_qt if m.startswith("graphviz_app.") and not m.startswith("graphviz_app.gui.")]
    assert late == []
