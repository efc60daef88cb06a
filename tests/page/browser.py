"""Headless Chromium from the system's packages, driven by Selenium: for the page's tests, bench and screenshots.

Debian's ``chromium`` and ``chromium-driver`` (``.ci/run`` installs them); nothing is downloaded. Every
browser gets a fresh profile and the flags that keep it off the network, and logs every request it makes,
so a test can check that a page asks for nothing.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

__all__ = ["FLAGS", "missing", "requests", "resize", "start", "stop"]

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def _binaries() -> tuple[str | None, str | None]:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    return browser, driver


def missing() -> str | None:
    """Why no browser can be started here (None: one can)."""
    browser, driver = _binaries()
    if browser is None or driver is None:
        return "Chromium and its driver are not installed (apt-get install chromium chromium-driver)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e .[test])"
    return None


def start(width: int = 1280, height: int = 720) -> Any:
    """A headless Chromium of ``width`` × ``height`` CSS pixels, logging its network requests."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    browser, driver = _binaries()
    options = webdriver.ChromeOptions()
    options.binary_location = str(browser)
    profile = tempfile.mkdtemp(prefix="graphviz-app-chromium-")
    for flag in [*FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    chrome = webdriver.Chrome(service=Service(executable_path=str(driver)), options=options)
    chrome.profile_dir = profile
    resize(chrome, width, height)
    return chrome


def resize(driver: Any, width: int, height: int) -> None:
    """Make the page's viewport exactly ``width`` × ``height`` CSS pixels (a window's frame would take some)."""
    metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)


def requests(driver: Any) -> list[str]:
    """Every URL the browser asked for since the last call."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def stop(driver: Any) -> None:
    profile = getattr(driver, "profile_dir", None)
    driver.quit()
    if profile:
        shutil.rmtree(Path(profile), ignore_errors=True)
