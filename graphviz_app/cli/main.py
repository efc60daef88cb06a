"""The ``graphviz-app`` command.

    graphviz-app [SOURCE] [--view V] [--dependent NAME] [--at N=V]   open the window (default example)
    graphviz-app eval SOURCE [--at N=V] [--order 2] [--json]
    graphviz-app paths SOURCE --wrt NAME [--of NODE] [--limit N] [--json]
    graphviz-app derive SOURCE --wrt LEAF [--of NODE] [--latex | --standalone]
    graphviz-app mistake SOURCE --kind KIND [--edge P C | --all] [--json]         (kinds: `mistake --help`)
    graphviz-app gradcheck SOURCE [--order 2] [--json]
    graphviz-app export SOURCE -o FILE.(dot|png|svg|pdf|tex) [--step ...] [--backward-graph]
    graphviz-app export SOURCE -o FILE.(gif|mp4) | -o DIR/ --frames [--from S] [--to S] [--fps N] [--hold S]
    graphviz-app export SOURCE -o FILE.html [--theme light|dark] [--direction LR|TB]   the interactive page
    graphviz-app train SOURCE --steps N [--optimizer ...] [--lr A] [--wrt NAME] [--json [--trajectory]] [--plot F]
    graphviz-app examples [--json]

This module is a thin layer over the public API: it parses arguments, calls the
library and prints. Errors the user can fix print one line to stderr and exit
with status 2; anything else is a bug in the app and exits with status 1.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from graphviz_app.cli import lecture as cli_lecture
from graphviz_app.cli.common import describe, evaluate, find, load, print_json
from graphviz_app.cli.second_order import (
    backward_loaded_for_export,
    order_arg,
    print_second_order,
    second_order,
    second_order_checks,
)
from graphviz_app.cli.train import cmd_train, train_args
from graphviz_app.errors import GraphvizAppError
from graphviz_app.files.options import MAX_TRAIN_STEPS

__all__ = ["main"]

SUBCOMMANDS = ("eval", "paths", "derive", "mistake", "gradcheck", "export", "train", "examples", "gui")


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors exit 2 with one line (argparse's own convention)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message}\n")


def _count(text: str) -> int:
    """argparse type for a count: ASCII digits, at most 9 (never Python's 4,300-digit limit)."""
    word = text.strip()
    if not (word.isascii() and word.isdigit() and len(word) <= 9):
        raise argparse.ArgumentTypeError(f"expected a whole number 0 to 999,999,999, got {word[:20]!r}")
    return int(word)


def _source_args(p: argparse.ArgumentParser, optional: bool = False) -> None:
    """SOURCE and the options every command that takes one has (the window's SOURCE is optional)."""
    p.add_argument(
        "source",
        nargs="?" if optional else None,
        metavar="SOURCE",
        help="an expression ('sin(x**2)'), a file (expression, network spec or session), example:NAME or "
        "torch:FILE.py[:FUNCTION] (your PyTorch code's graph)",
    )
    p.add_argument(
        "--at",
        action="append",
        metavar="NAME=VALUE",
        default=[],
        help="value of an input, parameter or target; repeat for several",
    )
    p.add_argument("--view", choices=("neuron", "layer"), help="granularity of a network graph")
    p.add_argument("--dependent", metavar="NAME", help="dependent variable of an equation (default y)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="graphviz-app", description="Make the chain rule visible.")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    p = sub.add_parser("gui", help="open the window (the default)")
    _source_args(p, optional=True)
    p.add_argument("--screenshot", metavar="FILE.png", help="save a picture of the window at --step and quit")
    p.add_argument(
        "--step", default="end", help="forward, backward, end or a step number (with --screenshot)"
    )
    p.add_argument(
        "--fit",
        action="store_true",
        help="show the whole graph, as View ▸ Fit to window does (with --screenshot)",
    )

    p = sub.add_parser("eval", help="forward and backward pass: values, gradients, local derivatives")
    _source_args(p)
    p.add_argument("--of", metavar="NODE", help="differentiate this node instead of the output")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    order_arg(p, "2 adds the Hessian over the inputs (and y'' for an equation)")

    p = sub.add_parser("paths", help="the chain rule as a sum over paths")
    _source_args(p)
    p.add_argument("--wrt", required=True, metavar="NAME", help="the source of the paths (an input)")
    p.add_argument("--of", metavar="NODE", help="the end of the paths (default: the output)")
    p.add_argument(
        "--limit", type=_count, default=100, metavar="N", help="list at most N paths (default 100)"
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")

    cli_lecture.derive_parser(sub, _source_args, _count)
    cli_lecture.mistake_parser(sub, _source_args)

    p = sub.add_parser("gradcheck", help="backprop against central finite differences")
    _source_args(p)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    order_arg(p, "2 also checks second derivatives (finite differences of the gradient)")

    p = sub.add_parser(
        "export",
        help="write the graph as DOT, PNG, SVG or PDF, the animation as GIF or MP4, or an interactive page",
    )
    _source_args(p)
    p.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE",
        help="FILE.dot, .png, .svg, .pdf, .tex, .gif, .mp4 or .html (the interactive page), or DIR/",
    )
    p.add_argument(
        "--step", help="forward, backward, end, or a step number (PNG, SVG, PDF and TeX; default end)"
    )
    p.add_argument("--theme", choices=("light", "dark"), help="colours (default light; not for DOT)")
    p.add_argument(
        "--direction", choices=("LR", "TB"), default="LR", help="left to right (the default) or top to bottom"
    )
    p.add_argument(
        "--scale", type=float, help="pixels per layout pixel (default 2 for PNG, 1 for GIF, MP4 and frames)"
    )
    p.add_argument(
        "--backward-graph", action="store_true", help="write the backward pass as a graph of its own"
    )
    cli_lecture.animation_args(p)

    p = sub.add_parser("train", help="gradient descent on a network's parameters (or --wrt leaves)")
    _source_args(p)
    p.add_argument("--steps", required=True, metavar="N", help=f"1 to {MAX_TRAIN_STEPS:,}")
    p.add_argument(
        "--optimizer",
        choices=("sgd", "momentum", "rmsprop", "adam"),
        default="sgd",
        help="the update rule (default sgd)",
    )
    p.add_argument("--lr", type=float, metavar="A", help="learning rate (default depends on the optimizer)")
    train_args(p)

    p = sub.add_parser("examples", help="list the built-in examples")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0] not in SUBCOMMANDS and not argv[0].startswith("-")):
        argv = ["gui", *argv]
    args = build_parser().parse_args(argv)
    if args.command in ("export", "gui"):  # the commands that lay out: a bad budget is said at once
        from graphviz_app.layout.budget import time_budget

        time_budget()
    try:
        return COMMANDS[args.command](args)
    except GraphvizAppError as exc:
        print(f"graphviz-app: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # Ctrl+C: a layout's child process is already gone
        print("graphviz-app: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (`graphviz-app eval ... | head`): not an error of ours
        # Point stdout at /dev/null so the interpreter's final flush does not raise a second time.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # a bug in the app, not in the user's input
        if os.environ.get("GRAPHVIZ_APP_DEBUG"):
            raise
        print(
            f"graphviz-app: internal error ({type(exc).__name__}: {exc}); this is a bug, please report it "
            "(set GRAPHVIZ_APP_DEBUG=1 for the traceback)",
            file=sys.stderr,
        )
        return 1


def cmd_eval(args: argparse.Namespace) -> int:
    from graphviz_app.core import graph as G
    from graphviz_app.report import eval_report, fmt, table
    from graphviz_app.session.prose.names import Names

    loaded = load(args)
    ev = evaluate(loaded, find(loaded, args.of) if args.of else None)
    report = eval_report(loaded, ev)
    second = second_order(args, loaded, ev, report)
    if args.json:
        print_json(report)
        return 0
    describe(loaded)
    g = ev.graph
    names = Names.of(ev)  # the captions' notation: x², x·y, as the canvas and the paths panel
    rows = [  # each node as the captions write it, never by its internal id (that is in --json)
        [
            names.name(n),
            g.nodes[n][G.OP] or g.nodes[n][G.KIND],
            fmt(ev.values[n]),
            fmt(ev.grads[n]),
            "; ".join(ev.flags.get(n, [])),
        ]
        for n in ev.order
    ]
    print(table(rows, ["node", "op", "value", f"∂{names.out_name}/∂node", "flags"]))
    print(f"\noutput {names.out_name} = {fmt(ev.output_value)}")
    if loaded.torch is not None:
        from graphviz_app.report import torch_agreement
        from graphviz_app.text.agreement import agreement_text

        print(agreement_text(torch_agreement(loaded, ev)))
    imp = report.get("implicit")
    if imp:
        if imp.get("dydx") is None:
            print(f"implicit: d{imp['dependent']}/d{imp['independent']} undefined: {imp.get('reason', '')}")
        else:
            print(
                f"implicit: d{imp['dependent']}/d{imp['independent']} = −F_{imp['independent']}/"
                f"F_{imp['dependent']} = −({fmt(imp['F_x'])})/({fmt(imp['F_y'])}) = {fmt(imp['dydx'])}"
            )
        if imp.get("warning"):
            print(f"warning: {imp['warning']}")
    print_second_order(second)
    return 0


def cmd_paths(args: argparse.Namespace) -> int:
    from graphviz_app.core import graph as G
    from graphviz_app.report import fmt, paths_report
    from graphviz_app.session.prose.names import Names

    loaded = load(args)
    g = loaded.graph
    source = find(loaded, args.wrt)
    target = find(loaded, args.of) if args.of else G.output_node(g)
    ev = evaluate(loaded, target)
    report = paths_report(ev, source, target, max(args.limit, 0), "--limit")
    if args.json:
        print_json(report)
        return 0
    describe(loaded)
    names = Names.of(ev)  # the captions' notation: x², x·y, as the canvas and the paths panel
    src, tgt = names.name(source), names.name(target)
    print(f"{report['count']} path(s) from {src} to {tgt}")
    for i, p in enumerate(report["paths"], 1):
        chain = " → ".join(names.name(n) for n in p["nodes"])
        factors = " × ".join(fmt(f, 4) if not isinstance(f, list) else "J" for f in p["factors"])
        print(
            f"  {i:>3}. {chain}\n       {factors} = {fmt(p['product'], 6) if not isinstance(p['product'], list) else 'J'}"
        )
    if not report["complete"]:
        print(f"  ... {report['count'] - report['shown']} more (raise --limit to list them)")
    print(f"sum of path products{'' if report['complete'] else ' shown'} = {fmt(report['sum'])}")
    if report["gradient"] is not None:
        print(
            f"backprop gradient ∂{names.d(target)}/∂{names.d(source)} = {fmt(report['gradient'])}"
            + (f"  ({'agree' if report.get('agree') else 'DISAGREE'})" if "agree" in report else "")
        )
    return 0


def cmd_gradcheck(args: argparse.Namespace) -> int:
    import numpy as np

    from graphviz_app.core import graph as G
    from graphviz_app.core.gradcheck import gradcheck
    from graphviz_app.files.options import check_gradcheck_size
    from graphviz_app.report import fmt, gradcheck_report, table
    from graphviz_app.session.checks.claims import claim_rows, verdict
    from graphviz_app.text.numbers import relative_error_text

    loaded = load(args)
    leaves = G.leaves(loaded.graph)
    check_gradcheck_size(
        sum(int(np.size(loaded.values.get(n, loaded.graph.nodes[n][G.VALUE]))) for n in leaves)
    )
    results = gradcheck(loaded.graph, loaded.values) + second_order_checks(args, loaded)
    claims = claim_rows(evaluate(loaded))
    report = gradcheck_report(results, claims)
    if args.json:
        print_json(report)
        return 0
    describe(loaded)
    rows = [
        [r.name, fmt(r.analytic, 10), fmt(r.numeric, 10), f"{r.rel_error:.2e}", "ok" if r.ok else "MISMATCH"]
        for r in results
    ]
    print(table(rows, ["leaf", "backprop", "finite difference", "rel. error", ""]))
    if claims:
        print()
        rows = [
            [
                f"{row.claim} = {row.formula}",
                row.where,
                fmt(row.check.claimed, 10),
                fmt(row.check.numeric, 10),
                relative_error_text(row.check.rel_error),
                verdict(row.check),
            ]
            for row in claims
        ]
        print(table(rows, ["claimed derivative", "at", "claimed", "finite difference", "rel. error", ""]))
        if not all(row.ok for row in claims):
            print(
                "\nThe backward pass takes a claimed derivative on trust: a wrong claim makes every gradient "
                "that flows through it wrong, and the finite differences show it."
            )
    return 0


def cmd_examples(args: argparse.Namespace) -> int:
    from graphviz_app.builders.examples import EXAMPLES

    if args.json:
        print_json(
            [
                {"name": e.name, "title": e.title, "description": e.description, "kind": e.kind}
                for e in EXAMPLES.values()
            ]
        )
        return 0
    width = max(len(n) for n in EXAMPLES)
    for e in EXAMPLES.values():
        print(f"example:{e.name.ljust(width)}  {e.title}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from graphviz_app import export
    from graphviz_app.files import parse_step

    cli_lecture.export_options(args)  # an option the format would ignore is refused, not ignored
    if cli_lecture.is_animation(args):
        return cli_lecture.export_animation(args, load)
    step = parse_step(args.step)
    loaded = load(args)
    if args.backward_graph:
        loaded = backward_loaded_for_export(loaded)
    out = export(loaded, args.output, step=step, theme=args.theme, direction=args.direction, scale=args.scale)
    print(f"wrote {out}")
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    from graphviz_app.files import parse_assignments, parse_step
    from graphviz_app.gui.display_check import display_problem  # Qt-free: before PySide6 is imported

    parse_step(args.step)  # a bad --step or --at is refused before a window opens
    how = {"at": parse_assignments(args.at), "view": args.view, "dependent": args.dependent}
    problem = display_problem()
    if problem:  # else Qt's import fails or Qt aborts, naming the wrong library
        raise GraphvizAppError(problem)
    _import_the_model_before_qt()
    from graphviz_app.gui.app import DEFAULT_SOURCE, run

    source = args.source or DEFAULT_SOURCE
    return run(source, screenshot=args.screenshot, step=args.step, fit=args.fit, how=how)


WINDOW_MODEL = (
    "graphviz_app.exports.dot",
    "graphviz_app.files.atomic",
    "graphviz_app.look",
    "graphviz_app.palette",
    "graphviz_app.session.checks.claims",
    "graphviz_app.session.checks.mistakes",
    "graphviz_app.session.inspector",
    "graphviz_app.session.paths.derivation",
    "graphviz_app.session.paths.prose",
    "graphviz_app.session.paths.slides",
    "graphviz_app.session.prose.legend",
    "graphviz_app.session.prose.presenter_notes",
    "graphviz_app.session.quiz.state",
    "graphviz_app.session.second_order.state",
    "graphviz_app.session.state.collapse",
    "graphviz_app.session.state.network_form",
    "graphviz_app.session.state.session",
    "graphviz_app.session.state.weight_table",
    "graphviz_app.session.timeline.animation_plan",
    "graphviz_app.session.timeline.node_text",
    "graphviz_app.session.training.learned",
)
"""The modules the window imports that need no Qt (with what they import: ~70 modules), by their roots."""


def _import_the_model_before_qt() -> None:
    """Import :data:`WINDOW_MODEL` before PySide6 (the window would import it after Qt).

    Once imported, PySide6 checks every module imported after it for its ``__feature__``
    switches by reading the module's source (``inspect.getsource``), about 0.3 ms a module:
    some 20 ms of every start for these. tests/gui/test_startup_imports.py checks that none is left out.
    """
    for name in WINDOW_MODEL:
        importlib.import_module(name)


COMMANDS = {
    "eval": cmd_eval,
    "paths": cmd_paths,
    "derive": lambda args: cli_lecture.cmd_derive(args, load, evaluate),
    "mistake": lambda args: cli_lecture.cmd_mistake(args, load, evaluate),
    "gradcheck": cmd_gradcheck,
    "examples": cmd_examples,
    "train": cmd_train,
    "export": cmd_export,
    "gui": cmd_gui,
}
