"""Menus, toolbar and keyboard shortcuts, in one table.

Every command of the window is a QAction created here, so its text, shortcut,
tool tip and checkable state are written once and appear the same in the menu,
the toolbar and the keyboard-shortcuts help. A single-letter key of the animation
keys (L, P, Q: :mod:`.presenter_keys` handles them, so that they stay typing in a
field) is not a QAction shortcut; the menu still shows it beside its command.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar, QWidget

from graphviz_app.gui.modes.presenter_keys import KEYS, MODES

__all__ = [
    "ACTIONS",
    "ANIMATION_KEYS",
    "build_actions",
    "build_menus",
    "build_toolbar",
    "share_shortcuts",
    "shortcut_rows",
]


@dataclass(frozen=True)
class ActionSpec:
    name: str
    text: str
    shortcut: str | QKeySequence.StandardKey | None = None
    tip: str = ""
    checkable: bool = False
    group: str | None = None
    key: str | None = None  # an animation key (presenter_keys) for this command, shown in the menu


ACTIONS = [
    ActionSpec("new", "&New expression", QKeySequence.StandardKey.New, "Start a new expression (sin(x**2))"),
    ActionSpec(
        "open", "&Open…", QKeySequence.StandardKey.Open, "Open a session, network spec, expression file or interactive page"
    ),
    ActionSpec("save", "&Save", QKeySequence.StandardKey.Save, "Save the session"),
    ActionSpec("save_as", "Save &As…", QKeySequence.StandardKey.SaveAs, "Save the session under a new name"),
    ActionSpec("export_png", "Export &PNG…", "Ctrl+E", "Export the graph as it is shown, as a PNG image"),
    ActionSpec("export_svg", "Export &SVG…", None, "Export the graph as it is shown, as SVG"),
    ActionSpec("export_pdf", "Export P&DF…", None, "Export the graph as it is shown, as PDF"),
    ActionSpec(
        "export_tex",
        "Export &TikZ (.tex)…",
        None,
        "Export the graph as it is shown, as TikZ for a LaTeX slide",
    ),
    ActionSpec(
        "export_dot",
        "Export D&OT…",
        None,
        "The graph as Graphviz DOT text, with values, gradients and local derivatives, to restyle",
    ),
    ActionSpec(
        "export_animation", "Export &animation…", None, "Export the animation as GIF, MP4 or PNG frames"
    ),
    ActionSpec(
        "export_page",
        "Export &interactive page…",
        None,
        "One HTML file that plays the animation in any browser, offline, and reopens here",
    ),
    ActionSpec("quit", "&Quit", QKeySequence.StandardKey.Quit, "Quit graphviz-app"),
    ActionSpec("undo", "&Undo", "Ctrl+Z", "Undo the last edit of the expression, a value or the network"),
    ActionSpec("redo", "&Redo", "Ctrl+Shift+Z", "Redo the edit that was undone"),
    ActionSpec("show_values", "Show &values", "Ctrl+1", "Show each node's value", checkable=True),
    ActionSpec("show_grads", "Show &gradients", "Ctrl+2", "Show each node's gradient", checkable=True),
    ActionSpec(
        "show_locals",
        "Show &local derivatives on edges",
        "Ctrl+3",
        "Write each edge's local derivative on it",
        checkable=True,
    ),
    ActionSpec(
        "grad_width",
        "Gradient magnitude as edge &width",
        "Ctrl+4",
        "Thicker edges carry larger gradients (see vanishing gradients)",
        checkable=True,
    ),
    ActionSpec(
        "view_neuron",
        "&Neuron view",
        "Ctrl+5",
        "Every weight and neuron is a node",
        checkable=True,
        group="view",
    ),
    ActionSpec(
        "view_layer",
        "&Layer view",
        "Ctrl+6",
        "One node per layer tensor (W·a + b, σ, loss)",
        checkable=True,
        group="view",
    ),
    ActionSpec(
        "dir_lr", "Left to &right", None, "Lay the graph out left to right", checkable=True, group="direction"
    ),
    ActionSpec(
        "dir_tb", "&Top to bottom", None, "Lay the graph out top to bottom", checkable=True, group="direction"
    ),
    ActionSpec("zoom_in", "Zoom &in", QKeySequence.StandardKey.ZoomIn, "Zoom in (+, wheel)"),
    ActionSpec("zoom_out", "Zoom &out", QKeySequence.StandardKey.ZoomOut, "Zoom out (−, wheel)"),
    ActionSpec("zoom_fit", "&Fit to window", "Ctrl+0", "Show the whole graph (0)"),
    ActionSpec("theme_light", "Light theme", None, "Dark text on white", checkable=True, group="theme"),
    ActionSpec("theme_dark", "Dark theme", None, "Light text on dark grey", checkable=True, group="theme"),
    ActionSpec(
        "large_text",
        "Larger text (&projector)",
        "Ctrl+Shift+L",
        "Bigger text everywhere, for the back of a lecture room",
        checkable=True,
    ),
    ActionSpec(
        "legend",
        "Le&gend",
        None,
        "What blue, orange, ∇, (1/2), the dashed target, the output's border and edge labels mean (L)",
        checkable=True,
        key="L",
    ),
    ActionSpec(
        "pointer",
        "Laser p&ointer",
        None,
        "A red dot that follows the mouse, the rest of the canvas dimmed (P; Escape puts it away)",
        key="P",
    ),
    ActionSpec(
        "presentation",
        "&Presentation mode",
        "F5",
        "Canvas and timeline only, larger text, full screen: for a projector (F5 again to leave)",
        checkable=True,
    ),
    ActionSpec(
        "presenter_view",
        "Presenter &view",
        "Ctrl+Shift+P",
        "Your notes in a window of their own, on the second screen if there is one: the step now and what "
        "the next press reveals",
        checkable=True,
    ),
    ActionSpec(
        "quiz",
        "&Quiz mode",
        None,
        "Predict, then reveal: the animation stops before each gradient arrives and asks for it (Q)",
        checkable=True,
        key="Q",
    ),
    ActionSpec(
        "shortcuts", "&Keyboard shortcuts", QKeySequence.StandardKey.HelpContents, "All keyboard shortcuts"
    ),
    ActionSpec("about", "&About graphviz-app", None, "Version and licence"),
]

# Keys handled by the window for the animation, wherever the focus is, except in text fields.
ANIMATION_KEYS = KEYS


def build_actions(window: QMainWindow) -> dict[str, QAction]:
    actions: dict[str, QAction] = {}
    groups: dict[str, QActionGroup] = {}
    for spec in ACTIONS:
        action = QAction(spec.text, window)
        action.setObjectName(f"action_{spec.name}")
        if spec.key is not None:  # the menu shows text after a tab as the key; the tool bar must not
            action.setText(f"{spec.text}\t{spec.key}")
            action.setIconText(spec.text.replace("&", ""))
        if spec.shortcut is not None:
            action.setShortcut(QKeySequence(spec.shortcut))
        action.setToolTip(spec.tip)
        action.setStatusTip(spec.tip)
        action.setCheckable(spec.checkable)
        if spec.group:
            groups.setdefault(spec.group, QActionGroup(window)).addAction(action)
        actions[spec.name] = action
    return actions


def build_menus(window: QMainWindow, actions: dict[str, QAction], recent_menu: QMenu) -> None:
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    for name in ("new", "open"):
        file_menu.addAction(actions[name])
    file_menu.addMenu(recent_menu)
    file_menu.addSeparator()
    for name in ("save", "save_as"):
        file_menu.addAction(actions[name])
    export = file_menu.addMenu("&Export")
    for name in (
        "export_png", "export_svg", "export_pdf", "export_tex", "export_dot", "export_animation", "export_page"
    ):  # fmt: skip
        export.addAction(actions[name])
    file_menu.addSeparator()
    file_menu.addAction(actions["quit"])

    edit_menu = bar.addMenu("&Edit")
    for name in ("undo", "redo"):
        edit_menu.addAction(actions[name])
    window.edit_menu = edit_menu

    view = bar.addMenu("&View")
    for name in ("show_values", "show_grads", "show_locals", "grad_width"):
        view.addAction(actions[name])
    view.addSeparator()
    for name in ("view_neuron", "view_layer"):
        view.addAction(actions[name])
    view.addSeparator()
    for name in ("dir_lr", "dir_tb"):
        view.addAction(actions[name])
    view.addSeparator()
    for name in ("zoom_in", "zoom_out", "zoom_fit"):
        view.addAction(actions[name])
    view.addSeparator()
    for name in (
        "theme_light",
        "theme_dark",
        "large_text",
        "legend",
        "pointer",
        "presentation",
        "presenter_view",
        "quiz",
    ):
        view.addAction(actions[name])
    window.view_menu = view

    help_menu = bar.addMenu("&Help")
    help_menu.addAction(actions["shortcuts"])
    help_menu.addAction(actions["about"])


def build_toolbar(window: QMainWindow, actions: dict[str, QAction]) -> QToolBar:
    bar = window.addToolBar("Main")
    bar.setObjectName("main_toolbar")
    for name in ("open", "save", "export_png"):
        bar.addAction(actions[name])
    bar.addSeparator()
    for name in ("show_values", "show_grads", "show_locals", "grad_width"):
        bar.addAction(actions[name])
    bar.addSeparator()
    for name in ("view_neuron", "view_layer"):
        bar.addAction(actions[name])
    bar.addSeparator()
    for name in ("zoom_in", "zoom_out", "zoom_fit"):
        bar.addAction(actions[name])
    bar.addSeparator()
    bar.addAction(actions["legend"])
    return bar


def shortcut_rows(actions: dict[str, QAction]) -> list[tuple[str, str, str]]:
    """(keys, what, where) for the help dialog: the animation keys, then every action with a shortcut.

    ``where`` is "" for a key that works in all of :data:`MODES`, else the modes it works in.
    """
    rows = [(keys, what, _where(modes)) for keys, what, *modes in ANIMATION_KEYS]
    for action in actions.values():
        seq = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        if seq:
            rows.append((seq, action.text().replace("&", "").rstrip("…"), ""))
    return rows


def _where(modes: list[tuple[str, ...]]) -> str:
    return "" if not modes or set(modes[0]) == set(MODES) else "only in " + " and ".join(modes[0])


def share_shortcuts(window: QMainWindow, *widgets: QWidget) -> None:
    """Make every shortcut of ``window`` work wherever a key may be pressed (see :data:`MODES`).

    A shortcut is live only while one of its action's widgets is in the active window: a
    hidden menu bar (presentation mode) takes its menus' shortcuts away, and the presenter
    view is a window of its own. So the actions are added to the main window itself and to
    ``widgets`` too.
    """
    shortcuts = [a for a in window.actions.values() if not a.shortcut().isEmpty()]
    for widget in (window, *widgets):
        widget.addActions(shortcuts)
