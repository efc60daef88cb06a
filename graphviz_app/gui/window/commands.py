"""Every command of the window, one record each: the one place a key, a menu entry or a tool button is written.

Everything else is made from :data:`COMMANDS` by :mod:`.command_actions`: one QAction per command, the menus,
the tool bar, the key handling in every mode (the window, presentation mode, quiz mode, the presenter view), the
shortcut help (F1) and the keys table of ``docs/window.md``. A record (:class:`~.command.Command`) names its
text, tip, menu and section, tool bar section, keys, modes, when it is enabled and its handler, which calls the
part of the window that does the work (:class:`~graphviz_app.gui.window.parts.Parts`).

A new command is one record here, placed where its menu entry (and its row in the help) should appear. The
Mistakes menu has one entry per row of :data:`~graphviz_app.gui.panels.mistakes_menu.CHOICES`: a new mistake
needs no code here.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from graphviz_app.gui.panels.mistakes_menu import CHOICES
from graphviz_app.gui.window.command import QUIZ, Command, help_intro, key_text
from graphviz_app.gui.window.escape import put_away_one

if TYPE_CHECKING:
    from graphviz_app.gui.window.parts import Parts

__all__ = ["COMMANDS", "command", "keys_of"]


def _show_shortcuts(p: Parts) -> None:
    from graphviz_app.gui.window.command_actions import help_rows
    from graphviz_app.gui.window.dialogs import show_shortcuts

    show_shortcuts(p.frame, help_rows(COMMANDS), help_intro())


def _show_about(p: Parts) -> None:
    from graphviz_app.gui.window.dialogs import show_about

    show_about(p.frame)


def _menu(path: str, section: str, *commands: Command) -> list[Command]:
    """``commands`` in menu ``path`` ("File", "File/Export"), one section of it: a separator before the next."""
    return [replace(c, menu=path, section=section) for c in commands]


def _setting(name: str, text: str, shortcut: str, tip: str) -> Command:
    """A View ▸ Show … switch of the session's display settings, on the tool bar."""
    return Command(
        name,
        text,
        tip,
        toolbar="show",
        shortcuts=(shortcut,),
        toggled=lambda p, on: p.display.set_setting(name, on),
    )


def _export(fmt: str, text: str, tip: str, *shortcuts: str) -> Command:
    """File ▸ Export ▸ the graph as it is shown, in format ``fmt``; with a shortcut on the tool bar too."""
    run = lambda p: p.files.export_requested(fmt)  # noqa: E731
    return Command(
        f"export_{fmt}", text, tip, toolbar="file" if shortcuts else None, shortcuts=shortcuts, run=run
    )


def _mistake(name: str, text: str, kind: str, on_edge: bool) -> Command:
    """Mistakes ▸ one classic mistake (a row of :data:`~graphviz_app.gui.panels.mistakes_menu.CHOICES`)."""
    return Command(f"mistake_{name}", text, run=lambda p: p.mistakes.choose(kind, on_edge))


ANIMATION = [
    Command("play", "play / pause", keys=("Space",), run=lambda p: p.canvas.animator.toggle()),
    Command(
        "forward",
        "step forward: one step per press (presentation clickers send PageDown)",
        keys=("Right", "PgDown"),
        run=lambda p: p.canvas.animator.step_by(1),
    ),
    Command(
        "back",
        "step back (clickers send PageUp)",
        keys=("Left", "PgUp"),
        run=lambda p: p.canvas.animator.step_by(-1),
    ),
    Command(
        "start", "start of the forward pass", keys=("Home",), run=lambda p: p.canvas.animator.jump("start")
    ),
    Command(
        "backward_start",
        "start of the backward pass (∂)",
        keys=("D",),
        run=lambda p: p.canvas.animator.jump("backward"),
    ),
    Command(
        "end", "end: every gradient computed", keys=("End",), run=lambda p: p.canvas.animator.jump("end")
    ),
    Command(
        "blank",
        "black out the screen, and back (clickers' blank-screen button)",
        keys=("B", "."),
        run=lambda p: p.canvas.blank_screen.toggle(),
    ),
    Command(
        "escape",
        "put away one thing at a time: the black screen, a mistake, a message, quiz mode, the laser "
        "pointer, then presentation mode and the selection",
        keys=("Esc",),
        run=put_away_one,
    ),
]
"""The clicker's keys: no menu entry, a key each."""

FILE = [
    *_menu(
        "File",
        "open",
        Command(
            "new",
            "&New expression",
            "Start a new expression (sin(x**2))",
            shortcuts=("Ctrl+N",),
            run=lambda p: p.files.new_session(),
        ),
        Command(
            "open",
            "&Open…",
            "Open a session, network spec, expression file or interactive page",
            toolbar="file",
            shortcuts=("Ctrl+O",),
            run=lambda p: p.files.open_requested(),
        ),
        Command("recent", "Open &Recent", submenu=True),
    ),
    *_menu(
        "File",
        "save",
        Command(
            "save",
            "&Save",
            "Save the session",
            toolbar="file",
            shortcuts=("Ctrl+S",),
            run=lambda p: p.files.save(),
        ),
        Command(
            "save_as",
            "Save &As…",
            "Save the session under a new name",
            shortcuts=("Ctrl+Shift+S",),
            run=lambda p: p.files.save_as(),
        ),
    ),
    *_menu(
        "File/Export",
        "",
        _export("png", "Export &PNG…", "Export the graph as it is shown, as a PNG image", "Ctrl+E"),
        _export("svg", "Export &SVG…", "Export the graph as it is shown, as SVG"),
        _export("pdf", "Export P&DF…", "Export the graph as it is shown, as PDF"),
        _export("tex", "Export &TikZ (.tex)…", "Export the graph as it is shown, as TikZ for a LaTeX slide"),
        _export(
            "dot",
            "Export D&OT…",
            "The graph as Graphviz DOT text, with values, gradients and local derivatives, to restyle",
        ),
        Command(
            "export_animation",
            "Export &animation…",
            "Export the animation as GIF, MP4 or PNG frames",
            run=lambda p: p.files.export_animation_requested(),
        ),
        _export(
            "training", "Export &training…", "A network with data: its boundary forming, as a GIF or MP4"
        ),
        Command(
            "export_page",
            "Export &interactive page…",
            "One HTML file that plays the animation in any browser, offline, and reopens here",
            run=lambda p: p.files.export_page_requested(),
        ),
    ),
    *_menu(
        "File",
        "quit",
        Command("quit", "&Quit", "Quit graphviz-app", shortcuts=("Ctrl+Q",), run=lambda p: p.frame.close()),
    ),
]

EDIT = _menu(
    "Edit",
    "",
    Command(
        "undo",
        "&Undo",
        "Undo the last edit of the expression, a value or the network",
        shortcuts=("Ctrl+Z",),
        enabled=lambda p: p.undo.stack.canUndo(),
        run=lambda p: p.undo.undo(),
    ),
    Command(
        "redo",
        "&Redo",
        "Redo the edit that was undone",
        shortcuts=("Ctrl+Shift+Z",),
        enabled=lambda p: p.undo.stack.canRedo(),
        run=lambda p: p.undo.redo(),
    ),
)

VIEW = [
    *_menu(
        "View",
        "show",
        _setting("show_values", "Show &values", "Ctrl+1", "Show each node's value"),
        _setting("show_grads", "Show &gradients", "Ctrl+2", "Show each node's gradient"),
        _setting(
            "show_locals",
            "Show &local derivatives on edges",
            "Ctrl+3",
            "Write each edge's local derivative on it",
        ),
        _setting(
            "grad_width",
            "Gradient magnitude as edge &width",
            "Ctrl+4",
            "Thicker edges carry larger gradients (see vanishing gradients)",
        ),
    ),
    *_menu(
        "View",
        "graph",
        Command(
            "view_neuron",
            "&Neuron view",
            "Every weight and neuron is a node",
            toolbar="graph",
            shortcuts=("Ctrl+5",),
            group="view",
            enabled=lambda p: p.session.loaded is not None and "neuron" in p.session.loaded.views,
            run=lambda p: p.display.set_view("neuron"),
        ),
        Command(
            "view_layer",
            "&Layer view",
            "One node per layer tensor (W·a + b, σ, loss)",
            toolbar="graph",
            shortcuts=("Ctrl+6",),
            group="view",
            enabled=lambda p: p.session.loaded is not None and "layer" in p.session.loaded.views,
            run=lambda p: p.display.set_view("layer"),
        ),
        Command(
            "backward_graph",
            "&Backward graph",
            "Show the backward pass as a graph of its own (forward nodes faded)",
            shortcuts=("Ctrl+Shift+B",),
            toggled=lambda p, on: p.second_order.show_backward(on),
        ),
    ),
    *_menu(
        "View",
        "direction",
        Command(
            "dir_lr",
            "Left to &right",
            "Lay the graph out left to right",
            group="direction",
            run=lambda p: p.display.set_direction("LR"),
        ),
        Command(
            "dir_tb",
            "&Top to bottom",
            "Lay the graph out top to bottom",
            group="direction",
            run=lambda p: p.display.set_direction("TB"),
        ),
    ),
    *_menu(
        "View",
        "zoom",
        Command(
            "zoom_in",
            "Zoom &in",
            "Zoom in (+, wheel)",
            toolbar="zoom",
            shortcuts=("Ctrl++",),
            keys=("+", "="),
            help="zoom in",
            run=lambda p: p.canvas.view.zoom_in(),
        ),
        Command(
            "zoom_out",
            "Zoom &out",
            "Zoom out (−, wheel)",
            toolbar="zoom",
            shortcuts=("Ctrl+-",),
            keys=("-",),
            help="zoom out",
            run=lambda p: p.canvas.view.zoom_out(),
        ),
        Command(
            "zoom_fit",
            "&Fit to window",
            "Show the whole graph (0)",
            toolbar="zoom",
            shortcuts=("Ctrl+0",),
            keys=("0",),
            help="fit the whole graph in the canvas",
            run=lambda p: p.canvas.view.fit(whole=True),
        ),
    ),
    *_menu(
        "View",
        "look",
        Command(
            "theme_light",
            "Light theme",
            "Dark text on white",
            group="theme",
            run=lambda p: p.display.set_theme("light"),
        ),
        Command(
            "theme_dark",
            "Dark theme",
            "Light text on dark grey",
            group="theme",
            run=lambda p: p.display.set_theme("dark"),
        ),
        Command(
            "large_text",
            "Larger text (&projector)",
            "Bigger text everywhere, for the back of a lecture room",
            shortcuts=("Ctrl+Shift+L",),
            toggled=lambda p, on: p.display.set_large_text(on),
        ),
        Command(
            "legend",
            "Le&gend",
            "What blue, orange, ∇, (1/2), the dashed target, the output's border and edge labels mean (L)",
            toolbar="legend",
            keys=("L",),
            help="show or hide the legend: what the colours and marks mean",
            toggled=lambda p, on: p.canvas.legend.set_shown(on),
        ),
        Command(
            "pointer",
            "Laser p&ointer",
            "A red dot that follows the mouse, the rest of the canvas dimmed (P; Escape puts it away)",
            keys=("P",),
            help="laser pointer: a red dot that follows the mouse, the rest of the canvas dimmed",
            run=lambda p: p.canvas.spotlight.toggle(),
        ),
        Command(
            "presentation",
            "&Presentation mode",
            "Canvas and timeline only, larger text, full screen: for a projector (F5 again to leave)",
            shortcuts=("F5",),
            toggled=lambda p, on: p.presentation.set(on),
        ),
        Command(
            "presenter_view",
            "Presenter &view",
            "Your notes in a window of their own, on the second screen if there is one: the step now and what "
            "the next press reveals",
            shortcuts=("Ctrl+Shift+P",),
            toggled=lambda p, on: p.presenter_view.open() if on else p.presenter_view.hide(),
        ),
        Command(
            "quiz",
            "&Quiz mode",
            "Predict, then reveal: the animation stops before each gradient arrives and asks for it (Q)",
            keys=("Q",),
            help="quiz mode: stop before each reveal and ask for it (predict, then reveal); Q or Escape leaves",
            toggled=lambda p, on: p.quiz.set_active(on),
        ),
    ),
]

QUIZ_KEYS = [
    Command(
        "quiz_check",
        "check the guess typed in the quiz bar",
        field_keys=("Return", "Enter"),
        modes=(QUIZ,),
        run=lambda p: p.quiz.guess(p.quiz.bar.field.text()),
    ),
    Command(
        "quiz_reveal",
        "reveal the answer without a guess, counted as skipped",
        field_keys=("PgDown", "Space"),
        modes=(QUIZ,),
        run=lambda p: p.quiz.reveal(),
    ),
    Command(
        "quiz_leave",
        "leave quiz mode",
        field_keys=("Esc",),
        modes=(QUIZ,),
        run=lambda p: p.actions["quiz"].setChecked(False),
    ),
    Command(
        "mark",
        "mark the selected node for the quiz (mode: marked nodes), or unmark it",
        keys=("M",),
        run=lambda p: p.quiz.toggle_mark(p.session.selection),
    ),
]
"""Quiz mode's keys: the guess field's, and the mark of the node a question should stop at."""

MISTAKES = [
    *_menu("Mistakes", "", *(_mistake(*choice) for choice in CHOICES)),
    *_menu(
        "Mistakes",
        "correct",
        Command(
            "mistake_correct",
            "&Correct backward pass",
            shortcuts=(
                "Esc",
            ),  # enabled only while a mistake is shown: otherwise Escape keeps its usual jobs
            enabled=lambda p: p.mistakes.report is not None,
            run=lambda p: p.mistakes.clear(),
        ),
    ),
]
"""The Mistakes menu: one entry per classic mistake of ``CHOICES``, then the way back."""

HELP = _menu(
    "Help",
    "",
    Command(
        "shortcuts", "&Keyboard shortcuts", "All keyboard shortcuts", shortcuts=("F1",), run=_show_shortcuts
    ),
    Command("about", "&About graphviz-app", "Version and licence", run=_show_about),
)

COMMANDS: tuple[Command, ...] = (*ANIMATION, *FILE, *EDIT, *VIEW, *QUIZ_KEYS, *MISTAKES, *HELP)
"""Every command, in the order of the menus and of the shortcut help."""


def command(name: str) -> Command:
    """The record of command ``name``."""
    return next(c for c in COMMANDS if c.name == name)


def keys_of(name: str) -> str:
    """Command ``name``'s single keys as the help writes them ("Right, PageDown"), for a tool tip."""
    return ", ".join(key_text(k) for k in command(name).keys)
