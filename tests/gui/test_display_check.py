"""The start-up check names the system library that is really missing, and knows every one Qt's xcb plugin needs."""

from __future__ import annotations

import ctypes
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from graphviz_app.gui.display_check import QT_GUI_LIBRARIES, XCB_PLUGIN_LIBRARIES, display_problem

README = Path(__file__).resolve().parents[2] / "README.md"
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Qt's xcb plugin is Linux's")
# in every Debian/Ubuntu install (essential or required by Python itself): never the missing piece
BASE_SYSTEM = re.compile(
    r"^(libc|libm|libstdc\+\+|libgcc_s|libz|libzstd|libpthread|libdl|librt|ld-linux.*)\.so"
)


def _pretend_missing(monkeypatch, *sonames: str) -> None:
    """Every library Qt needs loads, except ``sonames``: the machine's own gaps must not leak in."""

    def cdll(name, *args, **kwargs):
        if name in sonames:
            raise OSError(f"{name}: cannot open shared object file: No such file or directory")
        return object()

    monkeypatch.setattr(ctypes, "CDLL", cdll)


@linux_only
def test_the_check_names_the_library_that_is_missing(monkeypatch):
    """Debian 12 with libxcb-cursor0 installed and libxcb-keysyms1 not: Qt blamed libxcb-cursor0."""
    from graphviz_app.gui import app

    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    _pretend_missing(monkeypatch, "libxcb-keysyms.so.1")
    problem = app.display_problem()
    assert problem is not None
    assert "libxcb-keysyms.so.1" in problem and "sudo apt install libxcb-keysyms1 " in problem
    assert "cursor" not in problem


@linux_only
def test_every_missing_library_is_named_once_with_its_package(monkeypatch):
    _pretend_missing(
        monkeypatch, "libxcb-icccm.so.4", "libglib-2.0.so.0", "libgthread-2.0.so.0", "libEGL.so.1"
    )
    problem = display_problem({"DISPLAY": ":0"})
    for soname in ("libxcb-icccm.so.4", "libglib-2.0.so.0", "libgthread-2.0.so.0", "libEGL.so.1"):
        assert soname in problem
    assert "sudo apt install libegl1 libglib2.0-0 libxcb-icccm4 " in problem  # one package once
    # on Wayland or offscreen Qt needs no xcb library: only those of Qt's GUI module are checked
    assert "icccm" not in display_problem({"WAYLAND_DISPLAY": "wayland-0"})
    assert "icccm" not in display_problem({"QT_QPA_PLATFORM": "offscreen"})


@linux_only
def test_no_display_is_said_plainly():
    assert "DISPLAY is not set" in display_problem({})
    assert "DISPLAY is not set" in display_problem({"QT_QPA_PLATFORM": "xcb"})


def _needed(path: Path) -> set[str]:
    out = subprocess.run(["readelf", "-d", str(path)], capture_output=True, text=True, check=True).stdout
    return set(re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out))


@linux_only
@pytest.mark.skipif(shutil.which("readelf") is None, reason="readelf (binutils) lists what a library links")
def test_the_tables_cover_what_the_installed_xcb_plugin_links():
    import PySide6

    qt = Path(PySide6.__file__).parent / "Qt"
    plugin = qt / "plugins" / "platforms" / "libqxcb.so"
    if not plugin.exists():
        pytest.skip("this PySide6 has no xcb plugin")
    needed = set()
    for library in (plugin, qt / "lib" / "libQt6XcbQpa.so.6", qt / "lib" / "libQt6Gui.so.6"):
        needed |= _needed(library)
    system = {
        soname for soname in needed if not soname.startswith("libQt6") and not BASE_SYSTEM.match(soname)
    }
    assert system - set(QT_GUI_LIBRARIES) - set(XCB_PLUGIN_LIBRARIES) == set()


def test_the_readme_apt_line_installs_every_package():
    text = README.read_text(encoding="utf-8").replace("\\\n", " ")
    line = re.search(r"sudo apt install ([^\n]+)", text).group(1).split()
    assert set(QT_GUI_LIBRARIES.values()) | set(XCB_PLUGIN_LIBRARIES.values()) <= set(line)
