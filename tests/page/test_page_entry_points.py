"""The page from the command line and the Python API; a notebook's picture; `show` opens the window."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

import graphviz_app as ga
from graphviz_app.cli.main import main
from graphviz_app.files.session_file import load_session
from graphviz_app.files.sources import load_source


def test_export_writes_one_page_that_reopens(tmp_path, capsys):
    out = tmp_path / "net.html"
    assert main(["export", "example:net-221", "-o", str(out), "--theme", "dark", "--direction", "TB"]) == 0
    assert capsys.readouterr().out.strip() == f"wrote {out}"
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and 'data-theme="dark"' in html
    loaded = load_source(str(out))
    assert loaded.kind == "network" and loaded.session.settings["direction"] == "TB"


def test_options_of_other_formats_are_refused(tmp_path, capsys):
    assert main(["export", "example:net-221", "-o", str(tmp_path / "net.html"), "--step", "3"]) == 2
    err = capsys.readouterr().err
    assert "--step does not apply to an interactive page (.html)" in err
    assert not (tmp_path / "net.html").exists()


def test_a_web_page_without_a_session_is_refused_in_one_line(tmp_path, capsys):
    page = tmp_path / "other.html"
    page.write_text("<!doctype html><html><body>hello</body></html>", encoding="utf-8")
    assert main(["eval", str(page)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "without a graphviz-app session in it" in err[0]


def test_build_shows_a_picture_and_the_player():
    bundle = ga.build("sin(x**2)", x=1.5)._repr_mimebundle_()
    assert set(bundle) == {"image/svg+xml", "text/html"}
    svg = ET.fromstring(bundle["image/svg+xml"])  # a picture of its own: well-formed, colours inline
    texts = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert "∇ −1.885" in texts and "0.7781" in texts  # the end: f and ∂f/∂x
    assert "var(--" not in bundle["image/svg+xml"]
    html = bundle["text/html"]
    assert "GraphvizAppPlayer.mount" in html and 'class="ga-data"' in html


def test_a_graph_read_from_pytorch_shows_itself_too():
    """Every entry point that returns a graph shows it in a notebook: ga.from_torch as ga.build."""
    import torch

    x = torch.tensor(1.5, dtype=torch.float64, requires_grad=True)
    bundle = ga.from_torch(torch.sin(x**2), {"x": x})._repr_mimebundle_()
    assert set(bundle) == {"image/svg+xml", "text/html"}
    texts = [t.text for t in ET.fromstring(bundle["image/svg+xml"]).iter("{http://www.w3.org/2000/svg}text")]
    assert "∇ −1.885" in texts and "0.7781" in texts


def test_the_api_writes_and_makes_pages(tmp_path):
    path = ga.export("example:multipath", tmp_path / "m.html")
    assert path.read_text(encoding="utf-8").count('data-graphviz-app="session"') == 1
    page = ga.interactive_page("x*y", x=2.0, y=3.0, theme="dark")
    assert page.save(tmp_path / "p.html").exists()
    assert "∇ 3" in page.svg() and "∇ 2" in page.svg()  # ∂(xy)/∂x = y, ∂(xy)/∂y = x


def test_show_opens_the_window_on_the_graph_with_its_values(monkeypatch):
    started = []

    class Process:
        def __init__(self, args):
            started.append(args)

        def wait(self):
            return 0

    monkeypatch.setattr(subprocess, "Popen", Process)
    ga.show(ga.build("sin(x**2)", x=0.25), wait=True)
    [args] = started
    assert args[:3] == [sys.executable, "-m", "graphviz_app"]
    data = load_session(args[3])
    assert data.source == {"kind": "expression", "source": "sin(x**2)", "at": {"x": 0.25}}


@pytest.mark.parametrize("source", ["example:net-221", "example:circle"])
def test_build_is_still_what_it_was(source):
    loaded = ga.build(source)
    assert isinstance(loaded, type(load_source(source)))
    assert ga.evaluate(loaded).output_value == ga.evaluate(source).output_value


def test_making_a_page_tells_its_progress_up_to_a_total_that_never_changes():
    from graphviz_app.page.document import build_page

    told = []
    build_page(ga.build("example:net-221"), progress=lambda done, total: told.append((done, total)))
    totals = {total for _, total in told}
    assert len(totals) == 1 and told[0][0] == 0 and told[-1] == (totals.pop(),) * 2
    done = [d for d, _ in told]
    assert done == sorted(done) and len(done) > 4
