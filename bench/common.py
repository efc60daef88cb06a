"""Shared helpers of the benchmarks: timing, the networks measured, and the machine.

Every figure is the *median* of several timed runs after one untimed warm-up
run, so a cold cache or one slow run does not decide it. Times come from
``time.perf_counter`` and are wall-clock seconds in this process, except in
comparisons taken with :func:`interleaved_medians` (the core's), which count
this process's CPU time.
"""

from __future__ import annotations

import gc
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = [
    "Row",
    "fmt_time",
    "fmt_value",
    "interleaved_medians",
    "machine_lines",
    "median_of",
    "median_time",
    "network_spec",
]


@dataclass
class Row:
    """One line of the result table.

    ``ours`` and ``reference`` are seconds (``reference`` may be ``None`` when a
    figure is measured against a fixed target instead); ``target`` says what
    counts as good, ``met`` whether this run met it.
    """

    section: str
    figure: str
    ours: float
    reference: float | None
    reference_name: str
    target: str
    met: bool | None
    note: str = ""
    unit: str = "s"
    """``"s"`` (``ours`` and ``reference`` are seconds), ``"/s"`` (a rate) or ``"MB"``."""

    @property
    def ratio(self) -> float | None:
        return None if not self.reference else self.ours / self.reference


def median_time(
    job: Callable[[], Any], runs: int = 5, warmup: int = 1, setup: Callable[[], Any] | None = None
) -> float:
    """Median wall time in seconds of ``job()`` over ``runs`` runs after ``warmup`` untimed ones.

    ``setup`` (untimed) runs before each call, for work that must not be counted.
    """
    for _ in range(warmup):
        if setup is not None:
            setup()
        job()
    times = []
    for _ in range(runs):
        if setup is not None:
            setup()
        start = time.perf_counter()
        job()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def interleaved_medians(
    jobs: list[Callable[[], Any]],
    runs: int = 5,
    warmup: int = 1,
    setups: list[Callable[[], Any] | None] | None = None,
    clock: Callable[[], float] = time.process_time,
) -> list[float]:
    """Median time in seconds of each of ``jobs``, the jobs taking turns, garbage collected before each run.

    Run by run the jobs alternate (ours, theirs, ours, theirs, ...), so a burst
    of load on a shared machine falls on both sides alike. Before every run,
    untimed: its ``setups`` entry (if any), then ``gc.collect()``, so that no
    side pays for the garbage the other (or its own previous run) left behind;
    whatever garbage a run makes *during* the run is collected as Python's
    cyclic collector decides, on both sides alike. The ``clock`` is the CPU
    time of this process by default: both sides compute in one thread, and on a
    machine shared with other work the wall clock also counts the time spent
    waiting for a core, which is noise here.
    """
    setups = setups or [None] * len(jobs)
    times: list[list[float]] = [[] for _ in jobs]
    for attempt in range(warmup + runs):
        for job, setup, took in zip(jobs, setups, times):
            if setup is not None:
                setup()
            gc.collect()
            start = clock()
            job()
            elapsed = clock() - start
            if attempt >= warmup:
                took.append(elapsed)
    return [statistics.median(t) for t in times]


def fmt_value(value: float | None, unit: str = "s") -> str:
    """A figure in its unit: a time (see :func:`fmt_time`), a rate a second, or megabytes."""
    if value is None or unit == "s":
        return fmt_time(value)
    if unit == "/s":
        return f"{value:.1f} /s"
    return f"{value:,.0f} {unit}"


def median_of(values: list[float]) -> float:
    return statistics.median(values)


def fmt_time(seconds: float | None) -> str:
    """1.23 s, 45.6 ms or 789 µs: three significant figures in a readable unit."""
    if seconds is None:
        return "–"
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        ms = seconds * 1e3
        return f"{ms:.1f} ms" if ms < 100 else f"{ms:.0f} ms"
    us = seconds * 1e6
    return f"{us:.1f} µs" if us < 100 else f"{us:.0f} µs"


def network_spec(
    sizes: tuple[int, ...], hidden: str = "relu", output: str = "identity", loss: str = "mse", seed: int = 0
) -> dict[str, Any]:
    """A network spec with layer ``sizes`` (inputs first), seeded Xavier weights, one sample.

    ReLU hidden layers, a linear output and MSE: what micrograd's engine offers
    (it has no tanh or sigmoid), so both sides compute the same function.
    """
    layers = [{"size": n, "activation": hidden} for n in sizes[1:-1]]
    layers.append({"size": sizes[-1], "activation": output})
    inputs = [round(0.1 + 0.8 * ((7 * i) % 11) / 10, 3) for i in range(sizes[0])]
    targets = [round(0.25 * (i % 4), 2) for i in range(sizes[-1])]
    return {
        "input": inputs,
        "target": targets,
        "layers": layers,
        "loss": loss,
        "init": {"seed": seed, "scheme": "xavier"},
    }


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine_lines() -> list[str]:
    """CPU model, cores, OS, and the versions of Python and of the libraries measured."""
    import networkx
    import numpy
    import pygraphviz

    try:
        import PySide6
        from PySide6.QtCore import qVersion

        qt = f"PySide6 {PySide6.__version__} (Qt {qVersion()})"
    except ImportError:
        qt = "PySide6 not installed"
    try:
        from importlib.metadata import version

        micrograd = f"micrograd {version('micrograd')}"
    except Exception:
        micrograd = "micrograd not installed"
    try:
        from importlib.metadata import version

        torch = f"torch {version('torch')}"
    except Exception:
        torch = "torch not installed"
    return [
        f"- CPU: {_cpu_model()}, {os.cpu_count()} logical cores ({platform.machine()})",
        f"- OS: {platform.platform()}",
        f"- Python {sys.version.split()[0]} ({platform.python_implementation()}), NumPy {numpy.__version__}, "
        f"networkx {networkx.__version__}, pygraphviz {pygraphviz.__version__}, {qt}, {micrograd}, {torch}",
    ]
