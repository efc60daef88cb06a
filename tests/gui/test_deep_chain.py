"""deep-sigmoid reads at fit zoom: its labels are drawn, not hidden (issue 11, item 10)."""

from PySide6.QtCore import QSettings
from PySide6.QtGui import QFontMetricsF

from graphviz_app.gui.canvas.items import MIN_LEGIBLE_PX
from graphviz_app.gui.window.main_window import MainWindow


def test_deep_sigmoid_labels_are_legible_at_fit_zoom(qtbot, tmp_path):
    w = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat))
    w.resize(1500, 900)  # the README's screenshot size; the canvas gets about 800 x 600 of it
    w.show()
    try:
        with qtbot.waitSignal(w.sig_layout_done, timeout=20000):
            assert w.open_source("example:deep-sigmoid")
        w.view.fit()
        on_screen = w.view.zoom() * QFontMetricsF(w.fonts.body).height()
        assert on_screen >= 1.5 * MIN_LEGIBLE_PX  # was 17 % zoom: about 2.5 px, every label hidden
    finally:
        w.session.modified = False
        w.layout_runner.wait()
        w.close()
        w.deleteLater()
