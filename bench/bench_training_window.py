"""Benchmark of training on data in the real window: steps per second with everything that follows a run shown.

Run ``python bench/bench_training_window.py`` (or ``python3 dev.py bench --only training``). A child process
opens the main window (Qt's offscreen platform) on a 4-8-8-1 tanh network learning ``circles`` with the inputs
x1, x2, x1², x2² (mini-batches of 10), in the neuron view: every hidden neuron draws its picture of the input
plane and every weight its colour on the canvas. With the Training and Data panels shown, the training
panel's Run takes 1,000 steps; the figure is steps per second of wall time, from Run to the last step, with
the canvas following five times a second and the Data panel at every chunk. The reference is the same steps
without the window (the trainer alone, :func:`graphviz_app.session.training.runs.trainer_for`).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from common import Row

SPEC = {
    "title": "bench: 4-8-8-1 on circles",
    "data": {"kind": "circles", "n": 200, "noise": 0.1, "seed": 0, "test": 0.5,
             "features": ["x1", "x2", "x1^2", "x2^2"]},
    "batch": 10,
    "layers": [{"size": 8, "activation": "tanh"}, {"size": 8, "activation": "tanh"},
               {"size": 1, "activation": "sigmoid"}],
    "loss": "bce",
}  # fmt: skip
STEPS = 1000
TARGET = 200.0
"""Steps a second the window should keep up: "hundreds"."""


def measure(steps: int) -> dict:
    from PySide6.QtCore import QEventLoop, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from graphviz_app.gui.window.main_window import MainWindow
    from graphviz_app.session.training.runs import trainer_for

    app = QApplication.instance() or QApplication([])
    tmp = tempfile.mkdtemp()
    window = MainWindow(QSettings(os.path.join(tmp, "settings.ini"), QSettings.IniFormat))
    window.resize(1600, 1000)
    window.show()
    path = os.path.join(tmp, "net.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(SPEC, f)
    assert window.open_source(path), window.banner.text()
    if window.session.loaded.view != "neuron":  # 4-8-8-1 is over the 300 nodes that open neuron by neuron
        window.session.set_view("neuron")
    while window.session.geometry is None:
        app.processEvents(QEventLoop.AllEvents, 50)
    docks = window.training_docks
    for name in ("training", "data"):
        docks.docks[name].setVisible(True)
        docks.docks[name].raise_()
    app.processEvents()
    panel = docks.panel("training")
    pictured = sum(1 for item in window.scene.nodes.values() if item.picture is not None)
    coloured = sum(1 for item in window.scene.edges.values() if item.signed)
    loop = QEventLoop()
    watch = QTimer()
    watch.timeout.connect(lambda: None if panel.running else loop.quit())
    watch.start(5)
    start, cpu = time.perf_counter(), time.process_time()
    panel.run(steps)
    loop.exec()
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    taken = window.session.training.run.steps
    s = window.session
    alone = trainer_for(s.graph, dict(s.loaded.values), s.loaded.network_spec)
    begin = time.perf_counter()
    alone.step(steps)
    bare = time.perf_counter() - begin
    window.session.mark_unmodified()
    return {
        "steps": taken,
        "wall": wall,
        "cpu": cpu,
        "bare": bare,
        "nodes": window.session.graph.number_of_nodes(),
        "pictured": pictured,
        "coloured": coloured,
    }


def run(quick: bool = False) -> list[Row]:
    steps = 300 if quick else STEPS
    done = subprocess.run(
        [sys.executable, os.path.abspath(__file__), "--child", str(steps)],
        capture_output=True,
        text=True,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )
    if done.returncode != 0:
        raise RuntimeError(f"bench_training_window failed: {done.stderr.strip()[-2000:]}")
    found = json.loads(done.stdout.strip().splitlines()[-1])
    rate, bare_rate = found["steps"] / found["wall"], found["steps"] / found["bare"]
    return [
        Row(
            "training",
            f"4-8-8-1 on circles (x1, x2, x1², x2²; batch 10), neuron view of {found['nodes']} nodes with "
            f"{found['pictured']} neuron pictures and {found['coloured']} weight-coloured edges, Training and Data "
            f"panels shown: steps a second of a {found['steps']:,}-step Run in the window",
            rate,
            bare_rate,
            "the same steps without the window (the trainer alone)",
            f"≥ {TARGET:.0f} /s",
            rate >= TARGET,
            note=f"CPU {found['cpu']:.2f} s of {found['wall']:.2f} s wall",
            unit="/s",
        )
    ]


if __name__ == "__main__":
    if "--child" in sys.argv:
        result = measure(int(sys.argv[sys.argv.index("--child") + 1]))
        print(json.dumps(result), flush=True)
        os._exit(0)
    from run_all import print_table

    print_table(run("--quick" in sys.argv))
