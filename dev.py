#!/usr/bin/env python3
"""Set up and run graphviz-app with nothing but Python installed.

    python3 dev.py            open the app (creates .venv on first use)
    python3 dev.py test       lint, then run the whole test suite
    python3 dev.py lint       ruff (lint, format check), lint-imports and mypy only
    python3 dev.py docs [--check]
                              rewrite the reference's generated tables (docs/tables.py);
                              --check only names the ones that differ from the code
    python3 dev.py bench      print the benchmark table
    python3 dev.py page-screenshot SOURCE -o FILE.png [--theme T] [--size WxH] [--select NODE] [--paths LEAF]
                              a picture of the interactive page in headless Chromium (tests/page/screenshot.py)
    python3 dev.py stress [N] [--burn]
                              the GUI suite N times in a row (default 10), with faulthandler and a watchdog;
                              --burn keeps a CPU-burning process running beside it

Any further arguments are passed on (to graphviz-app, or to pytest). The first
run creates a virtual environment in .venv and installs the app with its test
extras; later runs reinstall only when pyproject.toml has changed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".installed"


def venv_python() -> Path:
    sub = "Scripts/python.exe" if os.name == "nt" else "bin/python"
    return VENV / sub


def ensure_venv(extras: str) -> Path:
    """Create .venv and install the app (editable) with ``extras``, when needed.

    The stamp file records the hash of pyproject.toml and the extras installed;
    a later run that asks for no more than those installs nothing.
    """
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    python = venv_python()
    installed = STAMP.read_text().split() if STAMP.exists() else []
    wanted = {extra for extra in extras.split(",") if extra}
    if python.exists() and installed[:1] == [digest] and wanted <= set(installed[1:]):
        return python
    if installed[:1] == [digest]:
        wanted |= set(installed[1:])
    if not python.exists():
        print("Creating .venv (first run only) ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    target = f"{ROOT}[{','.join(sorted(wanted))}]" if wanted else str(ROOT)
    print(f"Installing graphviz-app{target[len(str(ROOT)) :]} into .venv ...", flush=True)
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "-e", target], check=True)
    STAMP.write_text(" ".join([digest, *sorted(wanted)]))
    return python


LINTERS = (
    ["ruff", "check", "."],
    ["ruff", "format", "--check", "."],
    ["lint-imports"],  # the layer contracts in pyproject.toml [tool.importlinter]
    ["mypy"],  # the whole package, the GUI included, as set in pyproject.toml [tool.mypy]
)


def lint(python: Path) -> int:
    """Run every linter in LINTERS from .venv; return the first non-zero status (0 when all pass)."""
    bindir = python.parent
    for command in LINTERS:
        status = subprocess.call([str(bindir / command[0]), *command[1:]], cwd=ROOT)
        if status:
            print(f"lint failed: {' '.join(command)}", file=sys.stderr)
            return status
    return 0


STRESS_WATCHDOG_S = 900  # one run of the GUI suite takes a few minutes; past this it is a hang


def stress(python: Path, args: list[str]) -> int:
    """Run the GUI suite again and again: a crash or hang that comes once in a few runs shows here.

    Each run has faulthandler on (a segfault prints every thread's stack) and a
    watchdog: a run still going after STRESS_WATCHDOG_S gets SIGABRT, which makes
    faulthandler print the stacks too. Prints the run count and each failure's output.
    """
    import signal
    import time

    burn = "--burn" in args
    rest = [a for a in args if a != "--burn"]
    runs = int(rest.pop(0)) if rest and rest[0].isdigit() else 10
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONFAULTHANDLER="1")
    burner = subprocess.Popen([sys.executable, "-c", "while True: pass"]) if burn else None
    failures: list[int] = []
    try:
        for run in range(1, runs + 1):
            started = time.monotonic()
            command = [str(python), "-X", "faulthandler", "-m", "pytest", "tests/gui", "-q", "-x", *rest]
            proc = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
            )
            try:
                out, _ = proc.communicate(timeout=STRESS_WATCHDOG_S)
            except subprocess.TimeoutExpired:
                proc.send_signal(signal.SIGABRT)
                out, _ = proc.communicate()
            last = out.strip().splitlines()[-1] if out.strip() else ""
            print(
                f"run {run}/{runs}: exit {proc.returncode} in {time.monotonic() - started:.0f} s: {last}",
                flush=True,
            )
            if proc.returncode != 0:
                failures.append(run)
                print(f"===== run {run} failed with exit {proc.returncode} =====")
                print("\n".join(out.splitlines()[-150:]), flush=True)
    finally:
        if burner is not None:
            burner.kill()
    summary = f"stress: {runs} runs, {len(failures)} failed" + (f" (runs {failures})" if failures else "")
    print(summary + (", with a CPU-burning process beside" if burn else ""))
    return 1 if failures else 0


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "run"
    rest = argv[1:]
    if command == "lint":
        return lint(ensure_venv("test"))
    if command == "test":
        python = ensure_venv("test")
        status = lint(python)
        if status:
            return status
        env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
        return subprocess.call([str(python), "-m", "pytest", *rest], cwd=ROOT, env=env)
    if command == "docs":
        python = ensure_venv("test")
        env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
        return subprocess.call([str(python), str(ROOT / "docs" / "tables.py"), *rest], cwd=ROOT, env=env)
    if command == "page-screenshot":  # a picture of the interactive page, in headless Chromium
        python = ensure_venv("test")
        return subprocess.call([str(python), str(ROOT / "tests" / "page" / "screenshot.py"), *rest], cwd=ROOT)
    if command == "stress":
        return stress(ensure_venv("test"), rest)
    if command == "bench":
        python = ensure_venv("test,bench")
        return subprocess.call([str(python), str(ROOT / "bench" / "run_all.py"), *rest], cwd=ROOT)
    python = ensure_venv("")  # the app alone: running it needs none of the test extras (PyTorch among them)
    args = rest if command == "run" else argv
    return subprocess.call([str(python), "-m", "graphviz_app", *args], cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
