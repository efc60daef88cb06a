"""``python -m graphviz_app``: the same as the ``graphviz-app`` command."""

from graphviz_app.cli.start import run

raise SystemExit(run())
