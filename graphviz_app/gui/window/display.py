"""View ▸ what the canvas shows, theme and text size: the View menu's settings kept in step.

The session holds the settings saved with a file (values, gradients, local
derivatives, edge width, direction, view, larger text); the window's QSettings
remember the theme and text size for the next start. The theme is the person's,
never the file's: opening a session does not change it. Here the View menu's
actions write to the session, and the session's SETTINGS event is applied to the
canvas: a new layout when node sizes or the direction change.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QMainWindow

from graphviz_app.errors import GraphvizAppError
from graphviz_app.gui.canvas.scene import Fonts
from graphviz_app.gui.session_link import subscribe_while_alive
from graphviz_app.gui.theme import palette_for, theme_named
from graphviz_app.session.state.session import SETTINGS

__all__ = ["TOGGLES", "Display"]

TOGGLES = ("show_values", "show_grads", "show_locals", "grad_width")
"""The View menu's on/off settings, named as in :class:`~graphviz_app.session.state.session.Settings`."""

LARGE_TEXT_FACTOR = 1.4
"""How much larger the panels' and the timeline's text is with View ▸ Larger text."""


class Display(QObject):
    """The display settings of ``window`` (a :class:`~graphviz_app.gui.window.main_window.MainWindow`)."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        subscribe_while_alive(self, self.session, self._on_settings_changed, [SETTINGS])

    def connect_actions(self, actions: dict) -> None:
        w, s = self.window, self.session
        for name in TOGGLES:
            actions[name].toggled.connect(lambda on, n=name: self._on_setting_toggled(n, on))
        actions["view_neuron"].triggered.connect(lambda: self._guard(s.set_view, "neuron"))
        actions["view_layer"].triggered.connect(lambda: self._guard(s.set_view, "layer"))
        actions["dir_lr"].triggered.connect(lambda: s.update_settings(direction="LR"))
        actions["dir_tb"].triggered.connect(lambda: s.update_settings(direction="TB"))
        actions["zoom_in"].triggered.connect(w.view.zoom_in)
        actions["zoom_out"].triggered.connect(w.view.zoom_out)
        actions["zoom_fit"].triggered.connect(lambda: w.view.fit(whole=True))
        actions["theme_light"].triggered.connect(lambda: self.set_theme("light"))
        actions["theme_dark"].triggered.connect(lambda: self.set_theme("dark"))
        actions["large_text"].toggled.connect(self.set_large_text)
        actions["legend"].toggled.connect(w.legend.set_shown)

    # --- public ------------------------------------------------------------------------------------

    @property
    def fonts_large(self) -> bool:
        w = self.window
        return w.fonts.body.pointSizeF() > w.base_point_size * 1.3

    def set_theme(self, name: str) -> None:
        w = self.window
        w.theme = theme_named(name)
        w.scene.set_theme(w.theme)
        w.legend.set_theme(w.theme)
        w.settings_store.setValue("theme", name)  # the person's preference, not the session file's
        self.apply_palette()
        self.sync_actions()

    def set_large_text(self, on: bool) -> None:
        """Projector mode: every font larger, in the canvas and in the panels; kept for next time."""
        self.window.settings_store.setValue("large_text", on)
        self.apply_large_text(on)

    def apply_large_text(self, on: bool) -> None:
        """Larger or normal text now, without remembering it (presentation mode uses this)."""
        w = self.window
        if on == self.fonts_large and self.session.settings.large_text == on:
            return
        w.fonts = Fonts(w.base_point_size, on)
        w.scene.fonts = w.fonts
        app_font = QFont(QApplication.font())
        app_font.setPointSizeF(w.base_point_size * (LARGE_TEXT_FACTOR if on else 1.0))
        QApplication.setFont(app_font)
        w.timeline_bar.set_text_scale(LARGE_TEXT_FACTOR if on else 1.0)
        if self.session.settings.large_text != on:
            self.session.update_settings(large_text=on)
        self.sync_actions()
        if self.session.graph is not None:
            w._request_layout()

    def apply_scene_settings(self) -> None:
        st, scene = self.session.settings, self.window.scene
        scene.show_values, scene.show_grads = st.show_values, st.show_grads
        scene.show_locals, scene.grad_width = st.show_locals, st.grad_width

    def apply_palette(self) -> None:
        w = self.window
        palette = palette_for(w.theme)
        w.setPalette(palette)
        QApplication.instance().setPalette(palette)
        w.banner.set_theme(w.theme)

    def sync_actions(self) -> None:
        """Check and enable the View menu's actions as the settings are (without acting on them)."""
        st, w = self.session.settings, self.window
        a = w.actions
        for name in TOGGLES:
            a[name].blockSignals(True)
            a[name].setChecked(getattr(st, name))
            a[name].blockSignals(False)
        views = self.session.loaded.views if self.session.loaded else ()  # a network's two, a PyTorch graph's
        view = self.session.loaded.view if views else None
        a["view_neuron"].setEnabled("neuron" in views)
        a["view_layer"].setEnabled("layer" in views)
        a["view_neuron"].setChecked(view == "neuron")
        a["view_layer"].setChecked(view == "layer")
        a["dir_lr"].setChecked(st.direction == "LR")
        a["dir_tb"].setChecked(st.direction == "TB")
        a["theme_light"].setChecked(w.theme.name == "light")
        a["theme_dark"].setChecked(w.theme.name == "dark")
        a["large_text"].blockSignals(True)
        a["large_text"].setChecked(self.fonts_large)
        a["large_text"].blockSignals(False)

    # --- slots -----------------------------------------------------------------------------------------

    def _on_setting_toggled(self, name: str, on: bool) -> None:
        if getattr(self.session.settings, name) != on:
            self.session.update_settings(**{name: on})

    def _on_settings_changed(self, _event: object) -> None:
        self.sync_actions()
        w, st = self.window, self.session.settings
        scene = w.scene
        layout_changed = (st.show_values, st.show_grads, st.show_locals, st.direction) != (
            scene.show_values,
            scene.show_grads,
            scene.show_locals,
            getattr(self.session.geometry, "direction", st.direction),
        ) or set(st.collapsed) != {box.key for box in scene.projection.boxes.values()}
        if st.large_text != self.fonts_large:
            self.set_large_text(st.large_text)
            return
        self.apply_scene_settings()
        if layout_changed and self.session.graph is not None:
            w._request_layout()
        else:
            scene.refresh()

    def _guard(self, fn, *args) -> None:
        try:
            fn(*args)
        except GraphvizAppError as exc:
            self.window.show_error(str(exc))
            self.sync_actions()
