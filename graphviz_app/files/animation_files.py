"""Writers of animations: GIF (Pillow), MP4 (H.264 by the ffmpeg inside imageio-ffmpeg) and PNG frames.

Each writer takes frames one at a time, as RGB arrays (height × width × 3,
uint8) of one size, and never holds more than the previous frame: a long
timeline streams to disk. Nothing here draws; the GUI's scene makes the
frames. A writer writes to a temporary file beside the target and renames it
when :meth:`close` succeeds (:mod:`.atomic`, as every file the app writes), so a
cancelled or failed export leaves no half file; :meth:`abort` removes what was
written. ``--frames`` writes each PNG the same way.

Both encoders are pip packages with wheels (Pillow; imageio-ffmpeg ships an
ffmpeg binary): nothing outside Python needs installing.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

import imageio_ffmpeg
import numpy as np
from PIL import GifImagePlugin, Image, ImageChops

from graphviz_app.errors import GraphvizAppError
from graphviz_app.files import atomic

__all__ = [
    "ANIMATION_FORMATS",
    "MAX_GIF_FPS",
    "AnimationWriter",
    "FramesWriter",
    "GifWriter",
    "Mp4Writer",
    "gif_palette",
    "open_writer",
    "to_palette",
]

ANIMATION_FORMATS = ("gif", "mp4")
MAX_GIF_FPS = 50  # GIF delays are in hundredths of a second, and players slow anything under 2 down


EXACT_COLOURS = 64  # the most frequent colours (fills, text, background) go into a GIF's palette unchanged


def _packed(rgb: np.ndarray) -> np.ndarray:
    rgb = rgb.reshape(-1, 3).astype(np.int32)
    return (rgb[:, 0] << 16) | (rgb[:, 1] << 8) | rgb[:, 2]


def gif_palette(rgb: np.ndarray) -> np.ndarray:
    """256 colours for a GIF of pictures like ``rgb``: its most frequent colours exactly, then an octree's.

    Flat fills, text and the background keep their exact colour; the
    anti-aliased edges in between get the nearest of the rest.
    """
    colours, counts = np.unique(_packed(rgb), return_counts=True)
    top = colours[np.argsort(counts, kind="stable")[::-1][:EXACT_COLOURS]]
    exact = np.stack([(top >> 16) & 255, (top >> 8) & 255, top & 255], axis=1)
    octree = Image.fromarray(rgb, "RGB").quantize(256 - len(exact), method=Image.Quantize.FASTOCTREE)
    octree_palette = octree.getpalette()
    assert octree_palette is not None  # quantize() makes a palette image
    rest = np.array(octree_palette[: 3 * (256 - len(exact))]).reshape(-1, 3)
    palette = np.zeros((256, 3), dtype=np.uint8)
    palette[: len(exact)] = exact
    palette[len(exact) : len(exact) + len(rest)] = rest
    return palette


def to_palette(rgb: np.ndarray, palette: np.ndarray) -> np.ndarray:
    """Each pixel's index of the nearest colour of ``palette`` (exact distances, no dithering): uint8."""
    colours, inverse = np.unique(_packed(rgb), return_inverse=True)
    unique = np.stack([(colours >> 16) & 255, (colours >> 8) & 255, colours & 255], axis=1)
    pal = palette.astype(np.int32)
    nearest = np.empty(len(unique), dtype=np.uint8)
    for i in range(0, len(unique), 4096):  # a bounded distance matrix for pictures of many colours
        chunk = unique[i : i + 4096]
        distances = ((chunk[:, None, :] - pal[None, :, :]) ** 2).sum(axis=2)
        nearest[i : i + 4096] = distances.argmin(axis=1)
    return nearest[inverse.ravel()].reshape(rgb.shape[:2])


class AnimationWriter:
    """Frames in, one file (or folder) out: :meth:`add` each frame, then :meth:`close`, or :meth:`abort`."""

    def __init__(self, path: Path):
        self.path = path
        self.count = 0  # frames written so far

    def add(self, frame: np.ndarray) -> None:
        raise NotImplementedError

    def close(self) -> Path:
        raise NotImplementedError

    def abort(self) -> None:
        raise NotImplementedError


class GifWriter(AnimationWriter):
    """An endlessly looping GIF at ``fps``; one palette for all frames, so the last frame is exact.

    The palette (256 colours) is made from ``palette_from``, an RGB picture of
    what the animation shows (the end state has every colour a token or a number
    uses). Frames are mapped to it without dithering, each pixel on its own, so a
    frame's changed rectangle alone is stored and the picture the player
    composes equals the whole frame mapped to the palette. Equal consecutive
    frames become one longer frame. Delays are whole hundredths of a second
    chosen so that frame i starts at i / fps: the duration is exact.
    """

    def __init__(self, path: Path, fps: int, palette_from: np.ndarray):
        if fps > MAX_GIF_FPS:
            raise GraphvizAppError(f"--fps {fps}: a GIF plays at most {MAX_GIF_FPS} frames per second")
        super().__init__(path)
        self.fps = fps
        self.palette = gif_palette(palette_from)
        self._tmp = atomic.temporary_beside(path, "animation")
        try:
            self._file = self._tmp.open("wb")
        except BaseException:
            self._tmp.unlink(missing_ok=True)
            raise
        self._pending: tuple[Any, tuple[int, int], int] | None = None  # frame, offset, first index
        self._previous: np.ndarray | None = None

    def add(self, frame: np.ndarray) -> None:
        previous = self._previous
        if previous is not None and previous.shape != frame.shape:
            raise ValueError("every frame of an animation has one size")
        if previous is not None and np.array_equal(previous, frame):
            self.count += 1  # the pending frame lasts one frame longer
            return
        image = Image.fromarray(frame, "RGB")
        offset = (0, 0)
        if previous is not None:
            box = ImageChops.difference(Image.fromarray(previous, "RGB"), image).getbbox()
            assert box is not None  # equal frames returned above, so something differs
            image, offset = image.crop(box), (box[0], box[1])
        mapped = Image.fromarray(to_palette(np.asarray(image), self.palette), "P")
        mapped.putpalette(self.palette.ravel().tolist())
        self._flush(self.count)
        if previous is None:
            header, _ = GifImagePlugin.getheader(mapped, info={"loop": 0, "optimize": False})
            self._file.writelines(header)
        self._pending = (mapped, offset, self.count)
        self._previous = frame
        self.count += 1

    def _flush(self, end: int) -> None:
        """Write the pending frame, which lasts from its first index to ``end`` (exclusive)."""
        if self._pending is None:
            return
        mapped, offset, start = self._pending
        centis = round(100 * end / self.fps) - round(100 * start / self.fps)
        data = GifImagePlugin.getdata(mapped, offset, duration=10 * centis, disposal=1, optimize=False)
        self._file.writelines(data)
        self._pending = None

    def close(self) -> Path:
        if self.count == 0:
            self.abort()
            raise GraphvizAppError("there are no frames to write")
        self._flush(self.count)
        self._file.write(b";")
        self._file.close()
        os.replace(self._tmp, self.path)
        return self.path

    def abort(self) -> None:
        self._file.close()
        with contextlib.suppress(OSError):
            self._tmp.unlink()


class Mp4Writer(AnimationWriter):
    """H.264 in yuv420p (what PowerPoint, Keynote and browsers play), through imageio-ffmpeg's own ffmpeg.

    yuv420p needs an even width and height: an odd one gets one more row or
    column of the background colour.
    """

    def __init__(self, path: Path, fps: int, size: tuple[int, int], background: tuple[int, int, int]):
        super().__init__(path)
        width, height = size
        self._size = (width + width % 2, height + height % 2)
        self._background = np.array(background, dtype=np.uint8)
        self._tmp = atomic.temporary_beside(path, "animation")
        try:
            self._gen = imageio_ffmpeg.write_frames(
                str(self._tmp),
                self._size,
                fps=fps,
                codec="libx264",
                pix_fmt_in="rgb24",
                pix_fmt_out="yuv420p",
                macro_block_size=2,
                quality=None,
                output_params=["-crf", "20", "-movflags", "+faststart"],
                ffmpeg_log_level="error",
            )
            self._gen.send(None)  # starts ffmpeg
        except BaseException:  # Ctrl+C while ffmpeg starts: no temporary file is left
            self.abort()
            raise

    def add(self, frame: np.ndarray) -> None:
        height, width = frame.shape[:2]
        if (width, height) != self._size:
            padded = np.empty((self._size[1], self._size[0], 3), dtype=np.uint8)
            padded[:] = self._background
            padded[:height, :width] = frame
            frame = padded
        self._gen.send(np.ascontiguousarray(frame))
        self.count += 1

    def close(self) -> Path:
        try:
            self._gen.close()
        except Exception as exc:  # ffmpeg's own message: a full disk, a killed process
            self.abort()
            raise GraphvizAppError(f"cannot write {self.path}: ffmpeg failed ({exc})") from None
        os.replace(self._tmp, self.path)
        return self.path

    def abort(self) -> None:
        with contextlib.suppress(Exception):
            self._gen.close()
        with contextlib.suppress(OSError):
            self._tmp.unlink()


class FramesWriter(AnimationWriter):
    """One PNG per frame in a folder: ``frame-000.png``, … for Beamer's ``\\animategraphics``."""

    def __init__(self, folder: Path, digits: int):
        super().__init__(folder)
        if folder.exists() and not folder.is_dir():
            raise GraphvizAppError(f"{folder} is a file: --frames writes PNGs into a folder")
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise GraphvizAppError(f"cannot make the folder {folder}: {exc.strerror or exc}") from None
        self.digits = digits
        self.written: list[Path] = []

    def add(self, frame: np.ndarray) -> None:
        path = self.path / f"frame-{self.count:0{self.digits}d}.png"
        with atomic.replaced(path) as tmp:  # a link named like a frame is replaced, not written through
            Image.fromarray(frame, "RGB").save(tmp, "PNG")
        self.written.append(path)
        self.count += 1

    def close(self) -> Path:
        return self.path

    def abort(self) -> None:
        for path in self.written:
            with contextlib.suppress(OSError):
                path.unlink()


def open_writer(
    path: Path,
    fmt: str,
    *,
    fps: int,
    size: tuple[int, int],
    background: tuple[int, int, int],
    palette_from: np.ndarray,
    frames: int,
) -> AnimationWriter:
    """The writer for ``fmt`` (``gif``, ``mp4`` or ``frames``)."""
    if fmt == "gif":
        return GifWriter(path, fps, palette_from)
    if fmt == "mp4":
        return Mp4Writer(path, fps, size, background)
    return FramesWriter(path, max(3, len(str(max(frames - 1, 0)))))
