"""The dock panels of the main window, one panel per module.

Every panel is a ``QWidget`` built as ``Panel(session, parent=None)``. It follows
the napari pattern: the panel *writes* to the :class:`~graphviz_app.session.session.Session`
through its methods (``set_expression``, ``set_value``, ``set_network``,
``open_source``) and *reads* from it when the session calls back with an event
name (``"structure"``, ``"values"``, ``"step"``, ``"selection"``, ``"settings"``,
``"file"``). Widgets are updated from the session inside a ``QSignalBlocker``, so
an update never writes back and nothing loops.

A panel never lets an error reach Qt: a :class:`~graphviz_app.errors.GraphvizAppError`
is shown inline, in red, next to what caused it (a :class:`MessageLabel`), and
every panel has a ``sig_status`` signal for short messages the main window shows
in its status bar.

Panels
------
:class:`ExpressionEditor`
    The expression text, checked while typing, and a field per input.
:class:`NetworkForm`
    Layers, loss, data and initialisation of a network, and its weights.
:class:`ExamplesGallery`
    The built-in examples.
:class:`Inspector`
    Everything about the selected node or edge, and where its numbers came from.
"""

from __future__ import annotations
