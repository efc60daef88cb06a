"""The player's JavaScript tests, run in Chromium; and its reading of a quiz guess against the window's."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphviz_app.page.html import resource
from graphviz_app.session.quiz import questions as Q

TESTS = Path(__file__).with_name("player_test.js")


@pytest.fixture
def player(chrome):
    chrome.get("data:text/html;charset=utf-8,<!DOCTYPE html><title>player</title>")
    chrome.execute_script(resource("player.js"))
    return chrome


def test_the_players_own_tests_pass(player):
    player.execute_script(TESTS.read_text(encoding="utf-8"))
    results = player.execute_script("return window.playerTestResults")
    assert results["count"] >= 5
    assert results["failures"] == []


GUESSES = ["0.5", ".5", "1/2", "−1.2e-3", " 3 ", "0,25", "1,5", "2.", "+4", "-.25", "1e3", "1E-2", "3/4/5",
           "1/0", "", "  ", "abc", "0.5.1", "1 000", "−0,5", "1×10^3", "+-2", "7/-2", "1,000.5"]  # fmt: skip


READ_ALL = """
var texts = arguments[0], messages = arguments[1], out = [];
texts.forEach(function (text) {
  try { out.push(GraphvizAppPlayer.parseGuess(text, messages)); } catch (e) { out.push("error: " + e.message); }
});
return out;
"""


def test_a_guess_is_read_as_the_window_reads_it(player):
    """The page judges guesses itself: it must read every text as parse_guess does, number or message."""
    messages = {
        "empty": Q.EMPTY_GUESS,
        "not_a_number": Q.NOT_A_NUMBER,
        "number_hint": Q.GUESS_HINT,
        "divides_by_zero": Q.DIVIDES_BY_ZERO,
    }
    got = player.execute_script(READ_ALL, GUESSES, messages)
    want = []
    for text in GUESSES:
        try:
            want.append(Q.parse_guess(text))
        except Q.GuessError as exc:
            want.append(f"error: {exc}")
    assert got == want
