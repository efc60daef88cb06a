"""``train --plot``: the loss curve is written, as SVG or PNG, and a wrong name is refused first."""

import re

from graphviz_app.cli.main import main


def test_plot_svg_has_one_point_per_loss(capsys, tmp_path):
    out = tmp_path / "loss.svg"
    assert main(["train", "example:net-221", "--steps", "20", "--plot", str(out)]) == 0
    svg = out.read_text()
    (points,) = re.findall(r'<polyline[^>]*points="([^"]*)"', svg)
    xs = [float(p.split(",")[0]) for p in points.split()]
    ys = [float(p.split(",")[1]) for p in points.split()]
    assert len(xs) == 21 and xs == sorted(xs)
    assert ys[-1] > ys[0]  # the loss went down: lower on the plot is a larger y in SVG
    assert "sgd lr=0.1" in svg and "loss (log scale)" in svg
    assert f"wrote {out}" in capsys.readouterr().err


def test_plot_png_is_an_image(tmp_path):
    out = tmp_path / "loss.png"
    assert main(["train", "example:net-221", "--steps", "5", "--optimizer", "adam", "--plot", str(out)]) == 0
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and out.stat().st_size > 5000


def test_plot_needs_png_or_svg_and_is_checked_before_training(capsys, tmp_path):
    code = main(["train", "example:net-221", "--steps", "1000000", "--plot", str(tmp_path / "loss.pdf")])
    err = capsys.readouterr().err
    assert code == 2 and ".png or .svg" in err and err.count("\n") == 1
