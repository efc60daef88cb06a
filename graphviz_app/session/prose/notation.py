"""The grammar of written-out math: filling the op table's templates with names or numbers.

Every op says in its table entry how it is written (``notation``) and how each
of its local derivatives is written (``derivatives``), as templates over its
argument names (see :class:`~graphviz_app.core.ops.Notation`). This module knows
only the grammar: how tightly each form binds, where parentheses are needed, and
when an exponent can be a superscript. It knows no op by name.

A *term* is a text with its binding (a precedence, loosest first ``LOOSE`` …
``ATOM``), so an operand gets parentheses only when it needs them.

Examples
--------
>>> import graphviz_app.core
>>> render("pow", [("x", ATOM), ("2", ATOM)])[0]
'x²'
>>> local("pow", 0, [("x", ATOM), ("3", ATOM)])[0], local("pow", 0, [("x", ATOM), ("2", ATOM)])[0]
('3·x²', '2·x')
>>> describe(get_op("sigmoid"), 0)
'σ(z)·(1 − σ(z))'
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from typing import Any

from graphviz_app.core.custom_ops import Formula
from graphviz_app.core.ops import ADD, ATOM, LOOSE, MUL, NEG, POW, TENSOR, Notation, OpSpec, get_op
from graphviz_app.text.numbers import MINUS, format_number, superscript

__all__ = [
    "ADD",
    "ATOM",
    "LOOSE",
    "MUL",
    "NEG",
    "POW",
    "Term",
    "describe",
    "fill",
    "formula",
    "has_formula",
    "jacobian_label",
    "left",
    "local",
    "number_term",
    "power",
    "render",
    "right",
    "row_note",
]

Term = tuple[str, int]  # text and how tightly it binds

_LEVELS = {"loose": LOOSE, "add": ADD, "mul": MUL, "neg": NEG, "pow": POW, "atom": ATOM}
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
_SHAPE_TAG = re.compile(r"\([0-9×,]+\)")
_NUMBER = re.compile(r"−?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?")
UPSTREAM = "g"  # the placeholder of the upstream gradient in rules said of whole arrays


def number_term(x: Any) -> Term:
    """A scalar as an operand: negative numbers bind like a unary minus."""
    text = format_number(x)
    return text, NEG if text.startswith(MINUS) else ATOM


def left(t: Term, prec: int) -> str:
    """An operand before an operator: parenthesized when it binds looser than ``prec``."""
    return t[0] if t[1] >= prec else f"({t[0]})"


def right(t: Term, prec: int) -> str:
    """An operand after an operator: a leading minus always gets parentheses."""
    return t[0] if t[1] >= prec and not t[0].startswith(MINUS) else f"({t[0]})"


def power(base: Term, exponent: Term) -> Term:
    """``base`` to the power ``exponent``: a superscript for a whole number, else ``^``."""
    up = superscript(exponent[0]) if exponent[1] == ATOM or exponent[0].startswith(MINUS) else None
    head = right(base, ATOM)
    return (head + up if up else f"{head}^{right(exponent, ATOM)}"), POW


def _as_number(text: str) -> float | None:
    """The number a term spells (a constant's label), or None for a name like ``inf``."""
    return float(text.replace(MINUS, "-")) if _NUMBER.fullmatch(text) else None


def _exponent(spec: str, args: Mapping[str, Term]) -> Term:
    """The exponent of ``{a^…}``: an argument, an argument minus one, or a whole number."""
    if spec.endswith("-1"):
        base = args[spec[:-2]]
        b = _as_number(base[0])
        return number_term(b - 1) if b is not None else (f"{base[0]} − 1", ADD)
    return args.get(spec, (spec, ATOM))


# A parsed template: literal texts (already with both multiplication signs) between
# placeholders (kind, name, detail, called). Parsed once per template and sign.
_Piece = tuple[str, str, str, str, bool]  # (literal before, kind, name, detail, called)


@functools.cache
def _parse(template: str, numeric: bool, drop_sizes: bool) -> tuple[tuple[_Piece, ...], str]:
    if drop_sizes:
        template = re.sub(r"/\{#[^{}]+\}", "", template)
    times = " × " if numeric else "·"
    pieces: list[_Piece] = []
    end = 0
    for m in _PLACEHOLDER.finditer(template):
        before = template[end : m.start()].replace("×", times)
        key = m.group(1)
        if key.startswith("#"):
            pieces.append((before, "#", key[1:], "", False))
        elif "^" in key:
            base, exponent = key.split("^", 1)
            pieces.append((before, "^", base, exponent, False))
        elif "@" in key:
            name, level = key.split("@", 1)
            pieces.append((before, "left" if m.start() == 0 else "right", name, level, False))
        else:
            called = template[m.start() - 1 : m.start()] == "(" and template[m.end() : m.end() + 1] == ")"
            pieces.append((before, "raw", key, "", called))
        end = m.end()
    return tuple(pieces), template[end:].replace("×", times)


def fill(
    notation: Notation,
    args: Mapping[str, Term],
    numeric: bool = False,
    sizes: Mapping[str, str] | None = None,
) -> Term:
    """Write ``notation`` with its placeholders replaced by the terms ``args``.

    ``numeric`` says the arguments are numbers (multiplication is then written
    `` × ``, else ``·``). ``sizes`` gives the text of ``{#a}`` (element counts);
    without it a division by a count is left out, as for single numbers (n = 1).
    """
    pieces, tail = _parse(notation.template, numeric, sizes is None)
    if len(pieces) == 1 and not tail and not pieces[0][0] and pieces[0][1] == "raw" and pieces[0][2] in args:
        return args[pieces[0][2]]  # the derivative of a·b by a is b, binding as b does
    out: list[str] = []
    for before, kind, name, detail, called in pieces:
        out.append(before)
        if kind == "#":
            text = (sizes or {}).get(name, "n")
        elif kind == "^":
            exponent = _exponent(detail, args)
            if detail.endswith("-1") and exponent[0] == "1":  # x^(2−1) is x: an exponent of 1 is not written
                text = right(args[name], ATOM)
            else:
                text = power(args[name], exponent)[0]
        elif kind == "left":
            text = left(args[name], _LEVELS[detail])
        elif kind == "right":
            text = right(args[name], _LEVELS[detail])
        else:
            text = args[name][0]
            if called and _SHAPE_TAG.fullmatch(text):
                text = text[1:-1]  # softmax(2×3), not softmax((2×3))
        out.append(text)
    out.append(tail)
    return "".join(out), notation.binds


def _named(spec: OpSpec, args: Sequence[Term]) -> dict[str, Term]:
    return dict(zip(spec.params, args))


def render(op: str, args: Sequence[Term], numeric: bool = False) -> Term:
    """Write ``op`` applied to ``args`` the way a textbook would (the op's ``notation``).

    Examples
    --------
    >>> import graphviz_app.core
    >>> render("mul", [("a", ATOM), ("b + c", ADD)])[0]
    'a·(b + c)'
    >>> render("sub", [("1.5", ATOM), ("−2", NEG)], numeric=True)[0]
    '1.5 − (−2)'
    """
    spec = get_op(op)
    return fill(spec.notation, _named(spec, args), numeric)


def has_formula(spec: OpSpec) -> bool:
    """Whether the op's derivatives are formulas of its arguments' values (not rules for arrays)."""
    return spec.kind != TENSOR


def local(op: str, position: int, args: Sequence[Term], numeric: bool = False) -> Term | None:
    """∂(op)/∂(argument ``position``) written with the arguments ``args`` (names or numbers),
    or None for ops whose derivative is a rule for arrays. For an op of the user's own it is
    the derivative they claimed, right or wrong."""
    spec = get_op(op)
    if not has_formula(spec):
        return None
    if spec.definition is not None:
        return formula(spec.definition.claims[position], args, numeric)
    return fill(spec.derivatives[position], _named(spec, args), numeric)


def formula(tree: Formula, args: Sequence[Term], numeric: bool = False) -> Term:
    """A formula of the user's (the body or a claim of their op, :mod:`graphviz_app.core.custom_ops`)
    written with its arguments replaced by ``args``, every op as the table writes it."""
    if tree.param is not None:
        return args[tree.param]
    if tree.op is None:
        return number_term(tree.value) if numeric or not tree.label else (tree.label, ATOM)
    return render(tree.op, [formula(arg, args, numeric) for arg in tree.args], numeric)


def describe(spec: OpSpec, position: int, upstream: str = "upstream") -> str:
    """The op's derivative by argument ``position`` written with its own argument names:
    the rule a tensor caption quotes."""
    if spec.definition is not None:
        return formula(spec.definition.claims[position], [(name, ATOM) for name in spec.params])[0]
    args = {name: (name, ATOM) for name in spec.params}
    args[UPSTREAM] = (upstream, ATOM)
    return fill(spec.derivatives[position], args, sizes={name: "n" for name in spec.params})[0]


def jacobian_label(spec: OpSpec, position: int, ndim: int) -> str | None:
    """The Jacobian's own formula for an edge's label (``J = diag(s) − s sᵀ``), for ops that name it.

    An array of rows (a batch, attention's scores) gets one such block per row.

    >>> import graphviz_app.core
    >>> from graphviz_app.core.ops import get_op
    >>> jacobian_label(get_op("softmax"), 0, 2), jacobian_label(get_op("matmul"), 0, 2)
    ('J = diag(s) − s sᵀ per row', None)
    """
    if not spec.named_jacobian:
        return None
    return f"J = {spec.derivatives[position].template}{row_note(spec, ndim)}"


def row_note(spec: OpSpec, ndim: int) -> str:
    """`` per row`` for an op whose named Jacobian is one block per row of a matrix (softmax of a batch)."""
    return " per row" if spec.named_jacobian and ndim >= 2 else ""


def array_rule(spec: OpSpec, position: int, args: Mapping[str, Term], ndims: Mapping[str, int]) -> str | None:
    """How the upstream gradient flows back to argument ``position``, for ops whose rule says
    so (``{g} · {a}ᵀ``), with the product of two vectors written ⊗ and of a number ×.

    ``args`` holds the arguments' names and the upstream's text under ``g``, ``ndims``
    their dimensions. None when the rule does not name the upstream gradient.
    """
    template = spec.derivatives[position].template
    if "{" + UPSTREAM + "}" not in template:
        return None
    if " · " not in template:
        return fill(Notation(template), args)[0]
    sides = template.split(" · ")
    dims = [ndims[name.split("@")[0]] for side in sides for name in _PLACEHOLDER.findall(side)[:1]]
    if 0 in dims:  # a number times an array: no transpose needed
        return " × ".join(fill(Notation(s.replace("ᵀ", "")), args)[0] for s in sides)
    joint = " ⊗ " if dims == [1, 1] else " · "
    return joint.join(fill(Notation(s), args)[0] for s in sides)
