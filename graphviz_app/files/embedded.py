"""A session carried inside an interactive page (``FILE.html``), so the page reopens in the window.

The page holds the session file's JSON in one ``<script type="application/json">`` element marked
``data-graphviz-app="session"``; :func:`session_in_page` finds it and reads it as a session file is read
(the same size and nesting limits, the same checks). JSON in a page has every ``<`` written ``\\u003c``, so
no text in it can end the script element.

>>> from graphviz_app.files.session_file import SessionData
>>> page = "<html>" + embed_session(SessionData({"kind": "expression", "source": "x</script>", "at": {}})) + "</html>"
>>> session_in_page(page, "net.html")["source"]["source"]
'x</script>'
"""

from __future__ import annotations

import json
from typing import Any

from graphviz_app.errors import SessionFileError
from graphviz_app.files.reading import parse_json
from graphviz_app.files.session_file import SessionData, session_to_dict

__all__ = ["SESSION_OPEN", "embed_session", "looks_like_page", "script_json", "session_in_page"]

SESSION_OPEN = '<script type="application/json" data-graphviz-app="session">'
_CLOSE = "</script>"


def script_json(obj: Any) -> str:
    """``obj`` as JSON that can stand inside a ``<script>`` element (no ``<`` in it)."""
    text = json.dumps(obj, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return text.replace("<", "\\u003c")


def embed_session(data: SessionData) -> str:
    """The script element that carries ``data`` in a page."""
    return f"{SESSION_OPEN}{script_json(session_to_dict(data))}{_CLOSE}"


def looks_like_page(text: str) -> bool:
    """Whether ``text`` is an HTML document (rather than JSON or expression text)."""
    head = text.lstrip()[:200].lower()
    return head.startswith(("<!doctype html", "<html"))


def session_in_page(text: str, origin: str) -> Any:
    """The session object (parsed JSON) a page carries; a page without one is refused, saying why."""
    start = text.find(SESSION_OPEN)
    end = text.find(_CLOSE, start + len(SESSION_OPEN)) if start >= 0 else -1
    if start < 0 or end < 0:
        raise SessionFileError(
            f"{origin} is a web page without a graphviz-app session in it: open a page that "
            "graphviz-app export wrote (FILE.html), or the session file itself"
        )
    return parse_json(text[start + len(SESSION_OPEN) : end], SessionFileError, origin)
