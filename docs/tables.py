"""The reference's tables that the code knows, generated from the code.

A generated table sits in a page of ``docs/`` (or in ``README.md``) between two comment lines::

    <!-- begin generated: limits -->
    ...the table, written by this module...
    <!-- end generated: limits -->

:data:`TABLES` is the one registry: a table's name -> the function that returns its markdown.
``python3 dev.py docs`` (which runs this file) rewrites every block in place; ``tests/test_docs.py``
fails, naming the page and the table, when the committed text differs from what the code generates.
To add a table: write a function here, add it to :data:`TABLES`, put the two comment lines where it
belongs, and run ``python3 dev.py docs``.

This module lives beside the pages it writes rather than in the package: nothing in the app needs it,
and it may import every layer (the keys table reads the window's actions, so it needs Qt).
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BEGIN = "<!-- begin generated: {name} -->"
END = "<!-- end generated: {name} -->"
MARKER = re.compile(r"^<!-- (begin|end) generated: ([\w-]+) -->$", re.M)


def pages(root: Path = ROOT) -> list[Path]:
    """The pages that may hold generated tables: the README and every page of docs/."""
    return [root / "README.md", *sorted((root / "docs").glob("*.md"))]


# --- writing a table ----------------------------------------------------------------------------


def cell(text: object) -> str:
    """One table cell: a pipe escaped, so ``|x|`` and ``neuron|layer`` stay in their cell."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def table(header: Iterable[str], rows: Iterable[Iterable[object]]) -> str:
    head = list(header)
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def code(text: str) -> str:
    return f"`{text}`"


def number(value: float) -> str:
    """A limit as people write it: 10,000, 0.3, 1e-06 stays short."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    return f"{value:,}" if isinstance(value, int) else f"{value:g}"


# --- the op table: the language's functions, the network's activations and losses ---------------


def _ops():
    import graphviz_app.core  # noqa: F401  (registers every op)
    from graphviz_app.core import optable
    from graphviz_app.session.prose import notation

    return optable, notation


def _fault(spec) -> str:
    from graphviz_app.core.ops import OpSpec

    default = OpSpec.__dataclass_fields__["fault"].default
    return spec.fault if spec.fault != default else "–"


def functions() -> str:
    """The expression language's functions (``in_language`` in core/optable.py)."""
    optable, notation = _ops()
    rows = []
    for name in optable.FUNCTIONS:
        spec = optable.REGISTRY[name]
        args = [(p, notation.ATOM) for p in spec.params]
        typed = f"{name}({', '.join(spec.params)})"
        drawn = notation.render(name, args)[0]
        rows.append([code(typed), drawn, notation.describe(spec, 0), _fault(spec)])
    return table(["you type", "captions write", "derivative", "not a number when"], rows)


def activations() -> str:
    """A layer's activations (``activation=True`` in core/optable.py), in the order forms list them."""
    optable, notation = _ops()
    rows = []
    for name in optable.ACTIVATIONS:
        spec = optable.REGISTRY[name]
        drawn = notation.render(name, [(p, notation.ATOM) for p in spec.params])[0]
        rows.append([code(f'"{name}"'), drawn, notation.describe(spec, 0)])
    return table(["activation", "written", "derivative (its Jacobian, for softmax)"], rows)


def losses() -> str:
    """A network's losses (``loss_name`` in core/optable.py) and the op each one is built with."""
    optable, notation = _ops()
    rows = []
    for loss_name, op_name in optable.NETWORK_LOSSES.items():
        spec = optable.REGISTRY[op_name]
        drawn = notation.render(op_name, [(p, notation.ATOM) for p in spec.params])[0]
        rows.append([code(f'"{loss_name}"'), drawn, notation.describe(spec, 0), _fault(spec)])
    return table(["loss", "written", "∂L/∂(first argument)", "not a number when"], rows)


# --- the built-in examples, the optimizers, the command line --------------------------------------


def examples() -> str:
    """Every built-in example (builders/examples.py, resources/examples/NAME.json)."""
    from graphviz_app.builders.examples import EXAMPLES

    rows = [
        [code(f"example:{e.name}"), e.kind, e.title, " ".join(e.description.splitlines())]
        for e in EXAMPLES.values()
    ]
    return table(["SOURCE", "kind", "title", "what to look for"], rows)


def optimizers() -> str:
    """The optimizers of ``train --optimizer`` and the training panel, with their defaults."""
    from graphviz_app.core.optim import OPTIMIZERS
    from graphviz_app.session.training.runs import HYPERPARAMETERS

    rows = []
    for name, cls in OPTIMIZERS.items():
        rule = (cls.__doc__ or "").strip().splitlines()[0]
        settings = ", ".join(f"{h.name} = {number(h.default)}" for h in HYPERPARAMETERS[name])
        rows.append([code(name), rule, settings])
    return table(["optimizer", "update", "hyper-parameters (defaults)"], rows)


def _option(action: argparse.Action) -> str:
    if not action.option_strings:
        return str(action.metavar or action.dest).upper()
    if isinstance(action, argparse.BooleanOptionalAction):
        return ", ".join(code(o) for o in action.option_strings)
    if action.nargs == 0:
        return ", ".join(code(o) for o in action.option_strings)
    if action.choices is not None:
        value = "|".join(str(c) for c in action.choices)
    elif isinstance(action.metavar, tuple):
        value = " ".join(action.metavar)
    else:
        value = str(action.metavar or action.dest.upper())
    return ", ".join(code(f"{o} {value}") for o in action.option_strings)


def commands() -> str:
    """Every command of ``graphviz-app`` and every option, with the help its parser gives."""
    from graphviz_app.cli.main import build_parser

    parser = build_parser()
    (sub,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    helps = {c.dest: c.help for c in sub._choices_actions}
    common = {"source", "at", "view", "dependent"}
    rows = []
    for name, command in sub.choices.items():
        actions = [a for a in command._actions if not isinstance(a, argparse._HelpAction)]
        takes_source = any(a.dest == "source" for a in actions)
        what = helps.get(name, "")
        rows.append([f"**{name}**", "SOURCE, `--at`, `--view`, `--dependent`" if takes_source else "", what])
        for action in actions:
            if action.dest in common:
                continue
            required = " (required)" if action.required else ""
            rows.append(["", _option(action), (action.help or "") + required])
    source = [a for a in sub.choices["eval"]._actions if a.dest in common]
    rows.append(["*every command with a SOURCE*", "", ""])
    rows += [["", _option(a), a.help or ""] for a in source]
    return table(["command", "option", "what"], rows)


# --- the limits ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Limit:
    """One limit the code enforces: where its number lives, what it limits, what happens beyond it."""

    module: str  # under graphviz_app/, dotted
    name: str
    unit: str
    what: str
    beyond: str
    area: str = ""

    @property
    def value(self) -> float:
        return getattr(importlib.import_module(f"graphviz_app.{self.module}"), self.name)


def area(name: str, *limits: Limit) -> list[Limit]:
    return [replace(limit, area=name) for limit in limits]


LIMITS = [
    *area(
        "files and values",
        Limit("files.reading", "MAX_FILE_BYTES", "bytes", "a file read (expression, network spec, session)",
              "refused before it is read, naming the file; saving refuses to write a session that open would refuse"),
        Limit("files.reading", "MAX_NESTING", "levels", "nesting of JSON arrays and objects",
              "refused, naming the file"),
        Limit("files.reading", "MAX_INT_DIGITS", "digits", "a whole number in JSON",
              "refused: write `1e60` for a huge number"),
        Limit("files.values", "MAX_DIMENSIONS", "levels of lists", "a value (`--at`, a spec, a session)",
              "refused: a value is a number, a vector or a matrix"),
        Limit("builders.expression", "MAX_LENGTH", "characters", "an expression's text",
              "refused with the text's length"),
        Limit("builders.layer_spec", "MAX_PARAMETERS", "weights and biases",
              "a network spec; the tensors of a PyTorch graph that require grad",
              "refused: the app draws networks, it does not train big ones"),
        Limit("builders.datasets", "MAX_POINTS", "points", "a network's data (`n`, `points`, a CSV file's rows)",
              "refused, naming the field or the file"),
        Limit("builders.data_spec", "MAX_TEST", "", "the fraction of the data held out for testing (`test`)",
              "refused: points must be left to train on"),
    ),
    *area(
        "views and layout",
        Limit("builders.network_size", "DEFAULT_NEURON_VIEW_MAX", "nodes", "a network opened without `--view`",
              "opens in the layer view; `--view neuron` or View ▸ Neuron view still draws it neuron by neuron"),
        Limit("builders.network_size", "NEURON_VIEW_NODE_LIMIT", "nodes",
              "the neuron view of a network; the autograd graph of a PyTorch model (its nodes)",
              "refused, with a message that suggests the layer view (an 8-53-53-1 network has 10,082 nodes); "
              "a PyTorch graph is refused before anything is built"),
        Limit("layout.graphviz", "HARD_NODE_LIMIT", "nodes", "any graph laid out",
              "refused: use the layer view"),
        Limit("layout.budget", "TIME_LIMIT", "s", "Graphviz's time per layout (`GRAPHVIZ_APP_LAYOUT_BUDGET=SECONDS` changes it)",
              "a quicker layout (straight edges), then a simple layered one drawn without Graphviz; "
              "one `graphviz-app: note:` line on stderr (the status bar in the window) says so"),
        Limit("layout.budget", "CHEAP_ABOVE", "estimated virtual nodes", "Graphviz's full layout",
              "dot starts with cheaper settings"),
        Limit("layout.budget", "QUICK_ABOVE", "estimated virtual nodes", "Graphviz's cheaper layout",
              "dot is skipped: the simple layered layout"),
        Limit("layout.budget", "LARGE_GRAPH_NODES", "nodes", "dot's full effort (in the window and in exported DOT)",
              "dot's iterations are limited (`mclimit`, `nslimit`); an exported DOT file says so in a comment"),
        Limit("layout.graphviz", "CHILD_PROCESS_ABOVE", "nodes", "a layout in the app's own process",
              "dot runs in a child process that Cancel, a newer layout or Ctrl+C stops at once"),
        Limit("layout.wrap", "MIN_NODES", "nodes", "a drawing kept as Graphviz made it",
              "ranks taller than the window wrap into columns with straight edges"),
    ),
    *area(
        "counts and paths",
        Limit("files.options", "MAX_STEP", "", "a step number (`--step`, `--from`, `--to`, `gui --step`)",
              "refused (ASCII digits only; a step the graph does not have is refused too)"),
        Limit("files.options", "MAX_TRAIN_STEPS", "steps", "`train --steps` and the training panel's Run",
              "refused; a long run shows its progress on a terminal and stops at Ctrl+C"),
        Limit("files.options", "MAX_GRADCHECK_NUMBERS", "numbers", "`gradcheck` (two evaluations per number)",
              "refused: use a smaller network"),
        Limit("session.paths.sum_over_paths", "LIST_LIMIT", "paths",
              "`paths --limit`, `derive --max-paths`, `limit` in the Python API, the paths panel's list",
              "the options are refused; the panel stops its list there. The count and backprop's gradient stay exact (2^60 paths is fine)"),
        Limit("session.paths.sum_over_paths", "SUM_LIMIT", "paths", "paths summed one by one",
              "only the listed paths are summed; the count and backprop's gradient stay exact"),
        Limit("session.paths.derivation", "MAX_PATHS", "paths", "paths `derive` writes out by default (`--max-paths`)",
              "the sum gives their number and backprop's value"),
        Limit("session.paths.sum_over_paths", "TANGENT_NODE_LIMIT", "nodes", "the forward-mode table (paths panel)",
              "not computed, with the reason"),
        Limit("session.paths.sum_over_paths", "TANGENT_ELEMENT_LIMIT", "numbers", "the forward-mode tangents (node size × source size)",
              "not computed, with the reason"),
        Limit("core.hessian", "MAX_HESSIAN_INPUTS", "inputs", "a Hessian (`--order 2`, Order 2 in the window)",
              "refused"),
        Limit("core.hessian", "MAX_SECOND_ORDER_NODES", "nodes", "second derivatives (`--order 2`, the backward graph)",
              "refused: use a smaller network"),
        Limit("report", "JACOBIAN_LIMIT", "entries", "a Jacobian written out by `eval --json`",
              'written as `{"jacobian_shape": [...]}`'),
    ),
    *area(
        "PyTorch graphs",
        Limit("builders.torch_recover", "MAX_STEPS", "exact steps",
              "a number PyTorch did not keep (the `3` of `x + 3`), worked out from a value it kept further down",
              "refused, saying to give it `requires_grad=True`"),
    ),
    *area(
        "exports",
        Limit("session.timeline.animation_plan", "MAX_FPS", "frames per second", "`--fps` of an MP4",
              "refused"),
        Limit("files.animation_files", "MAX_GIF_FPS", "frames per second", "`--fps` of a GIF",
              "refused (GIF delays are hundredths of a second)"),
        Limit("session.timeline.animation_plan", "MAX_HOLD_S", "s", "`--hold`", "refused"),
        Limit("session.timeline.animation_plan", "MAX_FRAMES", "frames", "an exported animation",
              "refused: lower `--fps` or `--hold`, or export part with `--from` and `--to`"),
        Limit("gui.export.image", "MAX_PNG_PIXELS", "pixels", "a PNG export (width × height)",
              "refused: lower `--scale`"),
        Limit("files.session_file", "INDENT_BELOW", "characters", "a session saved indented",
              "saved as compact JSON"),
    ),
    *area(
        "the interactive page",
        Limit("page.drawing", "MAX_DRAWN_NODES", "drawn nodes", "an interactive page (`export -o FILE.html`, a notebook)",
              "refused, saying what to do: the layer view, or collapse layers in the window and export from there"),
        Limit("page.html", "COMPRESS_ABOVE", "bytes", "a page's data kept as plain JSON",
              "stored gzipped (and base64); the browser unpacks it"),
        Limit("page.paths_data", "MAX_LEAVES", "inputs, weights and targets", "the page's paths panel",
              "the first ones (inputs first), and the panel says so; the window has them all"),
        Limit("page.paths_data", "MAX_ROWS", "paths", "paths the page lists from one leaf (fewer when it has many leaves)",
              "the count and the sum beside backprop's gradient stay those of every path"),
    ),
    *area(
        "the window",
        Limit("session.state.network_form", "MAX_LAYER_SIZE", "neurons", "a layer's size in the Network tab",
              "the field stops there; a spec file may give more (within the parameter limit)"),
        Limit("session.state.network_form", "MAX_WEIGHT_CELLS", "weights", "a layer's weights table in the Network tab",
              "no table, a note instead: edit the weights in a spec file"),
        Limit("gui.panels.input_field", "SPIN_LIMIT", "", "an input's field in the Expression tab (±)",
              "the field shows the nearest end; its tooltip and the canvas show the value (set by `--at` or a file)"),
        Limit("gui.panels.paths_panel", "AUTO_TANGENT_NODES", "nodes", "a graph whose forward-mode table is computed as soon as it is shown",
              "computed when you press *Compute tangents*"),
        Limit("session.inspector", "MAX_ROWS", "contributions", "contributions the inspector lists",
              "the rest are counted, not listed"),
        Limit("gui.panels.accumulation_panel", "MAX_ROWS", "rows", "outgoing edges the Accumulation tab lists",
              "the rest are counted, not listed"),
        Limit("session.checks.mistakes", "MAX_CHECKED", "numbers", "the finite-difference column of a mistake",
              "the column is left out"),
        Limit("session.quiz.questions", "MAX_CHOICES", "edges", "a “which edge sends the most” question (keys 1 to 9)",
              "that question is not asked"),
        Limit("session.training.runs", "MAX_RUNS", "runs", "lines on the training panel's loss plot",
              "the oldest run's line goes"),
        Limit("session.training.step_text", "MAX_ELEMENTS", "elements", "a tensor parameter's last update written out (layer view)",
              "the first ones are written"),
        Limit("session.prose.names", "MAX_TERM", "characters", "an unnamed step written as its expression",
              "it gets a short name, `u₁`, `u₂`…, and its caption, title and the inspector say what it stands for"),
        Limit("gui.canvas.overview", "OVERVIEW_MIN_NODES", "nodes", "a graph drawn item by item when zoomed out",
              "one overview (boxes, edges, the edges the step lights) until you zoom in"),
        Limit("gui.canvas.relabel", "LAZY_ABOVE", "nodes", "a graph whose every node is rewritten each step",
              "nodes out of view get their numbers when they come into view"),
        Limit("gui.canvas.items", "MIN_LEGIBLE_PX", "px", "the smallest text height drawn",
              "nodes are plain shapes and edges lose their labels"),
        Limit("gui.window.timeline_bar", "MAX_BAND_SHARE", "of the window's height", "the caption's band under the canvas",
              "a longer caption is set smaller, never cut"),
        Limit("gui.window.recent_files", "MAX_RECENT", "files", "File ▸ Open Recent", "the oldest goes"),
    ),
]  # fmt: skip
"""Every limit of size, steps or paths the code enforces. tests/test_docs.py fails when a constant
that looks like a limit (``MAX_``, ``_LIMIT``, ``_ABOVE``…) is neither here nor in :data:`NOT_LIMITS`."""

NOT_LIMITS = {
    "session.training.landscape:MAX_GRID": "the landscape panel's own grid, not a user's request",
    "session.training.landscape:MAX_STEPS": "the landscape panel's steps field stops there",
    "gui.window.timeline_bar:SCRUBBER_MIN_PX": "a widget's width",
    "gui.panels.paths_tab:LIST_MIN_HEIGHT": "a widget's height",
    "gui.panels.paths_panel:LIST_MIN_HEIGHT": "a widget's height",
    "gui.canvas.legend:MAX_WIDTH": "the legend's width in pixels",
    "gui.canvas.edge_layer:MAX_AREAS": "how repaints are batched",
    "gui.canvas.view:FIT_MAX_SCALE": "how far fitting blows up a small graph",
    "look:FIT_MAX_SCALE": "how far fitting blows up a small graph (the window's and the page's)",
    "page.document:OPEN_MIN_SCALE": "how small a page first draws a big graph",
    "layout.wrap:MIN_GAIN": "when wrapping pays off",
    "layout.fold:MAX_CROSSING": "where a long chain may be folded",
    "layout.fold:MIN_GAIN": "when folding pays off",
}
"""Constants named like limits that limit nothing a user asks for: sizes and tuning of the drawing."""


def limits() -> str:
    rows = []
    for limit in LIMITS:
        unit = f" {limit.unit}" if limit.unit else ""
        rows.append([limit.area, limit.what, number(limit.value) + unit, limit.beyond])
    for row, before in zip(rows[1:][::-1], rows[:-1][::-1]):
        if row[0] == before[0]:
            row[0] = ""  # the area once, at its first row
    return table(["area", "what", "at most", "beyond it"], rows)


# --- the keys -----------------------------------------------------------------------------------


def keys() -> str:
    """Every key of the window, from its command table, as Help ▸ Keyboard shortcuts shows them."""
    from PySide6.QtWidgets import QApplication

    from graphviz_app.gui.window.command_actions import keys_markdown
    from graphviz_app.gui.window.commands import COMMANDS

    app = QApplication.instance() or QApplication([])  # noqa: F841  (key names need one)
    return keys_markdown(COMMANDS)


def torch_nodes() -> str:
    """The autograd nodes a PyTorch graph may hold (builders/torch_ops.py), and what each saved that is read."""
    from graphviz_app.builders.torch_ops import RULES

    rows = []
    for name in sorted(RULES):
        rule = RULES[name]
        saved = [code(f"_saved_{attr}") for attr in (*rule.saves, *rule.extra) if attr]
        rows.append([code(name), ", ".join(saved) or "–"])
    return table(["autograd node", "inputs read from what it saved (where they need no gradient)"], rows)


def page_keys() -> str:
    """Every key of the interactive page, from its own table (``page/keys.py``)."""
    from graphviz_app.page.keys import KEYS

    return table(["key", "what it does"], [[row[2], row[3]] for row in KEYS if row[2]])


TABLES: dict[str, Callable[[], str]] = {
    "functions": functions,
    "activations": activations,
    "losses": losses,
    "examples": examples,
    "optimizers": optimizers,
    "commands": commands,
    "limits": limits,
    "keys": keys,
    "torch-nodes": torch_nodes,
    "page-keys": page_keys,
}
"""The one registry: a table's name (as the page's comment lines give it) -> its markdown."""


# --- finding and rewriting the blocks -----------------------------------------------------------


class MarkerError(ValueError):
    """A page's generated blocks are malformed: unknown name, unclosed or nested block."""


def blocks(text: str, where: str = "the page") -> list[tuple[str, int, int]]:
    """(name, start, end) of each generated block's content in ``text``, between its two comment lines."""
    found = []
    open_name, open_end = None, 0
    for m in MARKER.finditer(text):
        kind, name = m.groups()
        if name not in TABLES:
            raise MarkerError(
                f"{where}: no generated table is called {name!r} (see TABLES in docs/tables.py)"
            )
        if kind == "begin":
            if open_name is not None:
                raise MarkerError(f"{where}: the table {open_name!r} is not closed before {name!r} begins")
            open_name, open_end = name, m.end()
        else:
            if name != open_name:
                raise MarkerError(f"{where}: `end generated: {name}` without its begin")
            found.append((name, open_end, m.start()))
            open_name = None
    if open_name is not None:
        raise MarkerError(f"{where}: the table {open_name!r} has no `end generated` line")
    return found


def regenerate(text: str, where: str = "the page", made: dict[str, str] | None = None) -> str:
    """``text`` with every generated block's content replaced by what the code generates now."""
    made = {} if made is None else made
    out, last = [], 0
    for name, start, end in blocks(text, where):
        if name not in made:
            made[name] = TABLES[name]()
        out += [text[last:start], "\n\n" + made[name] + "\n\n"]
        last = end
    return "".join(out) + text[last:]


def stale(root: Path = ROOT) -> list[tuple[str, str]]:
    """(page, table) for every generated block whose text differs from what the code generates."""
    made: dict[str, str] = {}
    found = []
    for page in pages(root):
        text = page.read_text(encoding="utf-8")
        where = page.relative_to(root).as_posix()
        current = dict.fromkeys(n for n, _, _ in blocks(text, where))
        fresh = regenerate(text, where, made)
        if fresh != text:
            old = {n: text[s:e] for n, s, e in blocks(text, where)}
            new = {n: fresh[s:e] for n, s, e in blocks(fresh, where)}
            found += [(where, n) for n in current if old[n] != new[n]]
    return found


def write(root: Path = ROOT) -> list[tuple[str, str]]:
    """Rewrite every stale block in place; return (page, table) for each one rewritten."""
    changed = stale(root)
    made: dict[str, str] = {}
    for page in {root / p for p, _ in changed}:
        text = page.read_text(encoding="utf-8")
        page.write_text(regenerate(text, page.relative_to(root).as_posix(), made), encoding="utf-8")
    return changed


def main(argv: list[str]) -> int:
    """``python docs/tables.py`` rewrites the tables; ``--check`` only says which differ (exit 1)."""
    if "--check" in argv:
        differ = stale()
        for page, name in differ:
            print(f"{page}: the generated table {name!r} differs from the code")
        return 1 if differ else 0
    changed = write()
    for page, name in changed:
        print(f"rewrote the table {name!r} in {page}")
    if not changed:
        print("every generated table is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
