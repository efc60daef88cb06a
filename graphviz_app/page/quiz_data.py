"""Quiz mode on a page: the window's questions, with everything the page needs to ask, judge and reveal them.

The questions are :func:`~graphviz_app.session.quiz.questions.questions_of` the timeline, asked in the
window's order. What the page cannot compute it is given: the caption the question replaces
(:func:`~graphviz_app.session.quiz.state.question_caption`), the masked gradient line (``∇ ? (1/2)``), the
interval a numeric guess must fall in (:func:`~graphviz_app.session.quiz.questions.tolerance`), and every
verdict's sentence. The page only reads the guess (as :func:`~graphviz_app.session.quiz.questions.parse_guess`
does; a browser test checks both read the same) and compares it with the interval or the whole number.
"""

from __future__ import annotations

from typing import Any

from graphviz_app.session.quiz import questions as Q
from graphviz_app.session.quiz.state import SCORE, Hidden, question_caption
from graphviz_app.session.timeline.states import Edge, NodeState

__all__ = ["quiz_data"]


def quiz_data(
    questions: list[Q.Question],
    states: dict[int, dict[str, NodeState]],
    node_index: dict[str, int],
    edge_index: dict[Edge, int],
    drawn_edge: Any,
) -> dict[str, Any]:
    """The questions (see the module docstring) and the sentences a guess is answered with.

    ``states`` holds every node's state at each question's step; ``drawn_edge`` maps an edge of the graph
    to the drawn edge standing for it (None inside a collapsed layer).
    """
    asked = []
    for q in questions:
        edge = drawn_edge(q.edge) if q.edge is not None else None
        entry: dict[str, Any] = {
            "step": q.step,
            "kind": q.kind,
            "node": node_index.get(q.node, -1),
            "caption": question_caption(q),
            "masked": Hidden.grad_line(states[q.step].get(q.node)),
            "edge": edge_index.get(edge, -1) if edge is not None else -1,
            "hint": q.hint,
            "right": Q.verdict_message(q, True),
            "wrong": Q.verdict_message(q, False, "{guess}"),
            "revealed": Q.revealed_message(q),
        }
        if q.kind == Q.GRADIENT:
            tol, _ = Q.tolerance(q.answer)
            entry["range"] = [q.answer - tol, q.answer + tol]
        else:
            entry["answer"] = int(q.answer)
            entry["choices"] = len(q.choices)
        asked.append(entry)
    return {
        "questions": asked,
        "score": SCORE,
        "messages": {
            "empty": Q.EMPTY_GUESS,
            "not_a_number": Q.NOT_A_NUMBER,
            "number_hint": Q.GUESS_HINT,
            "divides_by_zero": Q.DIVIDES_BY_ZERO,
        },
    }
