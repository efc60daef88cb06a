"""What a network with data has learned, on the canvas: each hidden neuron's picture, each weight's colour.

The Qt-free part (:mod:`graphviz_app.session.training.learned`) says which neurons and edges, and works out
their numbers from an evaluation; here the pictures become images in their nodes (the palette's ``positive``
and ``negative`` colours fading to the background on the boundary, as the Data panel draws the output, made
in the theme's colours when the node is painted) and the weights the edges' colour and width (see
:func:`graphviz_app.look.signed_edge`). :func:`weight_signs` runs as the edges are refreshed for a frame: with
a new evaluation (every training step the canvas shows) it gives the neurons their new pictures first.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtGui import QImage

from graphviz_app.palette import Palette, shades
from graphviz_app.session.training.learned import Learned

if TYPE_CHECKING:
    from graphviz_app.gui.canvas.scene import CanvasScene

__all__ = ["picture_image", "weight_signs"]

Edge = tuple[str, str]

_SHOWN: weakref.WeakKeyDictionary[Any, tuple[Any, Any, Any, dict[Edge, float]]] = weakref.WeakKeyDictionary()
"""Scene -> (the evaluation, learned and node items it last showed, its edges' weights)."""


def picture_image(values: np.ndarray, palette: Palette) -> QImage:
    """An image of ``values`` in [−1, 1] (row 0 is the bottom of the input plane, as the data's x2 rises)."""
    rgb = np.ascontiguousarray(shades(palette, values[::-1]))
    h, w, _ = rgb.shape
    return QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()  # a copy owns its pixels


def weight_signs(scene: CanvasScene) -> dict[Edge, float]:
    """Each weighted edge of ``scene`` (drawn) -> its weight over the largest, in [−1, 1]; empty unless the
    scene draws the neuron view of a network with data. Its neurons show the evaluation's pictures."""
    learned = None if scene.graph is None else Learned.known(scene.graph)
    ev = scene.evaluation
    if learned is None or ev is None:
        return {}
    shown = _SHOWN.get(scene)
    if shown is not None and shown[0] is ev and shown[1] is learned and shown[2] is scene.nodes:
        return shown[3]
    for node, values in learned.pictures(ev).items():
        item = scene.nodes.get(node)
        if item is not None:
            item.set_picture(values)
    signs = {edge: w for edge, w in learned.edge_weights(ev).items() if edge in scene.edges}
    _SHOWN[scene] = (ev, learned, scene.nodes, signs)
    return signs
