"""Nothing clipped or drawn over something else at 1280×720, nor with Larger text at 1920×1080."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, QSettings, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QScrollArea, QStyle, QWidget

from graphviz_app.gui.window.main_window import MainWindow

# (window size: 90 % of the screen, as on a first start; larger text)
SCREENS = {"1280x720": ((1152, 648), False), "1920x1080-larger-text": ((1728, 972), True)}


@pytest.fixture(params=list(SCREENS))
def window(request, qtbot, tmp_path):
    (width, height), large = SCREENS[request.param]
    app_font = QApplication.font()
    w = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat))
    w.resize(width, height)
    w.resizeDocks([w.builder_dock, w.inspector_dock], [330, 320], Qt.Horizontal)
    w.show()
    with qtbot.waitSignal(w.sig_layout_done, timeout=20000):
        assert w.open_source("example:net-221"), w.banner.text()
    if large:
        with qtbot.waitSignal(w.sig_layout_done, timeout=20000):
            w.set_large_text(True)
    settle()
    yield w
    w.session.modified = False
    w.animator.stop()
    w.layout_runner.wait()
    w.close()
    w.deleteLater()
    QApplication.setFont(app_font)  # Larger text sets the application's font


def settle() -> None:
    for _ in range(5):
        QApplication.processEvents()


def rect_in(widget: QWidget, ancestor: QWidget) -> QRect:
    return QRect(widget.mapTo(ancestor, QPoint(0, 0)), widget.size())


def test_the_build_dock_shows_the_whole_network_form(window):
    form = window.network_form
    window.builder_tabs.setCurrentWidget(form)
    settle()
    scroll = form.findChild(QScrollArea)
    viewport = scroll.viewport()
    assert not scroll.horizontalScrollBar().isVisible()
    for widget in (
        form.layers_table,
        form.add_button,
        form.remove_button,
        form.apply_button,
        form.redraw_button,
    ):
        assert rect_in(widget, viewport).right() < viewport.width(), widget
    table = form.layers_table
    activation = table.columnViewportPosition(1) + table.columnWidth(1)
    assert activation <= table.viewport().width()  # the activation column is not cut off
    assert not table.verticalScrollBar().isVisible()  # two rows, and room for them


def test_the_paths_list_and_the_rows_under_it_do_not_overlap(window):
    panel = window.paths_panel
    assert panel.paths is not None and panel.paths.count == 2
    listed = rect_in(panel.list, panel)
    for widget in (panel.shown_label, panel.more_button, panel.total_label):
        assert not listed.intersects(rect_in(widget, panel)), widget


def test_the_accumulation_headers_are_not_elided(window):
    window.accumulation_dock.raise_()  # its tab in front: a panel out of sight waits
    settle()
    window.session.select("a1[0]")
    settle()
    table = window.accumulation_panel.table
    assert table.isVisibleTo(window.accumulation_panel) and table.rowCount() == 1
    header = table.horizontalHeader()
    margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    for column in range(table.columnCount()):
        text = table.horizontalHeaderItem(column).text()
        needed = header.fontMetrics().horizontalAdvance(text) + 2 * margin
        assert header.sectionSize(column) >= needed, text


def test_the_timeline_keeps_step_phase_and_speed_apart(window):
    bar = window.timeline_bar
    bar.show_position(18, 48, "backward", "", False)
    settle()
    em = bar.phase.fontMetrics().horizontalAdvance("M")
    phase_text_left = bar.phase.x() + bar.phase.contentsMargins().left()
    phase_text_right = phase_text_left + bar.phase.fontMetrics().horizontalAdvance("backward")
    assert phase_text_left - bar.position.geometry().right() >= em
    if (
        bar.speed_label.geometry().top() < bar.phase.geometry().bottom()
    ):  # on one row (not the scrubber's own)
        assert bar.speed_label.x() - phase_text_right >= em


def test_show_more_looks_disabled_in_the_dark_theme(window):
    window.set_theme("dark")
    settle()
    button = window.paths_panel.more_button
    assert not button.isEnabled()  # both paths are listed
    palette = button.palette()
    for role in (QPalette.ColorRole.ButtonText, QPalette.ColorRole.WindowText):
        assert palette.color(QPalette.ColorGroup.Disabled, role) != palette.color(
            QPalette.ColorGroup.Active, role
        )
