"""The ``train`` command: gradient descent in chunks, with progress, Ctrl+C, and an optional plot.

A network with data learns from a mini-batch per step; its JSON adds the loss and accuracy over every
training and test point after each step, and ``--plot`` draws the decision boundary beside the losses.
``--wrt`` descends over named leaves instead (an expression's inputs), and ``--trajectory`` adds the
values of what is trained after every step: the paths the loss landscape draws.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from graphviz_app.cli.common import describe, find, load, print_json
from graphviz_app.errors import GraphvizAppError

__all__ = ["TRAIN_CHUNK", "cmd_train", "train_args"]

TRAIN_CHUNK = 1000


def train_args(p: argparse.ArgumentParser) -> None:
    """The options of ``train`` after SOURCE and ``--steps`` (the optimizer's are in cli/main.py)."""
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument(
        "--plot",
        metavar="FILE",
        help="also write the loss curve (and for data, the decision boundary) to FILE.png or FILE.svg",
    )
    p.add_argument(
        "--wrt",
        action="append",
        default=[],
        metavar="NAME",
        help="descend over this leaf (repeat, or NAME,NAME) instead of the parameters: an expression's inputs",
    )
    p.add_argument(
        "--trajectory", action="store_true", help="with --json: the trained values after every step"
    )


def cmd_train(args: argparse.Namespace) -> int:
    import math

    from graphviz_app.files import parse_train_steps
    from graphviz_app.session.training.runs import trainer_for
    from graphviz_app.session.training.trainer import why_stopped

    steps = parse_train_steps(args.steps)
    _check_plot(args)
    if args.lr is not None and not (math.isfinite(args.lr) and args.lr > 0):
        raise GraphvizAppError(f"--lr {args.lr:g}: a learning rate is a finite number > 0")
    if args.trajectory and not args.json:
        raise GraphvizAppError("--trajectory is part of the --json output: add --json")
    loaded = load(args)
    spec = loaded.network.spec if loaded.network is not None else None
    names = _wrt(args, loaded, spec)
    # the window's trainer and loop (graphviz_app.core.descent), on the loaded values: the same numbers
    trainer = trainer_for(loaded.graph, dict(loaded.values), spec, names)
    trainer.configure(args.optimizer, **({} if args.lr is None else {"lr": args.lr}))
    losses = [trainer.loss]
    path = [trainer.view_params(loaded.graph)] if args.trajectory else None
    progress = _Progress(steps)
    try:
        done = 0
        while done < steps:  # in chunks, so a long run shows progress and stops at Ctrl+C
            n = min(1 if path is not None else TRAIN_CHUNK, steps - done)
            taken = trainer.step(n)
            losses += taken
            done += n
            if path is not None and taken:
                path.append(trainer.view_params(loaded.graph))
            progress.show(done, losses[-1])
            if len(taken) < n:  # the loss stopped being finite
                break
    except KeyboardInterrupt:
        progress.clear()
        print(f"graphviz-app: training interrupted after {len(losses) - 1} of {steps} steps", file=sys.stderr)
        return 130
    progress.clear()
    lr = trainer.optimizer.lr
    _write_plot(args, trainer, losses, lr)
    stopped = why_stopped(trainer)
    if args.json:
        print_json(_json(args, trainer, loaded, losses, lr, stopped, path))
    else:
        _print(loaded, trainer, losses, lr, args.optimizer)
    if stopped is None:
        return 0
    print(
        f"graphviz-app: error: training stopped after {len(losses) - 1} of {steps} steps: {stopped}",
        file=sys.stderr,
    )
    return 2


def _wrt(args: argparse.Namespace, loaded, spec) -> list[str] | None:
    """The leaves ``--wrt`` names (node ids), or None: the parameters."""
    words = [w.strip() for item in args.wrt for w in item.split(",") if w.strip()]
    if not words:
        return None
    if spec is not None and spec.data is not None:
        raise GraphvizAppError("--wrt: a network with data trains its weights and biases; leave --wrt out")
    from graphviz_app.core import graph as G

    names = []
    for word in words:
        node = find(loaded, word)
        if not G.is_leaf(loaded.graph, node) or loaded.graph.nodes[node][G.KIND] == G.CONST:
            raise GraphvizAppError(f"--wrt {word}: only an input or a parameter can be trained")
        if node not in names:
            names.append(node)
    return names


def _json(args, trainer, loaded, losses, lr, stopped, path) -> dict[str, Any]:
    from graphviz_app.report import jsonable

    out: dict[str, Any] = {
        "optimizer": args.optimizer,
        "lr": lr,
        "losses": jsonable(losses),
        "params": {k: jsonable(v) for k, v in trainer.view_params(loaded.graph).items()},
        "stopped": stopped,
    }
    if trainer.data is not None:
        data = trainer.data.data
        out["data"] = {
            "name": data.name,
            "points": len(data.points),
            "train": len(data.train),
            "test": len(data.test),
            "batch": data.batch,
            "features": list(data.features),
        }
        metrics = [m.to_dict() for m in trainer.run.metrics]
        for key in ("train_loss", "test_loss", "train_accuracy", "test_accuracy"):
            column = [m[key] for m in metrics]
            out[key] = None if column[0] is None else jsonable(column)
    if path is not None:
        out["trajectory"] = {k: [jsonable(p[k]) for p in path] for k in path[0]}
    return out


def _print(loaded, trainer, losses, lr, optimizer) -> None:
    from graphviz_app.report import fmt

    describe(loaded)
    print(f"optimizer {optimizer}, learning rate {lr:g}")
    metrics = trainer.run.metrics if trainer.data is not None else []
    if trainer.data is not None:
        data = trainer.data.data
        print(
            f"data: {data.name}, {len(data.train)} training and {len(data.test)} test points, "
            f"mini-batches of {data.batch} (loss: of each step's mini-batch)"
        )
    for i, loss in enumerate(losses):
        line = f"step {i:>5}  loss {fmt(loss, 8)}"
        if i < len(metrics):
            m = metrics[i]
            line += f"  train loss {fmt(m.train_loss, 6)} accuracy {fmt(m.train_accuracy, 4)}"
            if m.test_loss is not None:
                line += f"  test loss {fmt(m.test_loss, 6)} accuracy {fmt(m.test_accuracy, 4)}"
        print(line)
    print("final parameters:")
    for k, v in trainer.view_params(loaded.graph).items():
        print(f"  {k} = {fmt(v)}")


def _check_plot(args: argparse.Namespace) -> None:
    if args.plot:
        from graphviz_app.gui.export.loss_plot import plot_format  # Qt-free until a PNG is drawn

        plot_format(args.plot)


def _write_plot(args: argparse.Namespace, trainer, losses: list[float], lr: float) -> None:
    """``train --plot``: the loss curve (log scale when every loss is > 0), for data beside the boundary."""
    if not args.plot:
        return
    import math

    from graphviz_app.gui.export.loss_plot import write_loss_plot, write_training_plot  # Qt only for a PNG

    label = f"{args.optimizer} lr={lr:g}"
    if trainer.data is None:
        log = all(v > 0 for v in losses if math.isfinite(v))
        out = write_loss_plot(args.plot, [(label, losses)], log=log)
    else:
        out = write_training_plot(args.plot, trainer.data, trainer.params, trainer.run.metrics, label)
    print(f"wrote {out}", file=sys.stderr)


class _Progress:
    """``training: step k of N`` on stderr, rewritten in place, when stderr is a terminal."""

    def __init__(self, total: int):
        self.total = total
        self.on = total > TRAIN_CHUNK and sys.stderr.isatty()

    def show(self, done: int, loss: float) -> None:
        if self.on:
            print(
                f"\rtraining: step {done:,} of {self.total:,}, loss {loss:.6g}  (Ctrl+C stops)",
                end="",
                file=sys.stderr,
                flush=True,
            )

    def clear(self) -> None:
        if self.on:
            print("\r\033[K", end="", file=sys.stderr, flush=True)
