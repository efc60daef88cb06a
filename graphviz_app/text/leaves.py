"""Neuron leaf names (``W1[0,1]``) for text: made and parsed by one module.

The builder needs these names to build a network and sits below text in the
layers, so the maker and parser live in :mod:`graphviz_app.builders.leaf_names`;
this module is where text-level code finds them.
"""

from graphviz_app.builders.leaf_names import LeafName, leaf_name, parse_leaf_name

__all__ = ["LeafName", "leaf_name", "parse_leaf_name"]
