"""The interactive page: its size, how long it takes to make and to be ready in a browser, how fast it steps.

For ``example:net-221`` and for a neuron view of about 1,000 nodes (a 12-12-13-1 tanh network):

- *size*: the bytes of the file ``export -o FILE.html`` writes (targets: 300 KB and 5 MB);
- *made in*: ``build_page`` and writing the file, in this process;
- *ready in*: from the start of loading the file in headless Chromium until the player has read its data
  and shown its first step (``data-ready-ms``: the page's own clock; target 1 s for net-221);
- *steps a second*: the player shows the next step once per animation frame, for 240 frames (its rate is
  capped by the browser's frame rate, 60 here); target 30;
- *frames a second while playing*: animation frames the browser draws in 3 s of playing at 1× (tokens
  travelling along their edges); target 30.

Needs Chromium and its driver (``apt-get install chromium chromium-driver``) and selenium; without them
only the size and the making are measured.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.page.browser

from common import Row

from graphviz_app.files.sources import build_loaded, load_source
from graphviz_app.page.document import build_page
from graphviz_app.page.html import page_document
from tests.page import browser

BIG = {
    "input": [0.5] * 12,
    "target": [1.0],
    "loss": "mse",
    "init": {"seed": 0},
    "layers": [
        {"size": 12, "activation": "tanh"},
        {"size": 13, "activation": "tanh"},
        {"size": 1, "activation": "sigmoid"},
    ],
}
READY = "return document.querySelector('.gaplayer[data-ready]') ? Number(document.querySelector('.gaplayer').dataset.readyMs) : null"
STEPPING = """
var done = arguments[arguments.length - 1], frames = arguments[0];
var p = document.querySelector('.gaplayer').gaPlayer, n = 0, start = performance.now();
function tick() {
  p.go(p.k >= p.last ? 0 : p.k + 1, false);
  n += 1;
  if (n < frames) requestAnimationFrame(tick); else done(n / ((performance.now() - start) / 1000));
}
requestAnimationFrame(tick);
"""
PLAYING = """
var done = arguments[arguments.length - 1], seconds = arguments[0];
var p = document.querySelector('.gaplayer').gaPlayer, n = 0, start = performance.now();
p.go(0, false);
p.togglePlay();
function tick(now) {
  n += 1;
  if (now - start < seconds * 1000) requestAnimationFrame(tick);
  else { p.setPlaying(false); done(n / ((now - start) / 1000)); }
}
requestAnimationFrame(tick);
"""


def _made(loaded, folder: Path, name: str) -> tuple[Path, float]:
    start = time.perf_counter()
    html = page_document(build_page(loaded))
    path = folder / f"{name}.html"
    path.write_text(html, encoding="utf-8")
    return path, time.perf_counter() - start


def run(quick: bool = False) -> list[Row]:
    rows: list[Row] = []
    cases = [
        ("net-221", load_source("example:net-221"), 300, 1.0),
        (f"neuron view, {build_loaded('network', BIG, {}, origin='b', view='neuron').graph.number_of_nodes():,} nodes",
         build_loaded("network", BIG, {}, origin="big", view="neuron"), 5_000, None),
    ]  # fmt: skip
    reason = browser.missing()
    driver = None if reason else browser.start(1280, 720)
    try:
        with tempfile.TemporaryDirectory() as folder:
            for name, loaded, limit_kb, ready_target in cases:
                path, took = _made(loaded, Path(folder), name.split(",")[0].replace(" ", "-"))
                kb = os.path.getsize(path) / 1000
                target = f"≤ {limit_kb:,} KB"
                rows.append(Row("page", f"{name}: size", kb, None, "", target, kb <= limit_kb, unit="KB"))
                rows.append(Row("page", f"{name}: made in", took, None, "", "", None))
                if driver is None:
                    continue
                readies = []
                for _ in range(2 if quick else 5):
                    driver.get(path.as_uri())
                    readies.append(_wait(driver, READY) / 1000)
                ready = statistics.median(readies)
                met = None if ready_target is None else ready <= ready_target
                goal = "" if ready_target is None else f"≤ {ready_target:g} s"
                rows.append(Row("page", f"{name}: ready in the browser", ready, None, "", goal, met))
                steps = driver.execute_async_script(STEPPING, 240)
                rows.append(
                    Row("page", f"{name}: steps a second", steps, None, "", "≥ 30 /s", steps >= 30, unit="/s")
                )
                fps = driver.execute_async_script(PLAYING, 3)
                rows.append(Row("page", f"{name}: frames a second while playing", fps, None, "", "≥ 30 /s",
                                fps >= 30, unit="/s"))  # fmt: skip
    finally:
        if driver is not None:
            browser.stop(driver)
    if reason:
        rows.append(Row("page", f"browser figures skipped: {reason}", 0.0, None, "", "", None))
    return rows


def _wait(driver, script: str, timeout: float = 60.0) -> float:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = driver.execute_script(script)
        if value is not None:
            return float(value)
        time.sleep(0.02)
    raise TimeoutError("the page never became ready")


if __name__ == "__main__":
    from run_all import print_table

    print_table(run("--quick" in sys.argv))
