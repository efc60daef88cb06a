"""Numbers as the app shows them: in captions, on node labels, in tooltips, in tables.

Captions have to stay short, so a number is shown with 4 significant digits,
a true minus sign and plain words for the values that are not numbers:

>>> format_number(0.7780731968879212), format_number(-1.8845), format_number(1.2e-05)
('0.7781', '−1.885', '1.2e-05')
>>> format_number(float("nan")), format_number(float("inf")), format_number(-float("inf"))
('nan', '∞', '−∞')

An array of at most four elements is written out; a bigger one is shown by its
shape, never dumped:

>>> import numpy as np
>>> format_number(np.array([0.5, -0.25]))
'[0.5, −0.25]'
>>> format_number(np.zeros((2, 3)))
'2×3'
>>> summarize(np.arange(6.0).reshape(2, 3))
'2×3 in [0, 5]'

Tooltips may show every digit:

>>> format_full(0.1 + 0.2)
'0.30000000000000004'
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from graphviz_app.text.superscripts import MINUS, raise_int, superscript

__all__ = [
    "MINUS",
    "SMALL_ARRAY",
    "NumberTexts",
    "ascii_number",
    "count_text",
    "factor_text",
    "format_apart",
    "format_full",
    "format_number",
    "format_numbers",
    "format_scalar",
    "format_shape",
    "power_of_ten",
    "relative_error_text",
    "shape_tag",
    "summarize",
    "superscript",
    "table_number",
]

SMALL_ARRAY = 4  # arrays with at most this many elements are written out


def format_scalar(x: Any, digits: int = 4) -> str:
    """One number with ``digits`` significant digits.

    Trailing zeros are dropped (``3.0`` is ``"3"``), a negative zero is ``"0"``,
    the exponent of very small or large numbers keeps Python's form (``1.2e-05``).

    Examples
    --------
    >>> format_scalar(2.25), format_scalar(3.0), format_scalar(-0.0), format_scalar(0.12049)
    ('2.25', '3', '0', '0.1205')
    >>> format_scalar(-0.000012)
    '−1.2e-05'
    """
    x = float(x)
    if x - x != 0.0:  # inf or nan
        return "nan" if x != x else ("∞" if x > 0 else MINUS + "∞")
    if x == 0.0:
        return "0"
    text = f"{x:.{digits}g}"
    return MINUS + text[1:] if text.startswith("-") else text


def format_apart(a: Any, b: Any, digits: int = 4) -> tuple[str, str]:
    """``a`` and ``b`` with ``digits`` significant digits, or as many more as it takes to tell them apart.

    An update too small for four digits would read ``1.87 − … = 1.87``: the change is
    shown by the first digit where the two numbers differ.

    >>> format_apart(0.5, 0.48391), format_apart(1.87, 1.8700123), format_apart(2.0, 2.0)
    (('0.5', '0.4839'), ('1.87', '1.87001'), ('2', '2'))
    """
    a, b = float(a), float(b)
    pair = format_scalar(a, digits), format_scalar(b, digits)
    if a == b or not (math.isfinite(a) and math.isfinite(b)):
        return pair
    for more in range(digits + 1, 18):  # 17 significant digits tell any two doubles apart
        if pair[0] != pair[1]:
            break
        pair = format_scalar(a, more), format_scalar(b, more)
    return pair


def format_number(x: Any, digits: int = 4) -> str:
    """A scalar or an array, short enough for a caption or a node label.

    Arrays with at most :data:`SMALL_ARRAY` elements are written as (nested)
    lists; bigger arrays are shown by their shape (see :func:`format_shape`).
    """
    if type(x) is float or np.ndim(x) == 0:
        return format_scalar(x, digits)
    arr = np.asarray(x, dtype=float)
    if arr.size > SMALL_ARRAY:
        return format_shape(arr.shape)
    return _nested(arr, lambda v: format_scalar(v, digits))


class NumberTexts(dict[str, str]):
    """:func:`format_number` of each of ``values``, written the first time it is asked for.

    Examples
    --------
    >>> texts = NumberTexts({"x": 0.5})
    >>> texts["x"], len(texts)
    ('0.5', 1)
    """

    def __init__(self, values: Mapping[str, Any]) -> None:
        super().__init__()
        self._numbers = values

    def __missing__(self, key: str) -> str:
        text = self[key] = format_number(self._numbers[key])
        return text


def _nested(arr: np.ndarray, fmt) -> str:
    if arr.ndim == 0:
        return fmt(arr)
    return "[" + ", ".join(_nested(row, fmt) for row in arr) + "]"


def format_full(x: Any, minus: str = MINUS) -> str:
    """Every digit of a number (Python's shortest round-trip form), for tooltips.

    Arrays are written out in full up to 64 elements, and abbreviated with
    ``...`` beyond that.

    Examples
    --------
    >>> format_full(-1.8845), format_full(2.0), format_full(float("-inf"))
    ('−1.8845', '2.0', '−∞')
    >>> import numpy as np
    >>> format_full(np.array([1.0, -0.5]))
    '[1.0, −0.5]'
    """
    if np.ndim(x) == 0:
        x = float(x)
        if math.isnan(x):
            return "nan"
        if math.isinf(x):
            return "∞" if x > 0 else minus + "∞"
        text = repr(x)
        return minus + text[1:] if text.startswith("-") else text
    arr = np.asarray(x, dtype=float)
    return np.array2string(
        arr, separator=", ", threshold=64, formatter={"float_kind": lambda v: format_full(v, minus)}
    )


def format_shape(shape: tuple[int, ...]) -> str:
    """A shape the way captions write it: ``2×3`` for a matrix, ``(5,)`` for a vector.

    Examples
    --------
    >>> format_shape((2, 3)), format_shape((5,)), format_shape(())
    ('2×3', '(5,)', '()')
    """
    shape = tuple(int(n) for n in shape)
    if len(shape) == 1:
        return f"({shape[0]},)"
    if not shape:
        return "()"
    return "×".join(str(n) for n in shape)


def shape_tag(shape: tuple[int, ...]) -> str:
    """A shape in parentheses, to follow a name: ``W1 (2×2)``, ``x (2,)``.

    Examples
    --------
    >>> shape_tag((2, 2)), shape_tag((2,))
    ('(2×2)', '(2,)')
    """
    text = format_shape(shape)
    return text if text.startswith("(") else f"({text})"


def summarize(x: Any, digits: int = 4) -> str:
    """A compact description of a value: the number itself, a short list, or the
    shape with the range of the elements.

    Examples
    --------
    >>> import numpy as np
    >>> summarize(-0.5), summarize(np.array([1.0, 2.0]))
    ('−0.5', '[1, 2]')
    >>> summarize(np.array([1.0, np.nan, 3.0, 4.0, 5.0]))
    '(5,) with nan'
    """
    if type(x) is float or np.ndim(x) == 0 or np.size(x) <= SMALL_ARRAY:
        return format_number(x, digits)
    arr = np.asarray(x, dtype=float)
    shape = format_shape(arr.shape)
    if np.isnan(arr).any():
        return f"{shape} with nan"
    low, high = arr.min(), arr.max()
    return f"{shape} in [{format_scalar(low, digits)}, {format_scalar(high, digits)}]"


def factor_text(x: Any) -> str:
    """A factor of a product: a number (in parentheses when negative), or a Jacobian.

    >>> factor_text(-0.479425538604203), factor_text(1.0), factor_text(np.ones((2, 3)))
    ('(−0.4794)', '1', 'J(2×3)')
    """
    if type(x) is float or np.ndim(x) == 0:
        text = format_number(x)
        return f"({text})" if text.startswith(MINUS) else text
    if np.size(x) <= SMALL_ARRAY:
        return format_number(x)
    return f"J({format_shape(np.shape(x))})"


def count_text(n: int) -> str:
    """A count with thousands separators, and its order of magnitude when huge.

    >>> count_text(3), count_text(2 ** 41)
    ('3', '2,199,023,255,552 (≈ 2.2 × 10¹²)')
    """
    if n < 10_000_000:
        return f"{n:,}"
    exponent = math.floor(math.log10(n))
    mantissa = n / 10**exponent
    return f"{n:,} (≈ {mantissa:.2g} × 10{raise_int(exponent)})"


def power_of_ten(k: int) -> str:
    """10 to the whole power ``k`` as a person writes it: a label on a log axis, a step size.

    >>> power_of_ten(-6), power_of_ten(0), power_of_ten(1), power_of_ten(12)
    ('10⁻⁶', '1', '10', '10¹²')
    """
    return "1" if k == 0 else "10" if k == 1 else f"10{raise_int(k)}"


def relative_error_text(rel: float) -> str:
    """A relative error as the gradient check writes it: ``2.0e-11``, and as a percentage too
    once it is big enough to matter (``1.99e-01 (20%)``); ``nan`` stays ``nan``.

    >>> relative_error_text(3.16e-11), relative_error_text(0.19873), relative_error_text(0.0042)
    ('3.16e-11', '1.99e-01 (20%)', '4.20e-03 (0.42%)')
    """
    text = f"{rel:.2e}"
    if not math.isfinite(rel) or rel < 1e-3:
        return text
    return f"{text} ({100 * rel:.2g}%)" if rel < 0.01 else f"{text} ({100 * rel:.0f}%)"


def ascii_number(value: Any, digits: int = 6) -> str:
    """A scalar with ``digits`` significant digits, as Python writes it (ASCII minus, ``inf``),
    for text read by other programs: terminal tables, DOT files.

    >>> ascii_number(-0.53619, 4), ascii_number(float("-inf"))
    ('-0.5362', '-inf')
    """
    return f"{float(value):.{digits}g}"


def table_number(value: Any, digits: int = 6) -> str:
    """A number or array for a terminal table (the CLI's columns): ASCII minus, ``digits``
    significant digits, small arrays written out, big ones by their shape.

    >>> table_number(-0.30116867893975674), table_number(None), table_number(np.zeros((3, 3)))
    ('-0.301169', '—', 'array 3×3')
    """
    if value is None:
        return "—"
    if type(value) is float or np.ndim(value) == 0:
        return ascii_number(value, digits)
    arr = np.asarray(value)
    if arr.size <= 6:
        return np.array2string(arr, precision=4, separator=", ", suppress_small=True).replace("\n", "")
    return f"array {'×'.join(map(str, arr.shape))}"


def format_numbers(value: Any) -> str:
    """The inverse of :func:`parse_numbers`: every digit, commas, ``;`` between samples.

    Examples
    --------
    >>> format_numbers([0.5, 0.1]), format_numbers([[1.0, 2.0], [3.0, 4.0]]), format_numbers(2)
    ('0.5, 0.1', '1, 2; 3, 4', '2')
    """
    arr = np.asarray(value, dtype=float)
    if arr.ndim == 0:
        arr = arr.reshape(1)
    if arr.ndim == 1:
        return ", ".join(_plain(v) for v in arr)
    return "; ".join(", ".join(_plain(v) for v in row) for row in arr)


def _plain(v: float) -> str:
    """Python's shortest round-trip text, without a useless ``.0``."""
    v = float(v)
    return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
