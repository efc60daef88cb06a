"""Benchmark of training in the window: optimizer steps per second, and the longest pause of a run.

Run ``python bench/bench_training.py``. The training panel takes steps from a
timer in chunks of at most ``CHUNK_SECONDS`` (30 ms), so the window answers a
click at least that often whatever the network; what varies is how many steps
a chunk holds. This prints, for each example network, the steps per second of
:meth:`Trainer.step` (one forward and backward pass and one optimizer update)
and the time a 1,000-step run takes, for SGD and Adam.
"""

from __future__ import annotations

import time

from graphviz_app.builders.examples import load_example
from graphviz_app.builders.network import build_network
from graphviz_app.session.training.runs import Trainer

NETWORKS = ("net-221", "net-221-mse", "deep-sigmoid", "deep-relu")


def main() -> None:
    print(f"{'network':<14} {'view':<7} {'optimizer':<9} {'steps/s':>9} {'1,000 steps':>12}")
    for name in NETWORKS:
        for view in ("neuron", "layer"):
            graph = build_network(load_example(name).payload, view=view).graph
            for optimizer in ("sgd", "adam"):
                trainer = Trainer(graph, {})
                trainer.configure(optimizer)
                trainer.step(20)  # warm-up
                start = time.perf_counter()
                trainer.step(1000)
                took = time.perf_counter() - start
                print(f"{name:<14} {view:<7} {optimizer:<9} {1000 / took:>9,.0f} {took:>11.2f}s")


if __name__ == "__main__":
    main()
