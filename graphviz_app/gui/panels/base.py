"""The base of every dock panel: the session, its typed events, a status signal.

A panel overrides the handlers of the events it cares about, or names in
``refresh_on`` the events after which it only redraws (each calls :meth:`~SessionPanel.refresh`),
and is subscribed to those only; it is unsubscribed when the widget is destroyed (see
:func:`~graphviz_app.gui.session_link.subscribe_while_alive`), so no handler needs
to ask whether the widget still exists.

=====================  ==========================  ==============================================
handler                session event               when
=====================  ==========================  ==============================================
``on_graph_replaced``  ``Event.STRUCTURE``         a new source, or the other view of a network
``on_values_changed``  ``Event.VALUES``            same graph, new numbers
``on_step_changed``    ``Event.STEP``              the animation moved
``on_selection_changed`` ``Event.SELECTION``       another node or edge is selected
``on_settings_changed`` ``Event.SETTINGS``         a display setting changed
``on_training_changed`` ``Event.TRAINING``         training took steps, went back, lines changed
=====================  ==========================  ==============================================

A panel hidden in a shown window (its dock closed, or a tab behind another) does no
work: the events it would handle wait, and it handles them, once each and in the
order of the table, when it is shown (its ``showEvent``, or its dock's
``visibilityChanged``, see :func:`graphviz_app.gui.window.dock_area.catch_up_when_shown`). An edit of a big graph then costs only the
panels on screen. A panel whose work matters while hidden says so in
:meth:`SessionPanel.works_while_hidden`.
"""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import QPoint, QRect, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from graphviz_app.gui.session_link import subscribe_while_alive
from graphviz_app.session.state.session import Event, Session

__all__ = ["HANDLERS", "SessionPanel"]

HANDLERS = {
    Event.STRUCTURE: "on_graph_replaced",
    Event.VALUES: "on_values_changed",
    Event.STEP: "on_step_changed",
    Event.SELECTION: "on_selection_changed",
    Event.SETTINGS: "on_settings_changed",
    Event.TRAINING: "on_training_changed",
}
"""Which method of a panel handles which session event."""


class SessionPanel(QWidget):
    """A widget that shows part of a :class:`Session` and writes the user's edits to it.

    Every panel is made as ``Panel(session, parent)``: the application's
    :class:`~graphviz_app.session.state.session.Session`, and the parent widget (the dock).
    """

    refresh_on: ClassVar[frozenset[Event]] = frozenset()
    """The events after which the panel only redraws itself: each calls :meth:`refresh`."""

    # --- signals ---------------------------------------------------------------------

    sig_status = Signal(str)
    """A short message for the main window's status bar."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        both = [
            HANDLERS[e]
            for e in cls.refresh_on
            if getattr(cls, HANDLERS[e]) is not getattr(SessionPanel, HANDLERS[e])
        ]
        if both:
            raise TypeError(
                f"{cls.__name__} lists in refresh_on the events it also handles: {', '.join(both)}"
            )

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._waiting: set[Event] = set()
        """Events that came while the panel was hidden, handled when it is shown."""
        self.subscribed_events = frozenset(
            event
            for event, name in HANDLERS.items()
            if event in self.refresh_on or getattr(type(self), name) is not getattr(SessionPanel, name)
        )
        if self.subscribed_events:
            subscribe_while_alive(self, session, self._on_session_event, self.subscribed_events)

    # --- handlers (override the ones the panel needs) ---------------------------------

    def refresh(self) -> None:
        """Show the session as it is now (a panel with ``refresh_on`` events overrides this)."""

    def on_graph_replaced(self) -> None:
        """A new graph is open."""

    def on_values_changed(self) -> None:
        """The same graph has new numbers."""

    def on_step_changed(self) -> None:
        """The animation moved."""

    def on_selection_changed(self) -> None:
        """Another node or edge is selected."""

    def on_settings_changed(self) -> None:
        """A display setting changed."""

    def on_training_changed(self) -> None:
        """Training took steps, went back to its start, or its lines changed."""

    def works_while_hidden(self) -> bool:
        """Whether the panel handles events while hidden (it tells others something, say)."""
        return False

    def catch_up(self) -> None:
        """Handle the events that came while the panel was hidden."""
        pending, self._waiting = self._waiting, set()
        if pending & self.refresh_on:  # one redraw stands for all of them
            self.refresh()
        for event in HANDLERS:
            if event in pending and event not in self.refresh_on:
                self._handle(event)

    # --- Qt virtuals ------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self._waiting:
            self.catch_up()

    # --- private ------------------------------------------------------------------------

    def out_of_sight(self) -> bool:
        """Hidden in a shown window: in a closed dock, or a tab behind another.

        A tabbed dock behind another is not hidden but moved out of the window, so
        what counts is whether any of the panel can be seen. A panel outside a shown
        window (made on its own, as in a test) is never out of sight.
        """
        window = self.window()
        if not window.isVisible():
            return False
        if not self.isVisible():
            return True
        return not QRect(self.mapTo(window, QPoint(0, 0)), self.size()).intersects(window.rect())

    def _on_session_event(self, event: Event) -> None:
        if self.out_of_sight() and not self.works_while_hidden():
            self._waiting.add(event)  # later (see the module docstring)
            return
        self._handle(event)

    def _handle(self, event: Event) -> None:
        if event in self.refresh_on:
            self.refresh()
        else:
            getattr(self, HANDLERS[event])()
