"""The frames of an exported animation: which step, and how far its tokens have travelled.

The window plays step k by moving step k's tokens along their edges for
:data:`TRAVEL_S` seconds (eased by :func:`ease`), then shows step k's resting
state and pauses for :data:`PAUSE_S` before the next step (see
``gui/canvas/animator.py``, which takes these numbers and this easing from here). An
exported GIF or MP4 samples exactly that timeline at a fixed frame rate; this
module says what each frame shows, as pure data, and the GUI's scene draws it.

Examples
--------
>>> from graphviz_app.session.state.session import Session
>>> s = Session()
>>> s.open_source("t**2")
>>> plan = plan_animation(s.timeline, fps=10, hold=0.2)
>>> [(f.step, f.travel) for f in plan.frames[:3]]
[(0, None), (0, None), (1, 0.0)]
>>> plan.seconds == len(plan.frames) / 10
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from graphviz_app.errors import GraphvizAppError

__all__ = [
    "MAX_FRAMES",
    "PAUSE_S",
    "TRAVEL_S",
    "AnimationFrame",
    "AnimationPlan",
    "check_fps",
    "check_hold",
    "ease",
    "plan_animation",
]

TRAVEL_S = 0.65  # a step's tokens travel for this long at speed 1
PAUSE_S = 0.12  # the pause after each arrival while playing
MAX_FPS = 60
MAX_HOLD_S = 60.0
MAX_FRAMES = 100_000  # about an hour at 25 fps: more is a mistake, not a lecture


def ease(t: float) -> float:
    """The tokens' easing: quadratic in and out (Qt's ``InOutQuad``), 0 → 0 and 1 → 1.

    >>> ease(0.0), ease(0.25), ease(0.5), ease(1.0)
    (0.0, 0.125, 0.5, 1.0)
    """
    t = min(1.0, max(0.0, float(t)))
    return 2 * t * t if t < 0.5 else 1 - (-2 * t + 2) ** 2 / 2


def check_fps(fps: Any, limit: int = MAX_FPS) -> int:
    """A frame rate: a whole number from 1 to ``limit``."""
    if isinstance(fps, float) and fps.is_integer():
        fps = int(fps)
    if isinstance(fps, bool) or not isinstance(fps, int) or not 1 <= fps <= limit:
        raise GraphvizAppError(f"--fps {fps}: choose a whole number of frames per second from 1 to {limit}")
    return fps


def check_hold(hold: Any) -> float:
    """The pause on each arrival, in seconds: 0 to 60."""
    try:
        seconds = float(hold)
    except (TypeError, ValueError):
        raise GraphvizAppError(f"--hold {hold!r}: expected seconds, e.g. 0.5") from None
    if not (math.isfinite(seconds) and 0 <= seconds <= MAX_HOLD_S):
        raise GraphvizAppError(f"--hold {hold}: choose a pause from 0 to {MAX_HOLD_S:g} seconds")
    return seconds


@dataclass(frozen=True)
class AnimationFrame:
    """One frame: the timeline's step ``step``, at rest (``travel`` None) or with its tokens on their way.

    ``travel`` is the fraction of the travel time gone by, 0 to 1 (the window's
    ``show_travel`` eases it into a position along the edges); the nodes then
    still show step ``step - 1``'s state, as in the window.
    """

    step: int
    travel: float | None


@dataclass(frozen=True)
class AnimationPlan:
    frames: tuple[AnimationFrame, ...]
    fps: int
    first: int
    last: int

    @property
    def seconds(self) -> float:
        return len(self.frames) / self.fps

    @property
    def steps(self) -> range:
        return range(self.first, self.last + 1)


def plan_animation(
    timeline: Any,
    *,
    first: int = 0,
    last: int | None = None,
    fps: int = 20,
    hold: float = PAUSE_S,
    travel: float = TRAVEL_S,
) -> AnimationPlan:
    """Sample playing ``timeline`` from step ``first`` to step ``last`` at ``fps`` frames per second.

    Step ``first`` is shown at rest for ``hold`` seconds (at least one frame);
    every later step with tokens gets ``round(travel * fps)`` travelling frames
    (at least one), and every step then rests for ``hold`` seconds (at least one
    frame). So each position of the timeline is at least one frame, and the last
    frame is step ``last`` at rest.
    """
    fps = check_fps(fps)
    hold = check_hold(hold)
    n = len(timeline)
    last = n - 1 if last is None else last
    if not 0 <= first <= last < n:
        raise GraphvizAppError(f"--from {first} --to {last}: this graph has steps 0 to {n - 1}, from ≤ to")
    rest = max(1, round(hold * fps))
    moving = max(1, round(travel * fps))
    count = rest * (last - first + 1) + moving * sum(
        1 for k in range(first + 1, last + 1) if timeline.steps[k].tokens
    )
    if count > MAX_FRAMES:
        raise GraphvizAppError(
            f"{count:,} frames is too many (at most {MAX_FRAMES:,}): lower --fps or --hold, or export "
            "part of the timeline with --from and --to"
        )
    frames: list[AnimationFrame] = [AnimationFrame(first, None)] * rest
    for k in range(first + 1, last + 1):
        if timeline.steps[k].tokens:
            frames.extend(AnimationFrame(k, i / moving) for i in range(moving))
        frames.extend([AnimationFrame(k, None)] * rest)
    return AnimationPlan(tuple(frames), fps, first, last)
