"""What a window calls a typed expression: the expression itself, on one line, elided when long.

>>> expression_title("sin(x**2)")
'sin(x**2)'
>>> expression_title("a = x * y\\nb = sin(a)\\nb + 1")
'a = x * y; b = sin(a); b + 1'
>>> expression_title("x + " * 30 + "y")
'x + x + x + x + x + x + x + x + x + x + x + x +…'
>>> expression_title("  \\n ")
'untitled expression'
"""

from __future__ import annotations

__all__ = ["TITLE_CHARS", "UNTITLED", "expression_title"]

TITLE_CHARS = 48
"""The longest title, in characters, before it is cut with an ellipsis."""
UNTITLED = "untitled expression"


def expression_title(text: str, limit: int = TITLE_CHARS) -> str:
    """``text`` with its lines joined by "; " and runs of spaces made one, cut to ``limit`` characters."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    title = "; ".join(line for line in lines if line)
    if not title:
        return UNTITLED
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"
