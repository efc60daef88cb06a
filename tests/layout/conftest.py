"""Shared fixtures for the layout tests."""

import pytest

import graphviz_app.core  # noqa: F401  (registers the ops)
from graphviz_app.layout.cache import CACHE


@pytest.fixture(autouse=True)
def empty_layout_cache():
    """Every test starts and ends with an empty layout cache."""
    CACHE.clear()
    yield
    CACHE.clear()
