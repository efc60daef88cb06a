"""The version number, in one place: pyproject.toml reads it from here, the API and About box import it.

It sits at the bottom layer, beside errors.py, so any module may import it without importing the
public API in graphviz_app/__init__.py (which reaches up to the GUI).
"""

__version__ = "0.1.0"
