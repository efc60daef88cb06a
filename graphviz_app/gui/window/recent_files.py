"""Open Recent, and the folder file dialogs start in, remembered in QSettings."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QMenu, QWidget

__all__ = ["MAX_RECENT", "RecentFiles"]

MAX_RECENT = 8


class RecentFiles(QObject):
    """The File ▸ Open Recent menu and the last folder used, kept across runs."""

    sig_open_requested = Signal(str)  # a path chosen from the menu

    def __init__(self, store: QSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.menu = QMenu("Open &Recent", parent)
        self._rebuild()

    def paths(self) -> list[str]:
        value = self.store.value("recent", [])
        if isinstance(value, str):  # QSettings gives a lone string for a one-item list
            value = [value]
        return [str(v) for v in value] if isinstance(value, (list, tuple)) else []

    def add(self, path: str | Path) -> None:
        """Put ``path`` first in the menu and remember its folder."""
        path = str(Path(path).resolve())
        self.store.setValue("recent", [path, *(p for p in self.paths() if p != path)][:MAX_RECENT])
        self.remember_folder(path)
        self._rebuild()

    def last_folder(self) -> str:
        return str(self.store.value("last_folder", str(Path.home())))

    def remember_folder(self, path: str | Path) -> None:
        self.store.setValue("last_folder", str(Path(path).resolve().parent))

    def _rebuild(self) -> None:
        self.menu.clear()
        for path in self.paths():
            action = self.menu.addAction(Path(path).name)
            action.setToolTip(path)
            action.triggered.connect(lambda _=False, p=path: self.sig_open_requested.emit(p))
        self.menu.setEnabled(bool(self.paths()))
