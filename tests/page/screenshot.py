"""A picture of an interactive page in headless Chromium: ``python3 dev.py page-screenshot SOURCE -o FILE.png``.

Options: ``--theme light|dark``, ``--size 1280x720``, ``--step N`` (or ``backward-middle``: halfway through
the backward pass), ``--select NODE`` (the inspector shows it), ``--paths LEAF`` (the paths panel, its first
path lit). The README's picture of the page is made by this command.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

from graphviz_app.files.sources import load_source  # noqa: E402
from graphviz_app.page.document import build_page  # noqa: E402
from graphviz_app.page.html import write_page  # noqa: E402
from tests.page import browser  # noqa: E402

PLAYER = "var p = document.querySelector('.gaplayer').gaPlayer;"
READY = "return !!document.querySelector('.gaplayer[data-ready]')"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="page-screenshot", description=__doc__.splitlines()[0])
    parser.add_argument("source")
    parser.add_argument("-o", "--output", required=True)
    parser.add_argument("--theme", choices=("light", "dark"), default="light")
    parser.add_argument("--size", default="1280x720")
    parser.add_argument("--step", default="backward-middle")
    parser.add_argument("--select", metavar="NODE")
    parser.add_argument("--paths", metavar="LEAF")
    args = parser.parse_args(argv)
    reason = browser.missing()
    if reason:
        print(f"page-screenshot: {reason}", file=sys.stderr)
        return 2
    width, height = (int(n) for n in args.size.lower().split("x"))
    page = build_page(load_source(args.source), theme=args.theme)
    phases = page.data["phases"]
    step = (phases["backward"] + phases["end"]) // 2 if args.step == "backward-middle" else int(args.step)
    with tempfile.TemporaryDirectory() as folder:
        path = write_page(page, Path(folder) / "page.html")
        driver = browser.start(width, height)
        try:
            driver.get(path.as_uri())
            WebDriverWait(driver, 60).until(lambda d: d.execute_script(READY))
            driver.execute_script(PLAYER + "p.go(arguments[0], false)", step)
            if args.select:
                driver.execute_script(
                    PLAYER + "p.select({node: p.data.nodes.indexOf(arguments[0])})", args.select
                )
            if args.paths:
                driver.execute_script(
                    PLAYER + "p.showTab('paths'); p.select({node: p.data.nodes.indexOf(arguments[0])});"
                    "p.root.querySelector('.ga-rows button').click()",
                    args.paths,
                )
            driver.save_screenshot(args.output)
        finally:
            browser.stop(driver)
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
