"""Take docs/workbench.png: the workbench on a served store, in Debian's chromium.

Usage: python scripts/workbench_screenshot.py URL [OUT]
(URL with the view in its hash, e.g. the workbench of the example pages with an event open).
"""
from __future__ import annotations

import sys

from playwright.sync_api import sync_playwright


def main() -> None:
    url = sys.argv[1]
    out = sys.argv[2] if len(sys.argv) > 2 else "docs/workbench.png"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 860})
        page.goto(url)
        page.wait_for_selector("body[data-ready]")
        page.wait_for_timeout(300)
        page.screenshot(path=out)
        browser.close()


if __name__ == "__main__":
    main()
