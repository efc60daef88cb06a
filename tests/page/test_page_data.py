"""The page's data is the window's: every step's node lines, edge highlights, captions, tokens and inspector pages."""

from __future__ import annotations

import re
from dataclasses import replace
from importlib.resources import files

import pytest

from graphviz_app.core.evaluate import evaluate
from graphviz_app.errors import GraphvizAppError
from graphviz_app.files.sources import build_loaded, load_source
from graphviz_app.page.document import build_page
from graphviz_app.page.drawing import MAX_DRAWN_NODES, check_size
from graphviz_app.page.html import page_document
from graphviz_app.page.inspector_pages import PIECES
from graphviz_app.session.inspector import InspectorText
from graphviz_app.session.state.collapse import frame_box_lines, merged_state
from graphviz_app.session.state.session import Session
from graphviz_app.session.timeline.node_text import node_lines
from graphviz_app.text.numbers import format_number


def version_at(versions, k):
    """The player's lookup, in Python: the last version at or before k."""
    return [v for v in versions if v[0] <= k][-1]


def shown(page, k):
    """What the page shows at step k: node id -> (value, value role, gradient, gradient role)."""
    return {node: tuple(version_at(v, k)[1:]) for node, v in zip(page.data["nodes"], page.data["nodeText"])}


@pytest.fixture(scope="module", params=["example:net-221", "example:multipath"])
def opened(request):
    session = Session()
    session.open_source(request.param)
    return session, build_page(session.loaded)


def test_every_step_shows_what_the_window_shows(opened):
    session, page = opened
    tl, ev = session.timeline, session.evaluation
    edges = [tuple(page.data["nodes"][i] for i in pair) for pair in page.data["edges"]]
    assert len(page.data["steps"]["caption"]) == len(tl)
    for k in range(len(tl)):
        frame = tl.state_at(k)
        for node, (value, value_role, grad, grad_role) in shown(page, k).items():
            lines = node_lines(ev.graph, ev, node, frame.nodes[node], True, True)
            assert [value, value_role] == list(lines[1]), (k, node)
            assert [grad, grad_role] == (list(lines[2]) if len(lines) > 2 else [None, None]), (k, node)
        states = [version_at(v, k)[1] for v in page.data["edgeStates"]]
        assert states == [frame.edges[edge] for edge in edges], k
        assert page.data["steps"]["caption"][k] == session.caption(k)
        tokens = [
            [edges[e], bool(back), text, role] for e, back, text, role in page.data["steps"]["tokens"][k]
        ]
        assert tokens == [[t.edge, t.direction == "backward", t.text, t.role] for t in frame.tokens]
        active = page.data["steps"]["active"][k]
        assert (page.data["nodes"][active] if active >= 0 else None) == frame.active


def test_net_221_at_the_end_and_at_the_start():
    page = build_page(load_source("example:net-221"))
    end, start = shown(page, page.data["phases"]["end"]), shown(page, page.data["phases"]["start"])
    assert end["W1[0,0]"][2:] == ("∇ 0.1609", "grad")
    assert end[page.drawing.output][0] == "0.7688"  # L, the loss
    assert all(grad in ("∇", None) for _, _, grad, _ in start.values())  # no gradient shown yet


def test_inspector_pages_are_the_window_inspector_at_every_step(opened):
    session, page = opened
    strings, pages = page.data["inspector"]["strings"], page.data["inspector"]["nodes"]
    for k in range(0, len(session.timeline), 3):
        session.set_step(k)
        text = InspectorText(session)
        for node, versions in zip(page.data["nodes"], pages):
            expected = text.node_page(node)
            got = dict(zip(PIECES, (strings[i] for i in version_at(versions, k)[1])))
            for piece in PIECES:
                want = getattr(expected, piece)
                if piece == "flags":
                    want = want.replace("<", "&lt;")
                assert got[piece] == want, (k, node, piece)
    for edge_pieces, pair in zip(page.data["inspector"]["edges"], page.data["edges"]):
        edge = tuple(page.data["nodes"][i] for i in pair)
        assert [strings[i] for i in edge_pieces][2] == InspectorText(session).edge_page(edge).value


def test_a_collapsed_layer_is_one_box_showing_its_vector():
    loaded = load_source("example:net-221")
    page = build_page(loaded, collapsed=["layer 1"])
    session = Session()
    session.open_source("example:net-221")
    nodes = page.data["nodes"]
    assert "[layer 1]" in nodes and "W1[0,0]" not in nodes
    box = page.drawing.projection.boxes["[layer 1]"]
    tl = session.timeline
    for k in range(len(tl)):
        lines = frame_box_lines(box, tl.state_at(k).nodes, format_number, True, True)
        assert list(shown(page, k)["[layer 1]"]) == [*lines[1], *lines[2]], k
    merged = page.drawing.projection.merged
    edges = [tuple(nodes[i] for i in pair) for pair in page.data["edges"]]
    k = page.data["phases"]["backward"] + 3
    for edge, versions in zip(edges, page.data["edgeStates"]):
        want = (
            merged_state(merged[edge], tl.state_at(k).edges) if edge in merged else tl.state_at(k).edges[edge]
        )
        assert version_at(versions, k)[1] == want


def test_the_page_is_one_file_that_asks_for_nothing():
    html = page_document(build_page(load_source("example:net-221")))
    urls = re.findall(r"""(?:src|href)\s*=\s*["']([^"']*)""", html)
    assert urls == ["data:,"]  # the icon: none at all, so the browser asks for none
    assert set(re.findall(r"https?://[^\s\"'<>]+", html)) == {"http://www.w3.org/2000/svg"}  # a namespace
    assert "fetch(" not in html and "XMLHttpRequest" not in html and "import(" not in html


def test_net_221_page_is_small():
    html = page_document(build_page(load_source("example:net-221")))
    assert len(html.encode("utf-8")) <= 300_000


def test_a_graph_too_big_for_a_page_is_refused_with_what_to_do():
    spec = {
        "input": [0.0] * 20,
        "target": [0.0],
        "loss": "mse",
        "layers": [
            {"size": 30, "activation": "relu"},
            {"size": 30, "activation": "relu"},
            {"size": 1, "activation": "identity"},
        ],
    }
    big = build_loaded("network", spec, {}, origin="big", view="neuron")
    assert big.graph.number_of_nodes() > MAX_DRAWN_NODES
    with pytest.raises(GraphvizAppError, match=r"layer view \(--view layer\), or collapse layers"):
        check_size(big.graph, is_network=True)
    check_size(big.graph, ["layer 1", "layer 2"], is_network=True)  # collapsed, it fits


def test_page_resources_write_no_colour():
    """The player's colours are the palette's roles, set by the page: none is written in its files."""
    named = (
        r"(?<![\w-])(?:black|white|red|green|blue|gray|grey|silver|orange|yellow|purple|transparent)(?![\w-])"
    )
    pattern = re.compile(r"#[0-9a-fA-F]{3,8}\b|\brgba?\(|\bhsla?\(|" + named)
    folder = files("graphviz_app.resources") / "page"
    for name in ("player.js", "player.css", "player.html"):
        text = (folder / name).read_text(encoding="utf-8")
        assert not pattern.findall(text), name


def test_the_round_trip_keeps_values_and_collapsed_layers(tmp_path):
    from graphviz_app.page.html import write_page

    session = Session()
    session.open_source("example:net-221")
    session.set_value("W1[0,0]", 0.25)
    session.set_collapsed("layer 1")
    loaded = replace(session.loaded, values=dict(session.values))
    path = write_page(
        build_page(loaded, collapsed=session.settings.collapsed, session=session.to_data()),
        tmp_path / "net.html",
    )
    again = Session()
    again.open_file(path)
    assert again.values["W1[0,0]"] == 0.25
    assert again.settings.collapsed == ("layer 1",)
    assert again.evaluation.output_value == pytest.approx(session.evaluation.output_value)
    reopened = load_source(str(path))
    assert evaluate(reopened.graph, reopened.values).values["W1[0,0]"] == 0.25


def test_the_same_graph_writes_the_same_page_in_any_process(tmp_path):
    """Exporting a page twice gives the same bytes: the inspector's strings were listed in the order of a
    set of node names, which Python's string hashing changes from process to process."""
    import os
    import subprocess
    import sys

    pages = []
    for seed in ("1", "2"):
        out = tmp_path / f"net-{seed}.html"
        env = dict(os.environ, PYTHONHASHSEED=seed)
        done = subprocess.run(
            [sys.executable, "-m", "graphviz_app", "export", "example:net-221", "-o", str(out)],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        pages.append(out.read_bytes())
    assert pages[0] == pages[1]
