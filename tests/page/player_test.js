/* Tests of the player's own logic (resources/page/player.js): run in Chromium by tests/page/test_player_js.py,
 * which reads window.playerTestResults. Each test names what the player must do. */
(function () {
  "use strict";
  var P = window.GraphvizAppPlayer, failures = [], count = 0;
  var messages = {
    empty: "type a number first", not_a_number: "'{text}' is not a number: {hint}",
    number_hint: "type one", divides_by_zero: "'{text}' divides by zero",
  };

  function test(name, body) {
    count += 1;
    try { body(); } catch (error) { failures.push(name + ": " + (error && error.message || String(error))); }
  }
  function equal(got, want) {
    if (JSON.stringify(got) !== JSON.stringify(want)) {
      throw new Error("got " + JSON.stringify(got) + ", want " + JSON.stringify(want));
    }
  }
  function raises(body, want) {
    try { body(); } catch (error) { equal(error.message, want); return; }
    throw new Error("nothing was raised");
  }

  test("versionAt finds the last version at or before the step", function () {
    var versions = [[0, "a"], [3, "b"], [7, "c"]];
    equal([0, 1, 2, 3, 6, 7, 40].map(function (k) { return P.versionAt(versions, k)[1]; }),
          ["a", "a", "a", "b", "b", "c", "c"]);
    equal(P.versionAt([[0, "only"]], 12)[1], "only");
  });

  test("fill puts named values in and leaves unknown names", function () {
    equal(P.fill("{right} right of {asked} asked", { right: 2, asked: 3 }), "2 right of 3 asked");
    equal(P.fill("✗ not {guess}: {other}", { guess: 4 }), "✗ not 4: {other}");
  });

  test("keyCommand reads the page's key table", function () {
    var keys = [[["ArrowRight", "PageDown"], "next"], [[" "], "play"]];
    equal([P.keyCommand(keys, "PageDown"), P.keyCommand(keys, " "), P.keyCommand(keys, "x")], ["next", "play", null]);
  });

  test("parseGuess reads a guess leniently", function () {
    equal(["0.5", ".5", "1/2", "−1.2e-3", " 3 ", "0,25", "-2"].map(function (t) { return P.parseGuess(t, messages); }),
          [0.5, 0.5, 0.5, -0.0012, 3, 0.25, -2]);
    raises(function () { P.parseGuess("  ", messages); }, "type a number first");
    raises(function () { P.parseGuess("abc", messages); }, "'abc' is not a number: type one");
    raises(function () { P.parseGuess("1/0", messages); }, "'1/0' divides by zero");
  });

  test("judge compares a gradient with its interval and a count with its number", function () {
    var gradient = { kind: "gradient", range: [-0.31, -0.29], right: "✓", wrong: "✗", hint: "h" };
    equal(P.judge(gradient, "-0.3", messages), { outcome: "right", message: "✓" });
    equal(P.judge(gradient, "0.3", messages).outcome, "wrong");
    var paths = { kind: "paths", answer: 3, right: "✓ 3", wrong: "✗ not {guess}: 3", hint: "a whole number" };
    equal(P.judge(paths, "2", messages), { outcome: "wrong", message: "✗ not 2: 3" });
    equal(P.judge(paths, "3", messages).outcome, "right");
    raises(function () { P.judge(paths, "2.5", messages); }, "a whole number");
    raises(function () { P.judge(paths, "two", messages); }, "'two' is not a number: a whole number");
    var edge = { kind: "edge", answer: 1, choices: 2, right: "✓", wrong: "✗", hint: "1 to 2" };
    raises(function () { P.judge(edge, "3", messages); }, "1 to 2");
  });

  window.playerTestResults = { count: count, failures: failures };
})();
