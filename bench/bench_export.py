"""Animation export: drawing a frame with the window's scene, and writing a whole GIF and MP4.

Times (offscreen, scale 1, caption on) for ``example:net-221``:

- *one frame*: putting the scene in a travelling state (``show_travel``) and
  rendering it (``render_image``), against rendering the same picture alone, as
  ``export --step`` does: the difference is what a frame costs beyond drawing;
- *GIF* and *MP4*: the whole timeline at 20 fps (681 frames), per frame, from the
  laid-out scene to the file (palette mapping and Pillow's LZW, or ffmpeg's H.264
  in its own process).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from common import Row, median_time
from PySide6.QtWidgets import QApplication

from graphviz_app.files import load_source
from graphviz_app.gui.export.animation import AnimationExport, plan_for
from graphviz_app.gui.export.image import headless_scene, render_image
from graphviz_app.session.state.session import step_caption

SOURCE = "example:net-221"


def run(quick: bool = False) -> list[Row]:
    QApplication.instance() or QApplication([])
    loaded = load_source(SOURCE)
    scene, timeline = headless_scene(loaded)
    rows: list[Row] = []
    frames = plan_for(timeline, "gif", fps=20).frames
    travelling = [f for f in frames if f.travel is not None][:40]
    it = iter(travelling * 1000)
    export = AnimationExport(
        scene,
        timeline,
        plan_for(timeline, "frames"),
        tempfile.mkdtemp(),
        "frames",
        caption_of=lambda k: step_caption(timeline, k, loaded),
    )

    def frame() -> None:
        export._rgb_of(next(it))

    ours = median_time(frame, 20 if quick else 60, warmup=3)
    source = scene.sceneRect()
    reference = median_time(lambda: render_image(scene, source, 1.0), 20 if quick else 60, warmup=3)
    export.cancel()
    rows.append(
        Row(
            "export",
            f"{SOURCE}: one travelling frame (scene state + render + caption)",
            ours,
            reference,
            "render_image of the same scene (export --step)",
            "–",
            None,
        )
    )
    for fmt in ("gif", "mp4"):
        plan = plan_for(timeline, fmt, fps=20, first="backward" if quick else 0)
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder) / f"a.{fmt}"

            def whole(plan=plan, out=out, fmt=fmt) -> None:
                AnimationExport(
                    scene, timeline, plan, out, fmt, caption_of=lambda k: step_caption(timeline, k, loaded)
                ).run()

            seconds = median_time(whole, 1 if quick else 3, warmup=0)
            size = os.path.getsize(out)
        n = len(plan.frames)
        rows.append(
            Row(
                "export",
                f"{SOURCE}: {fmt.upper()} of {n} frames, per frame ({seconds:.1f} s, {size / 1e6:.1f} MB)",
                seconds / n,
                None,
                "",
                "–",
                None,
            )
        )
    return rows


if __name__ == "__main__":
    from run_all import print_table

    print_table(run("--quick" in sys.argv))
