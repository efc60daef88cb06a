"""Command-line values checked in one place: step numbers and training lengths.

Options are text; these functions turn it into numbers with the same rules for
the command line and the window, and refuse requests that can only be a
mistake with a message naming the option and what it accepts.

Examples
--------
>>> parse_step("12"), parse_step(" end ")
(12, 'end')
>>> parse_step("²")
Traceback (most recent call last):
    ...
graphviz_app.errors.SourceError: --step '²': use start, forward, backward, end, or a step number 0, 1, 2, ...
>>> parse_train_steps("10000000")
Traceback (most recent call last):
    ...
graphviz_app.errors.SourceError: --steps 10000000: at most 1,000,000 training steps (the loss curve of a small network settles long before)
"""

from __future__ import annotations

import re

from graphviz_app.errors import SourceError

__all__ = [
    "MAX_GRADCHECK_NUMBERS",
    "MAX_STEP",
    "MAX_TRAIN_STEPS",
    "STEP_NAMES",
    "check_gradcheck_size",
    "parse_step",
    "parse_train_steps",
]

STEP_NAMES = ("start", "forward", "backward", "end")
MAX_STEP = 999_999_999
"""No timeline is this long (a graph has at most a few hundred thousand steps)."""
MAX_TRAIN_STEPS = 1_000_000
"""About three minutes for the 2-2-1 network; longer runs show progress and stop with Ctrl+C."""

MAX_GRADCHECK_NUMBERS = 20_000
"""Finite differences evaluate the graph twice per number: beyond this it would run for many minutes."""

_DIGITS = re.compile(r"[0-9]{1,9}")


def _shown(text: str) -> str:
    return repr(text if len(text) <= 20 else text[:17] + "...")


def parse_step(text: str | int, option: str = "--step") -> int | str:
    """A step number (ASCII digits, at most :data:`MAX_STEP`) or one of :data:`STEP_NAMES`.

    Whether the number exists in a graph's timeline is checked against the timeline.
    """
    if isinstance(text, int) and not isinstance(text, bool):
        if not 0 <= text <= MAX_STEP:
            raise SourceError(f"{option} {text}: a step number is 0 to {MAX_STEP:,}")
        return text
    word = str(text).strip()
    if _DIGITS.fullmatch(word):
        return int(word)
    if word.isascii() and word.isdigit():
        raise SourceError(f"{option} {_shown(word)}: a step number has at most 9 digits")
    if word in STEP_NAMES:
        return word
    raise SourceError(
        f"{option} {_shown(word)}: use start, forward, backward, end, or a step number 0, 1, 2, ..."
    )


def parse_train_steps(text: str | int, option: str = "--steps") -> int:
    """A number of training steps, 1 to :data:`MAX_TRAIN_STEPS`."""
    word = str(text).strip()
    if not re.fullmatch(r"[0-9]{1,12}", word):
        raise SourceError(f"{option} {_shown(word)}: give a whole number of steps, 1 to {MAX_TRAIN_STEPS:,}")
    steps = int(word)
    if steps < 1:
        raise SourceError(f"{option} must be at least 1")
    if steps > MAX_TRAIN_STEPS:
        raise SourceError(
            f"{option} {steps}: at most {MAX_TRAIN_STEPS:,} training steps "
            "(the loss curve of a small network settles long before)"
        )
    return steps


def check_gradcheck_size(numbers: int) -> None:
    """Refuse a gradient check of more than :data:`MAX_GRADCHECK_NUMBERS` leaf numbers."""
    if numbers > MAX_GRADCHECK_NUMBERS:
        raise SourceError(
            f"gradcheck: this graph has {numbers:,} input, weight and target numbers; finite differences "
            f"check at most {MAX_GRADCHECK_NUMBERS:,} (two evaluations each): use a smaller network"
        )
