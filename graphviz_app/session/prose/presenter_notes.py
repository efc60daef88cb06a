"""What the presenter view tells the lecturer: where the animation is, and what the next press reveals.

The audience sees the canvas; the lecturer, on a second screen, also sees the
next step's caption before pressing the clicker, so they can ask the room what
is about to arrive (and know the answer).

Examples
--------
>>> from graphviz_app.session.state.session import Session
>>> s = Session()
>>> s.open_source("sin(x**2)", {"x": 1.5})
>>> notes = presenter_notes(s)
>>> notes.position
'Step 0 of 6 · start'
>>> notes.next_caption
'x² = 1.5² = 2.25'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from graphviz_app.session.state.session import Session

__all__ = ["PresenterNotes", "presenter_notes"]

AT_END = "Nothing more: every gradient is computed. Home starts again."
NOTHING_OPEN = "Nothing is open."


@dataclass(frozen=True)
class PresenterNotes:
    """``position`` ("Step 3 of 14 · forward"), the caption shown now, and the one the next step shows."""

    position: str
    caption: str
    next_caption: str


def presenter_notes(session: Session) -> PresenterNotes:
    """The notes for the session's current step."""
    timeline = session.timeline
    if timeline is None:
        return PresenterNotes("", NOTHING_OPEN, "")
    k, last = session.step, len(timeline) - 1
    position = f"Step {k} of {last} · {timeline.phase_of(k)}"
    following = session.caption(k + 1) if k < last else AT_END
    return PresenterNotes(position, session.caption(k), following)
