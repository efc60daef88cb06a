import json
import os

import pytest

from graphviz_app.errors import SessionFileError
from graphviz_app.files.session_file import SessionData, load_session, save_session


def sample():
    return SessionData(
        {"kind": "expression", "source": "sin(x**2)", "at": {"x": 1.5}},
        {"x": 0.25},
        {"direction": "TB", "theme": "dark"},
        7,
    )


def test_save_and_load_round_trip(tmp_path):
    path = tmp_path / "s.json"
    save_session(path, sample())
    assert load_session(path) == sample()
    on_disk = json.loads(path.read_text())
    assert on_disk["graphviz_app_session"] == 1
    assert on_disk["step"] == 7
    assert [p.name for p in tmp_path.iterdir()] == ["s.json"]  # no temporary file left behind


def test_failed_save_keeps_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "s.json"
    save_session(path, sample())
    before = path.read_bytes()

    def boom(*_):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(SessionFileError, match="No space left"):
        save_session(path, SessionData({"kind": "expression", "source": "x"}, {}, {}, 0))
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["s.json"]


@pytest.mark.parametrize(
    "content, message",
    [
        ('{"graphviz_app_session": 1, "source": {"kind": "expr', "damaged"),
        ("", "damaged"),
        ('{"hello": 1}', "not a graphviz-app session"),
        ("[1, 2]", "not a graphviz-app session"),
        ('{"graphviz_app_session": 99, "source": {}}', "newer graphviz-app"),
        ('{"graphviz_app_session": 1, "source": 3}', "'source'"),
        ('{"graphviz_app_session": 1, "source": {"kind": "expression", "source": "x"}, "step": -2}', "step"),
        (
            '{"graphviz_app_session": 1, "source": {"kind": "expression", "source": "x"}, "values": {"x": "a"}}',
            "finite numbers",
        ),
    ],
)
def test_corrupt_or_foreign_files_are_refused_clearly(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(SessionFileError, match=message):
        load_session(path)


def test_binary_and_missing_files(tmp_path):
    path = tmp_path / "img.json"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff\xfe")
    with pytest.raises(SessionFileError, match="not text"):
        load_session(path)
    with pytest.raises(SessionFileError, match="cannot open"):
        load_session(tmp_path / "missing.json")
