"""Compile LaTeX in tests with an engine from the system's TeX packages (Debian: texlive-latex-base,
texlive-latex-recommended, texlive-pictures); tests that need one are skipped when none is installed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ENGINE = shutil.which("pdflatex")
needs_latex = pytest.mark.skipif(ENGINE is None, reason="no pdflatex (apt install texlive-latex-base)")


def has_package(name: str) -> bool:
    """Whether the TeX installation has ``name`` (e.g. ``tikz.sty``, ``beamer.cls``)."""
    kpsewhich = shutil.which("kpsewhich")
    if kpsewhich is None:
        return False
    found = subprocess.run([kpsewhich, name], capture_output=True, text=True, check=False)
    return bool(found.stdout.strip())


def compile_latex(folder: Path, name: str, text: str) -> Path:
    """Write ``name``.tex into ``folder`` and compile it; fails the test with LaTeX's first error."""
    (folder / f"{name}.tex").write_text(text, encoding="utf-8")
    run = subprocess.run(
        [ENGINE, "-interaction=nonstopmode", "-halt-on-error", f"{name}.tex"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    errors = [line for line in run.stdout.splitlines() if line.startswith("!")]
    assert run.returncode == 0, f"LaTeX failed: {errors or run.stdout[-2000:]}"
    pdf = folder / f"{name}.pdf"
    assert pdf.exists() and pdf.stat().st_size > 1000
    return pdf
