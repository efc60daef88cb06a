"""The Help menu's About box names the version from graphviz_app.version (not from the public API)."""

from PySide6.QtWidgets import QWidget

from graphviz_app.gui.dialogs import show_about
from graphviz_app.version import __version__


def test_about_box_shows_the_version(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    box = show_about(parent)
    assert f"graphviz-app {__version__}</b>" in box.text()
    box.close()
