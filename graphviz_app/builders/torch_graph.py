"""A PyTorch autograd graph read into ours: the walk of ``output.grad_fn``, as torchviz walks it.

:func:`read_torch` starts at ``output.grad_fn`` and follows ``next_functions`` down
to the leaves (``AccumulateGrad``, or ``None`` for an input that needs no
gradient), without running anything again: ``torch.fx`` and ``torch.export``
trace code, and fail on Python control flow; the recorded graph is what
``loss.backward()`` will walk, whatever code made it. Each autograd node becomes
our ops as the table of :mod:`graphviz_app.builders.torch_ops` says; values come
from the leaves and from what the nodes saved. The result is our graph of
tensors, the *layer view* (:class:`~graphviz_app.builders.torch_model.TorchGraph`),
with PyTorch's own gradients beside it for the agreement check.

Two passes, so that nothing is drawn half: the first walks the whole graph,
refusing an autograd node the table does not know (every such name at once, with
the list of those it knows), a graph bigger than the app's networks may be
(:data:`~graphviz_app.builders.network.NEURON_VIEW_NODE_LIMIT` nodes,
:data:`~graphviz_app.builders.network_spec.MAX_PARAMETERS` numbers that require
grad), and a graph whose saved tensors ``backward()`` already freed. The second
builds our nodes, inputs before the nodes that use them.

PyTorch is imported here and in :mod:`graphviz_app.builders.torch_leaves` only,
when a graph is read: without it installed nothing else changes, and asking for
a PyTorch graph says how to install it (:func:`import_torch`).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import networkx as nx
import numpy as np

from graphviz_app.builders.network_size import NEURON_VIEW_NODE_LIMIT
from graphviz_app.builders.network_spec import MAX_PARAMETERS
from graphviz_app.builders.torch_leaves import Leaf, Leaves, to_numpy
from graphviz_app.builders.torch_model import Reference, TorchGraph
from graphviz_app.builders.torch_ops import LEAF, RULES, SUPPORTED, Rule
from graphviz_app.builders.torch_recover import Pending, resolve
from graphviz_app.core import graph as G
from graphviz_app.core.ops import get_op
from graphviz_app.errors import TorchError

__all__ = ["INSTALL_HINT", "import_torch", "read_torch"]

INSTALL_HINT = (
    "pip install 'graphviz-app[torch]' (on Linux that is the CUDA build, several GB; the CPU build is "
    "much smaller: pip install torch --index-url https://download.pytorch.org/whl/cpu)"
)
FREED = (
    "PyTorch freed this graph's saved tensors when backward() ran; build the graph before "
    "loss.backward(), or call loss.backward(retain_graph=True)"
)


def import_torch() -> Any:
    """PyTorch, or a :class:`TorchError` saying how to install it."""
    try:
        import torch
    except ImportError:
        raise TorchError(f"PyTorch is not installed: {INSTALL_HINT}") from None
    return torch


def read_torch(output: Any, named: Mapping[str, Any] | None = None) -> TorchGraph:
    """Our graph of the autograd graph that computed ``output`` (see the module docstring).

    ``named`` maps names to tensors; those leaves get those names, others generated
    ones. Leaves that require grad get PyTorch's gradient of ``output`` (the sum of
    its elements when it is not one number) for :mod:`~graphviz_app.builders.torch_agreement`;
    the tensors' ``.grad`` are left alone.
    """
    torch = import_torch()
    if not isinstance(output, torch.Tensor):
        raise TorchError(f"expected a tensor (the output, usually the loss), got {type(output).__name__}")
    if output.grad_fn is None:
        raise TorchError(
            "the output has no autograd graph: it was computed under torch.no_grad(), from tensors that "
            "do not require grad, or it is a leaf itself"
        )
    walk = _Walk(torch, output, named)
    graph, values, leaves = walk.build()
    shapes = {node: np.shape(walk.values[node]) for node in graph}
    return TorchGraph(graph, values, _reference(torch, output, leaves, walk.leaf_nodes), shapes)


# --- the first pass: what is there ----------------------------------------------------------------


class _Walk:
    def __init__(self, torch: Any, output: Any, named: Mapping[str, Any] | None) -> None:
        self.torch = torch
        self.output = output
        self.leaves = Leaves(torch, named)
        self.root = output.grad_fn
        self.inputs: dict[Any, list[Any]] = {}  # node -> its input nodes (None for a saved or kept-no input)
        self.saved_leaf: dict[
            tuple[Any, int], tuple[Leaf, tuple[int, ...]]
        ] = {}  # (node, i) -> leaf, shape used
        self.kept: dict[Any, Any] = {}  # node -> a saved tensor holding its output
        self.variable: dict[Any, Leaf] = {}  # AccumulateGrad node -> its leaf
        self._collect()

    def _collect(self) -> None:
        unknown: set[str] = set()
        stack, seen = [self.root], {self.root}
        self.kept[self.root] = self.output
        while stack:
            fn = stack.pop()
            name = type(fn).__name__
            if len(seen) > NEURON_VIEW_NODE_LIMIT:
                raise TorchError(
                    f"the autograd graph has more than {NEURON_VIEW_NODE_LIMIT:,} nodes; the app draws at most "
                    f"{NEURON_VIEW_NODE_LIMIT:,} (as for its own networks): try a smaller model or batch"
                )
            if name == LEAF:
                self.variable[fn] = self.leaves.variable(fn.variable)
                self.inputs[fn] = []
                continue
            rule = RULES.get(name)
            if rule is None:
                unknown.add(name)
            children = [child for child, _ in fn.next_functions]
            self.inputs[fn] = children
            if rule is not None:
                self._read_saved(fn, name, rule)
            for child, number in fn.next_functions:
                if child is not None and number != 0:
                    raise TorchError(
                        f"{type(child).__name__}: output {number} of an autograd node with several outputs "
                        "(split, unbind, max with indices…) is not supported"
                    )
                if child is not None and child not in seen:
                    seen.add(child)
                    stack.append(child)
        if unknown:
            raise TorchError(
                f"autograd node{'s' if len(unknown) > 1 else ''} {', '.join(sorted(unknown))} "
                f"{'are' if len(unknown) > 1 else 'is'} not supported; nothing was drawn. "
                f"Supported: {', '.join(SUPPORTED)}"
            )
        count = self.leaves.parameter_count()
        if count > MAX_PARAMETERS:
            raise TorchError(
                f"the graph's tensors that require grad hold {count:,} numbers; the app takes at most "
                f"{MAX_PARAMETERS:,} (as for its own networks): it draws networks, it does not train big ones"
            )

    def _read_saved(self, fn: Any, name: str, rule: Rule) -> None:
        nexts = fn.next_functions
        if len(nexts) != len(rule.saves):
            raise TorchError(
                f"{name} has {len(nexts)} inputs here where {len(rule.saves)} were expected: this PyTorch "
                f"({self.torch.__version__}) records it differently"
            )
        result = _saved(fn, "result")
        if result is not None:
            self.kept[fn] = result
        for i, ((child, _), attr) in enumerate(zip(nexts, rule.saves)):
            tensor = _saved(fn, attr) if attr else None
            if not isinstance(tensor, self.torch.Tensor):
                continue
            if child is None:
                self.saved_leaf[fn, i] = (self.leaves.saved(tensor, attr), tuple(tensor.shape))
            else:
                self.kept.setdefault(child, tensor)
        for j, attr in enumerate(rule.extra, start=len(nexts)):
            tensor = _saved(fn, attr)
            self.saved_leaf[fn, j] = (self.leaves.saved(tensor, attr), tuple(tensor.shape))

    # --- the second pass: our nodes --------------------------------------------------------------

    def build(self) -> tuple[nx.DiGraph, dict[str, Any], list[Leaf]]:
        order = self._root_first()
        depth = dict.fromkeys(order, 0)
        for fn in order:
            for child in self.inputs[fn]:
                if child is not None:
                    depth[child] = max(depth[child], depth[fn] + 1)
        for leaf in self.leaves.leaves:
            leaf.depth = -1
        for (fn, _), (leaf, _) in self.saved_leaf.items():
            leaf.depth = max(leaf.depth, depth[fn] + 1)
        for fn, leaf in self.variable.items():
            leaf.depth = max(leaf.depth, depth[fn])
        self.g = G.new_graph()
        self.values: dict[str, Any] = {}
        self.leaf_nodes: dict[int, str] = {}  # id(leaf) -> node
        self._reshaped: dict[tuple[str, tuple[int, ...]], str] = {}
        for leaf in self.leaves.assign_names():
            self.leaf_nodes[id(leaf)] = self._add_leaf(leaf)
        self.built: dict[Any, str] = {}
        self.pending: list[Pending] = []
        for fn in reversed(order):
            if fn in self.variable:
                self.built[fn] = self.leaf_nodes[id(self.variable[fn])]
                continue
            step = _Step(self, fn)
            self.built[fn] = RULES[step.name].build(step)
            for i, item in enumerate(self.pending):
                if item.result == "":
                    self.pending[i] = replace(item, result=self.built[fn])
        known = {self.built[fn]: functools.partial(to_numpy, tensor) for fn, tensor in self.kept.items()}
        resolve(self.g, self.values, self.pending, known, self._settle)
        for fn, node in self.built.items():
            shape, wanted = np.shape(self.values[node]), tuple(fn._input_metadata[0].shape)
            if shape != wanted:
                raise RuntimeError(f"{type(fn).__name__}: ours has shape {shape}, PyTorch's {wanted}")
        out = self.built[self.root]
        self.g.graph[G.OUTPUT] = out
        unused = [n for n in self.g if n != out and not self.g.out_degree(n)]  # leaves a rule left aside
        self.g.remove_nodes_from(unused)
        values = {n: v for n, v in self.values.items() if n in self.g and G.is_differentiable(self.g, n)}
        return self.g, values, [leaf for leaf in self.leaves.leaves if self.leaf_nodes[id(leaf)] in self.g]

    def _root_first(self) -> list[Any]:
        """Every node after every node that uses it (Kahn's algorithm from the output)."""
        users = dict.fromkeys(self.inputs, 0)
        for children in self.inputs.values():
            for child in children:
                if child is not None:
                    users[child] += 1
        order, ready = [], [self.root]
        while ready:
            fn = ready.pop()
            order.append(fn)
            for child in self.inputs[fn]:
                if child is not None:
                    users[child] -= 1
                    if not users[child]:
                        ready.append(child)
        return order

    def _add_leaf(self, leaf: Leaf) -> str:
        value = to_numpy(leaf.tensor)
        if leaf.name is None:
            node = G.add_constant(self.g, value)
        else:
            node = G.add_leaf(self.g, leaf.name, value, leaf.kind)
        self.values[node] = G.as_value(value)
        return node

    def placeholder(self, solve: Any, where: str) -> str:
        """A constant PyTorch kept no value of, to be worked out (:mod:`~.torch_recover`); nan until then."""
        node = self.add_number(np.nan)
        self.pending.append(Pending(node, "", solve, where))  # its result: the node the rule returns
        return node

    def _settle(self, item: Pending, value: Any) -> None:
        """Write a worked-out number into its placeholder, or put the named tensor with those numbers there."""
        eps = float(np.finfo(_numpy_dtype(self.output.dtype)).eps)
        match = self.leaves.matching(value, eps)
        if match is not None:
            leaf = (
                self.leaves.saved(match[1], "")
                if not match[1].requires_grad
                else self.leaves.variable(match[1])
            )
            leaf.name = leaf.name or match[0]
            node = self.leaf_nodes.get(id(leaf)) or self._add_leaf(leaf)
            self.leaf_nodes[id(leaf)] = node
            _take_place(self.g, item.node, node)
            return
        digits = 7 if eps > 1e-10 else 15  # what float32 (float64) holds, in significant digits
        rounded = np.vectorize(lambda v: float(f"{v:.{digits - 1}e}"))(value) if value.size else value
        number = float(rounded.flat[0]) if value.size and np.all(rounded == rounded.flat[0]) else value
        self.g.nodes[item.node][G.VALUE] = G.as_value(number)
        self.g.nodes[item.node][G.LABEL] = G.format_constant(G.as_value(number))

    def arg_node(self, fn: Any, i: int) -> str | None:
        """Our node for input ``i`` of ``fn``: a built node, a leaf (reshaped as the node saw it), or None."""
        children = self.inputs[fn]
        if 0 <= i < len(children) and children[i] is not None:
            return self.built[children[i]]
        found = self.saved_leaf.get((fn, i))
        if found is None:
            return None
        leaf, shape = found
        node = self.leaf_nodes[id(leaf)]
        if np.shape(self.values[node]) == shape:
            return node
        key = (node, shape)  # a named tensor the node saw through a view: x (2,) as (1, 2)
        if key not in self._reshaped:
            self._reshaped[key] = self.add_op("reshape", [node, self.add_numbers(shape, "shape")])
        return self._reshaped[key]

    def add_op(self, op: str, args: list[str]) -> str:
        node = G.add_op(self.g, op, args)
        with np.errstate(all="ignore"):
            self.values[node] = get_op(op).forward(*(self.values[a] for a in args))
        return node

    def add_number(self, value: Any) -> str:
        node = G.add_constant(self.g, value)
        self.values[node] = G.as_value(value)
        return node

    def add_numbers(self, numbers: Any, what: str) -> str:
        """A constant listing whole numbers (a shape, axes), labelled ``shape (1, 2)``."""
        numbers = tuple(int(n) for n in numbers)
        text = ", ".join(map(str, numbers)) + ("," if len(numbers) == 1 else "")
        node = G.add_constant(self.g, np.array(numbers, dtype=float), label=f"{what} ({text})")
        self.values[node] = np.array(numbers, dtype=float)
        return node


def _saved(fn: Any, attr: str) -> Any:
    """``fn._saved_<attr>``, None when there is none; a freed graph is refused."""
    try:
        return getattr(fn, f"_saved_{attr}", None)
    except RuntimeError as exc:
        if "freed" in str(exc) or "second time" in str(exc):
            raise TorchError(FREED) from None
        first = str(exc).split(". ")[0]  # modified by an inplace operation: ...
        raise TorchError(f"{type(fn).__name__}: PyTorch cannot give back what it saved: {first}") from None


_UINT = 2**64  # PyTorch hands negative integers it saved (dim=-1) back as unsigned 64-bit ones


def _plain(value: Any, torch: Any) -> Any:
    if isinstance(value, torch.Tensor):
        return to_numpy(value)
    if isinstance(value, bool) or not isinstance(value, int | tuple | list):
        return value
    if isinstance(value, int):
        return value - _UINT if value >= _UINT // 2 else value
    return tuple(_plain(v, torch) for v in value)


class _Step:
    """One autograd node as its rule sees it (:class:`graphviz_app.builders.torch_ops.Step`)."""

    def __init__(self, walk: _Walk, fn: Any) -> None:
        self.walk, self.fn = walk, fn
        self.name = type(fn).__name__
        self.out_shape = tuple(fn._input_metadata[0].shape)

    def given(self, i: int) -> bool:
        return self.walk.arg_node(self.fn, i) is not None

    def arg(self, i: int) -> str:
        node = self.walk.arg_node(self.fn, i)
        if node is None:
            self.refuse(f"PyTorch kept no value of input {i}")
        assert node is not None
        return node

    def attr(self, name: str) -> Any:
        return _plain(_saved(self.fn, name), self.walk.torch)

    def axis(self, dim: Any, ndim: int) -> int:
        d = self.attr(dim) if isinstance(dim, str) else _plain(dim, self.walk.torch)
        return int(d) % ndim if ndim else 0

    def op(self, name: str, *args: str) -> str:
        return self.walk.add_op(name, list(args))

    def number(self, value: Any) -> str:
        return self.walk.add_number(value)

    def numbers(self, values: Any, what: str) -> str:
        return self.walk.add_numbers(values, what)

    def scale(self, node: str, k: Any) -> str:
        return node if k == 1 else self.op("mul", node, self.number(k))

    def value(self, node: str) -> Any:
        return self.walk.values[node]

    def recover(self, i: int, solve: Any) -> str:
        """A constant for input ``i`` that PyTorch kept no value of; ``solve(out)`` gives it from the output."""
        return self.walk.placeholder(solve, self.name)

    def refuse(self, reason: str) -> Any:
        raise TorchError(f"{self.name}: {reason}")


def _take_place(g: nx.DiGraph, old: str, new: str) -> None:
    """``new`` takes every edge of ``old`` (with its argument positions), and ``old`` goes."""
    for child, data in list(g.succ[old].items()):
        if g.has_edge(new, child):
            g.edges[new, child][G.ARG] = tuple(sorted(g.edges[new, child][G.ARG] + data[G.ARG]))
        else:
            g.add_edge(new, child, **{G.ARG: data[G.ARG]})
    g.remove_node(old)


def _numpy_dtype(dtype: Any) -> Any:
    name = str(dtype).removeprefix("torch.")
    return np.dtype(name) if name in ("float16", "float32", "float64") else np.dtype("float32")


def _reference(torch: Any, output: Any, leaves: list[Leaf], nodes: Mapping[int, str]) -> Reference:
    """PyTorch's own gradients of ``output`` for every leaf that requires grad, and its value."""
    wanted = [leaf for leaf in leaves if leaf.tensor.requires_grad]
    seed = None if output.dim() == 0 else torch.ones_like(output)
    grads = torch.autograd.grad(
        output, [leaf.tensor for leaf in wanted], grad_outputs=seed, retain_graph=True, allow_unused=True
    )
    return Reference(
        dtype=str(output.dtype).removeprefix("torch."),
        output=to_numpy(output),
        grads={
            nodes[id(leaf)]: (to_numpy(grad) if grad is not None else np.zeros(tuple(leaf.tensor.shape)))
            for leaf, grad in zip(wanted, grads)
        },
    )
