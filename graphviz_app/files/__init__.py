"""The one reader and writer of the app's files, without Qt.

Expression text, network specs and session JSON are read here, by the command
line and the window alike, through one size limit, one JSON parser with a
nesting limit and bounded integers (:mod:`.reading`), and one check of every
value that replaces a leaf (:mod:`.values`). Sits above builders and layout,
below session.

- :mod:`.sources`: a SOURCE (``example:NAME``, a file, or expression text) -> a graph;
- :mod:`.session_file`: session files, read and written;
- :mod:`.options`: command-line values (``--step``, ``--steps``) checked in one place.
"""

from graphviz_app.files.options import MAX_STEP, MAX_TRAIN_STEPS, parse_step, parse_train_steps
from graphviz_app.files.reading import MAX_FILE_BYTES, MAX_INT_DIGITS, MAX_NESTING, parse_json, read_text
from graphviz_app.files.session_file import SessionData, load_session, save_session, session_from_dict
from graphviz_app.files.sources import (
    EXPRESSION,
    NETWORK,
    Loaded,
    build_loaded,
    is_existing_file,
    load_object,
    load_source,
    load_spec_file,
    parse_assignments,
)
from graphviz_app.files.values import check_leaf_value, check_leaf_values

__all__ = [
    "EXPRESSION",
    "MAX_FILE_BYTES",
    "MAX_INT_DIGITS",
    "MAX_NESTING",
    "MAX_STEP",
    "MAX_TRAIN_STEPS",
    "NETWORK",
    "Loaded",
    "SessionData",
    "build_loaded",
    "check_leaf_value",
    "check_leaf_values",
    "is_existing_file",
    "load_object",
    "load_session",
    "load_source",
    "load_spec_file",
    "parse_assignments",
    "parse_json",
    "parse_step",
    "parse_train_steps",
    "read_text",
    "save_session",
    "session_from_dict",
]
