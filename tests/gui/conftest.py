"""pytest-qt setup for the GUI tests: no display is needed.

``QT_QPA_PLATFORM=offscreen`` must be set before the QApplication exists, so it
is set when this file is imported, before pytest-qt's ``qapp`` fixture runs.
``setdefault`` keeps a platform chosen on the command line (e.g. ``xcb`` to watch).
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

import graphviz_app.core  # noqa: F401  (registers the ops)
from graphviz_app.session.state.session import Session


@pytest.fixture
def session() -> Session:
    """A fresh session with nothing open."""
    return Session()


@pytest.fixture(autouse=True)
def no_modal_questions(monkeypatch):
    """A modal question box would wait forever offscreen: answer "Discard" and remember it.

    Tests that care about the answer patch ``QMessageBox.exec`` (or ``question``) themselves.
    """
    from PySide6.QtWidgets import QMessageBox

    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda *args, **kwargs: asked.append(args[2]) or QMessageBox.Discard
    )
    monkeypatch.setattr(QMessageBox, "exec", lambda box: asked.append(box.text()) or QMessageBox.Discard)
    return asked


@pytest.fixture
def make_window(qtbot, tmp_path):
    """``make_window(source=None, size=None)``: a shown main window, laid out when given a source.

    Every window made is closed when the test ends, and the application's font
    (which larger text and presentation mode change) is put back.
    """
    from PySide6.QtWidgets import QApplication

    from tests.gui.windows import close_window, new_window, open_and_wait

    app_font = QApplication.font()
    made = []

    def make(source: str | None = None, size: tuple[int, int] | None = None):
        w = new_window(tmp_path / "settings.ini")
        made.append(w)
        if size is not None:
            w.resize(*size)
        w.show()
        if source is not None:
            open_and_wait(qtbot, w, source)
        return w

    yield make
    for w in made:
        close_window(w)
    QApplication.setFont(app_font)


@pytest.fixture
def window(make_window):
    """A shown main window with nothing open yet."""
    return make_window()
