"""Fixtures shared by every test directory."""

from __future__ import annotations

import gc
import subprocess

import pytest


@pytest.fixture(autouse=True)
def _collect_garbage_on_the_main_thread():
    """After each test, collect what is due, on the main thread (see graphviz_app.gui.collector).

    Once the GUI's collector is installed, automatic collection is off for the
    whole process; without this, garbage of tests that spin no event loop would pile up.
    """
    yield
    if not gc.isenabled():
        from graphviz_app.gui.collector import collect_if_due

        collect_if_due()


@pytest.fixture
def children(monkeypatch):
    """Record every layout child process started (the warm spare included), in order."""
    from graphviz_app.layout import worker

    started = []
    real_popen = subprocess.Popen

    def recording_popen(*args, **kwargs):
        child = real_popen(*args, **kwargs)
        started.append(child)
        return child

    monkeypatch.setattr(worker.subprocess, "Popen", recording_popen)
    return started


@pytest.fixture
def net_221():
    """A fresh copy of the worked 2-2-1 network spec (tests/specs.py)."""
    from tests.specs import net_221

    return net_221()
