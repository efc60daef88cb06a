"""Network spec files: read by the one file reader, with the file, line and column in messages."""

import json

import pytest

from graphviz_app.builders import network as N
from graphviz_app.errors import SpecError
from graphviz_app.files import load_spec_file
from tests.builders.test_network import NET_221


def test_files_that_are_not_json_name_the_file_line_and_column(tmp_path):
    bad = tmp_path / "broken.json"
    bad.write_text('{"input": [1, 2],\n "layers": [}\n', encoding="utf-8")
    with pytest.raises(SpecError) as info:
        load_spec_file(bad)
    assert str(info.value) == f"{bad} is not valid JSON: Expecting value at line 2, column 13"
    listed = tmp_path / "list.json"
    listed.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(SpecError, match=r"list.json: a network spec is a JSON object \{\.\.\.\}, got a list"):
        load_spec_file(listed)
    with pytest.raises(SpecError, match=r"cannot read .*missing.json"):
        load_spec_file(tmp_path / "missing.json")
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(SpecError, match="cannot read"):
        load_spec_file(binary)


def test_load_spec_file(tmp_path):
    path = tmp_path / "net.json"
    path.write_text(json.dumps(NET_221), encoding="utf-8")
    assert load_spec_file(path) == NET_221
    assert N.build_network(load_spec_file(str(path)), "layer").view == "layer"
