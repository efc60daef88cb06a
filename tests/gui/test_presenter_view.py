"""The presenter view: the lecturer's notes, the next caption before it is shown, the clicker keys."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from graphviz_app.session.prose.presenter_notes import AT_END


@pytest.fixture
def window(make_window):
    return make_window("example:multipath")


def test_the_view_shows_the_step_now_and_the_next_caption(qtbot, window):
    view = window.presenter_view
    assert not view.isVisible()
    window.actions["presenter_view"].trigger()
    assert view.isVisible() and view.isWindow()
    s = window.session
    assert view.position.text() == f"Step 0 of {len(s.timeline) - 1} · start"
    assert view.next.text() == s.caption(1)
    assert view.next.text() == "x = cos(t) = cos(0.5) = 0.8776"  # the room has not seen it yet

    window.animator.go_to(1)
    assert view.now.text() == s.caption(1) and view.next.text() == s.caption(2)

    window.jump("end")
    assert view.next.text() == AT_END
    assert view.now.text() == "Done: ∂z/∂t = −0.3012"


def test_the_clicker_works_from_the_presenter_view(qtbot, window):
    window.actions["presenter_view"].trigger()
    view = window.presenter_view
    view.activateWindow()
    qtbot.keyClick(view, Qt.Key_End)
    assert window.session.step == len(window.session.timeline) - 1
    qtbot.keyClick(view, Qt.Key_Home)
    assert window.session.step == 0
    assert view.position.text().startswith("Step 0 of")


def test_a_new_graph_refreshes_the_notes_and_closing_hides_them(qtbot, window):
    window.actions["presenter_view"].trigger()
    with qtbot.waitSignal(window.sig_layout_done, timeout=20000):
        assert window.open_source("sin(x**2)")
    assert window.presenter_view.next.text() == window.session.caption(1)
    window.presenter_view.close()
    assert not window.actions["presenter_view"].isChecked()
    window.actions["presenter_view"].trigger()
    window.session.modified = False
    window.close()
    assert not window.presenter_view.isVisible()


def test_the_view_is_made_when_first_opened_and_shows_a_message_already_pending(qtbot, window):
    """Most starts never open it (making it took ~10 ms of every start); made late, it misses nothing."""
    assert window.findChild(QWidget, "presenter_view") is None  # not made with the window
    window.show_error("the lecturer should see this")
    window.actions["presenter_view"].trigger()
    view = window.presenter_view
    assert view.isVisible()
    assert view.message.isVisibleTo(view) and view.message.text() == "⚠ the lecturer should see this"
    assert view.next.text() == window.session.caption(1)
    window.actions["presenter_view"].trigger()
    assert not view.isVisible()
