"""Exports show what the window shows: text at the same size relative to its box in PNG, SVG and PDF."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

import graphviz_app.core  # noqa: F401
from graphviz_app.core import graph as G
from graphviz_app.gui.export.image import export_scene
from tests.gui.scenes import finished_scene


@pytest.fixture
def scene(qapp):
    g = G.new_graph()
    G.add_leaf(g, "x", 1.5)
    G.add_op(g, "sin", ["x"], name="f")
    return finished_scene(g)


def _text_extent(image: QImage, box: QRectF) -> tuple[int, int]:
    """Width and height of the dark (text) pixels inside ``box``, inset past its border."""
    inner = box.adjusted(6, 6, -6, -6).toRect()
    xs, ys = [], []
    for y in range(inner.top(), inner.bottom() + 1):
        for x in range(inner.left(), inner.right() + 1):
            if QColor(image.pixel(x, y)).lightness() < 128:
                xs.append(x)
                ys.append(y)
    assert xs, "no text found in the node box"
    return max(xs) - min(xs) + 1, max(ys) - min(ys) + 1


def _render_svg(path, width: int, height: int) -> QImage:
    image = QImage(width, height, QImage.Format_ARGB32)
    image.fill(Qt.white)
    painter = QPainter(image)
    QSvgRenderer(str(path)).render(painter, QRectF(0, 0, width, height))
    painter.end()
    return image


def _render_pdf(path, tmp_path, width: int) -> QImage:
    """pdftoppm (poppler) at the resolution that makes the page ``width`` pixels wide."""
    out = tmp_path / "pdf-render"
    subprocess.run(
        ["pdftoppm", "-png", "-singlefile", "-scale-to-x", str(width), "-scale-to-y", "-1", path, out],
        check=True,
    )
    return QImage(f"{out}.png")


@pytest.mark.parametrize("fmt", ["svg", "pdf"])
def test_vector_exports_draw_text_at_the_size_of_the_png(scene, tmp_path, fmt):
    if fmt == "pdf" and shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) renders the PDF")
    source = scene.sceneRect()
    png = QImage(str(export_scene(scene, tmp_path / "g.png", scale=1.0)))
    vector = export_scene(scene, tmp_path / f"g.{fmt}")
    if fmt == "svg":
        image = _render_svg(vector, png.width(), png.height())
    else:
        image = _render_pdf(vector, tmp_path, png.width())
    assert abs(image.width() - png.width()) <= 1 and abs(image.height() - png.height()) <= 1
    for node in ("x", "f"):
        box = scene.nodes[node].border_rect().translated(-source.topLeft())
        width, height = _text_extent(png, box)
        vector_width, vector_height = _text_extent(image, box)
        # the same text block, within a pixel or two of hinting; at 72 dpi it was 75 % of this
        assert abs(vector_height - height) <= max(2, 0.08 * height), (node, height, vector_height)
        assert abs(vector_width - width) <= max(2, 0.08 * width), (node, width, vector_width)


def test_svg_size_is_the_layout_size_in_css_pixels(scene, tmp_path):
    """rsvg-convert, browsers and Inkscape render the SVG at the PNG's size (96 px to the inch)."""
    import xml.etree.ElementTree as ET

    source = scene.sceneRect()
    root = ET.parse(export_scene(scene, tmp_path / "g.svg")).getroot()
    width_mm = float(root.get("width").removesuffix("mm"))
    assert width_mm / 25.4 * 96 == pytest.approx(source.width(), abs=1.5)


# --- files written whole, never through a link ------------------------------------------------------


@pytest.mark.parametrize("suffix", ["png", "svg", "pdf", "tex", "dot"])
def test_export_replaces_a_link_instead_of_writing_through_it(qapp, tmp_path, capsys, suffix):
    from graphviz_app.cli.main import main

    victim = tmp_path / "precious.txt"
    victim.write_text("not to be overwritten")
    link = tmp_path / f"graph.{suffix}"
    link.symlink_to(victim)
    assert main(["export", "example:sin-square", "-o", str(link)]) == 0
    assert victim.read_text() == "not to be overwritten"
    assert not link.is_symlink() and link.stat().st_size > 100
    assert sorted(p.name for p in tmp_path.iterdir()) == [link.name, victim.name]  # no temporary left


def test_train_plot_and_frames_replace_links_too(qapp, tmp_path):
    from graphviz_app.cli.main import main

    victim = tmp_path / "precious.txt"
    victim.write_text("not to be overwritten")
    plot = tmp_path / "loss.svg"
    plot.symlink_to(victim)
    assert main(["train", "example:net-221", "--steps", "3", "--plot", str(plot)]) == 0
    frames = tmp_path / "frames"
    frames.mkdir()
    (frames / "frame-000.png").symlink_to(victim)
    assert main(["export", "example:sin-square", "-o", str(frames), "--frames", "--to", "2"]) == 0
    assert victim.read_text() == "not to be overwritten"
    assert not plot.is_symlink() and plot.read_text().startswith("<svg")
    assert not (frames / "frame-000.png").is_symlink()
    assert QImage(str(frames / "frame-000.png")).width() > 0


def test_a_refused_or_failed_png_leaves_no_file_and_the_old_one_whole(qapp, tmp_path, capsys, monkeypatch):
    from graphviz_app.cli.main import main

    fresh = tmp_path / "big.png"
    assert main(["export", "example:deep-sigmoid", "-o", str(fresh), "--scale", "16"]) == 2
    assert "too large" in capsys.readouterr().err and list(tmp_path.iterdir()) == []

    old = tmp_path / "old.png"
    assert main(["export", "example:sin-square", "-o", str(old)]) == 0
    before = old.read_bytes()

    def half_written(self, name, *args):  # a full disk: Qt writes part of the file and gives up
        with open(name, "wb") as f:
            f.write(b"\x89PNG half")
        return False

    monkeypatch.setattr(QImage, "save", half_written)
    assert main(["export", "example:cube", "-o", str(old)]) == 2
    assert "cannot write" in capsys.readouterr().err
    assert old.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["old.png"]


def test_the_c_number_format_is_set_once_qt_has_started_so_graphviz_on_a_thread_changes_nothing(tmp_path):
    """Graphviz sets LC_NUMERIC to C and back around each layout (setlocale: process-wide, not
    thread-safe), and the window lays small graphs out on a worker thread. Qt takes every category
    from the environment at start; right after, the app makes LC_NUMERIC C, so those calls change nothing."""
    import os
    import sys

    code = f"""
import locale, threading
from graphviz_app.gui.app import run
from graphviz_app.layout.worker import run_dot
assert locale.setlocale(locale.LC_NUMERIC) == "C"
assert run("example:sin-square", screenshot={str(tmp_path / "w.png")!r}) == 0
print(locale.setlocale(locale.LC_NUMERIC))
worker = threading.Thread(target=run_dot, args=("digraph {{ a -> b }}",))
worker.start()
worker.join()
print(locale.setlocale(locale.LC_NUMERIC))
"""
    env = dict(os.environ, LC_ALL="C.UTF-8", QT_QPA_PLATFORM="offscreen")  # a numeric locale Qt would take
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-2:] == ["C", "C"]
