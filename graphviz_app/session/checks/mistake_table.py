"""The classic mistakes as one table: what menus, headings, captions and the command line call each.

The window's Mistakes menu makes one item per :class:`MenuItem` of :data:`MISTAKES`,
in order; the ``mistake`` command takes ``--kind`` from the same rows and writes its
help from their ``cli`` texts. A new mistake is a row here (and its changed line in
:mod:`graphviz_app.core.mistakes`, its sentence in :mod:`.mistake_prose`): no menu or
command-line code names a mistake.

Examples
--------
>>> [entry.kind for entry in MISTAKES][:2]
['forget-inner', 'overwrite']
>>> TITLES["partial-total"]
'Confuse the partial and the total derivative'
"""

from __future__ import annotations

from dataclasses import dataclass

from graphviz_app.core.mistakes import (
    FORGET_INNER,
    INNER_FIRST,
    MISSING_CHAIN,
    OVERWRITE,
    PARTIAL_TOTAL,
    SIGMA,
    WRONG_ORDER,
)

__all__ = ["MISTAKES", "RULES", "TITLES", "MenuItem", "MistakeEntry", "cli_help"]


@dataclass(frozen=True)
class MenuItem:
    """One item of the Mistakes menu: its action's name, its text (``&`` before the mnemonic),
    and whether it is made on the selected edge (else everywhere it applies)."""

    action: str
    text: str
    on_edge: bool = False


@dataclass(frozen=True)
class MistakeEntry:
    """One mistake: ``kind`` (the ``--kind`` of the command line), ``title`` (headings),
    ``rule`` (the changed rule in a few words, for the caption's line), ``cli`` (``--kind``'s
    help) and its menu items."""

    kind: str
    title: str
    rule: str
    cli: str
    menu: tuple[MenuItem, ...]


MISTAKES = (
    MistakeEntry(
        FORGET_INNER,
        "Forget the inner derivative",
        "every function passes its gradient back without its own derivative",
        "drop a local factor",
        (
            MenuItem("forget_edge", "Forget the inner derivative of the selected &edge", on_edge=True),
            MenuItem("forget_all", "Forget the inner derivative of every &function"),
        ),
    ),
    MistakeEntry(
        OVERWRITE,
        "Take only one path (= instead of +=)",
        "= instead of +=, a reused node keeps only the path that arrives last",
        "= instead of +=",
        (MenuItem("overwrite", "Take only &one path at a reused node (= instead of +=)"),),
    ),
    MistakeEntry(
        SIGMA,
        "σ(z) instead of σ′(z)",
        "σ(z) where σ′(z) = σ(z)(1 − σ(z)) belongs",
        "σ(z) for σ'(z)",
        (MenuItem("sigma", "&σ(z) instead of σ′(z)"),),
    ),
    MistakeEntry(
        WRONG_ORDER,
        "Multiply Jacobians in the wrong order",
        "W·g where Wᵀ·g belongs",
        "W·g for Wᵀ·g (layer view)",
        (
            MenuItem(
                "wrong_order_edge",
                "Multiply Jacobians in the &wrong order at the selected product",
                on_edge=True,
            ),
            MenuItem("wrong_order_all", "Multiply Jacobians in the wrong order at every &product"),
        ),
    ),
    MistakeEntry(
        INNER_FIRST,
        "Differentiate the inner function first",
        "the outer derivative evaluated at the inner function's input, f′(x) where f′(g(x)) belongs",
        "f'(x) for f'(g(x))",
        (MenuItem("inner_first", "Evaluate the outer derivative at the &inner input: f′(x) for f′(g(x))"),),
    ),
    MistakeEntry(
        MISSING_CHAIN,
        "Miss the chain in nested functions",
        "only the first factor of each chain of nested functions is kept",
        "only the first factor of f(g(h(x)))",
        (MenuItem("missing_chain", "Keep only the first factor of &nested functions"),),
    ),
    MistakeEntry(
        PARTIAL_TOTAL,
        "Confuse the partial and the total derivative",
        "the partial derivative, other variables held constant, where the total derivative belongs",
        "only the direct edge of a variable with two routes",
        (MenuItem("partial_total", "Take the partial derivative for the &total (only the direct edge)"),),
    ),
)
"""Every mistake, in menu order (each kind of :data:`~graphviz_app.core.mistakes.KINDS` once, in its order)."""

TITLES = {entry.kind: entry.title for entry in MISTAKES}
"""What menus and headings call each mistake."""
RULES = {entry.kind: entry.rule for entry in MISTAKES}
"""Each mistake's changed rule in a few words, for the caption's line."""


def cli_help() -> str:
    """``--kind``'s help: every kind with what it does."""
    return "; ".join(f"{entry.kind}: {entry.cli}" for entry in MISTAKES)
