"""The command table made real: one QAction per command, the menus, the tool bar, the keys, the help.

:class:`CommandSet` makes a QAction for every record of
:data:`~graphviz_app.gui.window.commands.COMMANDS` (text, tip, shortcuts, checkable) before the
window's parts exist, so the parts can show their state on them (a checked Presentation mode);
:meth:`CommandSet.bind` then gives each action its handler, and keeps every action enabled
exactly when its record says. Every key press of every mode comes here:

- a shortcut is the action's own (Qt's shortcut map); :meth:`CommandSet.share` adds the actions
  to every window where keys are pressed, so they work with the menu bar hidden (presentation
  mode) and in the presenter view;
- a single key (:meth:`CommandSet.press`) is routed here by the window's key filter and by
  the presenter view, and triggers its command's action when it is enabled;
- a key in the quiz's guess field comes through :meth:`CommandSet.press_in_field`.

:func:`help_rows` is the shortcut help (F1), and :func:`keys_markdown` the keys table of
``docs/keys.md``, both read off the same records.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QKeyCombination, QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QMenuBar, QToolBar, QWidget

from graphviz_app.gui.window.command import FIELD, MENU_TITLES, MODES, Command, key_text

if TYPE_CHECKING:
    from graphviz_app.gui.window.parts import Parts

__all__ = ["CommandSet", "combination", "help_rows", "keys_markdown", "sequence"]

_NOT_SINGLE = (
    Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier
)
"""A key pressed with one of these is never a single key (Shift is: + is Shift+= on many keyboards)."""


def sequence(key: str) -> QKeySequence:
    """``key`` as Qt reads it; a key Qt does not know fails here, at start-up, not silently later."""
    seq = QKeySequence(key)
    if seq.count() != 1 or combination(seq).key() == Qt.Key.Key_unknown:
        raise ValueError(f"not one key Qt knows: {key!r}")
    return seq


def combination(seq: QKeySequence) -> QKeyCombination:
    """The first key of ``seq``, with its modifiers."""
    first: QKeyCombination = seq[0]  # type: ignore[index]  # PySide6's stubs lack QKeySequence.__getitem__
    return first


def _key_code(key: str) -> int:
    return combination(sequence(key)).key().value


class CommandSet(QObject):
    """The QActions of ``commands``, made for ``window``; handlers and enabling come with :meth:`bind`."""

    def __init__(self, commands: Sequence[Command], window: QMainWindow) -> None:
        super().__init__(window)
        self.commands = {c.name: c for c in commands}
        self.actions: dict[str, QAction] = {}
        self._parts: Parts | None = None
        groups: dict[str, QActionGroup] = {}
        for c in commands:
            if c.submenu:
                continue
            action = QAction(c.text, window)
            action.setObjectName(f"action_{c.name}")
            if (
                c.keys and not c.shortcuts and c.menu
            ):  # the menu shows a single key after a tab; the tool bar not
                action.setText(f"{c.text}\t{key_text(c.keys[0])}")
                action.setIconText(c.text.replace("&", ""))
            if c.shortcuts:
                action.setShortcuts([sequence(k) for k in c.shortcuts])
            if c.tip:
                action.setToolTip(c.tip)
                action.setStatusTip(c.tip)
            action.setCheckable(c.checkable)
            if c.group:
                groups.setdefault(c.group, QActionGroup(window)).addAction(action)
            self.actions[c.name] = action
        self._single = {_key_code(k): c.name for c in commands for k in c.keys}
        self._field = {_key_code(k): c.name for c in commands for k in c.field_keys}

    # --- wiring ---------------------------------------------------------------------------------

    def bind(self, parts: Parts) -> None:
        """Give every action its handler over ``parts``, and enable each as its record says."""
        self._parts = parts
        for name, action in self.actions.items():
            c = self.commands[name]
            if c.toggled is not None:
                action.toggled.connect(lambda on, f=c.toggled: f(parts, on))
            if c.run is not None:
                action.triggered.connect(lambda _=False, f=c.run: f(parts))
        self.refresh()

    def refresh(self, *_: object) -> None:
        """Enable each action whose record says when: call after anything that changes the answer."""
        parts = self._parts
        if parts is None:
            return
        for name, c in self.commands.items():
            if c.enabled is not None:
                self.actions[name].setEnabled(c.enabled(parts))

    def share(self, *widgets: QWidget) -> None:
        """Make every shortcut work wherever a key may be pressed (see :data:`~.commands.MODES`).

        A shortcut is live only while one of its action's widgets is in the active window: a
        hidden menu bar (presentation mode) takes its menus' shortcuts away, and the presenter
        view is a window of its own. So the actions are added to ``widgets`` (the window, the
        presenter view) too.
        """
        with_keys = [self.actions[c.name] for c in self.commands.values() if c.shortcuts]
        for widget in widgets:
            widget.addActions(with_keys)

    # --- menus and tool bar -----------------------------------------------------------------------

    def build_menus(self, bar: QMenuBar, submenus: dict[str, QMenu]) -> dict[str, QMenu]:
        """The menu bar's menus, in the order the table names them; ``submenus`` fill the submenu records.

        Returns every menu by its path ("View", "File/Export"), so more entries can be added at its end.
        """
        menus: dict[str, QMenu] = {}
        sections: dict[str, str] = {}
        for c in self.commands.values():
            if c.menu is None:
                continue
            menu = self._menu(bar, menus, c.menu)
            if c.menu in sections and sections[c.menu] != c.section:
                menu.addSeparator()
            sections[c.menu] = c.section
            if c.submenu:
                menu.addMenu(submenus[c.name])
            else:
                menu.addAction(self.actions[c.name])
        return menus

    def _menu(self, bar: QMenuBar, menus: dict[str, QMenu], path: str) -> QMenu:
        found = menus.get(path)
        if found is None:
            parent, _, title = path.rpartition("/")
            if parent:
                found = self._menu(bar, menus, parent).addMenu(MENU_TITLES[title])
            else:
                found = bar.addMenu(MENU_TITLES[title])
            menus[path] = found
        return found

    def build_toolbar(self, window: QMainWindow) -> QToolBar:
        bar = window.addToolBar("Main")
        bar.setObjectName("main_toolbar")
        section: str | None = None
        for c in self.commands.values():
            if c.toolbar is None:
                continue
            if section is not None and c.toolbar != section:
                bar.addSeparator()
            section = c.toolbar
            bar.addAction(self.actions[c.name])
        return bar

    # --- keys ---------------------------------------------------------------------------------------

    def press(self, event: QKeyEvent) -> bool:
        """A single key pressed outside a field: give its command; False when the key is none of ours."""
        if event.modifiers() & _NOT_SINGLE:
            return False
        return self._give(self._single.get(event.key()))

    def press_in_field(self, event: QKeyEvent, typed: str) -> bool:
        """A key pressed in the quiz's guess field holding ``typed``; False when it is typing."""
        if event.text().isprintable() and event.text() and typed.strip():
            return False  # a character typed into a guess (Space in "1 / 2")
        return self._give(self._field.get(event.key()))

    def _give(self, name: str | None) -> bool:
        if name is None or self._parts is None:
            return False
        self.actions[name].trigger()  # nothing when disabled, as from the menu
        return True


def help_rows(commands: Iterable[Command], portable: bool = False) -> list[tuple[str, str, str]]:
    """(keys, what they do, where) for the shortcut help: the single keys first, then the shortcuts.

    ``where`` is "" for a command that works in every one of :data:`~.commands.MODES`, else the
    modes it works in. ``portable`` writes shortcuts as in Qt's docs (Ctrl+O), not as this
    platform shows them (⌘O on a Mac).
    """
    commands = list(commands)
    rows = []
    for c in commands:
        keys = [key_text(k) for k in c.keys] or list(dict.fromkeys(key_text(k) for k in c.field_keys))
        if keys:
            label = ", ".join(keys) + (f" ({FIELD})" if c.field_keys else "")
            rows.append((label, c.help or _plain(c.text), _where(c.modes)))
    text_format = (
        QKeySequence.SequenceFormat.PortableText if portable else QKeySequence.SequenceFormat.NativeText
    )
    for c in commands:
        if c.shortcuts:
            label = ", ".join(sequence(k).toString(text_format) for k in c.shortcuts)
            rows.append((label, _plain(c.text), _where(c.modes)))
    return rows


def keys_markdown(commands: Iterable[Command]) -> str:
    """The keys table of the docs (``docs/window.md``), in Markdown: the help's rows, shortcuts as Qt writes them."""
    lines = ["| key | what it does |", "|---|---|"]
    for keys, what, where in help_rows(commands, portable=True):
        cells = (keys, what + (f" ({where})" if where else ""))
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)


def _plain(text: str) -> str:
    return text.replace("&", "").rstrip("…")


def _where(modes: Sequence[str]) -> str:
    return "" if set(modes) == set(MODES) else "only in " + " and ".join(modes)
