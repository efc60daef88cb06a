"""Fixtures shared by every test directory."""

from __future__ import annotations

import gc

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
