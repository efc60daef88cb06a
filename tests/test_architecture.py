"""The import rule of docs/architecture.md: only graphviz_app.gui may import Qt."""

import ast
import pathlib
import re
import subprocess
import sys

import pytest

PACKAGE = pathlib.Path(__file__).resolve().parents[1] / "graphviz_app"
QT = ("PySide6", "shiboken6", "PyQt5", "PyQt6")


def python_files_outside_gui():
    for path in PACKAGE.rglob("*.py"):
        if "gui" not in path.relative_to(PACKAGE).parts:
            yield path


@pytest.mark.parametrize("path", list(python_files_outside_gui()), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_qt_import_outside_gui(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        for name in names:
            assert not name.startswith(QT), f"{path.name} imports {name}"
            command_line = path.relative_to(PACKAGE).parts[0] == "cli"  # the gui and export commands
            assert not name.startswith("graphviz_app.gui") or command_line or path.name == "__init__.py", (
                f"{path.name} imports the GUI package"
            )


def test_importing_the_model_loads_no_qt():
    code = (
        "import sys, graphviz_app, graphviz_app.core.paths, graphviz_app.builders.network, "
        "graphviz_app.layout, graphviz_app.session.state.session, graphviz_app.report, graphviz_app.cli.main; "
        "print([m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}\b|[\"']#[0-9a-fA-F]{3}[\"']")


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_colour_outside_the_palette(path):
    """Every colour is written once, by its role, in palette.py: "error red" had five values in five files."""
    if path.name == "palette.py" and path.parent == PACKAGE:
        return
    found = HEX_COLOUR.findall(path.read_text(encoding="utf-8"))
    assert not found, (
        f"{path.relative_to(PACKAGE)} writes colours {found}: give them a role in graphviz_app/palette.py"
    )


def test_the_colour_check_sees_a_colour():
    assert HEX_COLOUR.findall('pen = QColor("#b00020"); grey = "#888"') == ["#b00020", '"#888"']
