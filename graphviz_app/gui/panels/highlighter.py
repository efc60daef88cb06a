"""Syntax colours for the expression language.

A :class:`QSyntaxHighlighter` is called by Qt once per line (a *block*) whenever
that line changes, and colours ranges of it with :meth:`setFormat`. The rules
below are regular expressions applied in order, so a later rule paints over an
earlier one: a ``#`` comment is applied last and wins over everything inside it.

What is coloured, following :mod:`graphviz_app.builders.expression`:

- the functions of the language (``sin``, ``sigmoid``...; :data:`FUNCTIONS`);
- numbers (``2``, ``.5``, ``1e-3``) and the constants ``pi`` and ``e``;
- operators and brackets (``+ - * / ** ^ = ( ) ;``);
- a name being assigned (the ``u`` of ``u = x**2``) or a function being defined or
  its derivative claimed (the ``swish`` of ``swish(u) := …`` and ``swish'(u) := …``), in bold;
- comments, from ``#`` to the end of the line (the parser skips them).

The patterns are Qt regular expressions (PCRE2) rather than Python's ``re``,
because Qt counts positions in UTF-16 code units, and so do they.
"""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from graphviz_app.builders.expression import CONSTANTS, FUNCTIONS
from graphviz_app.palette import palette_named

__all__ = ["RULES", "ExpressionHighlighter"]

_WORD = "[A-Za-z_][A-Za-z0-9_]*"

RULES: tuple[tuple[str, str, int], ...] = (
    # (role, pattern, capture group to colour)
    ("operator", r"\*\*|:=|[-+*/^=;(),']", 0),
    ("number", r"(?<![A-Za-z0-9_.])(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?", 0),
    ("constant", rf"\b(?:{'|'.join(CONSTANTS)})\b", 0),
    ("function", rf"\b(?:{'|'.join(FUNCTIONS)})\b", 0),
    ("assigned", rf"(?:^|;)\s*({_WORD})\s*=(?!=)", 1),
    ("assigned", rf"(?:^|;)\s*(?:d\s*/\s*d{_WORD}\s+)?({_WORD})\s*'?\s*\([^()]*\)\s*:=", 1),
    ("comment", r"#.*$", 0),
)
"""The highlighting rules, applied in this order (later ones paint over earlier ones)."""

# the palette's role that colours each rule; an assigned name keeps the text's own colour, in bold
_ROLES = {
    "operator": "syntax_operator",
    "number": "syntax_number",
    "constant": "syntax_number",
    "function": "syntax_function",
    "assigned": "",
    "comment": "syntax_comment",
}


class ExpressionHighlighter(QSyntaxHighlighter):
    """Colours expression text in a ``QTextDocument`` (the editor's document).

    Parameters
    ----------
    document:
        The document to colour, e.g. ``editor.document()``.
    dark:
        Use the colours of the dark theme; change with :meth:`set_dark`.
    """

    def __init__(self, document: QTextDocument, dark: bool = False) -> None:
        super().__init__(document)
        self._rules = [(role, QRegularExpression(pattern), group) for role, pattern, group in RULES]
        for _, regex, _ in self._rules:
            if not regex.isValid():  # a typo in RULES is a bug: fail at once, loudly
                raise ValueError(f"bad highlighting pattern {regex.pattern()!r}: {regex.errorString()}")
        self._formats: dict[str, QTextCharFormat] = {}
        self._dark = dark
        self._make_formats()

    # --- public API --------------------------------------------------------------

    @property
    def dark(self) -> bool:
        return self._dark

    def set_dark(self, dark: bool) -> None:
        """Switch between the light and the dark colours, and colour the text again."""
        if dark != self._dark:
            self._dark = dark
            self._make_formats()
            self.rehighlight()

    def format_for(self, role: str) -> QTextCharFormat:
        """The character format of a role (``"function"``, ``"number"``...), for tests and legends."""
        return QTextCharFormat(self._formats[role])

    # --- Qt virtual methods --------------------------------------------------------------

    def highlightBlock(self, text: str) -> None:  # noqa: N802  (Qt's name)
        for role, regex, group in self._rules:
            matches = regex.globalMatch(text)
            while matches.hasNext():
                match = matches.next()
                start, length = match.capturedStart(group), match.capturedLength(group)
                if start >= 0 and length > 0:
                    self.setFormat(start, length, self._formats[role])

    # --- private -----------------------------------------------------------------------

    def _make_formats(self) -> None:
        palette = palette_named("dark" if self._dark else "light")
        for role, palette_role in _ROLES.items():
            fmt = QTextCharFormat()
            if palette_role:
                fmt.setForeground(QColor(getattr(palette, palette_role)))
            if role in ("assigned", "function"):
                fmt.setFontWeight(QFont.Weight.Bold)
            if role == "comment":
                fmt.setFontItalic(True)
            self._formats[role] = fmt
