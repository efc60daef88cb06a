"""The page's HTML: one self-contained file, or the player alone for a notebook's output.

Everything is inline: the player's markup, stylesheet and script (``resources/page/``, installed as
``graphviz_app.resources``), the drawing's rules (:mod:`.style`), the drawing (:mod:`.svg`), the data
(:mod:`.document`) and, in a file, the session it reopens as (:mod:`graphviz_app.files.embedded`). Nothing
is fetched: no font, no script, no icon.
"""

from __future__ import annotations

import base64
import gzip
import secrets
from functools import cache
from html import escape
from importlib.resources import files
from pathlib import Path

from graphviz_app.files.atomic import write_text
from graphviz_app.files.embedded import embed_session, script_json
from graphviz_app.page.document import Page
from graphviz_app.page.style import css_rules
from graphviz_app.session.inspector import EMPTY_TEXT
from graphviz_app.version import __version__

__all__ = ["SCOPE", "page_document", "player_html", "resource", "write_page"]

SCOPE = ".gaplayer"
"""Every rule of the page's stylesheet applies inside the player's element only (two players, one notebook)."""
COMPRESS_ABOVE = 500_000
"""Data longer than this many bytes of JSON is stored gzipped (and base64), which the browser unpacks itself
(``DecompressionStream``): a big graph's page is mostly the same sentences again and again, and shrinks
about tenfold. A smaller page keeps its data as plain JSON, readable in the file."""


def _data(data: dict) -> tuple[str, str]:
    """The data's script attributes and text: JSON, or gzipped JSON in base64 when it is long."""
    text = script_json(data)
    raw = text.encode("utf-8")
    if len(raw) <= COMPRESS_ABOVE:
        return 'type="application/json"', text
    packed = base64.b64encode(gzip.compress(raw, compresslevel=9, mtime=0)).decode("ascii")
    return 'type="text/plain" data-encoding="gzip+base64"', packed


@cache
def resource(name: str) -> str:
    """A file of the player (``player.js``, ``player.css``, ``player.html``)."""
    return (files("graphviz_app.resources") / "page" / name).read_text(encoding="utf-8")


def _variables(page: Page) -> str:
    palette = page.data["palettes"][page.data["theme"]]
    return "; ".join(f"{name}: {value}" for name, value in palette.items())


def player_html(page: Page, player_id: str | None = None) -> str:
    """The player's element with its drawing and data (its script and stylesheet are not included)."""
    values = {
        "id": player_id or f"gaplayer-{secrets.token_hex(6)}",
        "theme": page.data["theme"],
        "variables": _variables(page),
        "title": escape(page.data["title"]),
        "svg": page.svg,
        "inspector_empty": escape(EMPTY_TEXT),
        "last": str(len(page.data["steps"]["caption"]) - 1),
        "start": str(page.data["start"]),
    }
    values["data_type"], values["data"] = _data(page.data)
    html = resource("player.html")
    for key, value in values.items():
        html = html.replace("{{" + key + "}}", value)
    return html


def styles(page: Page) -> str:
    return resource("player.css") + css_rules(SCOPE, page.drawing.fonts)


def _mount(player_id: str, standalone: bool) -> str:
    options = "{standalone: true}" if standalone else "{}"
    return (
        f"<script>{resource('player.js')}\n"
        f'GraphvizAppPlayer.mount(document.getElementById("{player_id}"), {options});</script>'
    )


def page_document(page: Page) -> str:
    """The whole page: open it from disk, with no network."""
    player_id = "gaplayer"
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="generator" content="graphviz-app {escape(__version__)}">'
        f'<link rel="icon" href="data:,"><title>{escape(page.data["title"])} · graphviz-app</title>'
        f"<style>{styles(page)}</style></head>\n"
        f'<body class="ga-standalone">\n{player_html(page, player_id)}\n{embed_session(page.session)}\n'
        f"{_mount(player_id, True)}\n</body></html>\n"
    )


def notebook_html(page: Page) -> str:
    """The player for a notebook's ``text/html`` output: its own element id, its own keys."""
    player_id = f"gaplayer-{secrets.token_hex(6)}"
    return f"<style>{styles(page)}</style>\n{player_html(page, player_id)}\n{_mount(player_id, False)}\n"


def write_page(page: Page, path: str | Path) -> Path:
    """Write the page to ``path`` (whole or not at all)."""
    return write_text(Path(path), page_document(page))
