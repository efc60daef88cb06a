"""Listening to the session for exactly as long as a Qt object lives.

:meth:`Session.subscribe` keeps a reference to its listener, and the session
outlives most widgets (a panel closed with its dock, a window's children while
the window is torn down). :func:`subscribe_while_alive` ties the subscription to
a ``QObject``: when the object is destroyed, its listener is unsubscribed, so the
session never calls into a deleted widget and no listener needs a lifetime guard.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject

from graphviz_app.session.state.session import Event, Listener, Session

__all__ = ["subscribe_while_alive"]


def subscribe_while_alive(
    owner: QObject, session: Session, listener: Listener, events: Iterable[Event] | None = None
) -> Callable[[], None]:
    """Subscribe ``listener`` to ``session`` until ``owner`` is destroyed; returns the unsubscribe function."""
    unsubscribe = session.subscribe(listener, events)
    owner.destroyed.connect(lambda *_: unsubscribe())
    return unsubscribe
