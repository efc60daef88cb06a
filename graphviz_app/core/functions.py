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

import numpy as np

from graphviz_app.core.ops import unbroadcast as _unbroadcast

# --- elementwise -----------------------------------------------------------

exp = np.exp
log = np.log
sqrt = np.sqrt
sin = np.sin
cos = np.cos
tan = np.tan
tanh = np.tanh
abs = np.abs  # noqa: A001 - the namespace mirrors NumPy's names
sign = np.sign
power = np.power
minimum = np.minimum
maximum = np.maximum


def sigmoid(x):
    """σ(x) = 1 / (1 + e^(−x)), computed without overflow for large |x|."""
    x = np.asarray(x, dtype=float)
    e = np.exp(-np.abs(x))
    out = np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    return out[()] if out.ndim == 0 else out


def relu(x):
    """max(x, 0)."""
    return np.maximum(x, 0.0)


def step(x):
    """1 where x > 0, else 0: the derivative of relu, with 0 at x = 0 (a subgradient)."""
    out = (np.asarray(x) > 0).astype(float)
    return out[()] if out.ndim == 0 else out


def softplus(x):
    """log(1 + e^x), computed without overflow: max(x, 0) + log1p(e^(−|x|))."""
    return np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))


# --- shapes and reductions --------------------------------------------------


def shape(x):
    """The shape of ``x`` (``()`` for a plain number)."""
    return np.shape(x)


def unbroadcast_like(g, x):
    """Sum ``g`` down to the shape of ``x`` (see :func:`ops.unbroadcast`)."""
    return _unbroadcast(g, np.shape(x))


def broadcast_like(g, x):
    """Copy ``g`` up to the shape of ``x`` (the backward rule of a sum)."""
    return np.broadcast_to(g, np.shape(x)).astype(float)


def size(x):
    """Number of elements of ``x``."""
    return np.size(x)


def sum(x, axis=None, keepdims=False):  # noqa: A001
    return np.sum(x, axis=axis, keepdims=keepdims)


def mean(x):
    return np.mean(x)


def matmul(a, b):
    return np.matmul(a, b)


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
