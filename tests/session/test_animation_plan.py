"""The frames of an exported animation follow the window's timing: travel, then a pause on each arrival."""

from __future__ import annotations

import pytest

from graphviz_app.errors import GraphvizAppError
from graphviz_app.session.state.session import Session
from graphviz_app.session.timeline.animation_plan import PAUSE_S, TRAVEL_S, ease, plan_animation


@pytest.fixture(scope="module")
def timeline():
    s = Session()
    s.open_source("example:net-221")
    return s.timeline


def test_every_step_rests_and_every_token_step_travels(timeline):
    fps, hold = 10, 0.5
    plan = plan_animation(timeline, fps=fps, hold=hold)
    n = len(timeline)
    moving = sum(1 for k in range(1, n) if timeline.steps[k].tokens)
    rest, travel = round(hold * fps), round(TRAVEL_S * fps)
    assert len(plan.frames) == n * rest + moving * travel
    assert plan.seconds == len(plan.frames) / fps
    assert {f.step for f in plan.frames} == set(range(n))  # every position of the timeline is shown
    assert plan.frames[-1].step == n - 1 and plan.frames[-1].travel is None
    # a step's tokens travel from 0 towards 1, then it rests; steps come in order
    steps = [f.step for f in plan.frames]
    assert steps == sorted(steps)
    k = next(k for k in range(1, n) if timeline.steps[k].tokens)
    mine = [f.travel for f in plan.frames if f.step == k]
    assert mine[:travel] == [i / travel for i in range(travel)]
    assert mine[travel:] == [None] * rest


def test_defaults_are_the_windows_pause_and_at_least_one_frame_each(timeline):
    plan = plan_animation(timeline, first=3, last=5, fps=1)
    # at 1 fps a 0.12 s pause and a 0.65 s travel still get one frame each
    assert [f.step for f in plan.frames if f.travel is None] == [3, 4, 5]
    assert round(PAUSE_S * 1000) == 120


def test_ease_is_symmetric_and_monotonic():
    xs = [i / 20 for i in range(21)]
    ys = [ease(x) for x in xs]
    assert ys == sorted(ys) and ys[0] == 0 and ys[-1] == 1
    assert all(abs(ease(x) + ease(1 - x) - 1) < 1e-12 for x in xs)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"fps": 0}, "--fps 0"),
        ({"fps": 61}, "from 1 to 60"),
        ({"fps": 2.5}, "whole number"),
        ({"hold": -1}, "--hold -1"),
        ({"hold": "soon"}, "expected seconds"),
        ({"first": 5, "last": 4}, "--from 5 --to 4"),
        ({"last": 10_000}, "steps 0 to"),
        ({"fps": 60, "hold": 60}, "too many"),
    ],
)
def test_bad_options_are_refused_with_what_to_fix(timeline, options, message):
    with pytest.raises(GraphvizAppError, match=message):
        plan_animation(timeline, **options)
