"""The presenter view (View ▸ Presenter view): the lecturer's own window, on the second screen when there is one.

The room sees the canvas (in presentation mode, F5); the lecturer's laptop
shows this: where the animation is, the caption on the screen now, and the
caption the next press will reveal, so the lecturer can ask the room what is
about to arrive. The animation keys work here as on the main window, so the
clicker keeps working whichever window has the focus. The words come from
:mod:`graphviz_app.session.prose.presenter_notes`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QFont, QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from graphviz_app.gui.panels.base import SessionPanel
from graphviz_app.gui.panels.message_label import MessageLabel
from graphviz_app.session.prose.presenter_notes import presenter_notes
from graphviz_app.session.state.session import Event, Session

if TYPE_CHECKING:
    from graphviz_app.gui.window.banner import Banner

__all__ = ["PresenterView", "PresenterViewOnDemand"]

TEXT_SCALE = 1.6
"""The notes' text beside the application's: read at arm's length while talking."""


class PresenterView(SessionPanel):
    """A top-level window of notes about ``window``'s current step.

    ``banner``'s messages show here too; a key pressed here goes to ``press`` first (the
    command table's single keys), and closing the window calls ``closed``.
    """

    refresh_on = frozenset({Event.STRUCTURE, Event.VALUES, Event.STEP})

    def __init__(
        self,
        session: Session,
        window: QWidget,
        banner: Banner,
        press: Callable[[QKeyEvent], bool],
        closed: Callable[[], None],
    ) -> None:
        super().__init__(session, window)
        self.main, self._press, self._closed = window, press, closed
        self.setWindowFlag(Qt.WindowType.Window)
        self.setWindowTitle("Presenter view: only you see this")
        self.setObjectName("presenter_view")
        self.position = QLabel()
        self.now = QLabel()
        self.next = QLabel()
        heading = QLabel("Next press reveals")
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * TEXT_SCALE)
        for label in (self.position, self.now, heading, self.next):
            label.setFont(font)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bold = QFont(font)
        bold.setBold(True)
        heading.setFont(bold)
        self.next.setFont(bold)
        self.next.setObjectName("presenter_next")
        self.message = MessageLabel(self)  # the banner's message, held back from the room when presenting
        self.message.show_error(banner.text())  # one already pending (the view is made when first opened)
        banner.sig_changed.connect(self.message.show_error)
        column = QVBoxLayout(self)
        column.addWidget(self.message)
        column.addWidget(self.position)
        column.addWidget(self.now)
        column.addSpacing(24)
        column.addWidget(heading)
        column.addWidget(self.next)
        column.addStretch(1)
        self.resize(720, 420)
        self.refresh()

    # --- showing ------------------------------------------------------------------------

    def open(self) -> None:
        """Show the notes on a screen other than the main window's, if one is attached."""
        self.refresh()
        others = [s for s in QGuiApplication.screens() if s is not self.main.screen()]
        if others:
            area = others[0].availableGeometry()
            self.setGeometry(area.adjusted(area.width() // 10, area.height() // 10, -area.width() // 10, 0))
        self.show()
        self.raise_()

    def refresh(self) -> None:
        notes = presenter_notes(self.session)
        self.position.setText(notes.position)
        self.now.setText(notes.caption)
        self.next.setText(notes.next_caption)

    # --- keys: the clicker works whichever window has the focus ------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802  (Qt's name)
        if not self._press(event):
            super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802  (Qt's name)
        self._closed()
        super().closeEvent(event)


class PresenterViewOnDemand:
    """The presenter view of ``window``, made when first asked for (:attr:`view`, :meth:`open`).

    Most starts never open it, and making it took 4-10 ms of every start. Once made, it
    is given the window's shortcuts by ``share`` (see
    :meth:`~graphviz_app.gui.window.command_actions.CommandSet.share`).
    """

    def __init__(
        self,
        session: Session,
        window: QWidget,
        banner: Banner,
        press: Callable[[QKeyEvent], bool],
        closed: Callable[[], None],
        share: Callable[[QWidget], None],
    ) -> None:
        self._make = lambda: PresenterView(session, window, banner, press=press, closed=closed)
        self._share = share
        self._view: PresenterView | None = None

    @property
    def view(self) -> PresenterView:
        """The presenter view, made now if it was not yet."""
        if self._view is None:
            self._view = self._make()
            self._share(self._view)
        return self._view

    def open(self) -> None:
        self.view.open()

    def hide(self) -> None:
        """Hide the view, if it was ever made."""
        if self._view is not None:
            self._view.hide()
