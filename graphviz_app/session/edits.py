"""Edits of what is open, as data, so they can be undone and redone.

The session describes every change a user makes to the graph's source as an
:class:`Edit` and hands it to its ``edit_listener`` (the GUI's undo stack):

- ``value``: one input, weight or target changed (``leaf``, ``before``, ``after``);
- ``source``: the expression text or the network's structure changed; ``before``
  and ``after`` are :class:`Snapshot` objects of the whole source;
- ``view``: a network switched between the neuron and the layer view
  (``before``, ``after`` are the view names). It is an edit because the names of
  the leaves depend on the view: undoing in order keeps every ``value`` edit's
  leaf name valid;
- ``reset``: something else was opened; the history starts again.

:meth:`Session.apply_edit` replays an edit forwards or backwards. Nothing here
imports Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["RESET", "SOURCE", "VALUE", "VIEW", "Edit", "Snapshot"]

VALUE, SOURCE, VIEW, RESET = "value", "source", "view", "reset"


@dataclass(frozen=True)
class Snapshot:
    """A source and its leaf values: enough to put it back exactly.

    ``loaded`` is the :class:`~graphviz_app.files.sources.Loaded` that was open (its
    graph is never changed after it is built, so it can be shared).
    """

    loaded: Any
    values: dict[str, Any]


@dataclass(frozen=True)
class Edit:
    """One change, described well enough to undo it and to name it in a menu."""

    kind: str
    text: str
    before: Any = None
    after: Any = None
    leaf: str | None = None

    def merged(self, later: Edit) -> Edit | None:
        """This edit followed by ``later`` as one edit (a slider drag), or None if they don't merge."""
        if self.kind == later.kind == VALUE and self.leaf == later.leaf:
            return Edit(VALUE, self.text, self.before, later.after, self.leaf)
        return None


RESET_EDIT = Edit(RESET, "open")
