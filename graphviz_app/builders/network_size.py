"""How big a network's neuron view is, known from the sizes alone, and which view to show.

Counting comes before building: a network too big for the neuron view is refused
(or shown in the layer view) without building a single node.
"""

from __future__ import annotations

from typing import Any

from graphviz_app.builders.layer_spec import ATTENTION, DENSE
from graphviz_app.builders.network_blocks import node_count
from graphviz_app.builders.network_spec import NetworkSpec, parse_spec
from graphviz_app.errors import SpecError

__all__ = [
    "DEFAULT_NEURON_VIEW_MAX",
    "NEURON_VIEW_NODE_LIMIT",
    "VIEWS",
    "choose_view",
    "loss_divisor",
    "loss_terms",
    "neuron_node_count",
    "refuse_if_too_big",
]

NEURON_VIEW_NODE_LIMIT = 12_000
"""The neuron view refuses networks whose graph would have more nodes than this."""
DEFAULT_NEURON_VIEW_MAX = 300
"""Without a requested view, networks up to this many neuron-view nodes are shown neuron by neuron."""
VIEWS = ("neuron", "layer")


def neuron_node_count(spec: Any) -> int:
    """Number of nodes of the neuron view, computed from the sizes alone (nothing is built)."""
    spec = parse_spec(spec)
    n = spec.n_samples
    count = n * spec.sizes[0]
    for layer in spec.layers:
        if layer.kind != DENSE:
            count += node_count(layer, n)
            continue
        n_in, n_out = layer.n_in, layer.n_out
        count += n_out * n_in + n_out  # weights and biases, shared
        count += n * 2 * n_out * n_in  # products, and the adds that sum them with b
        count += n * (3 * n_out - 1 if layer.activation == "softmax" else n_out)
        count += n * n_out if layer.residual else 0  # the skips' adds
    n_out = spec.sizes[-1]
    if spec.loss == "cross_entropy":
        count += n * (4 * n_out if spec.layers[-1].activation == "softmax" else 5 * n_out)
    else:
        count += n * 2 * n_out  # targets and loss terms
    terms = loss_terms(spec)
    if terms > 1:
        count += terms - 1 + (2 if loss_divisor(spec) > 1 else 0)
    return count


def loss_terms(spec: NetworkSpec) -> int:
    return spec.n_samples * (1 if spec.loss == "cross_entropy" else spec.sizes[-1])


def loss_divisor(spec: NetworkSpec) -> int:
    """What the summed loss terms are divided by: every element for mse/bce, samples otherwise."""
    return loss_terms(spec) if spec.loss in ("mse", "bce") else spec.n_samples


def refuse_if_too_big(count: int) -> None:
    if count > NEURON_VIEW_NODE_LIMIT:
        raise SpecError(
            "",
            f"the neuron view of this network would have {count:,} nodes, more than the "
            f"limit of {NEURON_VIEW_NODE_LIMIT:,}; use the layer view (--view layer), which draws "
            "each layer as one box, as collapsing every layer would",
        )


def choose_view(spec: Any, requested: str | None = None) -> tuple[str, str]:
    """Which view to build, and a sentence saying why.

    ``requested`` is ``"neuron"``, ``"layer"``, or ``None``/``"auto"`` for the
    default: the neuron view when it has at most :data:`DEFAULT_NEURON_VIEW_MAX`
    nodes and no attention layer. A requested neuron view over
    :data:`NEURON_VIEW_NODE_LIMIT` raises :class:`SpecError`.
    """
    spec = parse_spec(spec)
    count = neuron_node_count(spec)
    if requested == "layer":
        return "layer", "as requested"
    if requested == "neuron":
        refuse_if_too_big(count)
        return "neuron", f"as requested ({count:,} nodes)"
    if requested not in (None, "auto"):
        raise SpecError("view", f"expected 'neuron', 'layer' or 'auto', got {requested!r}")
    if any(layer.kind == ATTENTION for layer in spec.layers):
        return "layer", (
            "attention mixes every token with every other, which reads as matrices; "
            "--view neuron shows it number by number"
        )
    if count <= DEFAULT_NEURON_VIEW_MAX:
        return "neuron", (
            f"the network has {count:,} nodes neuron by neuron "
            f"(up to {DEFAULT_NEURON_VIEW_MAX:,} are shown that way by default)"
        )
    if count <= NEURON_VIEW_NODE_LIMIT:
        more = "; --view neuron shows every neuron"
    else:
        more = f"; the neuron view is limited to {NEURON_VIEW_NODE_LIMIT:,}"
    return "layer", (
        f"neuron by neuron the network would have {count:,} nodes, "
        f"more than {DEFAULT_NEURON_VIEW_MAX:,}{more}"
    )
