"""One optimizer step written out with its numbers, as a student would on paper.

For plain SGD the last update of ``W1[0,0]`` reads
``W1[0,0] ← 0.5 − 0.1 × 0.1609 = 0.4839``; momentum first writes its velocity,
RMSProp its running square, Adam its two moments and their bias-corrected
versions m̂ and v̂. The numbers come from :class:`~graphviz_app.session.training.runs.Update`,
the formulas are those of :mod:`graphviz_app.core.optim` (PyTorch's). The value before
and after get as many digits as it takes to see that they differ
(:func:`~graphviz_app.text.numbers.format_apart`).

Examples
--------
>>> from graphviz_app.session.training.runs import Update
>>> u = Update("W1[0,0]", 0.5, 0.1609, 0.48391, {}, {})
>>> update_lines(u, "sgd", {"lr": 0.1})
['W1[0,0] ← 0.5 − 0.1 × 0.1609 = 0.4839']
>>> update_lines(Update("W1[1,0]", 1.87, 0.0002, 1.87 - 0.1 * 0.0002, {}, {}), "sgd", {"lr": 0.1})
['W1[1,0] ← 1.87 − 0.1 × 0.0002 = 1.86998']
>>> u = Update("w", 1.0, -0.5, 1.001, {}, {"t": 1, "m": -0.05, "v": 0.00025})
>>> for line in update_lines(u, "adam", {"lr": 0.001, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}):
...     print(line)
g = −0.5   (t = 1)
m ← 0.9 × 0 + 0.1 × (−0.5) = −0.05
v ← 0.999 × 0 + 0.001 × (−0.5)² = 0.00025
m̂ = m / (1 − 0.9¹) = −0.05 / 0.1 = −0.5
v̂ = v / (1 − 0.999¹) = 0.00025 / 0.001 = 0.25
w ← 1 − 0.001 × (−0.5) / (√0.25 + 1e-08) = 1.001
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from graphviz_app.session.training.runs import Update
from graphviz_app.text.numbers import format_apart, format_scalar
from graphviz_app.text.superscripts import raise_int

__all__ = ["MAX_ELEMENTS", "stop_reason", "update_lines"]

MAX_ELEMENTS = 6
"""A tensor parameter (layer view) has its first few elements written out."""


def stop_reason(losses: Sequence[float], lr: float) -> str | None:
    """Why training stopped early (its loss is not a finite number), or None: the CLI's and the panel's words.

    >>> stop_reason([0.7, 0.2], 0.1) is None
    True
    >>> stop_reason([float("inf")], 0.1)
    'the loss is ∞ at the start, so no step can lower it: check the inputs, targets and starting weights'
    >>> stop_reason([0.7, 12.0, float("nan")], 1e300)
    'the loss became nan at step 2: the steps overshoot; lower the learning rate (now 1e+300)'
    """
    if not losses or math.isfinite(losses[-1]):
        return None
    if len(losses) == 1:
        return (
            f"the loss is {format_scalar(losses[0])} at the start, so no step can lower it: "
            "check the inputs, targets and starting weights"
        )
    return (
        f"the loss became {format_scalar(losses[-1])} at step {len(losses) - 1}: "
        f"the steps overshoot; lower the learning rate (now {lr:g})"
    )


def _n(x: Any) -> str:
    return format_scalar(x)


def _p(x: Any) -> str:
    """A number as a factor: negative ones in parentheses."""
    text = format_scalar(x)
    return f"({text})" if float(x) < 0 else text


def _at(value: Any, index: tuple[int, ...]) -> float:
    return float(np.asarray(value, dtype=float)[index]) if index else float(value)


def update_lines(update: Update, optimizer: str, settings: Mapping[str, float]) -> list[str]:
    """The last step of ``update`` written out, one line per formula (per element for a tensor)."""
    shape = np.shape(update.old)
    indices = list(np.ndindex(shape))[:MAX_ELEMENTS] if shape else [()]
    lines: list[str] = []
    for index in indices:
        name = update.node + (f"[{','.join(map(str, index))}]" if index else "")
        if len(indices) > 1 and lines:
            lines.append("")
        lines += _element_lines(update, index, name, optimizer, settings)
    size = int(np.prod(shape)) if shape else 1
    if size > len(indices):
        lines.append(f"… and {size - len(indices)} more elements")
    return lines


def _element_lines(
    u: Update, index: tuple[int, ...], name: str, optimizer: str, s: Mapping[str, float]
) -> list[str]:
    p, g, new = _at(u.old, index), _at(u.grad, index), _at(u.new, index)
    lr = s["lr"]
    was, now = format_apart(p, new)  # a step too small for four digits still shows its change

    def before(key: str) -> float:
        return _at(u.state_before[key], index) if key in u.state_before else 0.0

    def after(key: str) -> float:
        return _at(u.state_after[key], index)

    if optimizer == "sgd":
        return [f"{name} ← {was} − {_n(lr)} × {_p(g)} = {now}"]
    if optimizer == "momentum":
        mu, v = s["momentum"], after("v")
        first = "v" not in u.state_before
        velocity = (
            f"v ← g = {_n(g)}   (the first step starts the velocity at the gradient)"
            if first
            else f"v ← {_n(mu)} × {_p(before('v'))} + {_p(g)} = {_n(v)}"
        )
        return [velocity, f"{name} ← {was} − {_n(lr)} × {_p(v)} = {now}"]
    if optimizer == "rmsprop":
        rho, eps, sq = s["alpha"], s["eps"], after("s")
        return [
            f"s ← {_n(rho)} × {_p(before('s'))} + {_n(1 - rho)} × {_p(g)}² = {_n(sq)}",
            f"{name} ← {was} − {_n(lr)} × {_p(g)} / (√{_n(sq)} + {_n(eps)}) = {now}",
        ]
    if optimizer == "adam":
        b1, b2, eps = s["beta1"], s["beta2"], s["eps"]
        t = int(u.state_after["t"])
        m, v = after("m"), after("v")
        c1, c2 = 1 - b1**t, 1 - b2**t
        m_hat, v_hat = m / c1, v / c2
        return [
            f"g = {_n(g)}   (t = {t})",
            f"m ← {_n(b1)} × {_p(before('m'))} + {_n(1 - b1)} × {_p(g)} = {_n(m)}",
            f"v ← {_n(b2)} × {_p(before('v'))} + {_n(1 - b2)} × {_p(g)}² = {_n(v)}",
            f"m̂ = m / (1 − {_n(b1)}{raise_int(t)}) = {_n(m)} / {_n(c1)} = {_n(m_hat)}",
            f"v̂ = v / (1 − {_n(b2)}{raise_int(t)}) = {_n(v)} / {_n(c2)} = {_n(v_hat)}",
            f"{name} ← {was} − {_n(lr)} × {_p(m_hat)} / (√{_n(v_hat)} + {_n(eps)}) = {now}",
        ]
    raise ValueError(f"no update formula for optimizer {optimizer!r}")
