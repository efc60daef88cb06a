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
- ``train``: a training run (Step, Run until it ends or is paused, or Reset) moved the
  parameters; ``before`` and ``after`` map each parameter to its value. The run writes
  its numbers many times as the canvas follows it; the writes of one ``run`` merge;
- ``collapse``: layers were collapsed or expanded (``before``, ``after``: the collapsed
  layers' keys, as :attr:`Settings.collapsed <graphviz_app.session.state.settings.Settings.collapsed>`);
- ``reset``: something else was opened; the history starts again.

Every change that saving would keep is one of these, so undoing back to the saved
state really leaves nothing to save.

:meth:`Session.apply_edit` replays an edit forwards or backwards. Nothing here
imports Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["COLLAPSE", "RESET", "SOURCE", "TRAIN", "VALUE", "VIEW", "Edit", "Snapshot"]

VALUE, SOURCE, VIEW, TRAIN, COLLAPSE, RESET = "value", "source", "view", "train", "collapse", "reset"


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
    run: int | None = None  # ``train``: which run (its writes, as the canvas follows it, merge)

    def merged(self, later: Edit) -> Edit | None:
        """This edit followed by ``later`` as one edit (a slider drag, a training run), or None."""
        if self.kind == later.kind == VALUE and self.leaf == later.leaf:
            return Edit(VALUE, self.text, self.before, later.after, self.leaf)
        if self.kind == later.kind == TRAIN and self.run == later.run:
            return Edit(TRAIN, later.text, self.before, later.after, run=self.run)
        return None


RESET_EDIT = Edit(RESET, "open")
