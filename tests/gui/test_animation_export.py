"""Exported animations: the window's frames, the right count and duration, the last frame = export --step end."""

from __future__ import annotations

import re
import subprocess

import numpy as np
import pytest
from PIL import Image, ImageSequence

from graphviz_app.cli.main import main
from graphviz_app.files.animation_files import to_palette
from graphviz_app.session.state.session import Session
from graphviz_app.session.timeline.animation_plan import TRAVEL_S

SMALL = ["--scale", "0.3"]  # small pictures keep the suite fast; the drawing is the same at any scale


@pytest.fixture(scope="module")
def net_timeline():
    s = Session()
    s.open_source("example:net-221")
    return s.timeline


def _frames_expected(timeline, fps, hold, first=0, last=None):
    last = len(timeline) - 1 if last is None else last
    moving = sum(1 for k in range(first + 1, last + 1) if timeline.steps[k].tokens)
    return (last - first + 1) * max(1, round(hold * fps)) + moving * max(1, round(TRAVEL_S * fps))


def _rgb(path):
    return np.asarray(Image.open(path).convert("RGB"))


def test_gif_of_net_221_plays_every_step_for_the_right_time_and_ends_at_the_end(
    qapp, tmp_path, net_timeline, capsys
):
    gif, png = tmp_path / "net.gif", tmp_path / "end.png"
    fps, hold = 4, 0.5
    args = ["example:net-221", *SMALL, "--no-caption"]
    assert main(["export", *args, "-o", str(gif), "--fps", str(fps), "--hold", str(hold)]) == 0
    assert main(["export", "example:net-221", *SMALL, "-o", str(png), "--step", "end"]) == 0
    assert f"wrote {gif}" in capsys.readouterr().out
    frames = _frames_expected(net_timeline, fps, hold)
    with Image.open(gif) as im:
        palette = np.array(im.getpalette()[:768], dtype=np.uint8).reshape(-1, 3)
        assert im.n_frames >= len(net_timeline)  # equal frames in a row are stored once, for longer
        durations = [f.info["duration"] for f in ImageSequence.Iterator(im)]
        assert sum(durations) == round(1000 * frames / fps)
        assert im.info.get("loop") == 0
        im.seek(im.n_frames - 1)
        last = np.asarray(im.convert("RGB"))
    end = _rgb(png)
    assert last.shape == end.shape
    # the GIF's 256 colours: the last frame is the PNG with each pixel mapped to its nearest colour
    assert np.array_equal(last, palette[to_palette(end, palette)])
    assert np.abs(last.astype(int) - end).mean() < 0.5
    with Image.open(gif) as im:  # and the first frame is the start: no gradients yet
        first = np.asarray(im.convert("RGB"))
    assert not np.array_equal(first, last)


def test_mp4_is_h264_yuv420p_with_the_expected_frames(qapp, tmp_path, net_timeline):
    import imageio_ffmpeg

    mp4, png = tmp_path / "net.mp4", tmp_path / "end.png"
    fps = 5
    common = ["example:net-221", *SMALL, "--no-caption"]
    assert main(["export", *common, "-o", str(mp4), "--fps", str(fps), "--from", "backward"]) == 0
    assert main(["export", "example:net-221", *SMALL, "-o", str(png), "--step", "end"]) == 0
    first = net_timeline.index_of_phase("backward")
    expected = _frames_expected(net_timeline, fps, 0.12, first=first)
    # decode it with the ffmpeg inside imageio-ffmpeg (the wheel has no ffprobe): stream info and every frame
    run = subprocess.run(
        [
            imageio_ffmpeg.get_ffmpeg_exe(),
            "-hide_banner",
            "-i",
            str(mp4),
            "-f",
            "rawvideo",
            "-pix_fmt",
            "rgb24",
            "-",
        ],
        capture_output=True,
        check=True,
    )
    info = next(line for line in run.stderr.decode().splitlines() if "Video:" in line)
    assert "h264" in info and "yuv420p" in info and f"{fps} fps" in info
    width, height = map(int, re.search(r", (\d+)x(\d+)", info).groups())
    assert width % 2 == 0 and height % 2 == 0
    frames = np.frombuffer(run.stdout, dtype=np.uint8).reshape(-1, height, width, 3)
    assert len(frames) == expected
    assert imageio_ffmpeg.count_frames_and_secs(str(mp4)) == (
        expected,
        pytest.approx(expected / fps, abs=0.05),
    )
    end = _rgb(png)
    last = frames[-1][: end.shape[0], : end.shape[1]]
    assert np.abs(last.astype(int) - end).mean() < 4  # H.264 is lossy; the picture is the same


def test_frames_folder_has_one_png_per_step_for_animategraphics(qapp, tmp_path, net_timeline):
    out, png = tmp_path / "frames", tmp_path / "end.png"
    common = ["example:net-221", *SMALL, "--no-caption"]
    assert main(["export", *common, "-o", f"{out}/", "--frames", "--from", "40"]) == 0
    assert main(["export", "example:net-221", *SMALL, "-o", str(png), "--step", "end"]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == [f"frame-{i:03d}.png" for i in range(len(net_timeline) - 40)]
    assert np.array_equal(_rgb(out / names[-1]), _rgb(png))  # PNG is lossless: exactly the same picture


def test_the_caption_is_burned_in_under_the_graph(qapp, tmp_path):
    with_caption, without = tmp_path / "c", tmp_path / "n"
    common = ["example:sin-square", "--frames", "--from", "end"]
    assert main(["export", *common, "-o", str(with_caption)]) == 0
    assert main(["export", *common, "-o", str(without), "--no-caption"]) == 0
    a, b = _rgb(with_caption / "frame-000.png"), _rgb(without / "frame-000.png")
    assert a.shape[1] == b.shape[1] and a.shape[0] > b.shape[0] + 10
    assert np.array_equal(a[: b.shape[0]], b)  # the graph is untouched
    band = a[b.shape[0] :]
    assert (band < 128).any()  # dark text on the light background


def test_a_travelling_frame_shows_a_token_between_its_ends(qapp, tmp_path, net_timeline):
    from graphviz_app.files import load_source
    from graphviz_app.gui.export.animation import AnimationExport, plan_for
    from graphviz_app.gui.export.image import headless_scene

    scene, timeline = headless_scene(load_source("example:net-221"))
    plan = plan_for(timeline, "gif", first=10, last=11, fps=10, hold=0.1)
    export = AnimationExport(scene, timeline, plan, tmp_path / "t.gif", "gif")
    middle = next(i for i, f in enumerate(plan.frames) if f.travel == 0.5)
    export.write(middle + 1)
    tokens = timeline.steps[11].tokens
    assert len(scene.tokens) == len(tokens) > 0
    for token, item in zip(tokens, scene.tokens):
        path = scene.edges[token.edge].path
        start, end = path.pointAtPercent(0), path.pointAtPercent(1)
        assert item.text == token.text
        assert min(start.x(), end.x()) < item.pos().x() < max(start.x(), end.x())
    export.cancel()  # Cancel leaves nothing behind
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--fps", "51"], "from 1 to 50"),
        (["--fps", "0"], "--fps 0"),
        (["--from", "end", "--to", "start"], "comes after"),
        (["--to", "soon"], "--to 'soon'"),
        (["--from", "10", "--to", "2"], "--from 10: this graph has steps 0 to 6"),  # once blamed --step
        (["--to", "200"], "--to 200: this graph has steps 0 to 6"),
        (["--hold", "-2"], "--hold -2"),
    ],
)
def test_bad_options_exit_2_with_one_line(qapp, tmp_path, capsys, extra, message):
    out = tmp_path / "a.gif"
    assert main(["export", "example:sin-square", "-o", str(out), *extra]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_a_missing_folder_is_refused(qapp, tmp_path, capsys):
    assert main(["export", "example:sin-square", "-o", str(tmp_path / "no" / "a.mp4")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_the_backward_graph_plays_as_a_graph_of_its_own(qapp, tmp_path):
    from graphviz_app.core.evaluate import evaluate
    from graphviz_app.files import load_source
    from graphviz_app.session.second_order.backward_view import backward_loaded
    from graphviz_app.session.timeline.steps import build_timeline

    out = tmp_path / "bg.gif"
    args = ["example:sin-square", "--backward-graph", "-o", str(out), "--fps", "4", "--no-caption"]
    assert main(["export", *args]) == 0
    loaded = backward_loaded(load_source("example:sin-square"))
    steps = len(build_timeline(evaluate(loaded.graph, loaded.values)))
    with Image.open(out) as im:
        assert im.n_frames >= steps


@pytest.mark.parametrize(
    ("out", "extra", "message"),
    [
        (
            "a.png",
            ["--fps", "20"],
            "--fps does not apply to a .png file: it is for .gif and .mp4; leave it out",
        ),
        (
            "a.svg",
            ["--scale", "2"],
            "--scale does not apply to a .svg file: it is for .png, .gif, .mp4 and --frames",
        ),
        ("a.svg", ["--from", "3"], "--from does not apply to a .svg file: it is for .gif, .mp4 and --frames"),
        ("a.pdf", ["--no-caption"], "--caption/--no-caption does not apply to a .pdf file"),
        ("a.dot", ["--step", "end"], "--step does not apply to a .dot file"),
        ("a.dot", ["--theme", "dark"], "--theme does not apply to a .dot file"),
        ("a.gif", ["--step", "4"], "--step does not apply to a .gif file"),
        ("f/", ["--frames", "--hold", "1"], "--hold does not apply to --frames: it is for .gif and .mp4"),
    ],
)
def test_an_option_the_format_would_ignore_is_refused_in_one_line(
    qapp, tmp_path, capsys, out, extra, message
):
    assert main(["export", "example:sin-square", "-o", str(tmp_path / out), *extra]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []
