"""The op table: one declarative entry per op, the one place that knows an op.

Each entry says how the op computes its output (``forward``), how the gradient
flows back to each argument (one VJP per argument), which symbol the canvas
draws, how captions write it (``notation``) and its local derivatives
(``derivatives``, templates filled by :mod:`graphviz_app.session.prose.notation`), its
``kind``, and whether the expression language may call it by name. Every list of
op names in the app (the language's functions, the network's activations and
losses…) is read off this table, so adding an op is adding an entry here.

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
from graphviz_app.core.ops import (
    ADD,
    ARITHMETIC,
    ELEMENTWISE,
    LOOSE,
    LOSS,
    MUL,
    NEG,
    POW,
    REGISTRY,
    TENSOR,
    Notation,
    OpSpec,
    names,
    register,
)

__all__ = [
    "ACTIVATIONS",
    "BINARY",
    "ELEMENTWISE_UNARY",
    "FUNCTIONS",
    "LOSSES",
    "NETWORK_LOSSES",
    "REGISTRY",
    "F",
]

N = Notation  # a template and how tightly it binds
ONE = N("1")
MINUS_ONE = N("−1", NEG)


def op(
    *,
    name,
    kind,
    forward,
    vjps,
    symbol,
    notation,
    derivatives,
    params,
    fault="the result is not a finite number",
    in_language=False,
    activation=False,
    loss_name=None,
    named_jacobian=False,
):
    """Register one op; every argument by keyword so an entry reads like a record."""
    return register(
        OpSpec(
            name=name,
            arity=len(params),
            forward=forward,
            vjps=tuple(vjps),
            symbol=symbol,
            derivatives=tuple(derivatives),
            fault=fault,
            kind=kind,
            notation=notation,
            params=tuple(params),
            in_language=in_language,
            activation=activation,
            loss_name=loss_name,
            named_jacobian=named_jacobian,
        )
    )


def function(*, name, forward, vjp, derivative, symbol=None, param="x", **more):
    """An elementwise function of one number, written ``symbol(x)``."""
    symbol = symbol or name
    return op(
        name=name,
        kind=ELEMENTWISE,
        forward=forward,
        vjps=[vjp],
        symbol=symbol,
        notation=N(f"{symbol}({{{param}}})"),
        derivatives=[derivative],
        params=[param],
        **more,
    )


# --- arithmetic ---------------------------------------------------------------

op(
    name="add",
    kind=ARITHMETIC,
    forward=lambda a, b: a + b,
    vjps=[lambda F, g, y, a, b: F.unbroadcast_like(g, a), lambda F, g, y, a, b: F.unbroadcast_like(g, b)],
    symbol="+",
    notation=N("{a@add} + {b@add}", ADD),
    derivatives=[ONE, ONE],
    params=["a", "b"],
)
op(
    name="sub",
    kind=ARITHMETIC,
    forward=lambda a, b: a - b,
    vjps=[lambda F, g, y, a, b: F.unbroadcast_like(g, a), lambda F, g, y, a, b: F.unbroadcast_like(-g, b)],
    symbol="−",
    notation=N("{a@add} − {b@mul}", ADD),
    derivatives=[ONE, MINUS_ONE],
    params=["a", "b"],
)
op(
    name="mul",
    kind=ARITHMETIC,
    forward=lambda a, b: a * b,
    vjps=[
        lambda F, g, y, a, b: F.unbroadcast_like(g * b, a),
        lambda F, g, y, a, b: F.unbroadcast_like(g * a, b),
    ],
    symbol="×",
    notation=N("{a@mul}×{b@mul}", MUL),
    derivatives=[N("{b}"), N("{a}")],
    params=["a", "b"],
)
op(
    name="div",
    kind=ARITHMETIC,
    forward=lambda a, b: a / b,
    vjps=[
        lambda F, g, y, a, b: F.unbroadcast_like(g / b, a),
        lambda F, g, y, a, b: F.unbroadcast_like(-g * a / (b * b), b),
    ],
    symbol="÷",
    notation=N("{a@mul}/{b@pow}", MUL),
    derivatives=[N("1/{b@pow}", MUL), N("−{a@pow}/{b^2}", NEG)],
    params=["a", "b"],
    fault="division by zero",
)
op(
    name="neg",
    kind=ARITHMETIC,
    forward=lambda a: -a,
    vjps=[lambda F, g, y, a: -g],
    symbol="−",
    notation=N("−{a@pow}", NEG),
    derivatives=[MINUS_ONE],
    params=["a"],
)
op(
    name="pow",
    kind=ARITHMETIC,
    forward=lambda a, b: F.power(a, b),
    vjps=[
        lambda F, g, y, a, b: F.unbroadcast_like(g * b * F.power(a, b - 1), a),
        lambda F, g, y, a, b: F.unbroadcast_like(g * y * F.log(a), b),
    ],
    symbol="^",
    notation=N("{a^b}", POW),
    derivatives=[N("{b@mul}×{a^b-1}", MUL), N("{a^b}×ln({a})", MUL)],
    params=["a", "b"],
    fault="a power of a negative or zero base that is not a real number (or too large)",
)

# --- elementwise functions ---------------------------------------------------------
# The network lists its activations in table order: identity, sigmoid, tanh, relu, softplus.

function(
    name="identity",
    forward=lambda x: x,
    vjp=lambda F, g, y, x: g,
    derivative=ONE,
    symbol="id",
    activation=True,
)
function(
    name="exp",
    forward=F.exp,
    vjp=lambda F, g, y, x: g * y,
    derivative=N("exp({x})"),
    in_language=True,
    fault="overflow: e to a large power is bigger than the largest float",
)
function(
    name="log",
    forward=F.log,
    vjp=lambda F, g, y, x: g / x,
    derivative=N("1/{x@pow}", MUL),
    in_language=True,
    fault="log is only defined for positive numbers (log 0 = −∞)",
)
op(
    name="sqrt",
    kind=ELEMENTWISE,
    forward=F.sqrt,
    vjps=[lambda F, g, y, x: g / (2 * y)],
    symbol="√",
    notation=N("√{x@atom}", POW),
    derivatives=[N("1/(2√{x@atom})", MUL)],
    params=["x"],
    in_language=True,
    fault="square root of a negative number (or slope of √ at 0)",
)
function(
    name="sin", forward=F.sin, vjp=lambda F, g, y, x: g * F.cos(x), derivative=N("cos({x})"), in_language=True
)
function(
    name="cos",
    forward=F.cos,
    vjp=lambda F, g, y, x: -g * F.sin(x),
    derivative=N("−sin({x})", NEG),
    in_language=True,
)
function(
    name="tan",
    forward=F.tan,
    vjp=lambda F, g, y, x: g * (1 + y * y),
    derivative=N("1 + tan²({x})", ADD),
    in_language=True,
)
function(
    name="arctan",
    forward=F.elementwise("arctan", "atan"),
    vjp=lambda F, g, y, x: g / (1 + x * x),
    derivative=N("1/(1 + {x^2})", MUL),
    in_language=True,
)
function(
    name="sigmoid",
    forward=F.sigmoid,
    vjp=lambda F, g, y, z: g * y * (1 - y),
    derivative=N("σ({z})×(1 − σ({z}))", MUL),
    symbol="σ",
    param="z",
    in_language=True,
    activation=True,
)
function(
    name="tanh",
    forward=F.tanh,
    vjp=lambda F, g, y, x: g * (1 - y * y),
    derivative=N("1 − tanh²({x})", ADD),
    in_language=True,
    activation=True,
)
function(
    name="relu",
    forward=F.relu,
    vjp=lambda F, g, y, x: g * F.step(x),
    derivative=N("1 if {x} > 0 else 0", LOOSE),
    symbol="ReLU",
    in_language=True,
    activation=True,
)
function(
    name="softplus",
    forward=F.softplus,
    vjp=lambda F, g, y, x: g * F.sigmoid(x),
    derivative=N("σ({x})"),
    in_language=True,
    activation=True,
)
op(
    name="abs",
    kind=ELEMENTWISE,
    forward=F.abs,
    vjps=[lambda F, g, y, x: g * F.sign(x)],
    symbol="|·|",
    notation=N("|{x}|"),
    derivatives=[N("sign({x})")],
    params=["x"],
    in_language=True,
)

# The derivatives of relu and abs, and bce's log clamped at −100 (as PyTorch's BCELoss),
# as ops of their own, so that the backward pass of a graph can itself be a graph
# (:mod:`graphviz_app.core.backward_graph`). step and sign are flat but at 0, where
# their derivative is taken to be 0, as PyTorch does.
function(name="step", forward=F.step, vjp=lambda F, g, y, x: F.zeros_like(x), derivative=N("0"))
function(name="sign", forward=F.sign, vjp=lambda F, g, y, x: F.zeros_like(x), derivative=N("0"))
function(
    name="clamped_log",
    forward=F.clamped_log,
    vjp=lambda F, g, y, x: g * F.step(y + 100) / x,
    derivative=N("1/{x@pow}", MUL),
    symbol="log",
    fault="log of a negative number",
)

# --- tensors -------------------------------------------------------------------
# Rules said of whole arrays name the upstream gradient {g}.

op(
    name="matmul",
    kind=TENSOR,
    forward=F.matmul,
    vjps=[
        lambda F, g, y, a, b: F.matmul_grad_left(g, a, b),
        lambda F, g, y, a, b: F.matmul_grad_right(g, a, b),
    ],
    symbol="@",
    notation=N("{W@mul}·{a@pow}", MUL),
    derivatives=[N("{g} · {a@atom}ᵀ", MUL), N("{W@atom}ᵀ · {g}", MUL)],
    params=["W", "a"],
)
op(
    name="sum",
    kind=TENSOR,
    forward=F.sum,
    vjps=[lambda F, g, y, x: F.broadcast_like(g, x)],
    symbol="Σ",
    notation=N("Σ({x})"),
    derivatives=[N("1 for every element", LOOSE)],
    params=["x"],
)
op(
    name="mean",
    kind=TENSOR,
    forward=F.mean,
    vjps=[lambda F, g, y, x: F.broadcast_like(g, x) / F.size(x)],
    symbol="mean",
    notation=N("mean({x})"),
    derivatives=[N("1/{#x}", MUL)],
    params=["x"],
)
# The means of a normalisation layer: LayerNorm averages each sample over its features,
# BatchNorm each feature over the samples of the batch. Both keep the averaged axis (of
# length 1), so that ``a − μ`` broadcasts and its backward rule sums the copies back.
op(
    name="feature_mean",
    kind=TENSOR,
    forward=F.feature_mean,
    vjps=[lambda F, g, y, x: F.broadcast_like(g, x) / F.features(x)],
    symbol="mean",
    notation=N("mean({x}) per sample"),
    derivatives=[N("1/n to each of the n features of the sample", LOOSE)],
    params=["x"],
)
op(
    name="batch_mean",
    kind=TENSOR,
    forward=F.batch_mean,
    vjps=[lambda F, g, y, x: F.broadcast_like(g, x) / F.samples(x)],
    symbol="mean",
    notation=N("mean({x}) per feature"),
    derivatives=[N("1/n to each of the n samples of the feature", LOOSE)],
    params=["x"],
)
op(
    name="softmax",
    kind=TENSOR,
    forward=F.softmax,
    vjps=[lambda F, g, y, x: y * (g - F.sum(g * y, axis=-1, keepdims=True))],
    symbol="softmax",
    notation=N("softmax({x})"),
    derivatives=[N("diag(s) − s sᵀ", ADD)],
    params=["x"],
    activation=True,
    named_jacobian=True,
)
op(
    name="log_softmax",
    kind=TENSOR,
    forward=F.log_softmax,
    vjps=[lambda F, g, y, x: g - F.softmax(x) * F.sum(g, axis=-1, keepdims=True)],
    symbol="log softmax",
    notation=N("log softmax({x})"),
    derivatives=[N("I − 1 sᵀ", ADD)],
    params=["x"],
    named_jacobian=True,
)
# ``transpose`` lets the layer view of a batch say z = X @ Wᵀ + b, PyTorch's nn.Linear,
# while W keeps the out × in layout.
op(
    name="transpose",
    kind=TENSOR,
    forward=F.transpose,
    vjps=[lambda F, g, y, x: F.transpose(g)],
    symbol="ᵀ",
    notation=N("{x@atom}ᵀ", POW),
    derivatives=[N("{g}, transposed", LOOSE)],
    params=["x"],
)

# PyTorch's shape ops and reductions over some axes, for graphs read from PyTorch
# (:mod:`graphviz_app.builders.torch_graph`). The second argument is a constant listing
# whole numbers: the new shape, or the axes.
SHAPE = N("(a shape or axes: no derivative)", LOOSE)
op(
    name="reshape",
    kind=TENSOR,
    forward=F.reshape,
    vjps=[lambda F, g, y, x, s: F.reshape_like(g, x), None],
    symbol="view",
    notation=N("view({x}, {shape})"),
    derivatives=[N("{g}, in the shape of x", LOOSE), SHAPE],
    params=["x", "shape"],
)
op(
    name="expand",
    kind=TENSOR,
    forward=F.expand,
    vjps=[lambda F, g, y, x, s: F.unbroadcast_like(g, x), None],
    symbol="expand",
    notation=N("expand({x}, {shape})"),
    derivatives=[N("{g}, summed over the copies", LOOSE), SHAPE],
    params=["x", "shape"],
)
op(
    name="permute",
    kind=TENSOR,
    forward=F.permute,
    vjps=[lambda F, g, y, x, a: F.unpermute(g, a), None],
    symbol="permute",
    notation=N("permute({x}, {axes})"),
    derivatives=[N("{g}, its axes put back", LOOSE), SHAPE],
    params=["x", "axes"],
)
op(
    name="sum_over",
    kind=TENSOR,
    forward=F.sum_over,
    vjps=[lambda F, g, y, x, a: F.broadcast_like(g, x), None],
    symbol="Σ",
    notation=N("Σ({x}) over {axes}"),
    derivatives=[N("1 for every element", LOOSE), SHAPE],
    params=["x", "axes"],
)
op(
    name="mean_over",
    kind=TENSOR,
    forward=F.mean_over,
    vjps=[lambda F, g, y, x, a: F.broadcast_like(g, x) * F.size(y) / F.size(x), None],
    symbol="mean",
    notation=N("mean({x}) over {axes}"),
    derivatives=[N("1/n for each of the n elements averaged", LOOSE), SHAPE],
    params=["x", "axes"],
)

# --- losses (prediction first, target second) ---------------------------------------

op(
    name="mse",
    kind=LOSS,
    forward=lambda p, t: F.mean((p - t) * (p - t)),
    vjps=[
        lambda F, g, y, p, t: g * 2 * (p - t) / F.size(p),
        lambda F, g, y, p, t: -g * 2 * (p - t) / F.size(p),
    ],
    symbol="MSE",
    notation=N("MSE({ŷ}, {y})"),
    derivatives=[N("2×({ŷ} − {y@mul})/{#ŷ}", MUL), N("−2×({ŷ} − {y@mul})/{#ŷ}", NEG)],
    params=["ŷ", "y"],
    loss_name="mse",
)
op(
    name="half_se",
    kind=LOSS,
    forward=lambda p, t: F.sum(0.5 * (p - t) * (p - t)) / F.batch_size(p),
    vjps=[
        lambda F, g, y, p, t: g * (p - t) / F.batch_size(p),
        lambda F, g, y, p, t: -g * (p - t) / F.batch_size(p),
    ],
    symbol="½(ŷ−y)²",
    notation=N("½Σ({ŷ} − {y@mul})²"),
    derivatives=[N("{ŷ} − {y@mul}", ADD), N("−({ŷ} − {y@mul})", NEG)],
    params=["ŷ", "y"],
    loss_name="half_mse",
)
op(
    name="bce",
    kind=LOSS,
    forward=lambda p, t: F.mean(-(t * F.clamped_log(p) + (1 - t) * F.clamped_log(1 - p))),
    vjps=[
        lambda F, g, y, p, t: g * (p - t) / (p * (1 - p)) / F.size(p),
        lambda F, g, y, p, t: g * (F.clamped_log(1 - p) - F.clamped_log(p)) / F.size(p),
    ],
    symbol="BCE",
    notation=N("BCE({ŷ}, {y})"),
    derivatives=[N("({ŷ} − {y@mul})/({ŷ}×(1 − {ŷ@mul}))", MUL), N("log(1 − {ŷ@mul}) − log({ŷ})", ADD)],
    params=["ŷ", "y"],
    fault="binary cross-entropy of a prediction outside (0, 1)",
    loss_name="bce",
)
op(
    name="cross_entropy",
    kind=LOSS,
    forward=lambda z, k: -F.sum(F.log_softmax(z) * F.one_hot(k, z)) / F.batch_size(z),
    vjps=[lambda F, g, y, z, k: g * (F.softmax(z) - F.one_hot(k, z)) / F.batch_size(z), None],
    symbol="CE",
    notation=N("CE({z}, {k})"),
    derivatives=[N("softmax(z) − onehot(k)", ADD), N("(class index: no derivative)", LOOSE)],
    params=["z", "k"],
    loss_name="cross_entropy",
)
# ``nll`` is the cross-entropy of a softmax output: −log p[k] for probabilities p (not
# log-probabilities, unlike PyTorch's NLLLoss) and a class index k, averaged over a
# batch. Its derivative is 0 for every p[j] with j ≠ k, which is what the neuron view's
# −Σ y_j·log p_j says too. A network spec asks for it as ``cross_entropy`` after a softmax.
op(
    name="nll",
    kind=LOSS,
    forward=lambda p, k: -F.sum(F.log(p) * F.one_hot(k, p)) / F.batch_size(p),
    vjps=[lambda F, g, y, p, k: -g * F.one_hot(k, p) / (p * F.batch_size(p)), None],
    symbol="−log p",
    notation=N("−log {p@atom}[{k}]", NEG),
    derivatives=[N("−1/p[k] at the class k, 0 elsewhere", LOOSE), N("(class index: no derivative)", LOOSE)],
    params=["p", "k"],
    fault="log of a zero probability",
)

# PyTorch's BCEWithLogitsLoss: the sigmoid and the binary cross-entropy in one, on logits z:
# softplus(z) − y·z = −[y·log σ(z) + (1 − y)·log(1 − σ(z))], the mean over all elements.
op(
    name="bce_logits",
    kind=LOSS,
    forward=lambda z, t: F.mean(F.softplus(z) - z * t),
    vjps=[
        lambda F, g, y, z, t: g * (F.sigmoid(z) - t) / F.size(z),
        lambda F, g, y, z, t: -g * z / F.size(z),
    ],
    symbol="BCE(logits)",
    notation=N("BCE(σ({z}), {y})"),
    derivatives=[N("(σ({z}) − {y@mul})/{#z}", MUL), N("−{z@mul}/{#z}", NEG)],
    params=["z", "y"],
)
# PyTorch's NLLLoss: −log-probability of the class k, for log-probabilities (the output of
# log_softmax), averaged over a batch. With log_softmax before it, this is CrossEntropyLoss.
op(
    name="nll_logp",
    kind=LOSS,
    forward=lambda lp, k: -F.sum(lp * F.one_hot(k, lp)) / F.batch_size(lp),
    vjps=[lambda F, g, y, lp, k: -g * F.one_hot(k, lp) / F.batch_size(lp), None],
    symbol="NLL",
    notation=N("−{logp@atom}[{k}]", NEG),
    derivatives=[N("−1 at the class k, 0 elsewhere", LOOSE), N("(class index: no derivative)", LOOSE)],
    params=["logp", "k"],
)

# --- the lists of names, read off the table ---------------------------------------------

ELEMENTWISE_UNARY = names(where=lambda spec: spec.elementwise)
"""Ops of one argument applied to each element (their Jacobian is diagonal)."""
BINARY = names(kind=ARITHMETIC, where=lambda spec: spec.arity == 2)
"""The infix operators + − × ÷ ^."""
LOSSES = names(kind=LOSS)
"""Loss ops (captions call their output L)."""
FUNCTIONS = names(where=lambda spec: spec.in_language)
"""The functions of the expression language; each is the op of the same name."""
ACTIVATIONS = names(where=lambda spec: spec.activation)
"""What a network layer may use as its activation, in the order forms list them."""
NETWORK_LOSSES = {loss_name: name for name in names() if (loss_name := REGISTRY[name].loss_name) is not None}
"""A network spec's loss name -> the op (``cross_entropy`` after a softmax is built with ``nll``)."""
