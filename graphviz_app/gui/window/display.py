"""View ▸ what the canvas shows, theme and text size: the View menu's settings kept in step.

The session holds the settings saved with a file (values, gradients, local
derivatives, edge width, direction, view, larger text); the window's QSettings
remember the theme and text size for the next start. The theme is the person's,
never the file's: opening a session does not change it. Here the View menu's
commands write to the session, and the session's SETTINGS event is applied to the
canvas: a new layout (:attr:`Display.sig_relayout`) when node sizes or the direction change.
:class:`Display` owns the window's theme and fonts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import QApplication, QMainWindow

from graphviz_app.errors import GraphvizAppError
from graphviz_app.gui.canvas.scene import CanvasScene, Fonts
from graphviz_app.gui.session_link import subscribe_while_alive
from graphviz_app.gui.theme import Theme, palette_for, theme_named
from graphviz_app.session.state.session import SETTINGS, STRUCTURE, Session, Settings

if TYPE_CHECKING:
    from graphviz_app.gui.window.parts import Canvas

__all__ = ["TOGGLES", "Display", "apply_scene_settings", "stored_look"]

TOGGLES = ("show_values", "show_grads", "show_locals", "grad_width")
"""The View menu's on/off settings, named as in :class:`~graphviz_app.session.state.session.Settings`."""

LARGE_TEXT_FACTOR = 1.4
"""How much larger the panels' and the timeline's text is with View ▸ Larger text."""


def stored_look(store: QSettings) -> tuple[Theme, Fonts]:
    """The theme and the canvas's fonts the person chose last time (``store`` remembers them)."""
    large = store.value("large_text", False) in (True, "true", "1", 1)
    return theme_named(str(store.value("theme", "light"))), Fonts(QApplication.font().pointSizeF(), large)


def apply_scene_settings(scene: CanvasScene, settings: Settings) -> None:
    """Give ``scene`` the settings of what it shows on nodes and edges."""
    scene.show_values, scene.show_grads = settings.show_values, settings.show_grads
    scene.show_locals, scene.grad_width = settings.show_locals, settings.grad_width


class Display(QObject):
    """The display settings of ``frame``'s canvas, its theme and its fonts (which start as ``look``).

    ``actions`` are the window's commands, whose checks it keeps as the settings are.
    """

    sig_relayout = Signal()
    """Node sizes or the direction changed: the graph must be laid out again."""

    def __init__(
        self,
        session: Session,
        store: QSettings,
        frame: QMainWindow,
        canvas: Canvas,
        actions: dict[str, QAction],
        look: tuple[Theme, Fonts],
        show_error: Callable[[str], None],
    ) -> None:
        super().__init__(frame)
        self.session, self.store, self.frame, self.canvas, self.actions = (
            session,
            store,
            frame,
            canvas,
            actions,
        )
        self._show_error = show_error
        self.theme, self.fonts = look
        self.base_point_size = QApplication.font().pointSizeF()
        subscribe_while_alive(self, self.session, self._on_settings_changed, [SETTINGS])
        subscribe_while_alive(self, self.session, lambda _: self.sync_actions(), [STRUCTURE])

    # --- public ------------------------------------------------------------------------------------

    @property
    def fonts_large(self) -> bool:
        return self.fonts.body.pointSizeF() > self.base_point_size * 1.3

    def set_setting(self, name: str, on: bool) -> None:
        """View ▸ Show …: one of :data:`TOGGLES` on or off."""
        if getattr(self.session.settings, name) != on:
            self.session.update_settings(**{name: on})

    def set_view(self, view: str) -> None:
        """View ▸ Neuron view or Layer view."""
        self._guard(self.session.set_view, view)

    def set_direction(self, direction: str) -> None:
        """View ▸ Left to right ("LR") or Top to bottom ("TB")."""
        self.session.update_settings(direction=direction)

    def set_theme(self, name: str) -> None:
        self.theme = theme_named(name)
        self.canvas.scene.set_theme(self.theme)
        self.canvas.legend.set_theme(self.theme)
        self.store.setValue("theme", name)  # the person's preference, not the session file's
        self.apply_palette()
        self.sync_actions()

    def set_large_text(self, on: bool) -> None:
        """Projector mode: every font larger, in the canvas and in the panels; kept for next time."""
        self.store.setValue("large_text", on)
        self.apply_large_text(on)

    def apply_large_text(self, on: bool) -> None:
        """Larger or normal text now, without remembering it (presentation mode uses this)."""
        if on == self.fonts_large and self.session.settings.large_text == on:
            return
        self.fonts = Fonts(self.base_point_size, on)
        self.canvas.scene.fonts = self.fonts
        app_font = QFont(QApplication.font())
        app_font.setPointSizeF(self.base_point_size * (LARGE_TEXT_FACTOR if on else 1.0))
        QApplication.setFont(app_font)
        self.canvas.timeline_bar.set_text_scale(LARGE_TEXT_FACTOR if on else 1.0)
        if self.session.settings.large_text != on:
            self.session.update_settings(large_text=on)
        self.sync_actions()
        if self.session.graph is not None:
            self.sig_relayout.emit()

    def apply_palette(self) -> None:
        palette = palette_for(self.theme)
        self.frame.setPalette(palette)
        QApplication.setPalette(palette)
        self.canvas.banner.set_theme(self.theme)

    def sync_actions(self) -> None:
        """Check the View menu's actions as the settings are (without acting on them)."""
        st, a = self.session.settings, self.actions
        for name in TOGGLES:
            a[name].blockSignals(True)
            a[name].setChecked(getattr(st, name))
            a[name].blockSignals(False)
        loaded = self.session.loaded
        views = loaded.views if loaded is not None else ()  # a network's two, a PyTorch graph's
        view = loaded.view if loaded is not None and views else None
        a["view_neuron"].setChecked(view == "neuron")
        a["view_layer"].setChecked(view == "layer")
        a["dir_lr"].setChecked(st.direction == "LR")
        a["dir_tb"].setChecked(st.direction == "TB")
        a["theme_light"].setChecked(self.theme.name == "light")
        a["theme_dark"].setChecked(self.theme.name == "dark")
        a["large_text"].blockSignals(True)
        a["large_text"].setChecked(self.fonts_large)
        a["large_text"].blockSignals(False)

    # --- slots -----------------------------------------------------------------------------------------

    def _on_settings_changed(self, _event: object) -> None:
        self.sync_actions()
        st, scene = self.session.settings, self.canvas.scene
        layout_changed = (st.show_values, st.show_grads, st.show_locals, st.direction) != (
            scene.show_values,
            scene.show_grads,
            scene.show_locals,
            getattr(self.session.geometry, "direction", st.direction),
        ) or set(st.collapsed) != {box.key for box in scene.projection.boxes.values()}
        if st.large_text != self.fonts_large:
            self.set_large_text(st.large_text)
            return
        apply_scene_settings(scene, st)
        if layout_changed and self.session.graph is not None:
            self.sig_relayout.emit()
        else:
            scene.refresh()

    def _guard(self, fn: Callable[..., Any], *args: Any) -> None:
        try:
            fn(*args)
        except GraphvizAppError as exc:
            self._show_error(str(exc))
            self.sync_actions()
