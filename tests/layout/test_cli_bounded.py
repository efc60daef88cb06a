"""On the command line a layout is bounded in time, and Ctrl+C stops it cleanly."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graphviz_app.layout import CHILD_PROCESS_ABOVE, worker
from graphviz_app.layout.budget import BUDGET_ENV

BOUND = 60.0  # seconds: generous bounds for waits, never timing assertions on speed
PROGRAM = "\n".join(["s0 = x + 1", *(f"s{k} = s{k - 1} * x" for k in range(1, CHILD_PROCESS_ABOVE + 10))])


def export_command(tmp_path: Path) -> list[str]:
    source = tmp_path / "program.txt"
    source.write_text(PROGRAM)
    return [sys.executable, "-m", "graphviz_app", "export", str(source), "--at", "x=0.5", "-o"]


def slow_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in (worker.SLEEP_ENV, BUDGET_ENV)}
    env.update({"QT_QPA_PLATFORM": "offscreen", worker.SLEEP_ENV: "120"}, **extra)
    return env


def test_a_slow_layout_falls_back_within_the_budget(tmp_path):
    out = tmp_path / "out.svg"
    run = subprocess.run(
        [*export_command(tmp_path), str(out)],
        env=slow_env(**{BUDGET_ENV: "1"}),  # Graphviz "takes" 2 minutes; the budget is 1 s
        capture_output=True,
        text=True,
        timeout=BOUND,
    )
    assert run.returncode == 0, run.stderr
    assert out.stat().st_size > 0
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("graphviz-app: note: layout of 52 nodes")
    assert "layered layout" in lines[0]


def _layout_children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid and b"worker.py" in cmdline:
            found.append(int(entry.name))
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc to find the child")
def test_ctrl_c_stops_a_layout_at_once_with_one_line(tmp_path):
    process = subprocess.Popen(
        [*export_command(tmp_path), str(tmp_path / "out.svg")],
        env=slow_env(),
        stderr=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + BOUND
        while not _layout_children(process.pid):  # wait until Graphviz's child is at work
            assert process.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        child = _layout_children(process.pid)[0]
        process.send_signal(signal.SIGINT)  # as Ctrl+C would (the terminal also signals the child)
        _, err = process.communicate(timeout=BOUND)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 130
    assert err == "graphviz-app: interrupted\n"
    assert not (tmp_path / "out.svg").exists()
    with pytest.raises(ProcessLookupError):
        os.kill(child, 0)
