"""Names of a network's nodes, such as ``W1[0,1]``: made and parsed in this one module.

A network's nodes are called by a family (a letter, or a few: ``beta``, ``Wq``,
``mu``), the layer number and an index in brackets: ``x[0]`` (an input), ``W1[0,1]`` (the weight from input 1 to neuron 0
of layer 1), ``b1[0]``, ``z2[0]``, ``a2[0]``, ``y[0]``, ``L[1]``. In a batch the
sample comes first: ``x[3,0]``. The layer view drops the index: ``W1``, ``z2``.

The builder makes these names (the lowest layer that needs them); the network
form, the paths panel and :mod:`graphviz_app.text` read them back with
:func:`parse_leaf_name`.

>>> leaf_name("W", 1, 0, 1), leaf_name("x", None, 3, 0), leaf_name("b", 2)
('W1[0,1]', 'x[3,0]', 'b2')
>>> parse_leaf_name("W1[0,1]"), parse_leaf_name("x[3,0]"), parse_leaf_name("sin#2")
(LeafName(what='W', layer=1, index=(0, 1)), LeafName(what='x', layer=None, index=(3, 0)), None)
>>> parse_leaf_name("beta2[0]")
LeafName(what='beta', layer=2, index=(0,))
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["LeafName", "leaf_name", "leaf_names", "parse_leaf_name"]

_NAME = re.compile(r"(?P<what>[A-Za-z]+)(?P<layer>[0-9]*)(?:\[(?P<index>[0-9]+(?:,[0-9]+)*)\])?")


@dataclass(frozen=True)  # not a NamedTuple: its field `index` would hide tuple.index
class LeafName:
    """A parsed network name: the letter, the layer (None when the name has none) and the index."""

    what: str
    layer: int | None
    index: tuple[int, ...]

    def __str__(self) -> str:
        return leaf_name(self.what, self.layer, *self.index)


def leaf_name(what: str, layer: int | None, *index: int) -> str:
    """``what`` with its layer number and the index in brackets (none when there is no index)."""
    head = what if layer is None else f"{what}{layer}"
    return f"{head}[{','.join(map(str, index))}]" if index else head


def leaf_names(what: str, layer: int | None, *index: int, count: int) -> list[str]:
    """``[leaf_name(what, layer, *index, j) for j in range(count)]``, made in one go (a row of weights)."""
    head = what if layer is None else f"{what}{layer}"
    before = "".join(f"{i}," for i in index)
    return [f"{head}[{before}{j}]" for j in range(count)]


def parse_leaf_name(text: str) -> LeafName | None:
    """The parts of a name made by :func:`leaf_name`, or None for any other text."""
    m = _NAME.fullmatch(text)
    if m is None:
        return None
    layer = int(m["layer"]) if m["layer"] else None
    index = tuple(int(i) for i in m["index"].split(",")) if m["index"] else ()
    return LeafName(m["what"], layer, index)
