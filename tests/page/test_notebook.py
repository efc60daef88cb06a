"""A notebook executed as Jupyter does (nbclient, an ipykernel): ga.build shows a picture and the player,
and two players on one page (the notebook's outputs, as nbconvert writes them) keep to themselves."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import nbformat
import pytest
from nbclient import NotebookClient
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from tests.page.conftest import ready

CELLS = [
    "import graphviz_app as ga",
    'ga.build("sin(x**2)", x=1.5)',
    'ga.build("example:multipath")',
]


@pytest.fixture(scope="module")
def executed():
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code) for code in CELLS])
    NotebookClient(notebook, timeout=90, kernel_name="python3").execute()
    return notebook


def test_build_shows_a_picture_and_the_player(executed):
    [output] = executed.cells[1].outputs
    assert output.output_type == "execute_result"
    data = output["data"]
    assert {"image/svg+xml", "text/html", "text/plain"} <= set(data)
    svg = ET.fromstring(data["image/svg+xml"])
    texts = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert "f = sin" in texts and "0.7781" in texts and "∇ −1.885" in texts  # the last step: every gradient
    assert "GraphvizAppPlayer.mount" in data["text/html"]


def test_two_players_in_one_notebook_keep_to_themselves(executed, chrome, tmp_path):
    outputs = [cell.outputs[0]["data"]["text/html"] for cell in executed.cells[1:]]
    page = tmp_path / "notebook.html"
    page.write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>"
        + "".join(f"<div class='output'>{html}</div>" for html in outputs)
        + "</body></html>",
        encoding="utf-8",
    )
    chrome.get(page.as_uri())
    ready(chrome, 2)
    steps = "return Array.prototype.map.call(document.querySelectorAll('.gaplayer'), function (r) { return r.gaPlayer.k; })"
    assert chrome.execute_script(steps) == [0, 0]
    players = chrome.find_elements("css selector", ".gaplayer")
    assert len({p.get_attribute("id") for p in players}) == 2
    chrome.execute_script("arguments[0].focus()", players[0])
    ActionChains(chrome).send_keys(Keys.END).perform()
    last = chrome.execute_script("return document.querySelector('.gaplayer').gaPlayer.last")
    assert chrome.execute_script(steps) == [last, 0]  # keys go to the player that has the focus
    chrome.execute_script("arguments[0].focus()", players[1])
    ActionChains(chrome).send_keys(Keys.ARROW_RIGHT).perform()
    chrome.execute_script("document.querySelectorAll('.gaplayer')[1].gaPlayer.finish()")
    assert chrome.execute_script(steps) == [last, 1]
    ActionChains(chrome).send_keys("t").perform()
    themes = "return Array.prototype.map.call(document.querySelectorAll('.gaplayer'), function (r) { return r.dataset.theme; })"
    assert chrome.execute_script(themes) == ["light", "dark"]
