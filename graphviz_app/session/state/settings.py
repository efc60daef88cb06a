"""The display settings saved with a session, read back field by field so a damaged file falls back to defaults.

The theme is not one of them: it is the person's preference (the window's QSettings), not
the file's. Older files that name one are read as before; the name is ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

__all__ = ["Settings"]


@dataclass(frozen=True)
class Settings:
    """Display settings saved with a session (the text size lives in the GUI's QSettings too)."""

    direction: str = "LR"
    show_values: bool = True
    show_grads: bool = True
    show_locals: bool = False
    grad_width: bool = False
    large_text: bool = False
    view: str | None = None
    collapsed: tuple[str, ...] = ()  # layers drawn as one box each (see session.collapse)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Settings:
        defaults = cls()
        clean = {}
        for f in fields(cls):
            value = data.get(f.name)
            wanted = type(getattr(defaults, f.name))
            if wanted is type(None):  # optional text (the view)
                wanted = str
            if wanted is tuple:  # a list in JSON; older files have none
                value = (
                    tuple(value)
                    if isinstance(value, list) and all(isinstance(v, str) for v in value)
                    else None
                )
            if isinstance(value, wanted) and not (wanted is not bool and isinstance(value, bool)):
                clean[f.name] = value
        s = cls(**clean)
        if s.direction not in ("LR", "TB"):
            s = replace(s, direction="LR")
        if s.view not in (None, "neuron", "layer"):
            s = replace(s, view=None)
        return s
