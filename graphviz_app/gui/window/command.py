"""A command of the window, as one record of the command table (:mod:`.commands`), and the words around it.

:class:`Command` says what a command is called, the keys that give it, where it sits in the
menus and on the tool bar, the modes it works in, when it is enabled and what it does.
A command is given by keys of three kinds:

- ``shortcuts``: a key with Ctrl or a function key (Ctrl+E, F5). They work wherever the
  window has the focus, also while typing in a field, in presentation mode (whose menu bar
  is hidden) and in the presenter view, a window of its own.
- ``keys``: single keys, as a lecturer's clicker sends them (PageDown, B). They steer the
  animation wherever the focus is, except in a text or number field, where they are typing.
- ``field_keys``: keys typed in the quiz bar's guess field (Enter checks the guess). A key
  that types a character (Space) is a command there only while the field is empty.

A key is written as Qt reads it (``QKeySequence("PgDown")``); :data:`KEY_NAMES` says how the
help writes it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from graphviz_app.gui.window.parts import Parts

__all__ = [
    "FIELD",
    "KEY_NAMES",
    "MENU_TITLES",
    "MODES",
    "PRESENTATION",
    "PRESENTER",
    "QUIZ",
    "WINDOW",
    "Command",
    "help_intro",
    "key_text",
]

WINDOW, PRESENTATION, QUIZ, PRESENTER = "the window", "presentation mode", "quiz mode", "the presenter view"
MODES = (WINDOW, PRESENTATION, QUIZ, PRESENTER)
"""Where keys are pressed: the main window, presentation mode (F5), quiz mode (Q) and with the
presenter view focused. A command works in all of them unless its record names fewer."""

MENU_TITLES = {
    "File": "&File",
    "Export": "&Export",
    "Edit": "&Edit",
    "View": "&View",
    "Mistakes": "&Mistakes",
    "Help": "&Help",
}
"""The menus' titles with their mnemonics; the menu bar lists them in the order the table first names them."""

KEY_NAMES = {
    "PgDown": "PageDown",
    "PgUp": "PageUp",
    "Return": "Enter",
    "Esc": "Escape",
    ".": ". (full stop)",
    "-": "−",
}
"""How the help and the docs write a key whose Qt name is terse (a clicker's manual says PageDown)."""

FIELD = "quiz"
"""What the help writes after keys typed in the quiz bar's guess field."""


@dataclass(frozen=True)
class Command:
    """One command of the window: its words, keys, place, modes, enabling and handler."""

    name: str
    text: str
    """As the menu writes it, with ``&`` before the mnemonic; without a menu, what the help calls it."""
    tip: str = ""
    menu: str | None = None
    """The menu it is listed in ("File", "File/Export", …); None: none (a key of its own)."""
    section: str = ""
    """Commands of one menu in different sections are parted by a separator."""
    toolbar: str | None = None
    """The tool bar's section it is shown in (a separator between sections); None: not on it."""
    shortcuts: tuple[str, ...] = ()
    keys: tuple[str, ...] = ()
    field_keys: tuple[str, ...] = ()
    help: str = ""
    """What its single keys do, as the shortcut help says it (its shortcuts are listed by ``text``)."""
    modes: tuple[str, ...] = MODES
    enabled: Callable[[Parts], bool] | None = None
    """When the command can be given (None: always); the window asks again after every change."""
    run: Callable[[Parts], object] | None = None
    """What it does when given (a menu entry chosen, a key pressed)."""
    toggled: Callable[[Parts, bool], object] | None = None
    """For an on/off command: what turning it on or off does."""
    group: str | None = None
    """Commands of one group are choices of which exactly one is checked (Light or Dark theme)."""
    submenu: bool = False
    """A menu of its own filled by the window (Open Recent), placed here."""

    @property
    def checkable(self) -> bool:
        return self.toggled is not None or self.group is not None


def key_text(key: str) -> str:
    """A key as the help writes it (PageDown, not PgDown)."""
    return KEY_NAMES.get(key, key)


def help_intro() -> str:
    """The sentence above the shortcut help's table."""
    modes = ", ".join(MODES[:-1]) + " and " + MODES[-1]
    return f"Every key works in {modes} unless it says otherwise; single keys not while you type in a field."
