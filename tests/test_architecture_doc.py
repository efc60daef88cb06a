"""docs/architecture.md names every package and module of graphviz_app, and no module that does not exist."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "graphviz_app"
DOC = ROOT / "docs" / "architecture.md"
# Backticked repository paths outside the package (``tests/conftest.py``, ``dev.py``) are checked from the root.
OUTSIDE = ("tests/", "bench/", "resources/", "docs/", ".ci/", "dev.py", "pyproject.toml")


def backticked(text):
    return set(re.findall(r"`([^`\s]+)`", text))


def named_paths(text):
    """Package paths (``core/``, ``gui/canvas/``) and module paths (``core/ops.py``) the text names."""
    names = set()
    for token in backticked(text):
        token = token.removeprefix("graphviz_app/")
        if token.endswith(".py") or (token.endswith("/") and re.fullmatch(r"[\w/]+", token)):
            names.add(token)
    return names


def packages():
    return sorted(
        p.parent.relative_to(PACKAGE).as_posix() + "/"
        for p in PACKAGE.rglob("__init__.py")
        if p.parent != PACKAGE
    )


def modules():
    """Every module, but an ``__init__.py`` only when it holds more than a docstring."""
    found = []
    for path in PACKAGE.rglob("*.py"):
        if path.name == "__init__.py" and not _has_code(path):
            continue
        found.append(path.relative_to(PACKAGE).as_posix())
    return sorted(found)


def _has_code(path):
    import ast

    body = ast.parse(path.read_text(encoding="utf-8")).body
    return any(not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant)) for s in body)


@pytest.fixture(scope="module")
def doc_names():
    return named_paths(DOC.read_text(encoding="utf-8"))


@pytest.mark.parametrize("package", packages())
def test_every_package_is_named(package, doc_names):
    assert package in doc_names, f"docs/architecture.md does not name the package `{package}`"


@pytest.mark.parametrize("module", modules())
def test_every_module_is_named(module, doc_names):
    assert module in doc_names, f"docs/architecture.md does not name the module `{module}`: add a line for it"


def test_every_named_module_exists(doc_names):
    missing = []
    for name in sorted(doc_names):
        base = ROOT if name.startswith(OUTSIDE) else PACKAGE
        if not (base / name).exists():
            missing.append(name)
    assert not missing, f"docs/architecture.md names what does not exist: {missing}"


def test_the_doc_states_the_import_linter_contracts():
    """Each contract of pyproject.toml is named, word for word, so a changed layer order shows up here."""
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    contracts = re.findall(r'^\[\[tool\.importlinter\.contracts\]\]\nname = "([^"]+)"', pyproject, re.M)
    assert len(contracts) >= 3
    text = DOC.read_text(encoding="utf-8")
    for name in contracts:
        assert name in text, f"docs/architecture.md does not state the contract {name!r}"


def test_the_checks_see_a_missing_and_a_stale_name():
    """The parsing above is not vacuous: a doc without a module, or naming a gone one, is caught."""
    text = DOC.read_text(encoding="utf-8")
    without = text.replace("`core/optable.py`", "the op table")
    assert "core/optable.py" in modules() and "core/optable.py" not in named_paths(without)
    stale = named_paths(text + "\n- `session/storage.py`: saving.\n")
    assert "session/storage.py" in stale and not (PACKAGE / "session/storage.py").exists()
