"""Superscript digits, both ways: ``2`` → ``²`` for captions, ``²`` → ``2`` for LaTeX; and subscripts.

>>> superscript("2"), superscript("−1"), superscript("0.5"), raise_int(-12)
('²', '⁻¹', None, '⁻¹²')
>>> lower("x⁻¹"), subscript_int(12), unsubscript("u₁₂")
('x-1', '₁₂', 'u12')
"""

from __future__ import annotations

__all__ = ["LOWERED", "RAISED", "lower", "raise_int", "subscript_int", "superscript", "unsubscript"]

MINUS = "−"  # U+2212
RAISED = "⁰¹²³⁴⁵⁶⁷⁸⁹⁻"
"""The superscript characters, digits then minus."""
_UP = str.maketrans("0123456789" + MINUS + "-", RAISED + "⁻")
_DOWN = str.maketrans(RAISED, "0123456789-")
LOWERED = "₀₁₂₃₄₅₆₇₈₉"
"""The subscript digits (the short names captions give long expressions: u₁, u₂…)."""
_SUB = str.maketrans("0123456789", LOWERED)
_UNSUB = str.maketrans(LOWERED, "0123456789")


def superscript(text: str) -> str | None:
    """``text`` in superscript digits if it is a whole number of at most 3 digits, else None."""
    body = text[1:] if text.startswith(MINUS) else text
    if not body.isascii() or not body.isdigit() or len(body) > 3:
        return None
    return text.translate(_UP)


def raise_int(n: int) -> str:
    """A whole number in superscript, any size (an exponent of ten)."""
    return str(n).translate(_UP)


def lower(text: str) -> str:
    """Superscript characters back to ASCII digits and ``-``."""
    return text.translate(_DOWN)


def subscript_int(n: int) -> str:
    """A whole number in subscript digits."""
    return str(n).translate(_SUB)


def unsubscript(text: str) -> str:
    """Subscript digits back to ASCII digits."""
    return text.translate(_UNSUB)
