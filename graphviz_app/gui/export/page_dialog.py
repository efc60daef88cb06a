"""File ▸ Export ▸ Interactive page…: a progress bar with Cancel while the page is written down.

A big graph's page takes seconds (every step of its timeline, then its paths); the window shows how far it is
and keeps answering, and Cancel stops it with nothing written. The page is built on the GUI thread, between
which the dialog's events are processed: it reads the session, which only the GUI thread may touch.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

__all__ = ["PageCancelled", "with_progress"]


class PageCancelled(Exception):  # noqa: N818 (a cancellation, not an error)
    """Cancel was pressed while the page was being made."""


def with_progress(parent: QWidget, make: Callable[[Callable[[int, int], None]], Any]) -> Any:
    """Run ``make(progress)`` under a progress dialog; its result, or :class:`PageCancelled` on Cancel.

    ``progress(done, total)`` moves the bar and lets the window answer; it raises :class:`PageCancelled`
    once Cancel has been pressed, so ``make`` stops where it is.
    """
    dialog = QProgressDialog("Writing the interactive page…", "Cancel", 0, 1, parent)
    dialog.setWindowTitle("Export interactive page")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)  # the session must not change under it
    dialog.setMinimumDuration(400)  # a small graph's page is done before the dialog would show
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)

    def progress(done: int, total: int) -> None:
        dialog.setMaximum(max(total, 1))
        dialog.setValue(min(done, total))
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        if dialog.wasCanceled():
            raise PageCancelled

    try:
        return make(progress)
    finally:
        dialog.close()
        dialog.deleteLater()
