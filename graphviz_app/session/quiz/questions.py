"""Questions the backward pass answers, and how a guess is judged (for :mod:`.quiz`).

A quiz is made from a timeline (its evaluation and graph). Every question belongs
to the backward step whose arrival answers it, and is asked *before* that
arrival is shown:

- **gradient** — "What is ∂z/∂x?" at the step where the last contribution to
  ``x`` arrives (its gradient becomes final). The answer is the sum of the
  contributions ∂z/∂child · ∂child/∂x over x's children: the chain rule.
- **paths** — "How many paths lead from t to z?" at the step where the first
  contribution reaches ``t`` (only when there are at least two paths): the
  chain rule sums one product of local derivatives per path
  (:func:`~graphviz_app.core.paths.paths_to` counts them for every node at once).
- **edge** — "Which edge sends the largest contribution back to x?" at that same
  first arrival, for a node with two or more children: the choices are the
  edges child → x, numbered 1, 2, …, and the answer the one whose contribution
  upstream × local is largest in size.

At one step they are asked in that order (paths, edge, gradient): the gradient
gives away the most. Only scalar, finite numbers are asked about (a layer view's
matrices are not).

A guess is read leniently (:func:`parse_guess`) and judged with a stated
tolerance (:func:`tolerance`): within 1 % of the answer or ±0.005, whichever is
wider. Counts and choices must be exact. A guess that is not a number is not
marked wrong: :class:`GuessError` says what to type.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from graphviz_app.core import graph as G
from graphviz_app.core.paths import paths_to
from graphviz_app.session.prose.names import Names
from graphviz_app.session.timeline.states import Edge
from graphviz_app.session.timeline.steps import Timeline
from graphviz_app.text.numbers import format_number

__all__ = [
    "DIVIDES_BY_ZERO",
    "EDGE",
    "EMPTY_GUESS",
    "GRADIENT",
    "GUESS_HINT",
    "KIND_NAMES",
    "MAX_CHOICES",
    "NOT_A_NUMBER",
    "NUMBER_HINT",
    "PATHS",
    "GuessError",
    "Question",
    "Verdict",
    "judge",
    "parse_guess",
    "questions_of",
    "revealed_message",
    "tolerance",
    "verdict_message",
]

GRADIENT, PATHS, EDGE = "gradient", "paths", "edge"
KIND_NAMES = {PATHS: "path counts", EDGE: "largest contributions", GRADIENT: "gradients"}
"""What the score card calls each kind of question, in the order a step asks them."""
MAX_CHOICES = 9
"""An edge question offers at most this many edges (keys 1 to 9)."""
RELATIVE, ABSOLUTE = 0.01, 0.005
"""A number is right within 1 % of the answer or ±0.005, whichever is wider."""
EMPTY_GUESS = "type a number first (or press Space or PageDown to reveal without a guess)"
NOT_A_NUMBER = "'{text}' is not a number: {hint}"
DIVIDES_BY_ZERO = "'{text}' divides by zero: type a number such as 0.5 or 1/2"
NUMBER_HINT = "type a number such as 0.5, -1.2e-3 or 1/2"
GUESS_HINT = "type one such as 0.5, -1.2e-3 or 1/2"
"""What a guess that is not a number is told (the interactive page shows the same sentences)."""


class GuessError(ValueError):
    """A guess that is not an answer at all (not a number): the message says what to type."""


@dataclass(frozen=True)
class Question:
    """One question: asked before step ``step`` arrives, about ``node``."""

    kind: str
    step: int
    node: str
    text: str
    answer: float
    answer_text: str  # what the reveal says: "∂z/∂t = −0.3012"
    hint: str  # what to type
    choices: tuple[str, ...] = ()
    edge: Edge | None = None  # the edge whose arrival answers it

    @property
    def key(self) -> tuple[str, str]:
        """What the question is about, independent of the numbers (kept across edits)."""
        return self.kind, self.node


@dataclass(frozen=True)
class Verdict:
    """How a guess (or a reveal without one) came out, and the sentence that says so."""

    outcome: str  # "right", "wrong" or "skipped"
    message: str


# --- reading and judging a guess -------------------------------------------------------------

_NUMBER = r"[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?"
_GUESS = re.compile(rf"^({_NUMBER})(?:/({_NUMBER}))?$")


def parse_guess(text: str) -> float:
    """The number a guess means: ``0.5``, ``.5``, ``-1.2e-3``, ``−0.3`` (a Unicode minus), ``1/2``, ``0,5``.

    >>> [parse_guess(t) for t in ("0.5", ".5", "1/2", "−1.2e-3", " 3 ", "0,25")]
    [0.5, 0.5, 0.5, -0.0012, 3.0, 0.25]
    >>> parse_guess("abc")
    Traceback (most recent call last):
    ...
    graphviz_app.session.quiz.questions.GuessError: 'abc' is not a number: type one such as 0.5, -1.2e-3 or 1/2
    """
    cleaned = text.strip().lower().replace("−", "-").replace("–", "-").replace("×10^", "e")
    cleaned = cleaned.replace(" ", "").replace("\u202f", "").replace("+-", "-")
    if "," in cleaned and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")  # a decimal comma
    match = _GUESS.match(cleaned)
    if not text.strip():
        raise GuessError(EMPTY_GUESS)
    if match is None:
        raise GuessError(NOT_A_NUMBER.format(text=text.strip(), hint=GUESS_HINT))
    value = float(match.group(1))
    if match.group(2) is not None:
        denominator = float(match.group(2))
        if denominator == 0:
            raise GuessError(DIVIDES_BY_ZERO.format(text=text.strip()))
        value /= denominator
    return value


def tolerance(answer: float) -> tuple[float, str]:
    """How far off a guess may be, and how the verdict says it.

    >>> tolerance(2.235), tolerance(-0.3012)
    ((0.02235, 'within 1 %'), (0.005, 'within ±0.005'))
    """
    relative = RELATIVE * abs(answer)
    if relative >= ABSOLUTE:
        return relative, f"within {RELATIVE * 100:g} %"
    return ABSOLUTE, f"within ±{ABSOLUTE:g}"


def judge(question: Question, text: str) -> Verdict:
    """Right or wrong, with the answer; :class:`GuessError` when ``text`` is not an answer."""
    try:
        guess = parse_guess(text)
    except GuessError:
        if question.kind == GRADIENT or not text.strip():
            raise
        raise GuessError(NOT_A_NUMBER.format(text=text.strip(), hint=question.hint)) from None
    if question.kind == GRADIENT:
        tol, _ = tolerance(question.answer)
        right = abs(guess - question.answer) <= tol
        return Verdict("right" if right else "wrong", verdict_message(question, right))
    if guess != int(guess) or (question.kind == EDGE and not 1 <= guess <= len(question.choices)):
        raise GuessError(question.hint)
    right = int(guess) == question.answer
    return Verdict("right" if right else "wrong", verdict_message(question, right, int(guess)))


def verdict_message(question: Question, right: bool, guess: int | str | None = None) -> str:
    """What the verdict says: ``✓ right (within ±0.005): ∂z/∂t = −0.3012``, ``✗ not 2: 3 paths lead …``."""
    if question.kind == GRADIENT:
        _, within = tolerance(question.answer)
        mark = f"✓ right ({within})" if right else f"✗ not quite ({within} counts)"
    else:
        mark = "✓ right" if right else f"✗ not {guess}"
    return f"{mark}: {question.answer_text}"


def revealed_message(question: Question) -> str:
    """What a reveal without a guess says."""
    return f"revealed: {question.answer_text}"


# --- the questions of a timeline ----------------------------------------------------------------


def _scalar(x: Any) -> float | None:
    """``x`` as a finite float (a one-element array too), or None for larger arrays and non-finite numbers."""
    if x is None or np.size(x) != 1:
        return None
    value = float(np.asarray(x).reshape(()))
    return value if math.isfinite(value) else None


def questions_of(timeline: Timeline) -> list[Question]:
    """Every question the backward pass of ``timeline`` answers, in the order it answers them."""
    ev = timeline.evaluation
    g, out = ev.graph, ev.output
    names = Names.of(ev)
    arrivals: dict[str, list[tuple[int, Edge]]] = {}
    for edge, step in sorted(timeline.backward_steps().items(), key=lambda item: item[1]):
        arrivals.setdefault(edge[0], []).append((step, edge))
    out_name = names.name(out)
    counts = paths_to(g, out)
    questions: list[Question] = []
    for node, arrived in arrivals.items():
        first_step, first_edge = arrived[0]
        last_step, last_edge = arrived[-1]
        if g.nodes[node][G.KIND] == G.CONST:
            continue
        paths = counts[node]
        if paths >= 2:
            questions.append(
                Question(
                    PATHS,
                    first_step,
                    node,
                    f"How many paths lead from {names.name(node)} to {out_name}?",
                    paths,
                    f"{paths} paths lead from {names.name(node)} to {out_name}",
                    "type a whole number of paths, such as 2",
                    edge=first_edge,
                )
            )
        sent = [(_scalar(ev.contributions[edge]), edge) for _, edge in arrived]
        if 2 <= len(sent) <= MAX_CHOICES and all(c is not None for c, _ in sent):
            choices = tuple(f"{names.name(child)} → {names.name(parent)}" for _, (parent, child) in sent)
            best = max(range(len(sent)), key=lambda i: abs(sent[i][0] or 0.0))
            questions.append(
                Question(
                    EDGE,
                    first_step,
                    node,
                    f"Which edge sends the largest contribution back to {names.name(node)}?",
                    best + 1,
                    f"{best + 1}) {choices[best]} sends the largest (in size)",
                    f"type the number of an edge, 1 to {len(choices)}",
                    choices,
                    first_edge,
                )
            )
        grad = _scalar(ev.grads[node])
        if grad is not None:
            questions.append(
                Question(
                    GRADIENT,
                    last_step,
                    node,
                    f"What is {names.grad_of(node)}?",
                    grad,
                    f"{names.grad_of(node)} = {format_number(grad)}",
                    NUMBER_HINT,
                    edge=last_edge,
                )
            )
    order = {GRADIENT: 2, PATHS: 0, EDGE: 1}
    questions.sort(key=lambda q: (q.step, order[q.kind]))
    return questions


# --- a quiz in progress ----------------------------------------------------------------------------
