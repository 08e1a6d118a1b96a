"""Acceptance: an editor's save shows up in the browser by itself, and a broken save never
takes the preview down (Debian's headless Chromium through Playwright)."""

from __future__ import annotations

import os

import pytest
from serve_support import run_serve

from browser_support import CHROMIUM, launch
from conftest import SiteDir

playwright_api = pytest.importorskip("playwright.sync_api")

MODI = "content/statements/us-election-2024/modi.yaml"
QUOTE = "Heartiest congratulations my friend"
NEW_QUOTE = "Warmest wishes from the live preview"
CONNECTED = "Browser Connected"  # livereload's log line once a page has joined


@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="scripts/test.sh installs chromium")
def test_live_preview_follows_edits_and_survives_broken_yaml(sample: SiteDir) -> None:
    expect = playwright_api.expect
    modi = sample.root / MODI
    original = modi.read_text(encoding="utf-8")
    with run_serve(sample.root) as server, playwright_api.sync_playwright() as pw:
        browser = launch(pw)
        page = browser.new_page()
        page.goto(server.base + "statements/modi/")
        quote = page.locator("blockquote").first
        expect(quote).to_contain_text(QUOTE)
        server.wait_for(CONNECTED, 1)

        # 1. change the quote: the open page shows it without a manual reload
        modi.write_text(original.replace(QUOTE, NEW_QUOTE), encoding="utf-8")
        expect(quote).to_contain_text(NEW_QUOTE, timeout=15_000)
        assert server.alive()
        server.wait_for(CONNECTED, 2)

        # 2. break the YAML: the error page names the file and the line
        modi.write_text(original + "quote: [\n", encoding="utf-8")
        where = page.locator("ol.problems .where").first
        expect(where).to_have_text(f"{MODI}:17:1", timeout=15_000)
        expect(page.locator("h1")).to_have_text("The site could not be built")
        assert server.alive()
        server.wait_for(CONNECTED, 3)
        server.wait_for(f"{MODI}:17:1: invalid YAML")  # the terminal says the same

        # 3. fix it: the page comes back, with no restart
        modi.write_text(original, encoding="utf-8")
        expect(quote).to_contain_text(QUOTE, timeout=15_000)
        assert page.locator("ol.problems").count() == 0
        assert server.alive()
        browser.close()
    assert not sample.output.exists()
