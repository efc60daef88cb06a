"""What a session file records of what is open: the source with its current values, the settings, the step.

One function for the window's Save (:meth:`Session.to_data <graphviz_app.session.state.session.Session.to_data>`)
and for the session an interactive page embeds, so both reopen the same way.

>>> from graphviz_app.files.sources import load_source
>>> data = saved_session(load_source("sin(x**2)", {"x": 1.5}), {"x": 2.0}, Settings(), 3)
>>> data.source, data.step
({'kind': 'expression', 'source': 'sin(x**2)', 'at': {'x': 2.0}}, 3)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

import numpy as np

from graphviz_app.builders import network as net
from graphviz_app.files import session_file
from graphviz_app.files.sources import EXPRESSION, NETWORK, Loaded
from graphviz_app.session.second_order.implicit import dependent_of
from graphviz_app.session.state.settings import Settings

__all__ = ["saved_session"]


def saved_session(
    loaded: Loaded, values: Mapping[str, Any], settings: Settings, step: int
) -> session_file.SessionData:
    """``loaded`` with ``values`` (every leaf's, edits included), as a session file records it."""
    if loaded.kind == NETWORK:
        edits = {k: v for k, v in values.items() if k in loaded.graph}
        source: dict[str, Any] = net.spec_with_params(loaded.spec, edits)
    else:
        source = {"kind": EXPRESSION, "source": loaded.text, "at": {k: _plain(v) for k, v in values.items()}}
        source |= {"dependent": d} if (d := dependent_of(loaded)) else {}  # --dependent, kept
    return session_file.SessionData(source, {}, dict(asdict(settings).items()), step)


def _plain(value: Any) -> Any:
    return float(value) if np.ndim(value) == 0 else np.asarray(value).tolist()
