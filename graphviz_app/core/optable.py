"""The op table: one declarative entry per op.

Each entry says how the op computes its output (``forward``), how the gradient
flows back to each argument (one VJP per argument), which symbol the canvas
draws, and the formula of each local derivative for captions.

Reading a rule: ``lambda F, g, y, a, b: g * b`` is "∂L/∂a = upstream g times
∂(a·b)/∂a = b". ``y`` is the op's own output value, handy when the derivative
is easiest to say in terms of it (σ′ = σ(1−σ), (eˣ)′ = eˣ). ``F`` is the
namespace of functions (:mod:`graphviz_app.core.functions`); the rules use
nothing else, which is what lets them be re-run symbolically later.

Conventions:

- ``relu`` has derivative 0 at exactly 0 (a valid subgradient, as PyTorch uses).
- ``mse`` is the mean of squared errors over all elements, as PyTorch's MSELoss.
- ``half_se`` is Σ ½(ŷ−y)² over the outputs of a sample, averaged over a batch,
  as in the textbook derivations (E_total = Σ ½(target − out)²).
- ``bce`` is the mean binary cross-entropy with log clamped at −100, as PyTorch's
  BCELoss; ``cross_entropy`` takes logits and class indices, as PyTorch's
  CrossEntropyLoss, averaged over a batch.
"""

from __future__ import annotations

from graphviz_app.core import functions as F
from graphviz_app.core.ops import REGISTRY, OpSpec, register

__all__ = ["BINARY", "ELEMENTWISE_UNARY", "LOSSES", "REGISTRY", "F"]


def _op(name, arity, forward, vjps, symbol, derivatives, fault="the result is not a finite number"):
    return register(OpSpec(name, arity, forward, tuple(vjps), symbol, tuple(derivatives), fault))


# --- arithmetic ---------------------------------------------------------------

_op(
    "add",
    2,
    lambda a, b: a + b,
    [lambda F, g, y, a, b: F.unbroadcast_like(g, a), lambda F, g, y, a, b: F.unbroadcast_like(g, b)],
    "+",
    ["1", "1"],
)
_op(
    "sub",
    2,
    lambda a, b: a - b,
    [lambda F, g, y, a, b: F.unbroadcast_like(g, a), lambda F, g, y, a, b: F.unbroadcast_like(-g, b)],
    "−",
    ["1", "−1"],
)
_op(
    "mul",
    2,
    lambda a, b: a * b,
    [lambda F, g, y, a, b: F.unbroadcast_like(g * b, a), lambda F, g, y, a, b: F.unbroadcast_like(g * a, b)],
    "×",
    ["b", "a"],
)
_op(
    "div",
    2,
    lambda a, b: a / b,
    [
        lambda F, g, y, a, b: F.unbroadcast_like(g / b, a),
        lambda F, g, y, a, b: F.unbroadcast_like(-g * a / (b * b), b),
    ],
    "÷",
    ["1/b", "−a/b²"],
    fault="division by zero",
)
_op("neg", 1, lambda a: -a, [lambda F, g, y, a: -g], "−", ["−1"])
_op(
    "pow",
    2,
    lambda a, b: F.power(a, b),
    [
        lambda F, g, y, a, b: F.unbroadcast_like(g * b * F.power(a, b - 1), a),
        lambda F, g, y, a, b: F.unbroadcast_like(g * y * F.log(a), b),
    ],
    "^",
    ["b·aᵇ⁻¹", "aᵇ·ln(a)"],
    fault="a power of a negative or zero base that is not a real number (or too large)",
)

# --- elementwise functions ---------------------------------------------------------

_op(
    "exp",
    1,
    F.exp,
    [lambda F, g, y, x: g * y],
    "exp",
    ["eˣ"],
    fault="overflow: e to a large power is bigger than the largest float",
)
_op(
    "log",
    1,
    F.log,
    [lambda F, g, y, x: g / x],
    "log",
    ["1/x"],
    fault="log is only defined for positive numbers (log 0 = −∞)",
)
_op(
    "sqrt",
    1,
    F.sqrt,
    [lambda F, g, y, x: g / (2 * y)],
    "√",
    ["1/(2√x)"],
    fault="square root of a negative number (or slope of √ at 0)",
)
_op("sin", 1, F.sin, [lambda F, g, y, x: g * F.cos(x)], "sin", ["cos(x)"])
_op("cos", 1, F.cos, [lambda F, g, y, x: -g * F.sin(x)], "cos", ["−sin(x)"])
_op("tan", 1, F.tan, [lambda F, g, y, x: g * (1 + y * y)], "tan", ["1 + tan²(x)"])
_op("tanh", 1, F.tanh, [lambda F, g, y, x: g * (1 - y * y)], "tanh", ["1 − tanh²(x)"])
_op("sigmoid", 1, F.sigmoid, [lambda F, g, y, x: g * y * (1 - y)], "σ", ["σ(z)(1−σ(z))"])
_op("relu", 1, F.relu, [lambda F, g, y, x: g * F.step(x)], "ReLU", ["1 if x > 0 else 0"])
_op("softplus", 1, F.softplus, [lambda F, g, y, x: g * F.sigmoid(x)], "softplus", ["σ(x)"])
_op("abs", 1, F.abs, [lambda F, g, y, x: g * F.sign(x)], "|·|", ["sign(x)"])
_op("identity", 1, lambda x: x, [lambda F, g, y, x: g], "id", ["1"])

# --- tensors -------------------------------------------------------------------

_op(
    "matmul",
    2,
    F.matmul,
    [lambda F, g, y, a, b: F.matmul_grad_left(g, a, b), lambda F, g, y, a, b: F.matmul_grad_right(g, a, b)],
    "@",
    ["∂(W·a)/∂W: upstream ⊗ aᵀ", "∂(W·a)/∂a: Wᵀ · upstream"],
)
_op("sum", 1, F.sum, [lambda F, g, y, x: F.broadcast_like(g, x)], "Σ", ["1 for every element"])
_op("mean", 1, F.mean, [lambda F, g, y, x: F.broadcast_like(g, x) / F.size(x)], "mean", ["1/n"])
_op(
    "softmax",
    1,
    F.softmax,
    [lambda F, g, y, x: y * (g - F.sum(g * y, axis=-1, keepdims=True))],
    "softmax",
    ["diag(s) − s sᵀ"],
)
_op(
    "log_softmax",
    1,
    F.log_softmax,
    [lambda F, g, y, x: g - F.softmax(x) * F.sum(g, axis=-1, keepdims=True)],
    "log softmax",
    ["I − 1 sᵀ"],
)

# --- losses (prediction first, target second) ---------------------------------------

_op(
    "mse",
    2,
    lambda p, t: F.mean((p - t) * (p - t)),
    [lambda F, g, y, p, t: g * 2 * (p - t) / F.size(p), lambda F, g, y, p, t: -g * 2 * (p - t) / F.size(p)],
    "MSE",
    ["2(ŷ−y)/n", "−2(ŷ−y)/n"],
)
_op(
    "half_se",
    2,
    lambda p, t: F.sum(0.5 * (p - t) * (p - t)) / F.batch_size(p),
    [
        lambda F, g, y, p, t: g * (p - t) / F.batch_size(p),
        lambda F, g, y, p, t: -g * (p - t) / F.batch_size(p),
    ],
    "½(ŷ−y)²",
    ["ŷ − y", "−(ŷ − y)"],
)
_op(
    "bce",
    2,
    lambda p, t: F.mean(-(t * F.clamped_log(p) + (1 - t) * F.clamped_log(1 - p))),
    [
        lambda F, g, y, p, t: g * (p - t) / (p * (1 - p)) / F.size(p),
        lambda F, g, y, p, t: g * (F.clamped_log(1 - p) - F.clamped_log(p)) / F.size(p),
    ],
    "BCE",
    ["(ŷ−y) / (ŷ(1−ŷ))", "log(1−ŷ) − log(ŷ)"],
    fault="binary cross-entropy of a prediction outside (0, 1)",
)
_op(
    "cross_entropy",
    2,
    lambda z, k: -F.sum(F.log_softmax(z) * F.one_hot(k, z)) / F.batch_size(z),
    [lambda F, g, y, z, k: g * (F.softmax(z) - F.one_hot(k, z)) / F.batch_size(z), None],
    "CE",
    ["softmax(z) − onehot(k)", "(class index: no derivative)"],
)

ELEMENTWISE_UNARY = (
    "exp",
    "log",
    "sqrt",
    "sin",
    "cos",
    "tan",
    "tanh",
    "sigmoid",
    "relu",
    "softplus",
    "abs",
    "neg",
    "identity",
)
BINARY = ("add", "sub", "mul", "div", "pow")
LOSSES = ("mse", "half_se", "bce", "cross_entropy")

# --- added for the network builder ----------------------------------------------------
# ``transpose`` lets the layer view of a batch say z = X @ Wᵀ + b, PyTorch's nn.Linear,
# while W keeps the out × in layout. ``nll`` is the cross-entropy of a softmax output:
# −log p[k] for probabilities p (not log-probabilities, unlike PyTorch's NLLLoss) and a
# class index k, averaged over a batch. Its derivative is 0 for every p[j] with j ≠ k,
# which is what the neuron view's −Σ y_j·log p_j says too.

_op("transpose", 1, F.transpose, [lambda F, g, y, x: F.transpose(g)], "ᵀ", ["transpose of upstream"])
_op(
    "nll",
    2,
    lambda p, k: -F.sum(F.log(p) * F.one_hot(k, p)) / F.batch_size(p),
    [lambda F, g, y, p, k: -g * F.one_hot(k, p) / (p * F.batch_size(p)), None],
    "−log p",
    ["−1/p[k] at the class k, 0 elsewhere", "(class index: no derivative)"],
    fault="log of a zero probability",
)
LOSSES = (*LOSSES, "nll")
