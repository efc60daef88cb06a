"""A small least-recently-used cache of layouts.

Re-evaluating a graph with new values, stepping through the animation or opening
the same example again must not lay the graph out again. The layout depends only
on the graph's structure, the node sizes, the hints and the direction, and all of
those are spelled out in the DOT text handed to Graphviz, which is deterministic;
so the key is a digest of that text (see :func:`graphviz_app.layout.graphviz.layout`).
Values, gradients and labels never enter it.

Examples
--------
>>> cache = LayoutCache(maxsize=2)
>>> cache.put("a", 1); cache.put("b", 2)
>>> cache.get("a")
1
>>> cache.put("c", 3)  # "b" is now the least recently used: it goes
>>> cache.get("b") is None, len(cache)
(True, 2)
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any

__all__ = ["CACHE", "CACHE_SIZE", "LayoutCache"]

CACHE_SIZE = 32  # layouts kept; a big one is a few megabytes


class LayoutCache:
    """A thread-safe LRU mapping (layouts are computed on worker threads)."""

    def __init__(self, maxsize: int = CACHE_SIZE):
        if maxsize < 1:
            raise ValueError("maxsize must be at least 1")
        self.maxsize = maxsize
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any | None:
        """The value stored under ``key`` (now the most recently used), or ``None``."""
        with self._lock:
            if key not in self._items:
                return None
            self._items.move_to_end(key)
            return self._items[key]

    def put(self, key: Hashable, value: Any) -> None:
        """Store ``value``, dropping the least recently used entry when full."""
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.maxsize:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)


CACHE = LayoutCache()
