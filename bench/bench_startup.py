"""Benchmark of start-up: from process start to the window shown with its first graph laid out.

Run ``python bench/bench_startup.py`` (or ``python bench/run_all.py``). Each run
starts ``python -m graphviz_app`` (the default example, the 2-2-1 network) in a
new process with ``GRAPHVIZ_APP_EXIT_WHEN_READY=1``: once the window is shown
and the first layout is on the canvas, the app paints the window, prints
``ready`` and quits. The figure is the wall time from just before the process
is started until that line arrives. Qt runs offscreen, and the app's settings
go to a temporary folder so the benchmark never touches the user's.

The reference is a process that imports PySide6, shows a bare ``QMainWindow`` and paints
it, started the same way, each run right after one of ours.

The first run is *cold* (Python's bytecode and the shared libraries may not be
in the OS's caches yet, though an earlier run of anything may have warmed
them); the figure is the median of the *warm* runs after it. The runs may
write and read bytecode (``__pycache__``) even when this process was told not
to (``PYTHONDONTWRITEBYTECODE``): a user's start never compiles the app's
sources (an installed wheel comes compiled; a checkout compiles on its first
start), and the reference's PySide6 is compiled too.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time

if __package__ in (None, ""):
    sys.path.insert(0, os.path.dirname(__file__))

from common import Row, median_of

TARGET_RATIO = 4.0


BARE_WINDOW = """
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1500, 900)
window.show()
app.processEvents()
window.repaint()
print("ready", flush=True)
"""
"""The reference: a bare PySide6 window, shown and painted, in a new process."""


def one_start(env: dict[str, str], command: list[str] | None = None) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen(
        command or [sys.executable, "-m", "graphviz_app"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    ready = None
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.strip() == "ready":
            ready = time.perf_counter() - start
            break
    _, err = proc.communicate(timeout=60)
    if ready is None:
        raise RuntimeError(f"the app did not report ready (exit {proc.returncode}): {err.strip()[-500:]}")
    return ready


def run(quick: bool = False) -> list[Row]:
    runs = 3 if quick else 5
    with tempfile.TemporaryDirectory() as home:
        env = dict(
            os.environ,
            QT_QPA_PLATFORM="offscreen",
            GRAPHVIZ_APP_EXIT_WHEN_READY="1",
            XDG_CONFIG_HOME=home,
            HOME=home,
        )
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # else every run compiles ~200 modules: see the docstring
        cold = one_start(env)
        warm, bare = [], []
        for _ in range(runs):  # interleaved, so a busy moment hits both
            warm.append(one_start(env))
            bare.append(one_start(env, [sys.executable, "-c", BARE_WINDOW]))
    median, reference = median_of(warm), median_of(bare)
    figure = f"`python -m graphviz_app` → window shown, first layout drawn (warm; median of {runs})"
    return [
        Row(
            "start-up",
            figure,
            median,
            reference,
            "a bare PySide6 `QMainWindow` shown and painted, in a new process",
            f"≤ {TARGET_RATIO:g}× the bare window",
            median <= TARGET_RATIO * reference,
            note=f"first (cold) run {cold:.2f} s",
        )
    ]


if __name__ == "__main__":
    from run_all import print_table

    print_table(run("--quick" in sys.argv))
