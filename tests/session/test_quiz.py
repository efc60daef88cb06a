"""The quiz's questions, guesses and score (Qt-free)."""

import math

import pytest

from graphviz_app.core.paths import count_paths
from graphviz_app.session.prose.names import Names
from graphviz_app.session.quiz.questions import (
    EDGE,
    GRADIENT,
    PATHS,
    GuessError,
    parse_guess,
    questions_of,
    tolerance,
)
from graphviz_app.session.quiz.state import Quiz, Score
from graphviz_app.session.state.session import Session


def timeline_of(source):
    s = Session()
    s.open_source(source)
    return s.timeline


@pytest.fixture(scope="module")
def multipath():
    return timeline_of("example:multipath")


def test_multipath_questions_steps_and_answers(multipath):
    ev = multipath.evaluation
    got = [(q.step, q.kind, q.node, q.answer) for q in questions_of(multipath)]
    assert got == [
        (7, GRADIENT, "mul#1", 1.0),
        (8, GRADIENT, "pow#3", 1.0),
        (9, PATHS, "x", 2),
        (9, EDGE, "x", 2),
        (10, GRADIENT, "y", ev.grads["y"]),
        (11, GRADIENT, "x", ev.grads["x"]),
        (12, PATHS, "t", 3),
        (12, EDGE, "t", 2),
        (13, GRADIENT, "t", ev.grads["t"]),
    ]


@pytest.mark.parametrize("source", ["example:multipath", "example:net-221", "example:cube", "example:circle"])
def test_gradient_questions_at_the_step_where_the_gradient_becomes_final(source):
    tl = timeline_of(source)
    ev = tl.evaluation
    names = Names.of(ev)
    for q in questions_of(tl):
        if q.kind != GRADIENT:
            continue
        state = tl.state_at(q.step).nodes[q.node]
        before = tl.state_at(q.step - 1).nodes[q.node]
        assert state.grad_final and not before.grad_final  # this step makes it final
        assert q.answer == ev.grads[q.node]
        assert q.text == f"What is {names.grad_of(q.node)}?"  # the captions' notation
        assert tl.steps[q.step].edge == q.edge and q.edge[0] == q.node


@pytest.mark.parametrize("source", ["example:multipath", "example:net-221", "example:deep-relu"])
def test_path_questions_count_as_core_paths_does_before_the_first_arrival(source):
    tl = timeline_of(source)
    ev = tl.evaluation
    asked = {q.node: q for q in questions_of(tl) if q.kind == PATHS}
    arrivals = {}
    for edge, step in tl.backward_steps().items():
        arrivals[edge[0]] = min(step, arrivals.get(edge[0], math.inf))
    for node, first in arrivals.items():
        count = count_paths(ev.graph, node, ev.output)
        if count >= 2:
            assert asked[node].answer == count and asked[node].step == first
            assert tl.state_at(first - 1).nodes[node].grad is None  # asked before anything reached it
        else:
            assert node not in asked


def test_edge_questions_name_the_largest_contribution(multipath):
    ev = multipath.evaluation
    q = next(q for q in questions_of(multipath) if q.kind == EDGE and q.node == "t")
    assert q.choices == ("y → t", "x → t")
    sizes = [abs(ev.contributions[("t", child)]) for child in ("y", "x")]
    assert q.answer == 1 + sizes.index(max(sizes)) == 2


def test_every_question_is_asked_once_and_counted():
    quiz = Quiz(timeline_of("example:multipath"))
    steps = sorted({q.step for q in quiz.questions})
    for step in steps:
        assert quiz.open_at(step)
        while quiz.current is not None:
            q = quiz.current
            assert quiz.hidden.step == step and q.node in quiz.hidden.nodes and q.edge in quiz.hidden.edges
            quiz.skip() if q.kind == EDGE else quiz.answer(str(q.answer))
        assert not quiz.open_at(step)  # answered questions are not asked again
    assert quiz.score == Score(right=7, wrong=0, skipped=2)
    assert quiz.score.asked == len(quiz.questions) == 9


def test_caption_is_the_question_only_while_open(multipath):
    quiz = Quiz(multipath)
    assert quiz.caption(12, "arithmetic") == "arithmetic"
    quiz.open_at(12)
    assert quiz.caption(12, "arithmetic") == "How many paths lead from t to z?"
    assert quiz.caption(11, "arithmetic") == "arithmetic"
    quiz.answer("3")
    assert (
        quiz.caption(12, "x") == "Which edge sends the largest contribution back to t?\n1) y → t   2) x → t"
    )
    quiz.close()
    assert quiz.hidden is None and quiz.caption(12, "arithmetic") == "arithmetic"
    assert quiz.score == Score(1, 0, 0)


def test_modes_choose_the_questions(multipath):
    quiz = Quiz(multipath, mode="marked", marked={"t"})
    assert [(q.kind, q.node) for q in quiz.selected()] == [(PATHS, "t"), (EDGE, "t"), (GRADIENT, "t")]
    quiz = Quiz(multipath, mode="every-k", k=4)
    assert [q.step for q in quiz.selected()] == [9, 12]  # the 4th and the 8th
    assert not quiz.open_at(7)
    with pytest.raises(ValueError, match="unknown quiz mode 'some'; use one of every, marked, every-k"):
        Quiz(multipath, mode="some")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0.5", 0.5),
        (".5", 0.5),
        ("-1.2e-3", -0.0012),
        ("−1.2E-3", -0.0012),
        ("1/2", 0.5),
        ("-3/4", -0.75),
        (" 2 ", 2.0),
        ("0,25", 0.25),
        ("+4", 4.0),
        ("1e3", 1000.0),
        ("5.", 5.0),
    ],
)
def test_guesses_are_read_leniently(text, value):
    assert parse_guess(text) == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("abc", "'abc' is not a number: type one such as 0.5, -1.2e-3 or 1/2"),
        ("", "type a number first (or press Space or PageDown to reveal without a guess)"),
        ("1/0", "'1/0' divides by zero"),
        ("1..2", "is not a number"),
        ("nan", "is not a number"),
    ],
)
def test_bad_guesses_say_what_to_type(text, message):
    with pytest.raises(GuessError, match=message.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")):
        parse_guess(text)


def test_a_bad_guess_is_not_marked(multipath):
    quiz = Quiz(multipath)
    quiz.open_at(13)
    with pytest.raises(GuessError):
        quiz.answer("abc")
    assert quiz.score.asked == 0 and quiz.current is not None


def test_tolerance_is_stated_and_applied(multipath):
    assert tolerance(100.0) == (1.0, "within 1 %")
    assert tolerance(0.1) == (0.005, "within ±0.005")
    quiz = Quiz(multipath)
    quiz.open_at(11)  # ∂z/∂x = 2.2346: 1 % is 0.0223
    assert quiz.answer("2.25").message == "✓ right (within 1 %): ∂z/∂x = 2.235"
    quiz.outcomes.clear()
    quiz.open_at(11)
    assert quiz.answer("2.26").outcome == "wrong"
    quiz.open_at(13)  # ∂z/∂t = −0.3012: ±0.005
    assert quiz.answer("−0.297").outcome == "right"
    quiz.outcomes.clear()
    quiz.open_at(13)
    assert quiz.answer("-0.296").message == "✗ not quite (within ±0.005 counts): ∂z/∂t = −0.3012"


def test_counts_and_choices_must_be_whole_and_in_range(multipath):
    quiz = Quiz(multipath)
    quiz.open_at(12)
    with pytest.raises(GuessError, match="type a whole number of paths, such as 2"):
        quiz.answer("2.5")
    assert quiz.answer("3.0").outcome == "right"
    with pytest.raises(GuessError, match="type the number of an edge, 1 to 2"):
        quiz.answer("3")
    assert quiz.answer("1").message == "✗ not 1: 2) x → t sends the largest (in size)"


def test_layer_view_asks_only_about_one_number_tensors():
    s = Session()
    s.open_source("example:net-221")
    s.set_view("layer")
    questions = questions_of(s.timeline)
    assert [q.node for q in questions] == ["a2", "y", "z2", "matmul#2", "b2"]  # not W2, a1, W1 ...
    for q in questions:
        assert q.answer == float(s.evaluation.grads[q.node][0])


def test_an_edit_keeps_mode_marks_and_score(multipath):
    quiz = Quiz(multipath, mode="marked", marked={"t", "x"})
    quiz.open_at(13)
    quiz.answer("-0.3")
    s = Session()
    s.open_source("example:multipath")
    s.set_value("t", 1.0)
    renewed = quiz.renewed(s.timeline)
    assert renewed.mode == "marked" and renewed.marked == {"t", "x"} and renewed.score == Score(1, 0, 0)
    grad_t = next(q for q in renewed.questions if q.kind == GRADIENT and q.node == "t")
    assert grad_t.answer == s.evaluation.grads["t"]
