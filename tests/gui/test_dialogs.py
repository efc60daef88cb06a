"""The Help menu's About box names the version from graphviz_app.version (not from the public API)."""

from PySide6.QtWidgets import QWidget

from graphviz_app.gui.window.dialogs import show_about
from graphviz_app.version import __version__


def test_about_box_shows_the_version(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    box = show_about(parent)
    assert f"graphviz-app {__version__}</b>" in box.text()
    box.close()


SHORTCUTS_ON_A_PROJECTOR = """
import json, sys, tempfile
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
import graphviz_app.core
from graphviz_app.gui.window.command_actions import help_rows
from graphviz_app.gui.window.commands import COMMANDS
from graphviz_app.gui.window.main_window import MainWindow
window = MainWindow(QSettings(tempfile.mktemp(suffix=".ini"), QSettings.IniFormat))
window.showMaximized()
window.actions["shortcuts"].trigger()
app.processEvents()
dialog = next(w for w in app.topLevelWidgets() if w.isVisible() and w.windowTitle() == "Keyboard shortcuts")
room = dialog.screen().availableGeometry()
frame = dialog.frameGeometry()
text = " ".join(label.text() for label in dialog.findChildren(QLabel))
print(json.dumps({"room": room.getRect(), "frame": frame.getRect(),
                  "missing": [what for _, what, _where in help_rows(COMMANDS) if what not in text]}))
window.session.modified = False
"""


def test_the_shortcuts_window_fits_a_720_pixel_screen(tmp_path):
    """On a 1280×720 screen (Qt's offscreen platform told so) the shortcuts window is inside the screen."""
    import json
    import os
    import subprocess
    import sys

    config = tmp_path / "screen.json"
    screen = {"name": "projector", "x": 0, "y": 0, "width": 1280, "height": 720, "logicalDpiX": 96}
    config.write_text(json.dumps({"windowFrameMargins": True, "screens": [screen]}))
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
    done = subprocess.run(
        [sys.executable, "-c", SHORTCUTS_ON_A_PROJECTOR], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    (rx, ry, rw, rh), (fx, fy, fw, fh) = found["room"], found["frame"]
    assert rx <= fx and ry <= fy and fx + fw <= rx + rw and fy + fh <= ry + rh, (
        found
    )  # all of it on the screen
    assert found["missing"] == []  # every row is in it (scrolled to)
