"""The agreement with PyTorch as a sentence: the inspector and the command line say it alike.

>>> from graphviz_app.builders.torch_agreement import Agreement
>>> a = Agreement("float32", {"hidden.weight": 3.1e-08, "hidden.bias": 1.2e-07})
>>> agreement_text(a)
'agrees with PyTorch: max rel. error 1.2e-07 (PyTorch computed in float32, the app in float64)'
>>> agreement_text(a, "hidden.weight")
'agrees with PyTorch: max rel. error 1.2e-07 (this tensor: 3.1e-08; PyTorch computed in float32, the app in float64)'
"""

from __future__ import annotations

from graphviz_app.builders.torch_agreement import Agreement
from graphviz_app.text.numbers import format_scalar

__all__ = ["CHANGED", "agreement_text"]

CHANGED = "PyTorch's gradients were for the values your code gave; these values have changed since"


def agreement_text(agreement: Agreement | None, leaf: str | None = None) -> str:
    """``agrees with PyTorch: max rel. error …``, with one leaf's own error when ``leaf`` is given."""
    if agreement is None:
        return CHANGED
    verdict = "agrees with PyTorch" if agreement.agrees else "DISAGREES with PyTorch"
    if not agreement.agrees:
        verdict += f" (more than {_error(agreement.tolerance)})"
    where = f"PyTorch computed in {agreement.dtype}, the app in float64"
    if leaf is not None and leaf in agreement.per_leaf:
        where = f"this tensor: {_error(agreement.per_leaf[leaf])}; {where}"
    return f"{verdict}: max rel. error {_error(agreement.max_rel_error)} ({where})"


def _error(x: float) -> str:
    return format_scalar(x, 2)
