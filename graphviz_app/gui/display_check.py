"""Say why no window can open on Linux, before Qt aborts with a message that may blame the wrong library.

PySide6's wheels bring Qt but not the system libraries its X11 ("xcb") platform
plugin links to. When one is missing, Qt prints that it could not load the plugin,
suggests ``libxcb-cursor0`` whatever is really missing, and aborts (exit 134). So
before Qt starts we try to load each library the plugin needs, by the same names
the dynamic linker will look for, and name the ones that fail with the package
that provides each. This module does not import Qt, so it can run first.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Mapping

__all__ = ["QT_GUI_LIBRARIES", "XCB_PLUGIN_LIBRARIES", "display_problem", "missing_libraries"]

# What libQt6Gui.so.6 links to from the system (`objdump -p`): every Qt platform needs these.
# soname -> Debian/Ubuntu package (`dpkg -S` on Debian 12).
QT_GUI_LIBRARIES: dict[str, str] = {
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
    "libxkbcommon.so.0": "libxkbcommon0",
}

# What Qt's xcb plugin (plugins/platforms/libqxcb.so and lib/libQt6XcbQpa.so.6) adds.
# A test compares this with `ldd` on the installed plugin, and the README's apt line with it.
XCB_PLUGIN_LIBRARIES: dict[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
}


def _loads(soname: str) -> bool:
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def missing_libraries(sonames: Mapping[str, str]) -> list[str]:
    """The sonames in ``sonames`` that the dynamic linker cannot load here, in order."""
    return [soname for soname in sonames if not _loads(soname)]


def display_problem(environ: Mapping[str, str] | None = None) -> str | None:
    """Why Qt could not open a window here, in words a user can act on; None when nothing is wrong."""
    env = os.environ if environ is None else environ
    if not sys.platform.startswith("linux"):
        return None
    platform = env.get("QT_QPA_PLATFORM", "")  # Qt's choice: this, else Wayland if there, else X11
    x11 = platform.startswith("xcb") or (not platform and not env.get("WAYLAND_DISPLAY"))
    display = env.get("DISPLAY", "")
    if x11 and not display:
        return (
            "no display to open a window on (DISPLAY is not set). Run it from a desktop session, or use "
            "the command-line tools: graphviz-app eval|paths|export SOURCE"
        )
    needed = {**QT_GUI_LIBRARIES, **(XCB_PLUGIN_LIBRARIES if x11 else {})}
    missing = missing_libraries(needed)
    if missing:
        packages = list(dict.fromkeys(needed[soname] for soname in missing))
        return (
            f"Qt needs {', '.join(missing)} to open a window, and {'it is' if len(missing) == 1 else 'they are'} "
            f"not installed. On Debian or Ubuntu: sudo apt install {' '.join(packages)} "
            "(elsewhere, the package that provides each file; the README's Linux note lists them all)"
        )
    return None
