"""Residual connections, normalisation layers and attention, in both views of a network.

Each block is built from ops the app already draws, so its backward pass can be
followed step by step, in both views:

**Residual**: a_k = a_{k−1} + act(z_k): one ``+`` per neuron (``a2[0]``) or one for
the layer (``a2``). The gradient reaching a_k passes back through the ``+`` twice:
unchanged along the skip, and through act and W along the layer.

**Normalisation** (LayerNorm over the features of each sample, BatchNorm over the
samples of each feature)::

    mu  = mean(a)                       the mean
    var = mean((a − mu)²)               the biased variance
    std = √(var + ε)                    ε = 1e-5
    xhat = (a − mu) / std               normalise
    a_k = g ⊙ xhat + beta               scale and shift

The layer view uses ``feature_mean`` or ``batch_mean`` for the means; the neuron
view adds the numbers and divides by how many (``mu2[0]``, ``var2[0]``, ``std2[0]``,
``xhat2[0,1]``; a LayerNorm of one sample has ``mu2``, a BatchNorm one ``mu2[j]`` per
feature).

**Attention** over the rows of A (tokens), with d = the layer's size::

    Q = A Wqᵀ,  K = A Wkᵀ,  V = A Wvᵀ
    S = Q Kᵀ / √d,   P = softmax(S) (each row),   a_k = P V

named ``Q2``, ``K2``, ``V2``, ``S2``, ``P2`` and ``a2`` (``Q2[t,i]``, ``S2[t,u]`` … in
the neuron view, where P is exp, a sum and a division per row).

Every node gets a role (:mod:`.network_nodes`) shared by both views, and
:func:`node_count` says how many neuron-view nodes a block makes, before building.
"""

from __future__ import annotations

import math

from graphviz_app.builders.layer_spec import ATTENTION, LAYERNORM, NORM_EPS, NORMS, LayerSpec
from graphviz_app.builders.leaf_names import leaf_name
from graphviz_app.builders.network_nodes import Builder, tag
from graphviz_app.core import graph as G

__all__ = [
    "PROJECTIONS",
    "layer_attention",
    "layer_norm",
    "layer_residual",
    "neuron_attention",
    "neuron_norm",
    "neuron_residual",
    "node_count",
]

Acts = list[list[str]]  # the neuron view's activations: one list per sample (token)

PROJECTIONS = (("Wq", "Q"), ("Wk", "K"), ("Wv", "V"))
"""Attention's weights and what each makes of the input."""


def node_count(layer: LayerSpec, samples: int) -> int:
    """Neuron-view nodes of a normalisation or attention layer (its residual adds included)."""
    n, f, d = samples, layer.n_in, layer.n_out
    if layer.kind in NORMS:
        groups, members = (n, f) if layer.kind == LAYERNORM else (f, n)
        return groups * (8 * members + 5) + 2 * f  # per group: see neuron_norm; then g and beta
    assert layer.kind == ATTENTION
    count = 3 * d * f  # Wq, Wk, Wv
    count += 3 * n * d * (2 * f - 1)  # Q, K, V: products and their sums
    count += n * n * (2 * d + 1)  # the scores' products and sums, and ÷ √d with its constant
    count += n * (3 * n - 1)  # softmax: exp, their sum, divisions
    count += n * d * (2 * n - 1)  # P V: products and sums
    return count + (n * d if layer.residual else 0)


# --- residual connections ------------------------------------------------------------------------


def neuron_residual(b: Builder, batch: bool, k: int, prev: Acts, outs: Acts, rank: int) -> Acts:
    """a_k[s,i] = a_{k−1}[s,i] + (the layer's output), at ``rank``."""
    return [
        [
            b.op(
                ("residual", k),
                "add",
                [prev[s][i], out],
                tag("a", k, batch, s, i),
                layer=rank,
                index=s * len(row) + i,
            )
            for i, out in enumerate(row)
        ]
        for s, row in enumerate(outs)
    ]


def layer_residual(b: Builder, k: int, prev: str, out: str, rank: int) -> str:
    """a_k = a_{k−1} + (the layer's output), at ``rank``."""
    return b.op(("residual", k), "add", [prev, out], f"a{k}", layer=rank, index=0)


# --- normalisation --------------------------------------------------------------------------------


def neuron_norm(b: Builder, batch: bool, k: int, layer: LayerSpec, acts: Acts, rank: int) -> tuple[Acts, int]:
    """LayerNorm or BatchNorm neuron by neuron; returns the outputs and the last rank used."""
    n, f = len(acts), layer.n_in
    if layer.kind == LAYERNORM:  # each sample over its features: mu2 (one sample), mu2[s]
        groups = [[(s, j) for j in range(f)] for s in range(n)]
        names = [lambda what, s=s: tag(what, k, batch, s) for s in range(n)]
    else:  # each feature over the samples of the batch: mu2[j]
        groups = [[(s, j) for s in range(n)] for j in range(f)]
        names = [lambda what, j=j: leaf_name(what, k, j) for j in range(f)]
    g = [
        b.leaf(("g", k), leaf_name("g", k, j), layer.params["g"][j], G.PARAM, rank + 9, n * f + j)
        for j in range(f)
    ]
    beta = [
        b.leaf(("beta", k), leaf_name("beta", k, j), layer.params["beta"][j], G.PARAM, rank + 10, n * f + j)
        for j in range(f)
    ]
    out: Acts = [["" for _ in range(f)] for _ in range(n)]
    extra = len(groups)  # constants are listed after the group's nodes of their rank
    for gi, members in enumerate(groups):
        m = float(len(members))
        mu = _mean(b, ("mu", k), [acts[s][j] for s, j in members], m, names[gi]("mu"), rank + 1, gi, extra)
        centred, squares = {}, []
        for s, j in members:
            at = s * f + j
            centred[s, j] = b.op(("centre", k), "sub", [acts[s][j], mu], layer=rank + 3, index=at)
            two = b.constant(("two", k), 2.0, layer=rank + 3, index=n * f + at)
            squares.append(b.op(("square", k), "pow", [centred[s, j], two], layer=rank + 4, index=at))
        var = _mean(b, ("var", k), squares, m, names[gi]("var"), rank + 5, gi, extra)
        eps = b.constant(("eps", k), NORM_EPS, layer=rank + 6, index=extra + gi)
        shifted = b.op(("var+eps", k), "add", [var, eps], layer=rank + 7, index=gi)
        std = b.op(("std", k), "sqrt", [shifted], names[gi]("std"), layer=rank + 8, index=gi)
        for s, j in members:
            at = s * f + j
            xhat = b.op(
                ("xhat", k),
                "div",
                [centred[s, j], std],
                tag("xhat", k, batch, s, j),
                layer=rank + 9,
                index=at,
            )
            scaled = b.op(("scale", k), "mul", [g[j], xhat], layer=rank + 10, index=at)
            out[s][j] = b.op(
                ("shift", k), "add", [scaled, beta[j]], tag("a", k, batch, s, j), layer=rank + 11, index=at
            )
    return out, rank + 11


def _mean(
    b: Builder, role: tuple, nodes: list[str], m: float, name: str, rank: int, index: int, extra: int
) -> str:
    """(Σ nodes) / m: the sum at ``rank``, the division, named, at ``rank + 1``."""
    total = b.sum(role, nodes, layer=rank, index=index)
    count = b.constant(role, m, layer=rank, index=extra + index)
    return b.op(role, "div", [total, count], name, layer=rank + 1, index=index)


def layer_norm(b: Builder, k: int, layer: LayerSpec, prev: str, rank: int) -> tuple[str, int]:
    """LayerNorm or BatchNorm on whole arrays; returns the output node and the last rank used."""
    mean = "feature_mean" if layer.kind == LAYERNORM else "batch_mean"
    mu = b.op(("mu", k), mean, [prev], f"mu{k}", layer=rank + 1, index=0)
    centred = b.op(("centre", k), "sub", [prev, mu], layer=rank + 2, index=0)
    two = b.constant(("two", k), 2.0, layer=rank + 2, index=1)
    square = b.op(("square", k), "pow", [centred, two], layer=rank + 3, index=0)
    var = b.op(("var", k), mean, [square], f"var{k}", layer=rank + 4, index=0)
    eps = b.constant(("eps", k), NORM_EPS, layer=rank + 4, index=1)
    shifted = b.op(("var+eps", k), "add", [var, eps], layer=rank + 5, index=0)
    std = b.op(("std", k), "sqrt", [shifted], f"std{k}", layer=rank + 6, index=0)
    xhat = b.op(("xhat", k), "div", [centred, std], f"xhat{k}", layer=rank + 7, index=0)
    g = b.leaf(("g", k), f"g{k}", layer.params["g"], G.PARAM, rank + 7, 1)
    scaled = b.op(("scale", k), "mul", [g, xhat], layer=rank + 8, index=0)
    beta = b.leaf(("beta", k), f"beta{k}", layer.params["beta"], G.PARAM, rank + 8, 1)
    return b.op(("shift", k), "add", [scaled, beta], f"a{k}", layer=rank + 9, index=0), rank + 9


# --- attention ------------------------------------------------------------------------------------


def neuron_attention(b: Builder, k: int, layer: LayerSpec, acts: Acts, rank: int) -> tuple[Acts, int]:
    """Self-attention over the tokens (rows) neuron by neuron; returns the outputs and the last rank used."""
    T, f, d = len(acts), layer.n_in, layer.n_out
    proj: dict[str, Acts] = {}
    for which, (family, what) in enumerate(PROJECTIONS):
        w = [
            [
                b.leaf(
                    (family, k),
                    leaf_name(family, k, i, j),
                    layer.params[family][i, j],
                    G.PARAM,
                    rank,
                    T * f + (which * d + i) * f + j,
                )
                for j in range(f)
            ]
            for i in range(d)
        ]
        proj[what] = [
            [
                b.dot(
                    (what, k),
                    [(w[i][j], acts[t][j]) for j in range(f)],
                    leaf_name(what, k, t, i),
                    layer=rank + 1,
                    index=(which * T + t) * d + i,
                )
                for i in range(d)
            ]
            for t in range(T)
        ]
    root = math.sqrt(d)
    weights: Acts = []
    for t in range(T):
        scores = []
        for u in range(T):
            at = t * T + u
            pairs = [(proj["Q"][t][i], proj["K"][u][i]) for i in range(d)]
            dot = b.dot(("scores", k), pairs, None, layer=rank + 3, index=at)
            const = b.constant(("sqrt d", k), root, layer=rank + 4, index=T * T + at, label=f"√{d}")
            scores.append(
                b.op(("S", k), "div", [dot, const], leaf_name("S", k, t, u), layer=rank + 5, index=at)
            )
        exps = [b.op(("P", k), "exp", [s], layer=rank + 6, index=t * T + u) for u, s in enumerate(scores)]
        total = b.sum(("P", k), exps, layer=rank + 7, index=t)
        weights.append(
            [
                b.op(("P", k), "div", [e, total], leaf_name("P", k, t, u), layer=rank + 8, index=t * T + u)
                for u, e in enumerate(exps)
            ]
        )
    out = [
        [
            b.dot(
                ("attend", k),
                [(weights[t][u], proj["V"][u][i]) for u in range(T)],
                None if layer.residual else leaf_name("a", k, t, i),
                layer=rank + 9,
                index=t * d + i,
            )
            for i in range(d)
        ]
        for t in range(T)
    ]
    if layer.residual:
        return neuron_residual(b, True, k, acts, out, rank + 11), rank + 11
    return out, rank + 10


def layer_attention(b: Builder, k: int, layer: LayerSpec, prev: str, rank: int) -> tuple[str, int]:
    """Self-attention on whole arrays; returns the output node and the last rank used."""
    proj = {}
    for which, (family, what) in enumerate(PROJECTIONS):
        w = b.leaf((family, k), f"{family}{k}", layer.params[family], G.PARAM, rank + 1, which)
        wt = b.op(("transpose", k, family), "transpose", [w], layer=rank + 2, index=which)
        proj[what] = b.op((what, k), "matmul", [prev, wt], f"{what}{k}", layer=rank + 3, index=which)
    kt = b.op(("transpose", k, "K"), "transpose", [proj["K"]], layer=rank + 4, index=1)
    scores = b.op(("scores", k), "matmul", [proj["Q"], kt], layer=rank + 5, index=0)
    const = b.constant(
        ("sqrt d", k), math.sqrt(layer.n_out), layer=rank + 5, index=1, label=f"√{layer.n_out}"
    )
    s = b.op(("S", k), "div", [scores, const], f"S{k}", layer=rank + 6, index=0)
    p = b.op(("P", k), "softmax", [s], f"P{k}", layer=rank + 7, index=0)
    out = b.op(
        ("attend", k), "matmul", [p, proj["V"]], None if layer.residual else f"a{k}", layer=rank + 8, index=0
    )
    if layer.residual:
        return layer_residual(b, k, prev, out, rank + 9), rank + 9
    return out, rank + 8
