"""Predict, then reveal: questions the backward pass answers, asked before it does.

The questions themselves (gradients, path counts, the largest contribution) and how a guess
is judged are in :mod:`.quiz_questions`.

Which questions stop the animation is the *mode*: every question (``every``),
only those about the nodes the lecturer marked (``marked``), or every k-th one
(``every-k``). While a step's questions are open, :attr:`Quiz.hidden` says which
numbers the canvas must draw as "?"; the caption is the question.

Examples
--------
>>> from graphviz_app.session.state.session import Session
>>> s = Session()
>>> s.open_source("example:multipath")
>>> quiz = Quiz(s.timeline)
>>> [(q.step, q.kind, q.text) for q in quiz.questions][-3:]
[(12, 'paths', 'How many paths lead from t to z?'), (12, 'edge', \
'Which edge sends the largest contribution back to t?'), (13, 'gradient', 'What is ∂z/∂t?')]
>>> quiz.open_at(13)
True
>>> sorted(quiz.hidden.nodes), quiz.caption(13, "the arithmetic")
(['t'], 'What is ∂z/∂t?')
>>> quiz.answer("-0.3").message
'✓ right (within ±0.005): ∂z/∂t = −0.3012'
>>> quiz.score
Score(right=1, wrong=0, skipped=0)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from graphviz_app.session.quiz.questions import (
    KIND_NAMES,
    GuessError,
    Question,
    Verdict,
    judge,
    questions_of,
    revealed_message,
)
from graphviz_app.session.timeline.states import Edge, NodeState, Token
from graphviz_app.session.timeline.steps import Timeline

__all__ = ["MODES", "SCORE", "Hidden", "Quiz", "Score", "ScoreCard", "question_caption"]

SCORE = "{right} right of {asked} asked, {skipped} skipped"
"""What the quiz bar says of the score (the interactive page fills in the same sentence)."""
MODES = {"every": "every gradient", "marked": "marked nodes", "every-k": "every k-th"}
"""Which questions stop the animation: mode name -> what the bar calls it."""


def question_caption(q: Question) -> str:
    """What the caption says while ``q`` is asked: the question, and its choices numbered."""
    if q.choices:
        listed = "   ".join(f"{i}) {choice}" for i, choice in enumerate(q.choices, start=1))
        return f"{q.text}\n{listed}"
    return q.text


@dataclass(frozen=True)
class Hidden:
    """The numbers masked while a step's questions are open: drawn as "?" at ``step``.

    ``nodes`` are the nodes whose gradient line reads ``∇ ?``; ``edges`` the edges
    whose travelling tokens read "?".
    """

    step: int
    nodes: frozenset[str] = frozenset()
    edges: frozenset[Edge] = frozenset()

    def masks(self, node: str, step: int) -> bool:
        """Whether ``node``'s gradient is drawn as "?" at ``step``."""
        return step == self.step and node in self.nodes

    @staticmethod
    def grad_line(state: NodeState | None) -> str:
        """A masked gradient line: ``∇ ?``, or ``∇ ? (1/2)`` while contributions are still to come."""
        if state is None or state.grad_final or state.expected <= 1:
            return "∇ ?"
        return f"∇ ? ({state.received}/{state.expected})"

    def mask(self, tokens: Iterable[Token]) -> list[Token]:
        """``tokens`` with a "?" for the number on each one along a masked edge."""
        return [t._replace(text="?") if t.edge in self.edges else t for t in tokens]


@dataclass(frozen=True)
class Score:
    right: int = 0
    wrong: int = 0
    skipped: int = 0

    @property
    def asked(self) -> int:
        return self.right + self.wrong + self.skipped

    def __str__(self) -> str:
        """What the bar shows.

        >>> str(Score(2, 1, 1))
        '2 right of 4 asked, 1 skipped'
        """
        return SCORE.format(right=self.right, asked=self.asked, skipped=self.skipped)


@dataclass(frozen=True)
class ScoreCard:
    """The end of a round: the score per kind of question, the whole, and what was not asked."""

    rows: tuple[tuple[str, Score], ...]
    """(what the kind is called, its score), for each kind this mode asked about."""
    total: Score
    unasked: int
    """Questions of this mode the animation jumped past (End, D, scrubbing)."""

    def lines(self) -> list[str]:
        """The card as text.

        >>> card = ScoreCard((("gradients", Score(2, 1, 0)), ("path counts", Score(1, 0, 1))), Score(3, 1, 1), 2)
        >>> for line in card.lines():
        ...     print(line)
        gradients: 2 right, 1 wrong, 0 skipped
        path counts: 1 right, 0 wrong, 1 skipped
        all: 3 right, 1 wrong, 1 skipped (2 not asked)
        """
        out = [f"{name}: {s.right} right, {s.wrong} wrong, {s.skipped} skipped" for name, s in self.rows]
        t = self.total
        rest = f" ({self.unasked} not asked)" if self.unasked else ""
        return [*out, f"all: {t.right} right, {t.wrong} wrong, {t.skipped} skipped{rest}"]


@dataclass
class Quiz:
    """The questions of a timeline, which of them stop the animation, the ones open now, and the score.

    ``outcomes`` maps a question's :attr:`~Question.key` to "right", "wrong" or
    "skipped"; a question with an outcome is not asked again (stepping back
    shows its answer). ``open`` holds the questions of the step being asked
    about, the current one first.
    """

    timeline: Timeline
    mode: str = "every"
    k: int = 2
    marked: set[str] = field(default_factory=set)
    outcomes: dict[tuple[str, str], str] = field(default_factory=dict)
    open: list[Question] = field(default_factory=list)
    questions: list[Question] = field(init=False)

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"unknown quiz mode '{self.mode}'; use one of {', '.join(MODES)}")
        self.questions = questions_of(self.timeline)

    # --- which questions are asked ---

    def selected(self) -> list[Question]:
        """The questions this mode asks: all, those about marked nodes, or every k-th."""
        if self.mode == "marked":
            return [q for q in self.questions if q.node in self.marked]
        if self.mode == "every-k":
            k = max(1, self.k)
            return [q for i, q in enumerate(self.questions) if i % k == k - 1]
        return list(self.questions)

    def due_at(self, step: int) -> list[Question]:
        """The questions still to ask before step ``step`` arrives."""
        return [q for q in self.selected() if q.step == step and q.key not in self.outcomes]

    def open_at(self, step: int) -> bool:
        """Open the questions due at ``step``; False (and nothing open) when there are none."""
        self.open = self.due_at(step)
        return bool(self.open)

    def close(self) -> None:
        """Leave the open questions unasked (the user stepped back or jumped away)."""
        self.open = []

    @property
    def current(self) -> Question | None:
        return self.open[0] if self.open else None

    @property
    def hidden(self) -> Hidden | None:
        """What the canvas masks while questions are open."""
        if not self.open:
            return None
        step = self.open[0].step
        nodes = frozenset(q.node for q in self.open)
        edges = frozenset(q.edge for q in self.open if q.edge is not None)
        return Hidden(step, nodes, edges)

    def caption(self, step: int, caption: str) -> str:
        """The caption to show at ``step``: the open question instead of the arithmetic that answers it."""
        q = self.current
        if q is None or q.step != step:
            return caption
        return question_caption(q)

    # --- answers ---

    def answer(self, text: str) -> Verdict:
        """Judge ``text`` as the answer to the current question, record it, move to the next one.

        A guess that is not an answer raises :class:`GuessError` and changes nothing.
        """
        q = self._current()
        verdict = judge(q, text)
        return self._record(q, verdict)

    def skip(self) -> Verdict:
        """Reveal the current question's answer without a guess (counted as skipped)."""
        q = self._current()
        return self._record(q, Verdict("skipped", revealed_message(q)))

    def _current(self) -> Question:
        if not self.open:
            raise GuessError("no question is open: step on with Space or PageDown")
        return self.open[0]

    def _record(self, q: Question, verdict: Verdict) -> Verdict:
        self.outcomes[q.key] = verdict.outcome
        self.open.pop(0)
        return verdict

    @property
    def score(self) -> Score:
        counts = list(self.outcomes.values())
        return Score(counts.count("right"), counts.count("wrong"), counts.count("skipped"))

    def card(self) -> ScoreCard:
        """The score card of the round: right, wrong and skipped per kind of question.

        >>> from graphviz_app.session.state.session import Session
        >>> s = Session()
        >>> s.open_source("example:multipath")
        >>> quiz = Quiz(s.timeline)
        >>> quiz.open_at(12) and quiz.answer("3").outcome
        'right'
        >>> quiz.skip().outcome
        'skipped'
        >>> quiz.card().lines()[0], quiz.card().lines()[-1]
        ('path counts: 1 right, 0 wrong, 0 skipped', 'all: 1 right, 0 wrong, 1 skipped (7 not asked)')
        """
        selected = self.selected()
        rows = []
        for kind, name in KIND_NAMES.items():
            outcomes = [self.outcomes[q.key] for q in selected if q.kind == kind and q.key in self.outcomes]
            if any(q.kind == kind for q in selected):
                rows.append((name, Score(*(outcomes.count(o) for o in ("right", "wrong", "skipped")))))
        unasked = sum(q.key not in self.outcomes for q in selected)
        total = Score(*(sum(getattr(s, o) for _, s in rows) for o in ("right", "wrong", "skipped")))
        return ScoreCard(tuple(rows), total, unasked)

    def toggle_mark(self, node: str) -> bool:
        """Mark ``node`` for the ``marked`` mode, or unmark it; True when it is marked now."""
        if node in self.marked:
            self.marked.discard(node)
            return False
        self.marked.add(node)
        return True

    def renewed(self, timeline: Timeline) -> Quiz:
        """The same quiz over a new timeline (an edit): mode, marks and score carry over."""
        nodes = set(timeline.evaluation.graph.nodes)
        return Quiz(timeline, self.mode, self.k, self.marked & nodes, dict(self.outcomes))
