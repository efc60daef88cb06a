"""A monkey on the main window: a few hundred random actions, clicks, choices and keys, from a fixed seed.

Modal dialogs are answered at once (file dialogs cancelled, questions "Discard",
export dialogs rejected). Every exception raised in a slot or a Qt virtual method
fails the test, and the window must still be there at the end.
"""

import random

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QMessageBox,
    QSpinBox,
    QWidget,
)

from graphviz_app.gui.window.main_window import MainWindow

SEED = 12
EVENTS = 300
SKIPPED_ACTIONS = {"quit"}  # the one action whose whole point is to end the window
KEYS = [
    Qt.Key_Space,
    Qt.Key_Right,
    Qt.Key_Left,
    Qt.Key_PageDown,
    Qt.Key_PageUp,
    Qt.Key_Home,
    Qt.Key_End,
    Qt.Key_D,
    Qt.Key_P,
    Qt.Key_B,
    Qt.Key_Period,
    Qt.Key_Escape,
    Qt.Key_Plus,
    Qt.Key_Minus,
    Qt.Key_0,
    Qt.Key_Tab,
    Qt.Key_Return,
    Qt.Key_L,
    Qt.Key_Q,  # quiz mode: its questions, the guess field (digits and Return answer)
    Qt.Key_M,
    Qt.Key_1,
    Qt.Key_2,
]


@pytest.fixture
def answered_dialogs(monkeypatch):
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    monkeypatch.setattr(QDialog, "exec", lambda self: QDialog.Rejected)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Discard)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.Discard)


def _visible(window: QWidget, kind) -> list:
    return [w for w in window.findChildren(kind) if w.isVisible() and w.isEnabled()]


def _one_event(rng: random.Random, w: MainWindow) -> None:
    kind = rng.choice(["action", "button", "combo", "spin", "key", "key", "canvas"])
    if kind == "action":
        actions = [a for name, a in w.actions.items() if name not in SKIPPED_ACTIONS and a.isEnabled()]
        rng.choice(actions).trigger()
    elif kind == "button":
        buttons = _visible(w, QAbstractButton)
        if buttons:
            button = rng.choice(buttons)
            QTest.mouseClick(button, Qt.LeftButton, pos=button.rect().center())
    elif kind == "combo":
        combos = [c for c in _visible(w, QComboBox) if c.count()]
        if combos:
            combo = rng.choice(combos)
            combo.setCurrentIndex(rng.randrange(combo.count()))
    elif kind == "spin":
        spins = _visible(w, QSpinBox) + _visible(w, QDoubleSpinBox)
        if spins:
            spin = rng.choice(spins)
            low, high = spin.minimum(), spin.maximum()
            value = rng.uniform(max(low, -10), min(high, 10))
            spin.setValue(int(value) if isinstance(spin, QSpinBox) else value)
    elif kind == "key":
        target = QApplication.focusWidget() or w
        QTest.keyClick(target, rng.choice(KEYS))
    else:
        view = w.view.viewport()
        point = QPoint(rng.randrange(max(view.width(), 1)), rng.randrange(max(view.height(), 1)))
        QTest.mouseClick(view, Qt.LeftButton, pos=point)


def test_monkey_on_the_main_window(qtbot, make_window, answered_dialogs):
    w = make_window("example:net-221", size=(1280, 720))
    rng = random.Random(SEED)
    with qtbot.captureExceptions() as exceptions:
        for _ in range(EVENTS):
            _one_event(rng, w)
            QApplication.processEvents()
        w.layout_runner.wait()
        QApplication.processEvents()
    assert [f"{e[0].__name__}: {e[1]}" for e in exceptions] == []
    assert w.isVisible() and w.session.graph is not None
