"""The process's way in: ``graphviz-app`` and ``python -m graphviz_app`` start here.

Only a process that is the command (not a test or a notebook that imports the
command) comes through :func:`run`, so only it may change how Python collects
garbage.
"""

from __future__ import annotations

import gc

__all__ = ["run"]


def run() -> int:
    """Import the command without collecting garbage, freeze what was imported, run the command.

    Importing the command makes some 73,000 objects (NumPy's, NetworkX's, the app's modules)
    that live as long as the process, and almost no cyclic garbage, yet the collector went
    through them over and over while they were made (with the window's own imports, ~170
    collections and 40-80 ms of a start).
    ``gc.freeze`` then keeps them out of every later collection. The window turns automatic
    collection off again for its own reasons (:mod:`graphviz_app.gui.collector`).
    """
    gc.disable()
    from graphviz_app.cli.main import main  # here, not at the top: with the collector off

    gc.freeze()
    gc.enable()
    return main()
