"""One headless Chromium for every browser test of the session (starting one takes a second or two)."""

from __future__ import annotations

import pytest
from selenium.webdriver.support.ui import WebDriverWait

from tests.page import browser


@pytest.fixture(scope="session")
def chrome():
    reason = browser.missing()
    if reason:
        pytest.skip(f"the page's browser tests need a browser: {reason}")
    driver = browser.start(1280, 720)
    yield driver
    browser.stop(driver)


def ready(driver, players: int = 1):
    """Wait until ``players`` players of the page have read their data and shown their first step."""
    WebDriverWait(driver, 30).until(
        lambda d: (
            d.execute_script("return document.querySelectorAll('.gaplayer[data-ready]').length") == players
        )
    )
    return driver


@pytest.fixture
def open_page(chrome):
    """Open a page file in the browser, with the request log cleared: ``open_page(path) -> driver``."""

    def opened(path):
        browser.requests(chrome)  # forget what was asked before
        chrome.get(path.as_uri())
        return ready(chrome)

    return opened
