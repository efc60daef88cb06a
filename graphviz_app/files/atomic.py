"""Files written whole or not at all, and never through a link.

A file the app writes (an image, a TikZ or DOT file, an animation, a loss plot, each
PNG of ``--frames``) is first written to a temporary file beside the target, which
then replaces the target by :func:`os.replace`, atomic on every platform we support.
A crash, a full disk, a refusal or Ctrl+C half way leaves the old file as it was and
no half-written one; a symbolic link at the target is replaced by the new file, never
written through into whatever it points to.

Examples
--------
>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> with replaced(folder / "a.txt") as tmp:
...     _ = tmp.write_text("whole")
>>> (folder / "a.txt").read_text(), sorted(p.name for p in folder.iterdir())
('whole', ['a.txt'])
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from graphviz_app.errors import GraphvizAppError

__all__ = ["check_target", "replaced", "temporary_beside", "write_text"]


def check_target(path: Path, example: str = "graph") -> None:
    """Refuse, before anything is drawn, a path that cannot become a file (``example`` names one in a folder)."""
    if path.is_dir():
        raise GraphvizAppError(
            f"{path} is a folder: name the file to write, e.g. {path / (example + path.suffix)}"
        )
    if not path.parent.is_dir():
        raise GraphvizAppError(f"the folder {path.parent} does not exist")


def temporary_beside(path: Path, example: str = "graph") -> Path:
    """An empty temporary file in ``path``'s folder, with an ordinary new file's permissions."""
    check_target(path, example)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=path.suffix, dir=path.parent)
    except OSError as exc:
        raise GraphvizAppError(f"cannot write in {path.parent}: {exc.strerror or exc}") from None
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(name, 0o666 & ~umask)  # as an ordinary new file, not mkstemp's private one
    return Path(name)


@contextlib.contextmanager
def replaced(path: Path) -> Iterator[Path]:
    """Yield a temporary file to write; when the block ends it replaces ``path``.

    If the block raises (or is interrupted) the temporary file is removed and ``path``
    stays as it was; an OSError, in the block or renaming, becomes a GraphvizAppError
    naming ``path``.
    """
    tmp = temporary_beside(path)
    try:
        yield tmp
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError):
            raise GraphvizAppError(f"cannot write {path}: {exc.strerror or exc}") from None
        raise


def write_text(path: Path, text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` whole or not at all, never through a link."""
    with replaced(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return path
