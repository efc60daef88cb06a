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


def big_session(n):
    return SessionData({"kind": "expression", "source": "sum(w)", "at": {"w": [0.123456789] * n}}, {}, {}, 0)


def test_small_sessions_are_indented_big_ones_compact(tmp_path):
    small, big = tmp_path / "small.json", tmp_path / "big.json"
    save_session(small, sample())
    save_session(big, big_session(50_000))
    assert small.read_text().count("\n") > 5
    assert big.read_text().count("\n") == 0  # not one number per line
    assert load_session(big).source["at"]["w"][-1] == 0.123456789


def test_save_refuses_what_open_would_refuse(tmp_path, monkeypatch):
    from graphviz_app.files import reading

    path = tmp_path / "s.json"
    save_session(path, big_session(1000))
    monkeypatch.setattr(reading, "MAX_FILE_BYTES", 10_000)  # the one limit, for reading and writing
    with pytest.raises(SessionFileError, match=r"at most 0\.0 MB \(it could not be opened again\)"):
        save_session(tmp_path / "other.json", big_session(1000))
    assert not (tmp_path / "other.json").exists()
    with pytest.raises(SessionFileError, match=r"is 0\.0 MB; a session file is at most"):
        load_session(path)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_saving_keeps_the_permissions_of_an_existing_file(tmp_path):
    path = tmp_path / "shared.json"
    save_session(path, sample())
    assert path.stat().st_mode & 0o777 == 0o666 & ~_umask()  # a new file: as the umask says
    os.chmod(path, 0o640)
    save_session(path, sample())
    assert path.stat().st_mode & 0o777 == 0o640


def _umask():
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_a_session_that_lies_about_its_values_is_refused():
    from graphviz_app.files.session_file import session_from_dict

    base = {"graphviz_app_session": 1, "source": {"kind": "expression", "source": "t"}}
    for values, fragment in [
        ({"t": None}, "got null"),
        ({"t": True}, "got true"),
        ({"t": [[1, 2], [3]]}, "same shape"),
        ({"t": [[[[[1]]]]]}, "nested more than 4"),
        ({"t": 1e308 * 10}, "not finite"),
    ]:
        with pytest.raises(SessionFileError, match=fragment):
            session_from_dict({**base, "values": values})
    with pytest.raises(SessionFileError, match="schema version"):
        session_from_dict({**base, "graphviz_app_session": True})
    with pytest.raises(SessionFileError, match=r"source\.dependent"):
        session_from_dict({**base, "source": {**base["source"], "dependent": 3}})
