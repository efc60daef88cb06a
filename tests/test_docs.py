"""The README and the reference in docs/: generated tables current, links that lead somewhere, a short README.

The tables the code knows are written by docs/tables.py (``python3 dev.py docs``); a test here fails, naming
the page and the table, when a committed table differs from what the code generates.
"""

from __future__ import annotations

import ast
import contextlib
import importlib.util
import io
import os
import re
import shutil
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # the keys table reads the window's actions

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
README_MAX_LINES = 200


def _load_tables():
    spec = importlib.util.spec_from_file_location("docs_tables", ROOT / "docs" / "tables.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


tables = _load_tables()


def _placed():
    """(page, table) for every generated block in the README and docs/."""
    found = []
    for page in tables.pages():
        text = page.read_text(encoding="utf-8")
        where = page.relative_to(ROOT).as_posix()
        found += [(where, name) for name, _, _ in tables.blocks(text, where)]
    return found


# --- the generated tables ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def generated():
    return {}


@pytest.mark.parametrize(("page", "name"), _placed(), ids=lambda v: str(v))
def test_the_generated_table_is_what_the_code_generates(page, name, generated):
    text = (ROOT / page).read_text(encoding="utf-8")
    committed = [text[s:e] for n, s, e in tables.blocks(text, page) if n == name]
    if name not in generated:
        generated[name] = tables.TABLES[name]()
    fresh = "\n\n" + generated[name] + "\n\n"
    for block in committed:
        if block != fresh:
            old, new = set(block.strip().splitlines()), set(generated[name].splitlines())
            diff = [f"- {line}" for line in sorted(old - new)] + [f"+ {line}" for line in sorted(new - old)]
            pytest.fail(
                f"{page}: the table {name!r} differs from what the code generates; run `python3 dev.py docs` "
                "and commit the page.\n" + "\n".join(diff[:20])
            )


def test_every_table_is_on_a_page():
    placed = {name for _, name in _placed()}
    assert set(tables.TABLES) <= placed, f"tables no page shows: {sorted(set(tables.TABLES) - placed)}"


@pytest.fixture
def copy_of_the_docs(tmp_path):
    """The README and docs/ copied, to doctor."""
    shutil.copy(README, tmp_path / "README.md")
    shutil.copytree(ROOT / "docs", tmp_path / "docs", ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    tables.write(tmp_path)  # current, whatever the committed pages say (the test above says that)
    return tmp_path


def test_a_doctored_table_is_found_and_rewritten(copy_of_the_docs):
    """The check is not vacuous: a table edited by hand is named, and `dev.py docs` puts it back."""
    page = copy_of_the_docs / "docs" / "language.md"
    good = page.read_text(encoding="utf-8")
    row = next(line for line in good.splitlines() if line.startswith("| `sin(x)`"))
    page.write_text(good.replace(row, row.replace("cos(x)", "−cos(x)")), encoding="utf-8")
    assert tables.stale(copy_of_the_docs) == [("docs/language.md", "functions")]
    assert tables.write(copy_of_the_docs) == [("docs/language.md", "functions")]
    assert page.read_text(encoding="utf-8") == good
    assert tables.stale(copy_of_the_docs) == []


def test_a_table_missing_from_the_code_or_unclosed_is_refused():
    begin, end = tables.BEGIN.format(name="limits"), tables.END.format(name="limits")
    with pytest.raises(tables.MarkerError, match="no generated table is called 'colours'"):
        tables.blocks(tables.BEGIN.format(name="colours"), "x.md")
    with pytest.raises(tables.MarkerError, match=r"x\.md: the table 'limits' has no `end generated` line"):
        tables.blocks(f"{begin}\n| a |\n", "x.md")
    with pytest.raises(tables.MarkerError, match="not closed before 'keys'"):
        tables.blocks(f"{begin}\n{tables.BEGIN.format(name='keys')}\n{end}\n", "x.md")
    assert tables.blocks(f"intro\n{begin}\nold\n{end}\n", "x.md") == [
        ("limits", len("intro\n") + len(begin), len(f"intro\n{begin}\nold\n"))
    ]


def test_every_option_of_the_command_line_says_what_it_does():
    """The commands table is the parser's help: an option without help would be a blank row in docs/cli.md."""
    rows = [line.split(" | ") for line in tables.commands().splitlines()[2:]]
    blank = [row[1] for row in rows if row[1].strip() and not row[2].strip(" |")]
    assert not blank, f"options with no help text (add help= to their add_argument): {blank}"


# --- the limits: every constant named like one is in the table, or said not to be one --------------

LIMIT_NAME = re.compile(r"(^|_)(MAX|MIN)(_|$)|LIMIT|_ABOVE$|_BELOW$")


def _constants():
    """``module:NAME`` of every module-level constant (an upper-case name assigned) of the package."""
    package = ROOT / "graphviz_app"
    found = set()
    for path in package.rglob("*.py"):
        module = ".".join(path.relative_to(package).with_suffix("").parts)
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            targets = [node.target] if isinstance(node, ast.AnnAssign) else getattr(node, "targets", [])
            found |= {f"{module}:{t.id}" for t in targets if isinstance(t, ast.Name) and t.id.isupper()}
    return found


def test_every_limit_constant_is_in_the_limits_table():
    constants = _constants()
    listed = {f"{limit.module}:{limit.name}" for limit in tables.LIMITS}
    limit_like = {c for c in constants if LIMIT_NAME.search(c.split(":")[1])}
    missing = limit_like - listed - set(tables.NOT_LIMITS)
    assert not missing, (
        f"constants named like limits that docs/limits.md does not list: {sorted(missing)}; add each to LIMITS "
        "(what it limits, what happens beyond it) or to NOT_LIMITS in docs/tables.py, then run `python3 dev.py docs`"
    )
    gone = (listed | set(tables.NOT_LIMITS)) - constants
    assert not gone, f"docs/tables.py names constants the code no longer has: {sorted(gone)}"
    for limit in tables.LIMITS:
        assert isinstance(limit.value, (int, float)) and limit.value > 0, limit


def test_the_limit_check_sees_a_new_limit():
    """A new ``MAX_…`` constant is caught by the name pattern; a tuning constant is not."""
    assert (
        LIMIT_NAME.search("MAX_WIDGETS")
        and LIMIT_NAME.search("NODE_LIMIT")
        and LIMIT_NAME.search("LAZY_ABOVE")
    )
    assert LIMIT_NAME.search("OVERVIEW_MIN_NODES") and not LIMIT_NAME.search("MAXIMAL_GAP")
    assert "core.hessian:MAX_HESSIAN_INPUTS" in _constants()


# --- links -------------------------------------------------------------------------------------------

FENCE = re.compile(r"^```.*?^```", re.M | re.S)
CODE_SPAN = re.compile(r"`[^`\n]*`")
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")


def _prose(text):
    """The text without code: fenced blocks dropped, code spans blanked (their text is no link)."""
    return CODE_SPAN.sub("code", FENCE.sub("", text))


def slug(heading):
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading).replace("`", "").strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(text):
    found, seen = set(), {}
    for heading in re.findall(r"^#{1,6}\s+(.+?)\s*#*$", FENCE.sub("", text), re.M):
        base = slug(heading)
        n = seen.get(base, 0)
        seen[base] = n + 1
        found.add(base if n == 0 else f"{base}-{n}")
    return found


def broken_links(page):
    """Every relative link or #anchor of ``page`` that leads nowhere, as text."""
    broken = []
    for target in LINK.findall(_prose(page.read_text(encoding="utf-8"))):
        if re.match(r"[a-z]+:", target):  # https:, mailto:
            continue
        path, _, anchor = target.partition("#")
        dest = (page.parent / path).resolve() if path else page
        if not dest.exists():
            broken.append(f"{target} (no file {path})")
        elif anchor and dest.suffix == ".md" and anchor not in anchors(dest.read_text(encoding="utf-8")):
            broken.append(f"{target} (no heading #{anchor} in {dest.name})")
    return broken


def _linked_pages():
    return [README, *sorted((ROOT / "docs").glob("*.md")), ROOT / "bench" / "RESULTS.md"]


@pytest.mark.parametrize("page", _linked_pages(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_link_leads_somewhere(page):
    broken = broken_links(page)
    assert not broken, f"{page.relative_to(ROOT)}: links that lead nowhere: {broken}"


def test_a_broken_link_or_anchor_is_found(copy_of_the_docs):
    page = copy_of_the_docs / "docs" / "doctored.md"
    page.write_text(
        "# A page\n\n## Its `second` heading\n\n[ok](#its-second-heading), [ok](language.md#functions), "
        "[gone](nowhere.md), [no anchor](language.md#no-such-heading), `[in code](nowhere.md)`\n\n"
        "```\n[in a block](nowhere-either.md)\n```\n",
        encoding="utf-8",
    )
    assert broken_links(page) == [
        "nowhere.md (no file nowhere.md)",
        "language.md#no-such-heading (no heading #no-such-heading in language.md)",
    ]


def test_slugs_are_githubs():
    assert slug("`eval --json`") == "eval---json"
    assert slug("For lectures: animations, derivations, TikZ, presenting") == (
        "for-lectures-animations-derivations-tikz-presenting"
    )
    assert slug("GUI before and after (issue 25)") == "gui-before-and-after-issue-25"
    assert anchors("# A\n# A\n```\n# not a heading\n```\n") == {"a", "a-1"}


# --- the README ---------------------------------------------------------------------------------------


def test_the_readme_is_at_most_200_lines():
    lines = README.read_text(encoding="utf-8").count("\n")
    assert lines <= README_MAX_LINES, (
        f"README.md has {lines} lines; it is what a newcomer needs, at most {README_MAX_LINES}: "
        "move the reference to a page of docs/ and link it"
    )


def test_the_readmes_script_prints_what_its_comments_say(tmp_path, monkeypatch):
    """The README's Python example runs, and each print gives what its comment says (up to the colon)."""
    text = README.read_text(encoding="utf-8")
    (script,) = re.findall(r"^## From a script\n.*?^```python\n(.*?)^```", text, re.M | re.S)
    expected = [line.split("#", 1)[1].strip() for line in script.splitlines() if line.startswith("print(")]
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(script, "README.md", "exec"), {})
    printed = out.getvalue().splitlines()
    assert len(printed) == len(expected) >= 3
    for line, comment in zip(printed, expected):
        assert comment.startswith(line), (line, comment)
    assert (tmp_path / "net.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
