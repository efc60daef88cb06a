"""What captions call every node of a graph: a name, an expression such as ``x²``, or ``u₁`` for a long one.

Internal node ids never reach a person. :class:`Names` works the names out once per graph, in topological
order, and :meth:`Names.find` reads a node back as the captions write it. The output is called ``L`` when it is
named ``L`` or is a loss, else by its name, else ``f``.

Examples
--------
>>> from graphviz_app.builders.expression import parse
>>> from graphviz_app.core.evaluate import evaluate
>>> names = Names.of(evaluate(parse("sin(x**2)", {"x": 1.5}).graph))
>>> sorted(names.name(n) for n in names.terms)
['2', 'f', 'x', 'x²']
"""

from __future__ import annotations

import re
import weakref
from typing import Any

from graphviz_app.core import graph as G
from graphviz_app.core.evaluate import Evaluation
from graphviz_app.core.ops import LOSS, get_op
from graphviz_app.errors import GraphError
from graphviz_app.session.prose.notation import ATOM, NEG, Term, render
from graphviz_app.text.numbers import MINUS
from graphviz_app.text.superscripts import subscript_int

__all__ = ["MAX_TERM", "SHORT_LETTERS", "TITLE_LENGTH", "Names", "after_d", "output_name", "output_name_of"]

MAX_TERM = 32  # a longer expression gets a short name of its own (u₁, u₂…), defined where it is computed
SHORT_LETTERS = "uvwpqrsk"
"""Letters for those short names: the first one no name in the graph starts with."""
TITLE_LENGTH = 14  # the canvas writes an unnamed op by its expression up to this long, else by its symbol
_SIMPLE = re.compile(r"[^\W\d][\w#]*(\[[0-9, ]*\])?")
_RAISED = set("⁰¹²³⁴⁵⁶⁷⁸⁹⁻ᵀ")


def output_name(ev: Evaluation) -> str:
    """What captions call the output: ``L`` for a loss, else its name, else ``f``."""
    return _output_name(ev.graph, ev.output)


def output_name_of(g: Any, out: str) -> str:
    """What captions call the output ``out`` of ``g`` (see :func:`output_name`)."""
    return _output_name(g, out)


def _output_name(g: Any, out: str) -> str:
    data = g.nodes[out]
    if data[G.NAME] == "L" or (data[G.OP] and get_op(data[G.OP]).kind == LOSS):
        return "L"
    name = data[G.NAME] or "f"
    return f"({name})" if "∂" in name else name  # a backward graph's ∂f/∂x: ∂(∂f/∂x)/∂x


def _short_letter(g: Any) -> str:
    """The first of :data:`SHORT_LETTERS` that no name in ``g`` starts with (u₁ never looks like a u1)."""
    taken = {str(d[G.NAME] or d[G.LABEL] or "")[:1] for _, d in g.nodes(data=True)}
    return next((c for c in SHORT_LETTERS if c not in taken), SHORT_LETTERS[0])


def after_d(text: str) -> str:
    """A name to write after ∂: plain names as they are, anything else in parentheses."""
    simple = _SIMPLE.fullmatch(text) and not _RAISED.intersection(text)
    return text if simple else f"({text})"


_KEPT: weakref.WeakKeyDictionary[Any, dict[tuple, Names]] = weakref.WeakKeyDictionary()
"""The names of each graph alive, by its output and size (see :meth:`Names.of`)."""


class Names:
    """What captions call every node of a graph: worked out once, in topological order.

    A node with a name is called by it; an unnamed op by the expression that computes
    it (``x²``, ``sin(x²)``), or, when that would be longer than ``max_term``, by a short
    name of its own, ``u₁``, ``u₂``… in the order they are computed, as one writes "let
    u₁ = …" in a derivation: its forward caption and its title on the canvas say what it
    stands for (:attr:`generated`). Node ids never reach a person. Names depend on the
    graph only, so every evaluation of the same graph (a scrubbed input, a training step)
    shares them.
    """

    def __init__(self, g: Any, output: str, order: list[str], max_term: int = MAX_TERM):
        # held weakly: names are kept with the graph's plan of steps, which must not keep the graph alive
        self._graph = weakref.ref(g)
        self.out = output
        self.out_name = _output_name(g, output)
        self.parents: dict[str, list[str]] = {}
        self.terms: dict[str, Term] = {}
        self.derived: set[str] = set()  # nodes called by their expression
        self.generated: dict[str, str] = {}  # nodes called u₁, u₂…: the expression each stands for
        self._uses: dict[str, tuple[str, ...]] = {}  # the u₁, u₂… a node's expression mentions
        letter = _short_letter(g)
        for node in order:
            data = g.nodes[node]
            if data[G.KIND] == G.CONST:
                label = str(data[G.LABEL])
                label = MINUS + label[1:] if label.startswith("-") else label
                self.terms[node] = label, NEG if label.startswith(MINUS) else ATOM
                continue
            if data[G.KIND] != G.OPNODE:
                self.terms[node] = data[G.NAME], ATOM
                continue
            self.parents[node] = G.parents(g, node)
            if data[G.NAME]:
                self.terms[node] = data[G.NAME], ATOM
                continue
            term = render(data[G.OP], [self.terms[p] for p in self.parents[node]])
            used = dict.fromkeys(u for p in self.parents[node] for u in (*self._uses.get(p, ()), p))
            self._uses[node] = tuple(u for u in used if u in self.generated)
            if len(term[0]) <= max_term:
                self.terms[node] = term
                self.derived.add(node)
            elif node == output:  # f or L: a name already
                self.terms[node] = self.out_name, ATOM
            else:
                self.generated[node] = term[0]
                self.terms[node] = f"{letter}{subscript_int(len(self.generated))}", ATOM

    @property
    def graph(self) -> Any:
        """The graph named (held weakly: whoever uses the names holds it)."""
        return self._graph()

    @classmethod
    def of(cls, ev: Evaluation, max_term: int = MAX_TERM) -> Names:
        """The names of ``ev``'s graph, with ``ev``'s output: worked out once per graph and kept with it
        (a label drawn per node asks for them per node: rebuilt, they cost the whole graph each time)."""
        g = ev.graph
        key = (ev.output, max_term, g.number_of_nodes(), g.number_of_edges())
        kept = _KEPT.setdefault(g, {})
        if key not in kept:
            kept.clear()  # another output or a changed graph: the old names are stale
            kept[key] = cls(g, ev.output, ev.order, max_term)
        return kept[key]

    def name(self, node: str) -> str:
        """What captions call ``node``; the output is ``L`` or its name or ``f``."""
        return self.out_name if node == self.out else self.terms[node][0]

    def find(self, key: str) -> str:
        """The node ``key`` stands for: a name, a label, or as the captions write it (``x²``, ``u₁``, ``f``).

        An internal id is taken too (a script may hold one); messages never show one.
        """
        g = self.graph
        if key in g:
            return key
        hits = [
            n
            for n in self.terms
            if key in (g.nodes[n][G.NAME], g.nodes[n][G.LABEL], self.terms[n][0], self.name(n))
        ]
        if len(hits) == 1:
            return hits[0]
        if hits:
            raise GraphError(
                f"'{key}' is written for {len(hits)} nodes here; to tell them apart, name the step "
                f"(name = …) in the expression"
            )
        known = ", ".join(dict.fromkeys(self.name(n) for n in self.terms if g.nodes[n][G.KIND] != G.CONST))
        shown = known if len(known) <= 200 else known[:200] + " …"
        raise GraphError(f"no node here is written '{key}' (its nodes: {shown})")

    def definitions(self, *nodes: str) -> list[str]:
        """``u₁ = …`` for each short name the expressions of ``nodes`` mention (or that is one of them)."""
        used = dict.fromkeys(u for n in nodes for u in (*self._uses.get(n, ()), n) if u in self.generated)
        return [f"{self.terms[u][0]} = {self.generated[u]}" for u in used]

    def expression(self, node: str) -> str:
        """``node`` by its expression (``x²``) even when it is the output."""
        return self.terms[node][0]

    def d(self, node: str) -> str:
        """``node`` after a ∂: parenthesized unless it is a plain name (``∂(x²)``)."""
        return self.out_name if node == self.out else after_d(self.terms[node][0])

    def grad_of(self, node: str) -> str:
        """``∂f/∂node``."""
        return f"∂{self.out_name}/∂{self.d(node)}"

    def title(self, node: str, length: int = TITLE_LENGTH) -> str:
        """What the canvas writes in ``node``: the same notation as the captions.

        A named op (or the output, ``f`` or ``L``) is ``z = +``; an unnamed op is its
        expression (``x²``, ``x·y``) when at most ``length`` characters, else its op's
        symbol; a leaf is its name or number.
        """
        data = self.graph.nodes[node]
        if data[G.KIND] != G.OPNODE:
            return str(data[G.LABEL])
        symbol = get_op(data[G.OP]).symbol
        if data[G.NAME] or node == self.out or node in self.generated:
            name = self.name(node)
            if name == f"({data[G.NAME]})":  # ∂f/∂x, parenthesized after a ∂ only
                name = data[G.NAME]
            return f"{name} = {symbol}"
        text = self.terms[node][0]
        return text if node in self.derived and len(text) <= length else symbol
