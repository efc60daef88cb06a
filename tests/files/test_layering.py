"""files/ sits above builders and layout, below session: it never imports upward (and needs no lazy import)."""

import ast
import pathlib

import pytest

FILES = pathlib.Path(__file__).resolve().parents[2] / "graphviz_app" / "files"
ABOVE = (
    "graphviz_app.session",
    "graphviz_app.gui",
    "graphviz_app.cli.main",
    "graphviz_app.report",
    "PySide6",
)


@pytest.mark.parametrize("path", sorted(FILES.glob("*.py")), ids=lambda p: p.name)
def test_files_imports_only_downward_and_at_the_top(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            assert not any(n.startswith(ABOVE) for n in names), f"{path.name} imports {names}"
    for fn in (n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))):
        inner = [n for n in ast.walk(fn) if isinstance(n, (ast.Import, ast.ImportFrom))]
        assert not inner, f"{path.name}: {fn.name} imports lazily"
