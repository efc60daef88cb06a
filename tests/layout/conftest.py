"""Shared fixtures for the layout tests."""

import pytest

import graphviz_app.core  # noqa: F401  (registers the ops)
from graphviz_app.layout import worker
from graphviz_app.layout.cache import CACHE


@pytest.fixture(autouse=True)
def empty_layout_cache():
    """Every test starts and ends with an empty layout cache."""
    CACHE.clear()
    yield
    CACHE.clear()


@pytest.fixture(autouse=True)
def no_spare_child():
    """No warm spare child (a window made by an earlier test turns it on): each layout starts its own."""
    worker.keep_warm(False)
    yield
    worker.keep_warm(False)
