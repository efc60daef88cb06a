"""Escape: put away one thing at a time, the one brought out last first."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from graphviz_app.gui.window.parts import Parts

__all__ = ["put_away_one"]


def put_away_one(p: Parts) -> None:
    """Escape: put away one thing, the one brought out last first, so a lecturer never loses more.

    The black screen, a mistake shown, a message in the banner, quiz mode, the laser pointer;
    then presentation mode, and the selection and path highlight.
    """
    canvas = p.canvas
    if canvas.blank_screen.isVisible():
        canvas.blank_screen.set_blank(False)
    elif p.mistakes.report is not None:  # in the window its own shortcut (Correct backward pass) comes first
        p.mistakes.clear()
    elif canvas.banner.dismiss():
        pass
    elif p.quiz.active:
        p.actions["quiz"].setChecked(False)
    elif canvas.spotlight.on:
        canvas.spotlight.set_on(False)
    else:
        if p.actions["presentation"].isChecked():
            p.presentation.set(False)
        p.session.select(None)
        p.panels.paths_panel.select_path(None)
        canvas.scene.set_path_highlight(None, None)
