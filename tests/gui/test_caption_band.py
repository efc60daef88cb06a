"""The caption band has a fixed height, so the picture holds still while stepping.

Before: in presentation mode the caption grew from one line to three on the longer
captions, the canvas above it shrank, and the view refitted: the digits went from 27 to
24 px and the nodes moved by 24 px on some clicks.
"""

from __future__ import annotations

import pytest


def picture(w) -> tuple:
    """What must not change while stepping: the canvas's size, its zoom, and where the scene sits in it."""
    view = w.view
    corner = view.mapToScene(0, 0)
    return (
        view.viewport().size().toTuple(),
        round(view.transform().m11(), 9),
        round(corner.x(), 6),
        round(corner.y(), 6),
    )


def step_through(qtbot, w) -> list[tuple]:
    qtbot.wait(100)  # let presentation mode's own resizing settle first
    seen = []
    for k in range(len(w.session.timeline)):
        w.animator.go_to(k)
        qtbot.wait(1)  # let a resize of the caption reach the layout, as on screen
        seen.append(picture(w))
    return seen


@pytest.mark.parametrize("source", ["sin(x)", "x*y", "2*x"])
def test_stepping_in_presentation_mode_never_moves_the_picture(qtbot, make_window, source):
    w = make_window(source, size=(1280, 720))
    with qtbot.waitSignal(w.sig_layout_done, timeout=20000):  # larger text: laid out again
        w.set_presentation(True)
    assert not w.view.panning  # the whole graph fits: nothing to follow
    seen = step_through(qtbot, w)
    assert len(set(seen)) == 1, sorted(set(seen))
    lines = {w.timeline_bar.caption.height() for _ in [0]}
    assert len(lines) == 1


def test_stepping_a_followed_graph_keeps_the_zoom_and_the_canvas(qtbot, make_window):
    """net-221 is followed node by node in presentation mode: it may scroll, but never re-zoom."""
    w = make_window("example:net-221", size=(1280, 720))
    with qtbot.waitSignal(w.sig_layout_done, timeout=20000):
        w.set_presentation(True)
    seen = step_through(qtbot, w)
    assert len({(size, zoom) for size, zoom, _x, _y in seen}) == 1


def test_the_band_holds_the_longest_caption(qtbot, make_window):
    w = make_window("example:net-221", size=(1280, 720))
    with qtbot.waitSignal(w.sig_layout_done, timeout=20000):
        w.set_presentation(True)
    caption = w.timeline_bar.caption
    for k in range(len(w.session.timeline)):
        w.animator.go_to(k)
        assert caption.heightForWidth(caption.width()) <= caption.height(), k  # nothing cut off
