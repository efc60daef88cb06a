"""The dock panels of the main window, one panel per module.

Every panel is a :class:`~graphviz_app.gui.panels.base.SessionPanel` built as
``Panel(session, parent=None)``. It follows the napari pattern: the panel *writes*
to the :class:`~graphviz_app.session.state.session.Session` through its methods
(``set_expression``, ``set_value``, ``set_network``, ``open_source``) and *reads*
from it in the handlers of the session's typed events it overrides
(``on_graph_replaced``, ``on_values_changed``, ``on_step_changed``,
``on_selection_changed``, ``on_settings_changed``), or, for events after which it
only redraws, by naming them in ``refresh_on``. It is subscribed to those events
only, and unsubscribed when the widget is destroyed. Widgets are updated from the
session inside a ``QSignalBlocker``, so an update never writes back and nothing
loops. What a panel *says* (sentences, hints, spec merging) is written
below Qt, in :mod:`graphviz_app.session`, and tested without a display; the
panel places it.

A panel never lets an error reach Qt: a :class:`~graphviz_app.errors.GraphvizAppError`
is shown inline, in red, next to what caused it (a
:class:`~graphviz_app.gui.panels.message_label.MessageLabel`), and every panel has
a ``sig_status`` signal for short messages the main window shows in its status bar.

This package imports none of its modules: import each panel from its own module
(``from graphviz_app.gui.panels.inspector import Inspector``).

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
:class:`PathsPanel`, :class:`AccumulationPanel`, :class:`ImplicitPanel`
    The paths between two nodes; a node's gradient as a sum; an equation's slope.
"""

from __future__ import annotations
