"""The gui package stays easy to extend: no import circles, no lifetime guards, no giant classes.

Checked on the source text (no Qt needed): panels are unsubscribed when destroyed
(graphviz_app.gui.session_link), so nothing asks shiboken6 whether a widget still
exists; the main window's jobs live in modules of their own.
"""

import ast
import re
from pathlib import Path

import graphviz_app.gui

GUI = Path(graphviz_app.gui.__file__).parent
MAX_CLASS_LINES = 300
MAX_MODULE_LINES = 450  # the house rule for every module


def modules() -> dict[str, Path]:
    return {
        "graphviz_app.gui." + ".".join(p.relative_to(GUI).with_suffix("").parts).removesuffix(".__init__"): p
        for p in GUI.rglob("*.py")
    }


def top_level_imports(path: Path, known: set[str]) -> set[str]:
    """Modules of the gui package imported when ``path`` is imported (not inside functions)."""
    found = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        names = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        found |= {n for n in names if n in known}
    return found


def test_no_import_circles_inside_gui():
    mods = modules()
    graph = {name: top_level_imports(path, set(mods)) for name, path in mods.items()}
    for name in graph:  # a package imports its parent packages first: count those edges too
        parts = name.split(".")
        graph[name] |= {".".join(parts[:i]) for i in range(3, len(parts))} & set(mods)
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if nxt == node:
                continue
            assert state.get(nxt) != 1, " → ".join([*trail, node, nxt])
            if nxt not in state:
                visit(nxt, [*trail, node])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [])


def test_no_lifetime_guards():
    offenders = [str(p.relative_to(GUI)) for p in GUI.rglob("*.py") if "shiboken6.isValid" in p.read_text()]
    assert offenders == []


def test_no_class_or_module_too_big_to_hold_in_ones_head():
    for path in GUI.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert text.count("\n") <= MAX_MODULE_LINES, path.name
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ClassDef):
                assert node.end_lineno - node.lineno < MAX_CLASS_LINES, f"{path.name}: {node.name}"


COMMAND_TABLE = {"window/command.py", "window/commands.py", "window/command_actions.py"}
"""Where keys are written (the table) and read (QKeySequence parses them there, and only there)."""
A_KEY = re.compile(
    r"QKeySequence|Qt\.Key[._]|setShortcut|[\"'](Ctrl|Shift|Alt|Meta)\+(?!C\b)"
)  # Ctrl+C: a signal
THE_WINDOW = r"\b(?:w|win|window|self\.window|self\.main|main_window)"


def test_no_key_is_written_outside_the_command_table():
    """A key in a second place is a key the help, the docs and the other modes do not know."""
    offenders = [
        f"{path.relative_to(GUI).as_posix()}:{number}: {line.strip()}"
        for path in GUI.rglob("*.py")
        if path.relative_to(GUI).as_posix() not in COMMAND_TABLE
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if A_KEY.search(line)
    ]
    assert offenders == []


def test_nothing_but_the_window_assigns_to_it_or_calls_its_private_methods():
    """The window builds its parts and hands each what it needs: no module grafts onto it or reaches in."""
    assigned = re.compile(THE_WINDOW + r"\.\w+\s*(=|\+=)[^=]")
    private = re.compile(THE_WINDOW + r"\._\w")
    offenders = [
        f"{path.relative_to(GUI).as_posix()}:{number}: {line.strip()}"
        for path in GUI.rglob("*.py")
        if path.name != "main_window.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if assigned.search(line) or private.search(line)
    ]
    assert offenders == []
