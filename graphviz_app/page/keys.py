"""The keys of an interactive page: the window's animation keys (a clicker's too), and what each does.

Each row is ``[key values, command, keys as the help writes them, what it does]``; the key values are the
browser's ``KeyboardEvent.key`` names. The player binds them and its help lists them, so the two cannot
differ. As in the window, every step press is one step, even during a step's animation.
"""

from __future__ import annotations

__all__ = ["KEYS"]

KEYS = [
    [[" "], "play", "Space", "play / pause"],
    [["ArrowRight", "PageDown"], "next", "Right, PageDown", "step forward (presentation clickers send PageDown)"],
    [["ArrowLeft", "PageUp"], "back", "Left, PageUp", "step back (clickers send PageUp)"],
    [["Home"], "start", "Home", "start of the forward pass"],
    [["d", "D"], "backward", "D", "start of the backward pass (∂)"],
    [["End"], "end", "End", "end: every gradient computed"],
    [["b", "B", "."], "blank", "B, . (full stop)", "black out the screen, and back (clickers' blank-screen button)"],
    [["q", "Q"], "quiz", "Q", "quiz mode: stop before each reveal and ask for it; Q or Escape leaves"],
    [["Enter"], "answer", "Enter (quiz)", "check the guess typed in the quiz bar; Space or PageDown reveals"],
    [["f", "F"], "fullscreen", "F", "full screen, with text for a projector"],
    [["t", "T"], "theme", "T", "light or dark theme"],
    [["+", "="], "zoom-in", "+ / − / 0", "zoom in / out / fit the drawing (or the wheel, and drag to pan)"],
    [["-", "−"], "zoom-out", "", ""],
    [["0"], "fit", "", ""],
    [["?"], "help", "?", "these keys"],
    [["Escape"], "escape", "Escape", "put away one thing at a time: the black screen, quiz mode, the help, the selection"],
]  # fmt: skip
