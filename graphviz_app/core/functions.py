"""The namespace ``F`` of differentiable functions used by the op table.

Forward functions and backward rules (VJPs) in :mod:`graphviz_app.core.optable`
use only arithmetic operators and the functions defined here. This module is the
one place that talks to NumPy for them. A later version of the app can pass a
different namespace with the same names whose functions add nodes to a graph,
and the same rules then build the backward graph itself.

Numerical faults (log of 0, division by zero, overflow) are not errors here:
they produce inf or nan exactly as IEEE arithmetic says, and the evaluator
flags the node. Warnings are silenced by the evaluator, never printed.
"""

from __future__ import annotations

import math

import numpy as np

from graphviz_app.core.ops import get_op as _get_op
from graphviz_app.core.ops import unbroadcast as _unbroadcast

# --- elementwise -----------------------------------------------------------
#
# A scalar graph (an expression, a network's neuron view) carries plain Python
# floats, and a NumPy call on one float costs about a microsecond, twenty times
# Python's ``math`` module. So each function below takes a fast path for a float
# and NumPy's path for everything else (arrays, NumPy scalars, ints).
#
# The fast path must give the same answers as NumPy, including the IEEE ones:
# ``math.log(0.0)`` *raises* where ``np.log(0.0)`` is −∞, and ``math.exp(1000.0)``
# raises where NumPy says ∞. So every math call falls back to NumPy on
# ValueError or OverflowError, which gives −∞, ∞ or nan as before (and the
# evaluator flags the node). Finite results agree with NumPy's to the last bit
# wherever both use the C library (exp, log, sqrt, sin, cos, tan here); a few
# NumPy builds use their own vectorised routines, which may differ in the last
# bit (at most one unit in the last place).


def elementwise(name: str, math_name: str | None = None):
    """A function of one number: ``math.<math_name>`` for a Python float, ``numpy.<name>`` otherwise.

    An op table entry can make its forward function with this, naming NumPy's and
    the math module's spelling (``elementwise("arctan", "atan")``).
    """
    math_fn, numpy_fn = getattr(math, math_name or name), getattr(np, name)

    def fn(x):
        if type(x) is float:
            try:
                return math_fn(x)
            except (ValueError, OverflowError):  # log(0), sqrt(−1), exp(1000), sin(∞): IEEE says ±∞ or nan
                return float(numpy_fn(np.float64(x)))
        return numpy_fn(x)

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = f"{name}(x): math.{math_fn.__name__} for a float (IEEE results kept), else numpy.{name}."
    return fn


exp = elementwise("exp")
log = elementwise("log")
sqrt = elementwise("sqrt")
sin = elementwise("sin")
cos = elementwise("cos")
tan = elementwise("tan")
tanh = elementwise("tanh")
minimum = np.minimum
maximum = np.maximum


def abs(x):
    """|x| (``abs(−0.0)`` is 0.0, as NumPy says)."""
    if type(x) is float:
        return math.fabs(x)
    return np.abs(x)


def sign(x):
    """−1, 0 or 1 (nan for nan; 0.0 for both zeros, as NumPy says)."""
    if type(x) is float:
        return 1.0 if x > 0.0 else -1.0 if x < 0.0 else x if x != x else 0.0  # nan stays nan; ±0 gives 0
    return np.sign(x)


def power(a, b):
    """a to the power b.

    For two floats this is ``math.pow``, C's pow; where that refuses (a negative
    number to a fractional power, 0 to a negative power, overflow) NumPy gives
    the IEEE answer: nan, ∞.
    """
    if type(a) is float and type(b) is float:
        if b == 0.5:
            return sqrt(a)  # NumPy computes x ** 0.5 as √x, which differs from pow at −0 and −∞
        try:
            return math.pow(a, b)
        except (ValueError, OverflowError):
            return float(np.power(np.float64(a), np.float64(b)))
    return np.power(a, b)


def sigmoid(x):
    """σ(x) = 1 / (1 + e^(−x)), computed without overflow for large |x|."""
    if type(x) is float:
        e = math.exp(-math.fabs(x)) if x == x else x  # e ≤ 1: never overflows; nan stays nan
        return 1.0 / (1.0 + e) if x >= 0 else e / (1.0 + e)
    x = np.asarray(x, dtype=float)
    e = np.exp(-np.abs(x))
    out = np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    return out[()] if out.ndim == 0 else out


def zeros_like(x):
    """0 in the shape of ``x``: the derivative of a function that is flat (step, sign)."""
    if type(x) is float or np.ndim(x) == 0:
        return 0.0
    return np.zeros(np.shape(x))


def relu(x):
    """max(x, 0) (nan stays nan, as NumPy's maximum says)."""
    if type(x) is float:
        return x if x > 0.0 or x != x else 0.0
    return np.maximum(x, 0.0)


def step(x):
    """1 where x > 0, else 0: the derivative of relu, with 0 at x = 0 (a subgradient)."""
    if type(x) is float:
        return 1.0 if x > 0.0 else 0.0
    out = (np.asarray(x) > 0).astype(float)
    return out[()] if out.ndim == 0 else out


def softplus(x):
    """log(1 + e^x), computed without overflow: max(x, 0) + log1p(e^(−|x|))."""
    if type(x) is float:
        if x != x:
            return x  # nan
        return relu(x) + math.log1p(math.exp(-math.fabs(x)))
    return np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))


# --- shapes and reductions --------------------------------------------------


def shape(x):
    """The shape of ``x`` (``()`` for a plain number)."""
    return np.shape(x)


def unbroadcast_like(g, x):
    """Sum ``g`` down to the shape of ``x`` (see :func:`ops.unbroadcast`)."""
    if type(x) is float and type(g) is float:
        return g  # two plain numbers: nothing was broadcast
    return _unbroadcast(g, np.shape(x))


def broadcast_like(g, x):
    """Copy ``g`` up to the shape of ``x`` (the backward rule of a sum)."""
    return np.broadcast_to(g, np.shape(x)).astype(float)


def size(x):
    """Number of elements of ``x``."""
    if type(x) is float:
        return 1
    return np.size(x)


def sum(x, axis=None, keepdims=False):
    if type(x) is float and axis is None and not keepdims:
        return 0.0 + x  # the sum of one number (NumPy's sums start at 0.0, so −0.0 gives 0.0)
    return np.sum(x, axis=axis, keepdims=keepdims)


def mean(x):
    if type(x) is float:
        return 0.0 + x  # the mean of one number (−0.0 gives 0.0, as NumPy's)
    return np.mean(x)


def feature_mean(x):
    """The mean of each sample over its features (the last axis), kept as an axis of length 1."""
    return np.mean(x, axis=-1, keepdims=True)


def batch_mean(x):
    """The mean of each feature over the samples of a batch (the first axis), kept as an axis of length 1."""
    return np.mean(x, axis=0, keepdims=True)


def features(x):
    """How many features each sample of ``x`` has (the length of its last axis)."""
    return np.shape(x)[-1]


def samples(x):
    """How many samples a batch ``x`` has (the length of its first axis)."""
    return np.shape(x)[0]


def matmul(a, b):
    return np.matmul(a, b)


# --- PyTorch's shape ops and reductions over some axes ---------------------------
# Their shapes and axes come from a constant argument (a node whose value lists the
# whole numbers), because an op of the table computes from its arguments alone.


def _whole_numbers(v) -> tuple[int, ...]:
    """A constant argument's value (an array of whole numbers) as a tuple of ints."""
    return tuple(int(i) for i in np.ravel(v))


def reshape(x, shape):
    """``x`` with the elements in the same order in ``shape`` (PyTorch's view and reshape)."""
    return np.reshape(np.asarray(x, dtype=float), _whole_numbers(shape))


def reshape_like(g, x):
    """``g`` in the shape of ``x`` (the backward rule of a reshape)."""
    return np.reshape(g, np.shape(x))


def expand(x, shape):
    """``x`` broadcast to ``shape`` (PyTorch's expand), as an array of its own."""
    return np.array(np.broadcast_to(x, _whole_numbers(shape)), dtype=float)


def permute(x, axes):
    """The axes of ``x`` in the order ``axes`` (PyTorch's permute)."""
    return np.transpose(x, _whole_numbers(axes))


def unpermute(g, axes):
    """The axes of ``g`` put back where :func:`permute` took them from."""
    return np.transpose(g, np.argsort(_whole_numbers(axes)))


def sum_over(x, axes):
    """The sum over ``axes``, each kept with length 1."""
    return np.sum(x, axis=_whole_numbers(axes), keepdims=True)


def mean_over(x, axes):
    """The mean over ``axes``, each kept with length 1."""
    return np.mean(x, axis=_whole_numbers(axes), keepdims=True)


def transpose(x):
    return np.swapaxes(x, -1, -2) if np.ndim(x) >= 2 else x


def outer(a, b):
    return np.multiply.outer(a, b)


def matmul_grad_left(g, a, b):
    """∂L/∂a for ``a @ b``, for every mix of vectors and matrices."""
    if np.ndim(b) == 1:
        return outer(g, b) if np.ndim(a) == 2 else g * b
    return matmul(g, transpose(b))


def matmul_grad_right(g, a, b):
    """∂L/∂b for ``a @ b``, for every mix of vectors and matrices."""
    if np.ndim(a) == 1:
        return outer(a, g) if np.ndim(b) == 2 else g * a
    return matmul(transpose(a), g)


def softmax(x):
    """e^x / Σ e^x along the last axis, shifted by the maximum for stability."""
    z = np.asarray(x, dtype=float)
    z = z - np.max(z, axis=-1, keepdims=True)
    e = np.exp(z)
    return e / np.sum(e, axis=-1, keepdims=True)


def log_softmax(x):
    """log(softmax(x)) along the last axis, computed stably."""
    z = np.asarray(x, dtype=float)
    z = z - np.max(z, axis=-1, keepdims=True)
    return z - np.log(np.sum(np.exp(z), axis=-1, keepdims=True))


def clamped_log(x):
    """log(x) clamped below at −100, as PyTorch's BCELoss does, so log(0) stays finite."""
    if type(x) is float:
        if x > 0.0:
            return max(math.log(x), -100.0)
        return -100.0 if x == 0.0 else math.nan  # log 0 = −∞ clamps to −100; a negative x or nan: nan
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.maximum(np.log(x), -100.0)


def one_hot(index, like):
    """A 0/1 array shaped like ``like`` with a 1 at each row's class ``index``."""
    like = np.asarray(like)
    out = np.zeros(like.shape)
    idx = np.asarray(index).astype(int)
    if like.ndim == 1:
        out[int(idx)] = 1.0
    else:
        out[np.arange(like.shape[0]), idx.reshape(-1)] = 1.0
    return out


def batch_size(x):
    """Rows of a batch (a 2-D array); 1 for a single sample."""
    return np.shape(x)[0] if np.ndim(x) >= 2 else 1


def apply(op, *args):
    """The op named ``op`` applied to ``args``: how a formula the user wrote (the body or the
    claimed derivative of an op of their own, :mod:`.custom_ops`) calls the op table."""
    return _get_op(op).forward(*args)
