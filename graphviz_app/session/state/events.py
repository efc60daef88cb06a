"""What a session tells its listeners: one typed :class:`Event` per change.

Examples
--------
>>> seen = []
>>> listeners = Listeners()
>>> unsubscribe = listeners.subscribe(seen.append, [Event.STEP])
>>> listeners.emit(Event.VALUES); listeners.emit(Event.STEP)
>>> seen
[<Event.STEP: 'step'>]
>>> unsubscribe(); listeners.emit(Event.STEP); len(seen)
1
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import Enum

__all__ = ["Event", "Listener", "Listeners"]


class Event(str, Enum):
    """What changed in a session. Each member equals its name in lower case (``Event.STEP == "step"``)."""

    STRUCTURE = "structure"
    """The graph was replaced: a new source, or the other view of a network."""
    VALUES = "values"
    """Same graph, new numbers (an edited input, weight or target)."""
    STEP = "step"
    """The animation moved to another step."""
    SELECTION = "selection"
    """Another node or edge (or nothing) is selected."""
    SETTINGS = "settings"
    """A display setting changed."""
    FILE = "file"
    """The file name or the modified flag changed."""
    TRAINING = "training"
    """Training took steps (new losses), went back to its start, or its lines changed."""

    def __str__(self) -> str:
        return self.value


STRUCTURE, VALUES, STEP, SELECTION, SETTINGS, FILE, TRAINING = tuple(Event)

Listener = Callable[[Event], None]


class Listeners:
    """The listeners of one session, each with the events it asked for."""

    def __init__(self) -> None:
        self._entries: list[tuple[Listener, frozenset[Event]]] = []

    def subscribe(self, listener: Listener, events: Iterable[Event] | None = None) -> Callable[[], None]:
        """Call ``listener(event)`` for ``events`` (all when None); returns the unsubscribe function."""
        entry = (listener, frozenset(Event) if events is None else frozenset(Event(e) for e in events))
        self._entries.append(entry)

        def unsubscribe() -> None:
            if entry in self._entries:
                self._entries.remove(entry)

        return unsubscribe

    def emit(self, event: Event) -> None:
        for entry in list(self._entries):
            if event in entry[1] and entry in self._entries:  # one listener may unsubscribe another
                entry[0](event)

    def __len__(self) -> int:
        return len(self._entries)
