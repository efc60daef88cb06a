"""The ``train`` command: gradient descent in chunks, with progress, Ctrl+C, and an optional loss plot."""

from __future__ import annotations

import argparse
import sys

from graphviz_app.cli.common import describe, load, print_json
from graphviz_app.errors import GraphvizAppError

__all__ = ["TRAIN_CHUNK", "cmd_train", "plot_arg"]


def cmd_train(args: argparse.Namespace) -> int:
    import math

    from graphviz_app.files import parse_train_steps
    from graphviz_app.report import fmt, jsonable
    from graphviz_app.session.training.runs import Trainer
    from graphviz_app.session.training.trainer import why_stopped

    steps = parse_train_steps(args.steps)
    _check_plot(args)
    if args.lr is not None and not (math.isfinite(args.lr) and args.lr > 0):
        raise GraphvizAppError(f"--lr {args.lr:g}: a learning rate is a finite number > 0")
    loaded = load(args)
    # the window's trainer and loop (graphviz_app.core.descent), on the loaded values: the same numbers
    trainer = Trainer(loaded.graph, dict(loaded.values))
    trainer.configure(args.optimizer, **({} if args.lr is None else {"lr": args.lr}))
    losses = [trainer.loss]
    progress = _Progress(steps)
    try:
        done = 0
        while done < steps:  # in chunks, so a long run shows progress and stops at Ctrl+C
            n = min(TRAIN_CHUNK, steps - done)
            taken = trainer.step(n)
            losses += taken
            done += n
            progress.show(done, losses[-1])
            if len(taken) < n:  # the loss stopped being finite
                break
    except KeyboardInterrupt:
        progress.clear()
        print(f"graphviz-app: training interrupted after {len(losses) - 1} of {steps} steps", file=sys.stderr)
        return 130
    progress.clear()
    lr = trainer.optimizer.lr
    _write_plot(args, losses, lr)
    stopped = why_stopped(trainer)
    params = trainer.params
    if args.json:
        print_json(
            {
                "optimizer": args.optimizer,
                "lr": lr,
                "losses": jsonable(losses),
                "params": {k: jsonable(v) for k, v in params.items()},
                "stopped": stopped,
            }
        )
    else:
        describe(loaded)
        print(f"optimizer {args.optimizer}, learning rate {lr:g}")
        for i, loss in enumerate(losses):
            print(f"step {i:>5}  loss {fmt(loss, 8)}")
        print("final parameters:")
        for k, v in params.items():
            print(f"  {k} = {fmt(v)}")
    if stopped is None:
        return 0
    print(
        f"graphviz-app: error: training stopped after {len(losses) - 1} of {steps} steps: {stopped}",
        file=sys.stderr,
    )
    return 2


TRAIN_CHUNK = 1000


def plot_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--plot", metavar="FILE", help="also write the loss curve to FILE.png or FILE.svg")


def _check_plot(args: argparse.Namespace) -> None:
    if args.plot:
        from graphviz_app.gui.export.loss_plot import plot_format  # Qt-free until a PNG is drawn

        plot_format(args.plot)


def _write_plot(args: argparse.Namespace, losses: list[float], lr: float) -> None:
    """``train --plot``: the loss curve (log scale when every loss is > 0) to a PNG or SVG file."""
    if not args.plot:
        return
    import math

    from graphviz_app.gui.export.loss_plot import write_loss_plot  # Qt only for a PNG

    log = all(v > 0 for v in losses if math.isfinite(v))
    out = write_loss_plot(args.plot, [(f"{args.optimizer} lr={lr:g}", losses)], log=log)
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
