"""What every command of the CLI does alike: load SOURCE, evaluate it, print JSON, describe what was loaded."""

from __future__ import annotations

import argparse
import json
from typing import Any

__all__ = ["describe", "evaluate", "find", "load", "print_json"]


def load(args: argparse.Namespace):
    from graphviz_app.files import load_source, parse_assignments

    return load_source(args.source, parse_assignments(args.at), view=args.view, dependent=args.dependent)


def find(loaded, key: str) -> str:
    """The node ``key`` stands for in ``loaded``: a name, or as the captions write it (``x²``, ``x·y``)."""
    from graphviz_app.session.prose.names import Names

    return Names.of(evaluate(loaded)).find(key)


def evaluate(loaded, output: str | None = None):
    from graphviz_app.core import evaluate as core_evaluate

    return core_evaluate.evaluate(loaded.graph, loaded.values, output)


def print_json(obj: Any) -> None:
    print(json.dumps(obj, indent=2, ensure_ascii=False, allow_nan=False))


def describe(loaded) -> None:
    if loaded.title:
        print(f"{loaded.title}  ({loaded.origin})")
    if loaded.view:
        print(f"view: {loaded.view} ({loaded.view_reason})")
    if loaded.torch is not None:
        print(f"PyTorch computed in {loaded.torch.reference.dtype}; the app evaluates in float64")
