"""Benchmark of the core: forward + backward passes against micrograd, PyTorch and hand-written NumPy.

Run ``python bench/bench_core.py`` (or ``python bench/run_all.py`` for every
benchmark). Every comparison times both sides in the same run, taking turns
run by run, with ``gc.collect()`` (untimed) before every run of either side
(:func:`common.interleaved_medians`): a side that leaves cyclic garbage behind
pays for collecting it when its own runs trigger the collector, never the other
side, and no run inherits the garbage of an earlier one. Times are this
process's CPU time (both sides compute in this one thread), except for the
layer view, where NumPy's matrix products may use more threads: wall time. Before this, the
figures were taken without collecting, which let micrograd's garbage (every
``Value`` is in a reference cycle with its ``_backward`` closure) fall on
whichever side ran next.

1. **Neuron view against micrograd.** The same network (ReLU hidden layers, a
   linear output, MSE, the same weights) as scalar graphs of about 30, 350,
   1,100, 4,000 and 10,000 nodes.

   - *Build + forward + backward*: micrograd builds its graph by running Python
     operations on ``Value`` objects, so building is part of its forward pass;
     both start from the parsed spec (its weights made); ours builds the
     neuron-view graph and evaluates it (values, gradients, and the per-edge
     local derivatives and contributions); micrograd creates a ``Value`` per
     input, weight, bias and target, runs the network on them and calls
     ``loss.backward()``. Per node
     means divided by each side's own node count. Every run builds a new graph;
     its structure was seen before, so its plan is found rather than made
     (``core/plan.py``), as when the app rebuilds a network; the note gives the
     first graph of a structure too, with the plan cache emptied before each run
     (the plan's scalar runs go with it; the few loops of ``core/scalar_runs.py``,
     one per shape of step, are compiled once per process, like an import).
     Every number is computed on our side: values, gradients, and each edge's
     local derivative and contribution; the last two are handed out as a
     read-only mapping over the passes' lists (``fast_passes.EdgeNumbers``)
     rather than copied into dicts, which is what the app reads.
   - *Evaluate only against micrograd's* ``backward()``: the graph built
     beforehand on both sides. Ours re-runs forward and backward on it (what an
     edited number or a training step costs); micrograd's ``backward()`` sorts
     its graph and runs every node's ``_backward`` (its forward pass happened
     while building, so ``backward()`` is all micrograd can re-run). Gradients
     are zeroed between its runs (untimed), so every run does the same work.

   The 10,000-node graph is over the builder's default but within its limit
   (``NEURON_VIEW_NODE_LIMIT``); anything over the limit would be built with
   the builder's internal ``_build_neuron``, which has none. micrograd's
   ``backward`` sorts the graph with a recursive function; the recursion limit
   is raised while micrograd runs (ours needs no such thing).

2. **Layer view against NumPy.** A 784-128-10 network (ReLU, then logits with
   cross-entropy) on a batch of 64: our :func:`evaluate` of the prebuilt layer
   view against a hand-written NumPy forward and backward that computes the same
   gradients (W1, b1, W2, b2 and the input X, which ours differentiates too).

3. **The fast passes against the reference.** :func:`evaluate` runs
   ``core/fast_passes.py``; ``evaluate(g, reference=True)`` runs the short
   reference passes of ``core/evaluate.py``, which give the same numbers to the
   last bit. The ratio is what the fast path buys, on the biggest neuron view
   and on the layer view.

4. **A Hessian-vector product against PyTorch's double backward**
   (:mod:`bench_hvp`), when torch is installed (the bench extra installs it).

Both sides are checked to compute the same loss and gradients before timing.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np

if __package__ in (None, ""):
    sys.path.insert(0, __import__("os").path.dirname(__file__))

from common import Row, fmt_time, interleaved_medians, network_spec

import graphviz_app.core  # noqa: F401  (registers the ops)
from graphviz_app.builders import network as net
from graphviz_app.builders.network_spec import parse_spec
from graphviz_app.core.evaluate import evaluate

NEURON_NETWORKS = [(2, 2, 1), (4, 8, 8, 1), (10, 16, 12, 1), (16, 32, 24, 1), (8, 53, 53, 1)]
# 28, 352, 1,162, 4,044 and 10,082 nodes
LAYER_NETWORK = (784, 128, 10)
BATCH = 64


# --- ours --------------------------------------------------------------------------------


def build_ours(spec: Any):
    """The neuron-view graph of a spec (parsed or not); above the builder's limit, through its internal function."""
    parsed = parse_spec(spec)
    if net.neuron_node_count(parsed) <= net.NEURON_VIEW_NODE_LIMIT:
        return net.build_network(parsed, view="neuron").graph
    return net._build_neuron(parsed)[0].graph


def ours_full(spec: Any):
    g = build_ours(spec)
    return evaluate(g)


def forget_plans() -> None:
    """Empty the plan cache (core/plan.py), so that the next graph is planned as the first of its structure."""
    from graphviz_app.core import plan

    plan._BY_STRUCTURE.clear()


# --- micrograd -----------------------------------------------------------------------------


@contextmanager
def recursion_limit(limit: int) -> Iterator[None]:
    """micrograd's Value.backward sorts the graph recursively: allow deep graphs, for it only."""
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old, limit))
    try:
        yield
    finally:
        sys.setrecursionlimit(old)


def micrograd_forward(parsed, Value):
    """Build the same network from micrograd Values and run it: ``(loss, weights)``.

    Products are summed left to right and the bias added last, as our neuron
    view does, so both give bit-identical numbers.
    """
    acts = [Value(float(v)) for v in parsed.inputs]
    weights = []
    for layer in parsed.layers:
        W = [[Value(float(w)) for w in row] for row in layer.weights]
        b = [Value(float(v)) for v in layer.bias]
        weights.append(W)
        new = []
        for i in range(layer.n_out):
            s = W[i][0] * acts[0]
            for j in range(1, layer.n_in):
                s = s + W[i][j] * acts[j]
            z = s + b[i]
            new.append(z.relu() if layer.activation == "relu" else z)
        acts = new
    targets = [Value(float(t)) for t in np.ravel(parsed.targets)]
    terms = [(a - y) ** 2 for a, y in zip(acts, targets)]
    loss = terms[0]
    for t in terms[1:]:
        loss = loss + t
    if len(terms) > 1:
        loss = loss / len(terms)
    return loss, weights


def micrograd_full(parsed, Value):
    """micrograd's build + forward (:func:`micrograd_forward`) and ``backward()``."""
    loss, weights = micrograd_forward(parsed, Value)
    loss.backward()
    return loss, weights


def micrograd_values(loss) -> list:
    """Every Value of micrograd's graph under ``loss``."""
    seen: dict[int, Any] = {}
    stack = [loss]
    while stack:
        v = stack.pop()
        if id(v) not in seen:
            seen[id(v)] = v
            stack.extend(v._prev)
    return list(seen.values())


# --- NumPy by hand ---------------------------------------------------------------------------


def numpy_by_hand(X, k, W1, b1, W2, b2):
    """784-128-10 ReLU network, cross-entropy on logits, mean over the batch: forward and backward."""
    n = X.shape[0]
    Z1 = X @ W1.T + b1
    A1 = np.maximum(Z1, 0.0)
    Z2 = A1 @ W2.T + b2
    shifted = Z2 - Z2.max(axis=1, keepdims=True)
    logp = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -logp[np.arange(n), k].mean()
    dZ2 = np.exp(logp)
    dZ2[np.arange(n), k] -= 1.0
    dZ2 /= n
    dW2 = dZ2.T @ A1
    db2 = dZ2.sum(axis=0)
    dA1 = dZ2 @ W2
    dZ1 = dA1 * (Z1 > 0)
    dW1 = dZ1.T @ X
    db1 = dZ1.sum(axis=0)
    dX = dZ1 @ W1
    return loss, dW1, db1, dW2, db2, dX


def layer_spec() -> dict[str, Any]:
    rng = np.random.default_rng(0)
    n_in, hidden, n_out = LAYER_NETWORK
    X = rng.random((BATCH, n_in))
    k = rng.integers(0, n_out, BATCH)
    return {
        "input": X.tolist(),
        "target": k.tolist(),
        "loss": "cross_entropy",
        "layers": [{"size": hidden, "activation": "relu"}, {"size": n_out, "activation": "identity"}],
        "init": {"seed": 0, "scheme": "he"},
    }


# --- the benchmark -----------------------------------------------------------------------------


def run(quick: bool = False) -> list[Row]:
    rows: list[Row] = []
    runs = 3 if quick else 11
    try:
        from micrograd.engine import Value
    except ImportError:
        Value = None
    for sizes in NEURON_NETWORKS:
        rows += neuron_rows(sizes, Value, runs)
    name, g_pre = NEURON_NETWORKS[-1], build_ours(network_spec(NEURON_NETWORKS[-1]))
    rows.append(
        fast_against_reference(
            f"neuron view {'-'.join(map(str, name))}, {len(g_pre):,} nodes", g_pre, max(3, runs // 2)
        )
    )
    rows += layer_rows(runs)
    import bench_hvp

    rows += bench_hvp.run(quick)
    return rows


def neuron_rows(sizes: tuple[int, ...], Value: Any, runs: int) -> list[Row]:
    """Build + forward + backward against micrograd's, and evaluate only against its ``backward()``."""
    spec = network_spec(sizes)
    parsed = parse_spec(spec)
    g = build_ours(spec)
    n_ours = g.number_of_nodes()
    name = "-".join(map(str, sizes))
    runs = runs if n_ours < 5000 else max(3, runs // 2)
    if Value is None:
        [full] = interleaved_medians([lambda: ours_full(parsed)], runs)
        return [
            Row(
                "core",
                f"neuron view {name}, {n_ours:,} nodes: build + forward + backward",
                full,
                None,
                "micrograd not installed",
                "≤ 1.5× micrograd per node",
                None,
            )
        ]
    with recursion_limit(50_000):
        loss, weights = micrograd_full(parsed, Value)
        ev = evaluate(g)
        assert abs(loss.data - ev.values[ev.output]) <= 1e-12 * max(1.0, abs(loss.data)), "losses differ"
        assert abs(weights[0][0][0].grad - ev.grads["W1[0,0]"]) <= 1e-12, "gradients differ"
        n_mg = len(micrograd_values(loss))
        del g, ev, loss, weights  # nothing of either side stays alive while the whole runs are timed
        full, mg_full, cold = interleaved_medians(
            [lambda: ours_full(parsed), lambda: micrograd_full(parsed, Value), lambda: ours_full(parsed)],
            runs,
            setups=[None, None, forget_plans],
        )
        g = build_ours(parsed)
        loss, _ = micrograd_forward(parsed, Value)
        mg_values = micrograd_values(loss)

        def zero_grads() -> None:
            for v in mg_values:
                v.grad = 0

        only, mg_backward = interleaved_medians(
            [lambda: evaluate(g), loss.backward], runs, setups=[None, zero_grads]
        )
    per_ours, per_mg = full / n_ours, mg_full / n_mg
    return [
        Row(
            "core",
            f"neuron view {name}: build + forward + backward, per node ({n_ours:,} nodes; micrograd {n_mg:,})",
            per_ours,
            per_mg,
            "micrograd build + forward + backward (gc between runs)",
            "≤ 1.5×",
            per_ours <= 1.5 * per_mg,
            note=f"total {fmt_time(full)} vs {fmt_time(mg_full)}; the first graph of its structure, "
            f"planned anew: {fmt_time(cold)}, {cold / n_ours / per_mg:.2f}×",
        ),
        Row(
            "core",
            f"neuron view {name}: evaluate only (graph prebuilt), per node",
            only / n_ours,
            mg_backward / n_mg,
            "micrograd `backward()` (graph prebuilt, gc between runs)",
            "≤ 1×",
            only / n_ours <= mg_backward / n_mg,
            note=f"total {fmt_time(only)} vs {fmt_time(mg_backward)}",
        ),
    ]


def layer_rows(runs: int) -> list[Row]:
    """The 784-128-10 layer view against NumPy by hand, and its fast passes against the reference."""
    spec = layer_spec()
    built = net.build_network(spec, view="layer")
    ev = evaluate(built.graph)
    parsed = built.spec
    X, k = np.asarray(parsed.inputs, float), np.asarray(parsed.targets, int)
    W1, b1 = parsed.layers[0].weights, parsed.layers[0].bias
    W2, b2 = parsed.layers[1].weights, parsed.layers[1].bias
    ref = numpy_by_hand(X, k, W1, b1, W2, b2)
    assert np.allclose(ref[0], ev.values["L"]) and np.allclose(ref[1], ev.grads["W1"]), "layer view differs"
    assert np.allclose(ref[5], ev.grads["X"]), "input gradient differs"
    ours, hand = interleaved_medians(
        [lambda: evaluate(built.graph), lambda: numpy_by_hand(X, k, W1, b1, W2, b2)],
        runs * 2,
        clock=time.perf_counter,  # (NumPy's matrix products may use several threads: wall time)
    )
    name = f"layer view {'-'.join(map(str, LAYER_NETWORK))}, batch {BATCH}"
    return [
        Row(
            "core",
            f"{name}: forward + backward (graph prebuilt)",
            ours,
            hand,
            "hand-written NumPy backprop (same gradients, incl. ∂L/∂X)",
            "≤ 1.5×",
            ours / hand <= 1.5,
        ),
        fast_against_reference(name, built.graph, runs),
    ]


def fast_against_reference(name: str, g, runs: int) -> Row:
    """What core/fast_passes.py buys: evaluate() against the reference passes it must equal bit for bit."""
    fast, ref = interleaved_medians(
        [lambda: evaluate(g), lambda: evaluate(g, reference=True)], runs, clock=time.perf_counter
    )
    return Row(
        "core",
        f"{name}: evaluate (graph prebuilt), fast passes",
        fast,
        ref,
        "the reference passes, `evaluate(g, reference=True)`",
        "< 1× (the fast path pays for itself)",
        fast < ref,
    )


if __name__ == "__main__":
    from run_all import print_table

    print_table(run("--quick" in sys.argv))
