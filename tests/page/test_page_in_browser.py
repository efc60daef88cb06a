"""The page in a real browser: stepped through with the window's keys, it shows the window's timeline, asks for
nothing on the network, and its inspector, paths panel, quiz and themes work."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from graphviz_app.page.document import build_page
from graphviz_app.page.html import write_page
from graphviz_app.palette import DARK
from graphviz_app.session.paths.sum_over_paths import PathSum
from graphviz_app.session.quiz.state import Quiz
from graphviz_app.session.state.session import Session
from graphviz_app.session.timeline.node_text import node_lines
from tests.page import browser

PLAYER = "var p = document.querySelector('.gaplayer').gaPlayer;"
READ = (
    PLAYER
    + """
p.finish();  // a step still travelling arrives now, as the next press would make it
var nodes = Array.prototype.map.call(document.querySelectorAll('.ga-node'), function (g) {
  var v = g.querySelector('.ga-v'), d = g.querySelector('.ga-g');
  return [g.getAttribute('data-id'), v.textContent, v.getAttribute('class'),
          d ? d.textContent : null, d ? d.getAttribute('class') : null];
});
return {k: p.k, caption: document.querySelector('.ga-caption').textContent, nodes: nodes,
        scrub: document.querySelector('.ga-scrub').value};
"""
)


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pages")
    made = {}
    for name in ("net-221", "multipath"):
        session = Session()
        session.open_source(f"example:{name}")
        made[name] = (write_page(build_page(session.loaded), folder / f"{name}.html"), session)
    return made


def press(driver, *keys):
    for key in keys:
        ActionChains(driver).send_keys(key).perform()


def expected(session, k):
    ev, state = session.evaluation, session.timeline.state_at(k)
    rows = {}
    for node in ev.graph:
        lines = node_lines(ev.graph, ev, node, state.nodes[node], True, True)
        grad = lines[2] if len(lines) > 2 else (None, None)
        rows[node] = (lines[1][0], lines[1][1], grad[0], grad[1])
    return rows


def shown(read):
    def role(cls):
        return None if cls is None else next(c[2:] for c in cls.split() if c.startswith("r-"))

    return {node: (v, role(vc), g, role(gc)) for node, v, vc, g, gc in read["nodes"]}


@pytest.mark.parametrize("name", ["net-221", "multipath"])
def test_stepping_through_shows_the_windows_timeline(open_page, pages, name):
    path, session = pages[name]
    driver = open_page(path)
    last = len(session.timeline) - 1
    read = driver.execute_script(READ)
    assert read["k"] == 0 and shown(read) == expected(session, 0)
    assert read["caption"] == session.caption(0)
    for k in range(1, last + 1):
        press(driver, Keys.ARROW_RIGHT if k % 2 else Keys.PAGE_DOWN)
        read = driver.execute_script(READ)
        assert read["k"] == k
        assert shown(read) == expected(session, k), k
        assert read["caption"] == session.caption(k), k
        assert read["scrub"] == str(k)
    for k in range(last - 1, last - 6, -1):
        press(driver, Keys.ARROW_LEFT if k % 2 else Keys.PAGE_UP)
        read = driver.execute_script(READ)
        assert (read["k"], shown(read), read["caption"]) == (k, expected(session, k), session.caption(k))
    assert browser.requests(driver) == [path.as_uri()]  # the page itself, and nothing else


def test_the_keys_of_the_window(open_page, pages):
    path, session = pages["net-221"]
    driver = open_page(path)
    press(driver, Keys.END)
    end = shown(driver.execute_script(READ))
    assert end["W1[0,0]"][2] == "∇ 0.1609" and end[session.evaluation.output][0] == "0.7688"
    press(driver, Keys.HOME)
    start = driver.execute_script(READ)
    assert start["k"] == 0 and all(grad in ("∇", None) for _, _, grad, _ in shown(start).values())
    press(driver, "d")
    assert driver.execute_script(READ)["k"] == session.timeline.index_of_phase("backward")
    driver.execute_script(  # every token put on the drawing, however soon it is gone
        "window.tokensSeen = []; new MutationObserver(function (changes) { changes.forEach(function (c) {"
        "  c.addedNodes.forEach(function (n) { tokensSeen.push(n.textContent); }); }); })"
        ".observe(document.querySelector('.ga-tokens'), {childList: true});"
    )
    press(driver, Keys.RIGHT)  # this time the step plays its tokens and arrives by itself
    target = session.timeline.index_of_phase("backward") + 1
    WebDriverWait(driver, 30).until(lambda d: d.execute_script(PLAYER + "return p.k") == target)
    assert driver.execute_script("return window.tokensSeen") == [
        t.text for t in session.timeline.steps[target].tokens
    ]
    assert driver.execute_script("return document.querySelectorAll('.ga-token').length") == 0  # arrived
    press(driver, Keys.SPACE)
    assert driver.execute_script(
        PLAYER + "return [p.playing, p.$('[data-cmd=play]').getAttribute('aria-pressed')]"
    ) == [
        True,
        "true",
    ]
    press(driver, Keys.SPACE)
    assert driver.execute_script(PLAYER + "return p.playing") is False
    blank = driver.find_element(By.CSS_SELECTOR, ".ga-blank")
    press(driver, "b")
    assert blank.is_displayed()
    press(driver, "b")
    assert not blank.is_displayed()
    press(driver, ".")
    assert blank.is_displayed()
    press(driver, Keys.ESCAPE)
    assert not blank.is_displayed()
    press(driver, "t")
    assert driver.execute_script(
        PLAYER + "return [p.root.dataset.theme, getComputedStyle(p.root).getPropertyValue('--ga-background')]"
    ) == ["dark", DARK.background]


def test_inspector_and_paths_panel(open_page, pages):
    path, session = pages["multipath"]
    driver = open_page(path)
    press(driver, Keys.END)
    node = driver.find_element(By.CSS_SELECTOR, '.ga-node[data-id="x"]')
    ActionChains(driver).move_to_element(node).click().perform()
    page = driver.find_element(By.CSS_SELECTOR, ".ga-page").text
    assert page.startswith("x\n") and "∂z/∂x is the sum of what each outgoing edge sends back" in page
    assert "at this step: final" in page
    press(driver, Keys.HOME)  # the inspector follows the step
    assert "not arrived yet" in driver.find_element(By.CSS_SELECTOR, ".ga-page").text
    driver.execute_script(  # the pointer over an edge (its wide invisible stroke): its page, while it stays
        'document.querySelector(\'.ga-edge[data-from="t"][data-to="x"] .ga-hit\')'
        ".dispatchEvent(new MouseEvent('mouseover', {bubbles: true}))"
    )
    edge = driver.find_element(By.CSS_SELECTOR, ".ga-page").text
    assert edge.startswith("t → x\n") and "sends back" in edge
    driver.execute_script("document.querySelector('.ga-canvas').dispatchEvent(new MouseEvent('mouseleave'))")
    assert driver.find_element(By.CSS_SELECTOR, ".ga-page").text.startswith("x\n")  # the selection again
    driver.find_element(By.CSS_SELECTOR, '[data-tab="paths"]').click()
    t = driver.find_element(By.CSS_SELECTOR, '.ga-node[data-id="t"]')
    ActionChains(driver).move_to_element(
        t
    ).click().perform()  # choosing a leaf on the canvas chooses its paths
    assert driver.find_element(By.CSS_SELECTOR, ".ga-count").text == "3 paths from t to z"
    rows = driver.find_elements(By.CSS_SELECTOR, ".ga-rows button")
    assert len(rows) == 3
    rows[0].click()
    lit = driver.execute_script(
        "return [document.querySelector('.ga-canvas').classList.contains('ga-dim'),"
        " Array.prototype.map.call(document.querySelectorAll('.ga-node.lit'), function (g) {"
        "   return g.getAttribute('data-id'); })]"
    )
    assert lit[0] and set(lit[1]) == set(PathSum(session.evaluation, "t").fetch(1)[0].nodes)
    assert "backprop" in driver.find_element(By.CSS_SELECTOR, ".ga-total").text


def test_quiz_mode_asks_before_it_reveals(open_page, pages):
    path, session = pages["multipath"]
    driver = open_page(path)
    asked = [q for q in Quiz(session.timeline).questions if q.node == "t"]
    assert [q.kind for q in asked] == ["paths", "edge", "gradient"]
    driver.execute_script(PLAYER + "p.go(arguments[0], false)", asked[0].step - 1)
    press(driver, "q", Keys.PAGE_DOWN)
    caption = driver.execute_script(READ)["caption"]
    assert caption == "How many paths lead from t to z?"
    assert not driver.find_element(By.CSS_SELECTOR, ".ga-side").is_displayed()  # it would give it away
    guess = driver.find_element(By.CSS_SELECTOR, ".ga-guess")
    guess.send_keys("2", Keys.ENTER)
    assert driver.find_element(By.CSS_SELECTOR, ".ga-verdict").text == "✗ not 2: 3 paths lead from t to z"
    press(driver, Keys.PAGE_DOWN)  # the same step's next question: which edge sends the most
    assert driver.execute_script(READ)["caption"].startswith(
        "Which edge sends the largest contribution back to t?"
    )
    press(driver, Keys.PAGE_DOWN)  # revealed without a guess
    assert driver.find_element(By.CSS_SELECTOR, ".ga-verdict").text.startswith("revealed: ")
    press(driver, Keys.PAGE_DOWN)  # on: the next step asks for t's gradient before it arrives
    assert driver.execute_script(READ)["caption"] == "What is ∂z/∂t?"
    assert shown(driver.execute_script(READ))["t"][2].startswith("∇ ?")
    guess.send_keys("-0.3", Keys.ENTER)
    assert (
        driver.find_element(By.CSS_SELECTOR, ".ga-verdict").text == "✓ right (within ±0.005): ∂z/∂t = −0.3012"
    )
    assert driver.find_element(By.CSS_SELECTOR, ".ga-score").text == "1 right of 3 asked, 1 skipped"
    press(driver, Keys.ESCAPE)
    assert driver.find_element(By.CSS_SELECTOR, ".ga-side").is_displayed()


def test_a_line_wider_than_its_box_is_squeezed_into_it(open_page, pages):
    """Boxes are measured for DejaVu Sans; in a wider font a line is drawn condensed, as the window does."""
    path, _ = pages["net-221"]
    driver = open_page(path)
    driver.execute_script(
        "var s = document.createElement('style');"
        "s.textContent = '.gaplayer svg.ga-graph .ga-t { font-size: 24px; }'; document.head.appendChild(s);"
    )
    press(driver, Keys.END)
    spill = driver.execute_script(
        "return Array.prototype.filter.call(document.querySelectorAll('.ga-node .ga-v, .ga-node .ga-g'),"
        " function (t) { return t.getBBox().width > t.parentNode.querySelector('.ga-box').width.baseVal.value; })"
        ".map(function (t) { return t.textContent; })"
    )
    assert spill == []
