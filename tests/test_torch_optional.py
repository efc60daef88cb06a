"""PyTorch is optional: without it nothing else changes, and asking for a PyTorch graph says how to install it.

The test hides the installed PyTorch from a child interpreter with a finder on
``sys.meta_path`` that refuses to find it, as an environment without the torch extra.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

HIDE_TORCH = """
import sys

class NoTorch:
    def find_spec(self, name, path=None, target=None):
        if name == "torch" or name.startswith("torch."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, NoTorch())
"""


def _child(code: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", HIDE_TORCH + textwrap.dedent(code)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_without_pytorch_the_app_works_and_torch_sources_say_how_to_install_it(tmp_path):
    (tmp_path / "model.py").write_text(
        "import torch\n\ndef main():\n    return torch.ones(1, requires_grad=True).sum()\n"
    )
    done = _child(
        """
        import graphviz_app as ga
        from graphviz_app.cli.main import main

        assert main(["eval", "sin(x**2)", "--at", "x=1.5", "--json"]) == 0
        assert main(["train", "example:net-221", "--steps", "2"]) == 0
        print("EXIT", main(["eval", "torch:model.py"]))
        try:
            ga.from_torch(object())
        except ga.GraphvizAppError as exc:
            print("API", exc)
        assert "torch" not in sys.modules
        """,
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "EXIT 2" in done.stdout
    hint = "PyTorch is not installed: pip install 'graphviz-app[torch]'"
    assert f"graphviz-app: error: {hint}" in done.stderr
    assert "download.pytorch.org/whl/cpu" in done.stderr
    assert f"API {hint}" in done.stdout


def test_importing_the_app_does_not_import_pytorch(tmp_path):
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, graphviz_app, graphviz_app.cli.main, graphviz_app.session.state.session, "
            "graphviz_app.files.sources, graphviz_app.report; print('torch' in sys.modules)",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.stdout.strip() == "False", done.stderr
