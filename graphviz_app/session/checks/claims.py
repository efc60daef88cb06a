"""Claimed derivatives under the gradient check: right or wrong, and by how much, in words.

An op the user defined (``swish(u) := …`` with ``swish'(u) := …``) is one node whose
local derivative is the user's claim; the backward pass takes it on trust. The check
(:func:`graphviz_app.core.gradcheck.check_claims`) compares the claim at each such node
with the central difference of the op's body there. :func:`claim_rows` says what it
found, one row per claim and node, in the captions' notation; the window's gradient
check panel and the ``gradcheck`` command show the same rows. A wrong claim is a
teaching moment, not an error: the graph still draws and animates with it.

Examples
--------
>>> from graphviz_app.session.state.session import Session
>>> s = Session()
>>> s.open_source("sq(u) := u^2; sq'(u) := 3*u; y = sq(x)", {"x": 2.0})
>>> [row.sentence for row in claim_rows(s.evaluation)]
['sq′(x) = 3·x at x = 2 is claimed 6, but the finite difference of sq is 4: wrong, relative error 3.33e-01 (33%)']
"""

from __future__ import annotations

from dataclasses import dataclass

from graphviz_app.core import graph as G
from graphviz_app.core.evaluate import Evaluation
from graphviz_app.core.gradcheck import ClaimCheck, check_claims
from graphviz_app.session.prose.captions import Captions
from graphviz_app.session.prose.notation import formula
from graphviz_app.text.numbers import format_number, relative_error_text

__all__ = ["ClaimRow", "claim_rows", "verdict"]


@dataclass(frozen=True)
class ClaimRow:
    """One claim at one node: ``claim`` (``swish′(x)``), ``where`` (``x = 0.8``), the numbers, and
    ``sentence``, all of it in words."""

    check: ClaimCheck
    claim: str
    formula: str
    where: str
    sentence: str

    @property
    def ok(self) -> bool:
        return self.check.ok


def claim_rows(ev: Evaluation) -> list[ClaimRow]:
    """What the gradient check says of every claimed derivative in ``ev`` (none: an empty list)."""
    checks = check_claims(ev)
    if not checks:
        return []
    c = Captions(ev)
    rows = []
    for check in checks:
        parents = G.parents(ev.graph, check.node)
        definition = check.definition
        terms = [c.terms[p] for p in parents]
        claim = definition.claim_name(check.position, [t[0] for t in terms])
        written = formula(definition.claims[check.position], terms)[0]
        where = ", ".join(
            f"{t[0]} = {format_number(v)}"
            for t, v in zip(terms, check.args, strict=True)
            if t[0] != format_number(v)
        )
        rows.append(ClaimRow(check, claim, written, where, _sentence(check, claim, written, where)))
    return rows


def verdict(check: ClaimCheck) -> str:
    """``right`` or ``WRONG`` (``not a number`` where either side is not finite and they differ)."""
    if check.rel_error != check.rel_error:
        return "not a number"
    return "right" if check.ok else "WRONG"


def _sentence(check: ClaimCheck, claim: str, written: str, where: str) -> str:
    name = check.definition.name
    head = f"{claim} = {written}" + (f" at {where}" if where else "")
    claimed, numeric = format_number(check.claimed), format_number(check.numeric)
    error = relative_error_text(check.rel_error)
    if check.ok:
        return f"{head} is claimed {claimed}, and the finite difference of {name} agrees: right, relative error {error}"
    return f"{head} is claimed {claimed}, but the finite difference of {name} is {numeric}: wrong, relative error {error}"
