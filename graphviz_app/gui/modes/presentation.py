"""Presentation mode (F5): only the canvas and the timeline, larger text, full screen.

What is shown is sized for the back of a lecture room, relative to the screen:
on a 1280×720 projector a digit of a node's value or gradient is at least
:data:`VALUE_PX_720` pixels tall and the caption's capitals :data:`CAPTION_PX_720`
(both grow in proportion on a taller screen). A small graph is zoomed up to fill
the screen; a large one is shown at that size and the view follows the step
being computed. No menu bar, tool bar, dock or status bar is shown.

Entering remembers the window as it was: the docks and toolbars with their sizes
and which tabbed dock was in front (``QMainWindow.saveState``), the builder tab,
the text size and whether the window was full screen. Leaving puts all of it
back. The larger text is for this mode only: it is not written to the settings
file, so the next window opens with the text size the user chose.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QObject, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QDockWidget,
    QMainWindow,
    QPushButton,
    QTabWidget,
    QToolBar,
    QWidget,
)

from graphviz_app.session.state.session import Session

if TYPE_CHECKING:
    from graphviz_app.gui.window.parts import Canvas

__all__ = ["CAPTION_PX_720", "END_VALUE_PX_720", "VALUE_PX_720", "Presentation", "presentation_sizes"]

VALUE_PX_720 = 20
"""Height in pixels of a digit of a node's value or gradient on a 720-pixel-high screen."""
CAPTION_PX_720 = 24
"""Height in pixels of the caption's capitals and digits on a 720-pixel-high screen."""

END_VALUE_PX_720 = 12
"""At the end of the timeline the whole graph is shown if its digits are at least this tall (on 720
pixels; they grow with the screen): smaller than while following a step, still readable in a room."""
LEGEND_SHARE = 0.75
"""The legend's digits beside the nodes' (it is read once, not followed step by step)."""
MARGIN = 1.05
"""Aim a little above the sizes: hinting may draw a glyph a pixel shorter than its metrics say."""


def presentation_sizes(screen_height: int) -> tuple[float, float]:
    """(value digits, caption capitals) in pixels for a screen ``screen_height`` pixels high.

    >>> presentation_sizes(720), presentation_sizes(1080)
    ((20.0, 24.0), (30.0, 36.0))
    """
    scale = max(screen_height, 720) / 720
    return VALUE_PX_720 * scale, CAPTION_PX_720 * scale


@dataclass
class _Before:
    state: QByteArray
    geometry: QRect
    builder_tab: int
    large_text: bool
    full_screen: bool
    menu_bar: bool
    status_bar: bool
    min_text_px: float
    fit_max_scale: float | None


class Presentation(QObject):
    """Enters and leaves presentation mode for ``frame``, whose ``canvas`` it shows large.

    ``action`` is View ▸ Presentation mode, kept checked as the mode is; ``large_text`` and
    ``apply_large_text`` read and set the window's text size; ``layer_view`` is the command
    offered when the neurons cannot all be read at the end (its keys ``layer_view_keys``).
    """

    sig_changed = Signal(bool)
    """Entered (True) or left: the view is fitted and framed again."""

    def __init__(
        self,
        frame: QMainWindow,
        session: Session,
        canvas: Canvas,
        builder_tabs: QTabWidget,
        action: QAction,
        large_text: Callable[[], bool],
        apply_large_text: Callable[[bool], None],
        layer_view: QAction,
        layer_view_keys: str,
    ) -> None:
        super().__init__(frame)
        self.main, self.session, self.canvas, self.builder_tabs = frame, session, canvas, builder_tabs
        self.action, self._large_text, self._apply_large_text = action, large_text, apply_large_text
        self._before: _Before | None = None
        self._overview = False  # the whole graph is shown, at the end of the timeline
        self.offer = _CornerButton(canvas.view)  # the layer view, when the neurons cannot all be read
        self.offer.setObjectName("offer_layer_view")
        self.offer.setText(f"Too small to read whole: show the layer view ({layer_view_keys})")
        self.offer.clicked.connect(layer_view.trigger)

    @property
    def active(self) -> bool:
        return self._before is not None

    def set(self, on: bool) -> None:
        """Enter or leave, keeping the View menu's action checked as the mode is."""
        if on:
            self.enter()
        else:
            self.leave()
        self.action.blockSignals(True)
        self.action.setChecked(on)
        self.action.blockSignals(False)
        self.sig_changed.emit(on)  # fitted and framed again: at the end, the whole result (see frame)

    def frame(self, at_end: bool, rect: QRectF | None) -> bool:
        """Frame the step in presentation mode; False when the view should just follow ``rect`` as usual.

        At the end of the timeline the room sees the whole result: the whole graph when its digits
        stay legible (:data:`END_VALUE_PX_720`), else the output in the middle of the view, with the
        layer view offered for a network shown neuron by neuron. Stepping back puts the usual zoom back.
        """
        view, s = self.canvas.view, self.session
        if not self.active:
            return False
        if not at_end:
            if self._overview:
                self._overview = False
                view.fit()
            self.offer.setVisible(False)
            return False
        end_px = END_VALUE_PX_720 * presentation_sizes(self._screen().height())[0] / VALUE_PX_720
        self._overview = self._overview or view.show_whole_if_legible(end_px)
        if not self._overview and rect is not None:
            view.centre_on(self._around_output(rect))
        neurons = s.loaded is not None and "layer" in s.loaded.views and s.loaded.view == "neuron"
        self.offer.setVisible(not self._overview and neurons)
        return True

    def _around_output(self, rect: QRectF) -> QRectF:
        """``rect`` (the output's) with the nodes it is computed from: the loss with its prediction and target."""
        nodes, s = self.canvas.scene.nodes, self.session
        if s.graph is None or s.evaluation is None:
            return rect
        for node in s.graph.predecessors(s.evaluation.output):
            if node in nodes:
                rect = rect.united(nodes[node].sceneBoundingRect())
        return rect

    def _screen(self) -> QRect:
        w = self.main
        return (w.screen() or QApplication.primaryScreen()).geometry()

    def hideable_widgets(self) -> list[QWidget]:
        """What presentation mode hides: every dock and toolbar."""
        w = self.main
        return [*w.findChildren(QDockWidget), *w.findChildren(QToolBar)]

    def enter(self) -> None:
        w, canvas = self.main, self.canvas
        if self.active:
            return
        view = canvas.view
        self._before = _Before(
            w.saveState(),
            w.geometry(),
            self.builder_tabs.currentIndex(),
            self._large_text(),
            w.isFullScreen(),
            w.menuBar().isVisible(),
            w.statusBar().isVisible(),
            view.min_text_px,
            view.fit_max_scale,
        )
        for widget in self.hideable_widgets():
            widget.setVisible(False)
        w.menuBar().setVisible(False)
        w.statusBar().setVisible(False)
        canvas.banner.hold(True)  # error messages are the lecturer's, not the room's (presenter view)
        screen = self._screen()
        value_px, caption_px = presentation_sizes(screen.height())
        view.min_text_px, view.fit_max_scale = value_px * MARGIN, None
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        canvas.timeline_bar.set_caption_height(caption_px * MARGIN)
        canvas.legend.set_text_height(value_px * LEGEND_SHARE)
        self._apply_large_text(True)  # not remembered for the next start
        w.setGeometry(screen)  # the whole screen even where no window manager honours full screen
        w.showFullScreen()

    def leave(self) -> None:
        w, canvas, before = self.main, self.canvas, self._before
        if before is None:
            return
        self._before = None
        self._overview = False
        self.offer.setVisible(False)
        view = canvas.view
        view.min_text_px, view.fit_max_scale = before.min_text_px, before.fit_max_scale
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        w.menuBar().setVisible(before.menu_bar)
        w.statusBar().setVisible(before.status_bar)
        canvas.banner.hold(False)
        canvas.timeline_bar.set_caption_height(None)
        canvas.legend.set_text_height(None)
        self._apply_large_text(before.large_text)
        if not before.full_screen:
            w.showNormal()
            w.setGeometry(before.geometry)
        self._restore(before)
        # The window manager may resize the window after showNormal: restore once more when it has.
        QTimer.singleShot(0, w, lambda: self._restore(before))  # not at all if w is closed by then

    def _restore(self, before: _Before) -> None:
        w = self.main
        if self.active:  # entered again in the meantime
            return
        # The font change posts a font change to every widget, and those post layout requests that
        # shrink the panels' minimum sizes; let them arrive first, or the saved sizes are clamped to
        # the larger text's minimums. Those and nothing else: every posted event would also run
        # queued slots and delete objects that were deleteLater'd (this window too) inside this call.
        for _ in range(3):
            for kind in (QEvent.Type.ApplicationFontChange, QEvent.Type.LayoutRequest):
                QApplication.sendPostedEvents(None, kind)
        if not before.full_screen and not w.isFullScreen() and w.geometry() != before.geometry:
            w.setGeometry(before.geometry)
        w.restoreState(before.state)
        self.builder_tabs.setCurrentIndex(before.builder_tab)


class _CornerButton(QPushButton):
    """A button in the top right corner of ``view``'s canvas, staying there as it is resized.

    A child of the view, not of its viewport: scrolling the view moves the viewport's children.
    """

    MARGIN = 12

    def __init__(self, view: QAbstractScrollArea) -> None:
        super().__init__(view)
        self.setVisible(False)
        self._viewport = view.viewport()
        self._viewport.installEventFilter(self)  # resized after the view: its geometry is then known

    def setVisible(self, visible: bool) -> None:  # noqa: N802  (Qt's name)
        super().setVisible(visible)
        if visible:
            self._place()
            self.raise_()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802  (Qt's name)
        if obj is self._viewport and event.type() == QEvent.Type.Resize:
            self._place()
        return False

    def _place(self) -> None:
        self.adjustSize()
        area = self._viewport.geometry()
        self.move(area.right() - self.width() - self.MARGIN, area.top() + self.MARGIN)
