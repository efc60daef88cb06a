"""Benchmark of second derivatives: a Hessian-vector product against PyTorch's double backward.

Run ``python bench/bench_hvp.py`` (it is also part of ``bench/bench_core.py``).

The network is the 4-8-8-1 of the core bench (ReLU hidden layers, a linear
output, MSE, the same weights), the direction v the loss's gradient over the
parameters, as ``eval --order 2`` uses it for the curvature along the gradient.

- ours: :func:`graphviz_app.core.hessian.hvp` on the prebuilt neuron view, each
  call as a caller makes it (the graph, the direction, the output);
- PyTorch (float64, one thread): the same network as tensors, each call its
  forward pass, ``torch.autograd.grad(loss, params, create_graph=True)``, the dot
  product with v and a second ``torch.autograd.grad``: the double backward.

Both sides run taking turns with garbage collected before every run, timed in CPU time
(:func:`common.interleaved_medians`); both are checked to give the same H·v
(to 1e-9: the sums are taken in different orders) before timing. Skipped when
torch is not installed (the bench extra installs it).
"""

from __future__ import annotations

import sys
from typing import Any

import numpy as np

if __package__ in (None, ""):
    sys.path.insert(0, __import__("os").path.dirname(__file__))

from common import Row, fmt_time, interleaved_medians, network_spec

import graphviz_app.core  # noqa: F401  (registers the ops)
from graphviz_app.builders import network as net
from graphviz_app.core import graph as G
from graphviz_app.core.evaluate import evaluate
from graphviz_app.core.hessian import hvp

NETWORK = (4, 8, 8, 1)


def torch_hvp(torch: Any, x: Any, y: Any, params: list, v: list) -> tuple:
    """Forward, the gradient with its graph kept, and the gradient of gradient · v: H·v."""
    a = x
    last = len(params) // 2 - 1
    for k in range(len(params) // 2):
        W, b = params[2 * k], params[2 * k + 1]
        z = W @ a + b
        a = z if k == last else torch.relu(z)
    loss = ((a - y) ** 2).mean()
    grads = torch.autograd.grad(loss, params, create_graph=True)
    dot = sum((g * d).sum() for g, d in zip(grads, v))
    return torch.autograd.grad(dot, params)


def run(quick: bool = False) -> list[Row]:
    name = "-".join(map(str, NETWORK))
    figure = f"neuron view {name}: Hessian-vector product along the gradient (graph prebuilt)"
    try:
        import torch
    except ImportError:
        return [Row("core", figure, float("nan"), None, "torch not installed", "≤ 2×", None)]
    torch.set_num_threads(1)
    built = net.build_network(network_spec(NETWORK), view="neuron")
    g, spec = built.graph, built.spec
    ev = evaluate(g)
    params = [n for n in G.leaves(g) if g.nodes[n][G.KIND] == G.PARAM]
    direction = {p: float(ev.grads[p]) for p in params}

    def t(array: Any, grad: bool = False) -> Any:
        return torch.tensor(np.asarray(array, dtype=float), dtype=torch.float64, requires_grad=grad)

    x, y = t(spec.inputs), t(np.ravel(spec.targets))
    tensors = [t(m, True) for layer in spec.layers for m in (layer.weights, layer.bias)]
    v = [t(d) for d in _as_tensor_shapes(spec, direction)]
    ours = hvp(g, direction, output="L")
    theirs = _flatten(spec, [h.detach().numpy() for h in torch_hvp(torch, x, y, tensors, v)])
    assert np.allclose([ours[p] for p in params], [theirs[p] for p in params], rtol=1e-9, atol=1e-12)
    runs = 5 if quick else 21
    mine, torch_time = interleaved_medians(
        [lambda: hvp(g, direction, output="L"), lambda: torch_hvp(torch, x, y, tensors, v)], runs
    )
    return [
        Row(
            "core",
            f"{figure}, {len(g):,} nodes",
            mine,
            torch_time,
            f"PyTorch {torch.__version__.split('+')[0]} double backward (float64, 1 thread, gc between runs)",
            "≤ 2×",
            mine <= 2 * torch_time,
            note=f"first call (backward graph built): {fmt_time(_first_call(g, direction))}",
        )
    ]


def _first_call(g: Any, direction: dict[str, float]) -> float:
    """One hvp on a graph never differentiated twice before: what the first call costs."""
    import copy
    import gc
    import time

    fresh = copy.deepcopy(g)
    gc.collect()
    start = time.process_time()
    hvp(fresh, direction, output="L")
    return time.process_time() - start


def _as_tensor_shapes(spec: Any, by_leaf: dict[str, float]) -> list[np.ndarray]:
    """The values of W1[i,j], b1[i], ... as the matrices and vectors of each layer."""
    arrays = []
    for k, layer in enumerate(spec.layers, start=1):
        arrays.append(
            np.array([[by_leaf[f"W{k}[{i},{j}]"] for j in range(layer.n_in)] for i in range(layer.n_out)])
        )
        arrays.append(np.array([by_leaf[f"b{k}[{i}]"] for i in range(layer.n_out)]))
    return arrays


def _flatten(spec: Any, arrays: list[np.ndarray]) -> dict[str, float]:
    """The inverse of :func:`_as_tensor_shapes`."""
    out = {}
    for k, layer in enumerate(spec.layers, start=1):
        W, b = arrays[2 * k - 2], arrays[2 * k - 1]
        for i in range(layer.n_out):
            out[f"b{k}[{i}]"] = float(b[i])
            for j in range(layer.n_in):
                out[f"W{k}[{i},{j}]"] = float(W[i, j])
    return out


if __name__ == "__main__":
    from run_all import print_table

    print_table(run("--quick" in sys.argv))
