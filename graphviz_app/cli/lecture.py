"""The lecture kit's commands: ``export`` to GIF, MP4 or PNG frames, ``derive`` and ``mistake``.

Kept apart from ``cli/main.py`` so that each command stays small; ``cli/main.py`` builds
the parser and calls these. Like the rest of the command line they only parse
options, call the library and print.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = [
    "animation_args",
    "cmd_derive",
    "cmd_mistake",
    "derive_parser",
    "export_animation",
    "export_options",
    "is_animation",
    "mistake_parser",
]

ANIMATION_SUFFIXES = (".gif", ".mp4")
_IMAGES = ("png", "svg", "pdf", "tex")
_MOVING = ("gif", "mp4", "frames")
_FOR = {  # an export option (its dest) -> its name and the formats it changes; any other format refuses it
    "step": ("--step", _IMAGES),
    "first": ("--from", _MOVING),
    "last": ("--to", _MOVING),
    "fps": ("--fps", ("gif", "mp4")),
    "hold": ("--hold", ("gif", "mp4")),
    "caption": ("--caption/--no-caption", _MOVING),
    "scale": ("--scale", ("png", *_MOVING)),
    "theme": ("--theme", (*_IMAGES, *_MOVING, "html")),
}
_DEFAULTS = {"step": "end", "theme": "light", "first": "start", "last": "end", "fps": "20", "caption": True}


def animation_args(p: argparse.ArgumentParser) -> None:
    """The options of ``export`` to a GIF, an MP4 or a folder of PNG frames."""
    p.add_argument("--frames", action="store_true", help="write one PNG per step into the folder -o DIR/")
    p.add_argument("--from", dest="first", metavar="STEP", help="first step (default start)")
    p.add_argument("--to", dest="last", metavar="STEP", help="last step (default end)")
    p.add_argument("--fps", metavar="N", help="frames per second (default 20)")
    p.add_argument(
        "--hold",
        default=None,
        metavar="S",
        help="pause in seconds on each arrival (default 0.12, as the window)",
    )
    p.add_argument(
        "--caption",
        action=argparse.BooleanOptionalAction,
        help="burn each step's caption in under the graph (default: yes)",
    )


def export_options(args: argparse.Namespace) -> None:
    """Refuse an option that does not apply to the format (one line: what it is for), then fill in defaults.

    Options default to None in the parser so that one given with its default value is seen too.
    """
    from graphviz_app.errors import GraphvizAppError

    fmt = "frames" if args.frames else Path(args.output).suffix.lower().lstrip(".")
    for dest, (option, formats) in _FOR.items():
        if (
            getattr(args, dest) is not None
            and fmt in (*_IMAGES, *_MOVING, "dot", "html")
            and fmt not in formats
        ):
            raise GraphvizAppError(
                f"{option} does not apply to {_format_name(fmt)}: it is for "
                f"{_listed([_format_name(f, short=True) for f in formats])}; leave it out"
            )
    for dest, value in _DEFAULTS.items():
        if getattr(args, dest) is None:
            setattr(args, dest, value)


def _format_name(fmt: str, short: bool = False) -> str:
    if fmt == "frames":
        return "--frames"
    if fmt == "html" and not short:
        return "an interactive page (.html)"
    return f".{fmt}" if short else f"a .{fmt} file"


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def is_animation(args: argparse.Namespace) -> bool:
    return bool(args.frames) or Path(args.output).suffix.lower() in ANIMATION_SUFFIXES


def export_animation(args: argparse.Namespace, load: Callable[[argparse.Namespace], Any]) -> int:
    from graphviz_app import export
    from graphviz_app.errors import GraphvizAppError
    from graphviz_app.files import parse_step

    first, last = parse_step(args.first, "--from"), parse_step(args.last, "--to")
    word = str(args.fps).strip()
    if not (word.isascii() and word.isdigit() and len(word) <= 3):
        raise GraphvizAppError(f"--fps {word[:20]!r}: expected a whole number of frames per second, e.g. 20")
    loaded = load(args)
    if getattr(args, "backward_graph", False):  # the backward pass as a graph of its own, played as any graph
        from graphviz_app.cli.second_order import backward_loaded_for_export

        loaded = backward_loaded_for_export(loaded)
    out = export(
        loaded,
        args.output,
        frames=args.frames,
        first=first,
        last=last,
        fps=int(word),
        hold=args.hold,
        theme=args.theme,
        direction=args.direction,
        scale=args.scale,
        caption=args.caption,
    )
    print(f"wrote {out}")
    return 0


def derive_parser(sub: Any, source_args: Callable, count: Callable) -> None:
    p = sub.add_parser("derive", help="the chain rule for one gradient written out, as text or LaTeX")
    source_args(p)
    p.add_argument("--wrt", required=True, metavar="LEAF", help="the input or parameter to differentiate by")
    p.add_argument("--of", metavar="NODE", help="the node differentiated (default: the output)")
    p.add_argument("--latex", action="store_true", help="print an align* block (amsmath)")
    p.add_argument(
        "--standalone", action="store_true", help="print a whole LaTeX document (pdflatex compiles it)"
    )
    p.add_argument(
        "--max-paths", type=count, default=8, metavar="N", help="write out at most N paths (default 8)"
    )


def cmd_derive(args: argparse.Namespace, load: Callable, evaluate: Callable) -> int:
    from graphviz_app.session.paths.derivation import Derivation
    from graphviz_app.session.prose.names import Names

    loaded = load(args)
    ev = evaluate(loaded)
    names = Names.of(ev)  # nodes as the captions write them: x, x², x·y
    source = names.find(args.wrt)
    target = names.find(args.of) if args.of else None
    derivation = Derivation(ev, source, target, max_paths=max(1, args.max_paths), option="--max-paths")
    if args.standalone:
        print(derivation.standalone(), end="")
    elif args.latex:
        print(derivation.latex())
    else:
        print(derivation.text())
    return 0


def mistake_parser(sub: Any, source_args: Callable) -> None:
    from graphviz_app.session.checks.mistake_table import MISTAKES, cli_help

    p = sub.add_parser("mistake", help="a classic backprop mistake beside the right gradients")
    source_args(p)
    p.add_argument("--kind", required=True, choices=[entry.kind for entry in MISTAKES], help=cli_help())
    where = p.add_mutually_exclusive_group()
    where.add_argument(
        "--edge",
        nargs=2,
        metavar=("PARENT", "CHILD"),
        help="make the mistake on this edge only (forget-inner, wrong-order); nodes by name or id",
    )
    where.add_argument("--all", action="store_true", help="everywhere it applies (the default)")
    p.add_argument("--json", action="store_true", help="print one JSON object")


def cmd_mistake(args: argparse.Namespace, load: Callable, evaluate: Callable) -> int:
    from graphviz_app.cli.common import describe, print_json
    from graphviz_app.core.mistakes import EDGE_KINDS, MistakeRefused
    from graphviz_app.report import jsonable, table
    from graphviz_app.session.checks.mistakes import resolve_edge, run_mistake
    from graphviz_app.text.numbers import table_number

    if args.edge and args.kind not in EDGE_KINDS:
        raise MistakeRefused(f"--kind {args.kind} is made on the whole graph: leave out --edge")
    loaded = load(args)
    ev = evaluate(loaded)
    edge = resolve_edge(ev, *args.edge) if args.edge else None
    report = run_mistake(ev, args.kind, edge)
    if args.json:
        print_json(
            {
                "kind": report.kind,
                "edge": list(report.edge) if report.edge else None,
                "title": report.title,
                "prose": report.prose,
                "rows": [
                    {
                        "node": row.node,
                        "name": row.name,
                        "gradient": row.grad_name,
                        "right": jsonable(row.right),
                        "wrong": jsonable(row.wrong),
                        "finite_difference": jsonable(row.numeric),
                        "agrees_with": row.agrees or None,
                    }
                    for row in report.rows
                ],
            }
        )
        return 0
    describe(loaded)
    print(f"mistake: {report.title}")
    rows = [
        [
            row.grad_name,
            table_number(row.right),
            table_number(row.wrong) + ("" if row.damaged else "  (same)"),
            table_number(row.numeric) if row.leaf else "",
            row.agrees,
        ]
        for row in report.rows
    ]
    print(table(rows, ["gradient", "right", "wrong", "finite difference", "agrees with"]))
    print()
    print(report.prose)
    return 0
