"""PyTorch's autograd nodes and the ops of ours each one becomes: the one table.

``loss.grad_fn`` is a node of PyTorch's backward graph, such as ``AddmmBackward0``;
its ``next_functions`` lead to the nodes of its inputs, down to ``AccumulateGrad``
(a leaf that requires grad) or ``None`` (an input that does not: data, a number).
:mod:`graphviz_app.builders.torch_graph` walks them; this table says, for each kind
of node, what PyTorch saved and which of our ops compute the same forward value:

- ``saves``: for each input, in the order of ``next_functions``, the saved tensor
  (``_saved_self``, ``_saved_mat1``…) that holds its value, or ``""`` when PyTorch
  keeps none. An input that needs no gradient is read from there; where PyTorch
  keeps nothing (the ``3`` of ``x + 3``), it is worked out from the node's output
  once the walk knows that (:meth:`Step.recover`, with the formula that solves for it).
- ``build``: makes our nodes from a :class:`Step` and returns the one that stands for
  the node's output (an input itself, for a node that only copies).
- ``extra``: saved tensors that are inputs without being in ``next_functions``
  (NLLLoss's class indices).

A node whose name is not here is refused, naming it and the list of these names
(:data:`SUPPORTED`): nothing is drawn half.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

__all__ = ["LEAF", "RULES", "SUPPORTED", "Rule", "Step"]

LEAF = "AccumulateGrad"
"""The node of a leaf tensor that requires grad: its ``variable`` is the tensor."""


class Step(Protocol):
    """What a rule may ask about the autograd node it reads (made by the walk)."""

    name: str
    out_shape: tuple[int, ...]

    def arg(self, i: int) -> str: ...
    def given(self, i: int) -> bool: ...
    def attr(self, name: str) -> Any: ...
    def axis(self, name: str, ndim: int) -> int: ...
    def op(self, name: str, *args: str) -> str: ...
    def number(self, value: Any) -> str: ...
    def numbers(self, values: Any, what: str) -> str: ...
    def scale(self, node: str, k: Any) -> str: ...
    def value(self, node: str) -> Any: ...
    def recover(self, i: int, solve: Callable[[Any], Any]) -> str: ...
    def refuse(self, reason: str) -> Any: ...


@dataclass(frozen=True)
class Rule:
    """How one kind of autograd node becomes our nodes (see the module docstring)."""

    saves: tuple[str, ...]
    build: Callable[[Step], str]
    extra: tuple[str, ...] = ()


# --- the rules that take more than a line ------------------------------------------------------


def _sum(s: Step, op: str) -> str:
    """``a + α·b`` or ``a − α·b``. PyTorch keeps no value of an input that needs no gradient here:
    it is recovered from the sum (``out = a ± α·b``) once the walk knows the sum's value."""
    alpha = s.attr("alpha")
    sign = 1 if op == "add" else -1
    if s.given(0) and s.given(1):
        return s.op(op, s.arg(0), s.scale(s.arg(1), alpha))
    if s.given(0):
        a = s.arg(0)
        b = s.recover(1, lambda out: sign * (out - s.value(a)) / alpha)
    else:
        b = s.arg(1)
        a = s.recover(0, lambda out: out - sign * alpha * s.value(b))
    return s.op(op, a, s.scale(b, alpha))


def _rsub(s: Step) -> str:
    """``c − α·x`` for a number c (``3 - x``): PyTorch keeps no c, so it comes from the output."""
    x, alpha = s.arg(0), s.attr("alpha")
    return s.op("sub", s.recover(-1, lambda out: out + alpha * s.value(x)), s.scale(x, alpha))


def _addmm(s: Step) -> str:
    """``β·bias + α·(mat1 @ mat2)``: nn.Linear on a batch, ``x @ Wᵀ + b``."""
    product = s.scale(s.op("matmul", s.arg(1), s.arg(2)), s.attr("alpha"))
    beta = s.attr("beta")
    bias = s.arg(0) if s.given(0) else s.recover(0, lambda out: (out - s.value(product)) / beta)
    return s.op("add", product, s.scale(bias, beta))


def _softplus(s: Step) -> str:
    """log(1 + e^(βx))/β (PyTorch's softplus is x itself above its threshold, 20, a difference < 1e-8)."""
    beta = s.attr("beta")
    if beta == 1:
        return s.op("softplus", s.arg(0))
    return s.op("div", s.op("softplus", s.scale(s.arg(0), beta)), s.number(beta))


def _transpose(s: Step) -> str:
    n = len(s.out_shape)
    a, b = s.axis("dim0", n), s.axis("dim1", n)
    if a == b:
        return s.arg(0)
    if n == 2:
        return s.op("transpose", s.arg(0))
    axes = list(range(n))
    axes[a], axes[b] = b, a
    return s.op("permute", s.arg(0), s.numbers(axes, "axes"))


def _reshape(s: Step) -> str:
    """view, reshape, squeeze, unsqueeze: the same numbers in the output's shape."""
    x = s.arg(0)
    if tuple(_shape(s.value(x))) == s.out_shape:
        return x
    return s.op("reshape", x, s.numbers(s.out_shape, "shape"))


def _over(s: Step, op: str) -> str:
    """A sum or mean over some axes (``x.sum(dim=1)``); kept axes are dropped as PyTorch's keepdim says."""
    x = s.arg(0)
    n = len(_shape(s.value(x)))
    dims = s.attr("dim")
    axes = sorted({s.axis(d, n) for d in (dims if isinstance(dims, tuple) else (dims,))} or range(n))
    node = s.op(op, x, s.numbers(axes, "axes"))
    if tuple(_shape(s.value(node))) == s.out_shape:
        return node
    return s.op("reshape", node, s.numbers(s.out_shape, "shape"))


def _last_axis(s: Step, op: str) -> str:
    """softmax and log_softmax, which ours take over the last axis."""
    n = len(s.out_shape)
    if n and s.axis("dim", n) != n - 1:
        s.refuse(
            f"{op} over dim {s.axis('dim', n)} of a {n}-D tensor: only the last dimension (dim=-1) is supported"
        )
    return s.op(op, s.arg(0))


_REDUCTIONS = {1: "mean", 2: "sum"}


def _loss(s: Step, op: str) -> str:
    """MSELoss, BCELoss, BCEWithLogitsLoss: prediction and target of one shape, reduced by the mean or sum."""
    for weight in ("weight", "pos_weight"):
        if s.attr(weight) is not None:
            s.refuse(f"a loss with {weight}= is not supported; leave it out")
    prediction, target = s.arg(0), s.arg(1)
    shapes = _shape(s.value(prediction)), _shape(s.value(target))
    if shapes[0] != shapes[1]:
        s.refuse(
            f"the prediction has shape {shapes[0]} and the target {shapes[1]}; PyTorch broadcasts them "
            "(and warns): give the target the prediction's shape"
        )
    return _reduced(s, s.op(op, prediction, target), _size(shapes[0]))


def _reduced(s: Step, mean: str, count: int) -> str:
    """The loss as PyTorch's reduction asks: our losses are means; a sum is the mean times the count."""
    reduction = _REDUCTIONS.get(s.attr("reduction"))
    if reduction is None:
        s.refuse("reduction='none' leaves one loss per element; reduce them (mean or sum) to differentiate")
    return mean if reduction == "mean" else s.scale(mean, count)


def _nll(s: Step) -> str:
    """NLLLoss of log-probabilities (after log_softmax: CrossEntropyLoss) and class indices."""
    if s.attr("weight") is not None:
        s.refuse("NLLLoss with weight= is not supported; leave it out")
    logp = s.arg(0)
    shape = _shape(s.value(logp))
    if len(shape) > 2:
        s.refuse(f"log-probabilities of shape {shape}: one sample (C) or a batch (N, C) is supported")
    target = s.arg(1)  # the class indices, from `extra`
    if np.any(np.asarray(s.value(target)) == s.attr("ignore_index")):
        s.refuse("a target equals ignore_index; ignored samples are not supported")
    return _reduced(s, s.op("nll_logp", logp, target), shape[0] if len(shape) == 2 else 1)


def _shape(value: Any) -> tuple[int, ...]:
    return tuple(getattr(value, "shape", ()))


def _size(shape: tuple[int, ...]) -> int:
    count = 1
    for n in shape:
        count *= n
    return count


def _unary(op: str) -> Rule:
    return Rule(("",), lambda s: s.op(op, s.arg(0)))


_COPY = Rule(("",), lambda s: s.arg(0))  # clone, a dtype cast: the same numbers (ours are float64)
_RESHAPE = Rule(("",), _reshape)


def _matmul(*saves: str) -> Rule:
    return Rule(saves, lambda s: s.op("matmul", s.arg(0), s.arg(1)))


# --- the table ------------------------------------------------------------------------------------

RULES: dict[str, Rule] = {
    # arithmetic
    "AddBackward0": Rule(("", ""), lambda s: _sum(s, "add")),
    "SubBackward0": Rule(("", ""), lambda s: _sum(s, "sub")),
    "RsubBackward1": Rule(("",), _rsub),
    "MulBackward0": Rule(("self", "other"), lambda s: s.op("mul", s.arg(0), s.arg(1))),
    "MulBackward1": Rule(("self",), lambda s: s.op("mul", s.arg(0), s.number(s.attr("other")))),
    "DivBackward0": Rule(("self", "other"), lambda s: s.op("div", s.arg(0), s.arg(1))),
    "DivBackward1": Rule(("self",), lambda s: s.op("div", s.arg(0), s.number(s.attr("other")))),
    "NegBackward0": _unary("neg"),
    "PowBackward0": Rule(("self",), lambda s: s.op("pow", s.arg(0), s.number(s.attr("exponent")))),
    "PowBackward1": Rule(("self", "exponent"), lambda s: s.op("pow", s.arg(0), s.arg(1))),
    "PowBackward2": Rule(("exponent",), lambda s: s.op("pow", s.number(s.attr("self")), s.arg(0))),
    # functions of each element
    "ExpBackward0": _unary("exp"),
    "LogBackward0": _unary("log"),
    "SqrtBackward0": _unary("sqrt"),
    "SinBackward0": _unary("sin"),
    "CosBackward0": _unary("cos"),
    "TanBackward0": _unary("tan"),
    "AtanBackward0": _unary("arctan"),
    "TanhBackward0": _unary("tanh"),
    "SigmoidBackward0": _unary("sigmoid"),
    "ReluBackward0": _unary("relu"),
    "SoftplusBackward0": Rule(("",), _softplus),
    "AbsBackward0": _unary("abs"),
    # matrices: nn.Linear is addmm (a batch) or view, addmm, view (one sample), with t(W)
    "AddmmBackward0": Rule(("", "mat1", "mat2"), _addmm),
    "MmBackward0": _matmul("self", "mat2"),
    "MvBackward0": _matmul("self", "vec"),
    "DotBackward0": _matmul("self", "tensor"),
    "BmmBackward0": _matmul("self", "mat2"),
    "TBackward0": Rule(("",), lambda s: s.op("transpose", s.arg(0)) if len(s.out_shape) == 2 else s.arg(0)),
    "TransposeBackward0": Rule(("",), _transpose),
    "PermuteBackward0": Rule(("",), lambda s: s.op("permute", s.arg(0), s.numbers(s.attr("dims"), "axes"))),
    # shapes
    "ViewBackward0": _RESHAPE,
    "ReshapeAliasBackward0": _RESHAPE,
    "UnsafeViewBackward0": _RESHAPE,
    "UnsqueezeBackward0": _RESHAPE,
    "SqueezeBackward0": _RESHAPE,
    "SqueezeBackward1": _RESHAPE,
    "SqueezeBackward2": _RESHAPE,
    "ExpandBackward0": Rule(("",), lambda s: s.op("expand", s.arg(0), s.numbers(s.out_shape, "shape"))),
    "CloneBackward0": _COPY,
    "ToCopyBackward0": _COPY,
    "AliasBackward0": _COPY,
    # reductions
    "SumBackward0": _unary("sum"),
    "SumBackward1": Rule(("",), lambda s: _over(s, "sum_over")),
    "MeanBackward0": _unary("mean"),
    "MeanBackward1": Rule(("",), lambda s: _over(s, "mean_over")),
    "SoftmaxBackward0": Rule(("",), lambda s: _last_axis(s, "softmax")),
    "LogSoftmaxBackward0": Rule(("",), lambda s: _last_axis(s, "log_softmax")),
    # losses
    "MseLossBackward0": Rule(("self", "target"), lambda s: _loss(s, "mse")),
    "BinaryCrossEntropyBackward0": Rule(("self", "target"), lambda s: _loss(s, "bce")),
    "BinaryCrossEntropyWithLogitsBackward0": Rule(("self", "target"), lambda s: _loss(s, "bce_logits")),
    "NllLossBackward0": Rule(("self",), _nll, extra=("target",)),
}

SUPPORTED = tuple(sorted(RULES))
"""The autograd nodes we read, in the order messages list them."""
