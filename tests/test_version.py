"""The version is written once, in graphviz_app/version.py; pyproject.toml and the API read it there."""

import pathlib

import pytest

import graphviz_app
from graphviz_app import version

PYPROJECT = pathlib.Path(__file__).resolve().parents[1] / "pyproject.toml"


def test_pyproject_reads_the_version_from_the_version_module():
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    assert "version" not in project["project"]
    assert project["project"]["dynamic"] == ["version"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "graphviz_app.version.__version__"}


def test_the_api_gives_the_same_version():
    assert graphviz_app.__version__ == version.__version__
    assert version.__version__.count(".") == 2
