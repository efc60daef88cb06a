"""Expression programs that make Graphviz's crossing minimisation explode (issues 17 and 18).

Each line uses the previous step and one random earlier step::

    s0=z-x
    s1=s0*y
    s2=s1-z
    ...
    s{k}=s{k-1} op s{j}        # j random in [0, k), op in + - *

written without spaces, as the issues' reproducers were (300 lines are 4 KB,
600 lines 8.7 KB: both within the expression language's 10,000 characters).

The graph is one long chain with a long edge back to a random earlier step at
every node, so it has no layers and dot's crossing minimisation (``mincross``)
spends minutes on a few hundred nodes. The seed is fixed, so every run (and
every machine) measures the same program.

Run ``python bench/crossing_programs.py 300 > program.txt`` to write one out.
"""

from __future__ import annotations

import random
import sys

__all__ = ["SEED", "program"]

SEED = 17  # fixed: the same program on every run


def program(lines: int, seed: int = SEED) -> str:
    """The ``lines``-line program (inputs x, y, z; ``lines + 3`` nodes once built).

    >>> print(program(4))
    s0=z-x
    s1=s0*y
    s2=s1-z
    s3=s2-s1
    """
    if lines < 1:
        raise ValueError("a program needs at least one line")
    rng = random.Random(seed)
    out = ["s0=z-x"]
    inputs = ("x", "y", "z")
    for k in range(1, lines):
        op = rng.choice("+-*")
        other = inputs[k % 3] if k < 3 else f"s{rng.randrange(k)}"
        out.append(f"s{k}=s{k - 1}{op}{other}")
    return "\n".join(out)


if __name__ == "__main__":
    print(program(int(sys.argv[1]) if len(sys.argv) > 1 else 300))
