"""Edit ▸ Undo / Redo: Qt's QUndoStack over the session's edits.

The session describes each edit (a value, the expression text, the network's
structure, the view, a training run, collapsed layers) as an :class:`~graphviz_app.session.state.edits.Edit` and tells
its ``edit_listener``; here each becomes a :class:`EditCommand` on a
``QUndoStack``. The edit has already happened when it is pushed, so the
command's first ``redo`` (which ``push`` calls) does nothing; later ones replay
it through :meth:`Session.apply_edit`, which does not record it again.

Consecutive edits of the same leaf within :data:`MERGE_MS` (dragging a slider,
holding a spin box's arrow) merge into one command, so one Undo takes back the
whole drag; the writes of one training run merge into one command, renamed as it
goes ("Train 340 steps"). Opening another file or example starts a new history. The stack's
clean state follows the file: saving marks it clean, and undoing back to that
point leaves nothing to save (no "save changes?" question).
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QUndoCommand, QUndoStack

from graphviz_app.errors import GraphvizAppError
from graphviz_app.gui.session_link import subscribe_while_alive
from graphviz_app.session.state.edits import RESET, TRAIN, VALUE, Edit
from graphviz_app.session.state.session import FILE, Session

__all__ = ["MERGE_MS", "EditCommand", "UndoHistory"]

MERGE_MS = 800
"""Edits of the same leaf closer together than this are one step of the history."""
_MERGING_IDS = {VALUE: 1, TRAIN: 2}


class EditCommand(QUndoCommand):
    """One edit on the undo stack."""

    def __init__(self, session: Session, edit: Edit, history: UndoHistory) -> None:
        super().__init__(edit.text)
        self.session = session
        self.edit = edit
        self.history = history
        self.pushed_at = time.monotonic()
        self._done = True  # it happened before it was pushed

    def id(self) -> int:  # Qt's name: commands with the same id may merge
        return _MERGING_IDS.get(self.edit.kind, -1)

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802  (Qt's name)
        if not isinstance(other, EditCommand):
            return False
        if self.edit.kind == VALUE and other.pushed_at - self.pushed_at > MERGE_MS / 1000:
            return False
        merged = self.edit.merged(other.edit)
        if merged is None:
            return False
        self.edit, self.pushed_at = merged, other.pushed_at
        self.setText(merged.text)
        return True

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self.history.replay(self.edit, backwards=False)

    def undo(self) -> None:
        self.history.replay(self.edit, backwards=True)


class UndoHistory(QObject):
    """The window's undo stack, fed by the session and driving the Undo and Redo actions."""

    sig_status = Signal(str)

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.stack = QUndoStack(self)
        self._actions: tuple[QAction, QAction] | None = None
        session.edit_listener = self._on_edit
        subscribe_while_alive(self, session, self._on_file_changed, [FILE])
        self.destroyed.connect(lambda *_: _forget_edits(session))
        self.stack.cleanChanged.connect(self._on_clean_changed)

    # --- public ---------------------------------------------------------------------------

    def bind(self, undo: QAction, redo: QAction) -> None:
        """Keep the Undo and Redo actions named after what they would do (the command table says
        when they are enabled: while :attr:`stack` can undo, or redo)."""
        self._actions = (undo, redo)
        for action in (undo, redo):  # the window's actions may go before this history does
            action.destroyed.connect(self._unbind)
        self._stack_signals = (
            self.stack.indexChanged,
            self.stack.canUndoChanged,
            self.stack.canRedoChanged,
            self.stack.undoTextChanged,
            self.stack.redoTextChanged,
        )
        for signal in self._stack_signals:
            signal.connect(self._sync_actions)
        self._sync_actions()

    def undo(self) -> None:
        self.session.end_training()  # undoing a run going on stops it (the training panel follows)
        self.stack.undo()

    def redo(self) -> None:
        self.session.end_training()
        self.stack.redo()

    def replay(self, edit: Edit, backwards: bool) -> None:
        try:
            self.session.apply_edit(edit, backwards=backwards)
        except GraphvizAppError as exc:  # should not happen: the edit was valid once
            self.sig_status.emit(f"Could not {'undo' if backwards else 'redo'} {edit.text.lower()}: {exc}")
            return
        self.sig_status.emit(f"{'Undone' if backwards else 'Redone'}: {edit.text}")

    # --- slots ----------------------------------------------------------------------------------

    def _on_file_changed(self, _event: object) -> None:
        if not self.session.modified:
            self.stack.setClean()  # saved (or opened): this is the state with nothing to save

    def _sync_actions(self, *_: object) -> None:
        if self._actions is None:
            return
        undo, redo = self._actions
        undo.setText(f"&Undo {self.stack.undoText()}".rstrip())
        redo.setText(f"&Redo {self.stack.redoText()}".rstrip())

    def _unbind(self, *_: object) -> None:
        if self._actions is None:
            return
        self._actions = None
        for signal in self._stack_signals:
            signal.disconnect(self._sync_actions)

    def _on_clean_changed(self, clean: bool) -> None:
        if clean:
            self.session.mark_unmodified()

    def _on_edit(self, edit: Edit) -> None:
        if edit.kind == RESET:
            self.stack.clear()
        else:
            self.stack.push(EditCommand(self.session, edit, self))


def _forget_edits(session: Session) -> None:
    """The history is gone: the session stops telling it about edits."""
    session.edit_listener = None
