"""The reader's side in a real browser: axe-core, search, filters, no-JS, RTL, weight, screenshots.

One browser and one build of the sample site serve the whole module, to keep CI fast.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from site_gen import search
from site_gen.cli import main

from browser_support import REPO_ROOT, axe_js, launch, serve_directory
from conftest import SAMPLE_CONTENT, SITE_YAML, TRICKY, SiteDir

sync_api = pytest.importorskip("playwright.sync_api")

BASE_PATH = "/reactions/"  # the sample's base_url path: everything must work below it
EVENT = "events/us-election-2024/"
PAGES = {
    "home": "",
    "timeline": EVENT,
    "country": "countries/india/",
    "person": "people/narendra-modi/",
    "statement": "statements/modi/",
}
SCREENSHOTS = REPO_ROOT / "test-artifacts" / "screenshots"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("Chromium is not installed (scripts/test.sh installs it)")
    with sync_api.sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample site, built once and served below its base path."""
    root = tmp_path_factory.mktemp("sample")
    shutil.copytree(SAMPLE_CONTENT, root / "content")
    assert main(["build", "--root", str(root)]) == 0
    with serve_directory(root / "output", BASE_PATH) as url:
        yield url


@pytest.fixture(scope="module")
def rtl_base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A tiny site whose only statement is a quote in Arabic."""
    site = SiteDir(tmp_path_factory.mktemp("rtl"))
    site.add("site.yaml", SITE_YAML)
    site.add("events/test-election.yaml", "title: Test election\ndate: 2024-11-06T10:34:00Z\n")
    site.person("amal-leader", "Amal Leader", country="EG", native_name="أمل", native_language="ar")
    site.statement("amal", "amal-leader", quote="نهنئ الشعب الأمريكي.", language="ar")
    assert site.build() == 0
    with serve_directory(site.output) as url:
        yield url


def _visible_cards(page: Any) -> int:
    count: int = page.locator("[data-card]:visible").count()
    return count


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations(browser: Any, base: str, scheme: str) -> None:
    axe = axe_js()
    if axe is None:
        pytest.skip("axe-core is not installed (scripts/test.sh installs it)")
    page = browser.new_page(color_scheme=scheme)
    found = {}
    targets = {**PAGES, "404": "no-such-page/", "search": "search/?q=Modi"}
    for name, path in targets.items():
        page.goto(base + path)
        if name == "search":
            page.wait_for_selector("[data-search-results] li")
        page.add_script_tag(path=str(axe))
        result = page.evaluate("axe.run()")
        found[name] = [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]
    page.close()
    assert found == {name: [] for name in targets}


def test_search_finds_modi_from_the_box_on_any_page(browser: Any, base: str) -> None:
    page = browser.new_page()
    page.goto(base + "countries/")
    page.fill("#site-search-q", "Modi")
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-search-results] li")
    links = page.eval_on_selector_all("[data-search-results] a", "a => a.map(x => x.pathname)")
    assert links[0] == BASE_PATH + "statements/modi/"
    assert page.text_content("[data-search-status]") == "1 statement found for “Modi”."
    page.close()


def test_stance_filter_hides_the_others_and_clearing_restores(browser: Any, base: str) -> None:
    page = browser.new_page()
    page.goto(base + EVENT)
    assert _visible_cards(page) == 7
    page.select_option("#filter-stance", "cautious")
    assert _visible_cards(page) == 1
    assert page.locator("[data-card]:visible").get_attribute("data-stance") == "cautious"
    assert page.text_content(".filter-status") == "1 of 7 statements shown"
    assert "stance=cautious" in page.url
    page.click("form[data-filters] button[type=reset]")
    page.wait_for_function("document.querySelectorAll('[data-card][hidden]').length === 0")
    assert _visible_cards(page) == 7
    page.close()


def test_a_region_chart_link_opens_the_filtered_timeline(browser: Any, base: str) -> None:
    page = browser.new_page()
    page.goto(base + EVENT)
    page.click("table.data-table a[aria-label='1 hopeful in Asia']")
    page.wait_for_url("**/?region=Asia&stance=hopeful#timeline")
    assert _visible_cards(page) == 1
    assert page.input_value("#filter-region") == "Asia"
    page.close()


def test_without_javascript_the_timeline_lists_every_statement(browser: Any, base: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + EVENT + "?stance=cautious")
    assert _visible_cards(page) == 7
    assert not page.locator("form[data-filters]").is_visible()
    context.close()


def test_arabic_quote_and_name_render_right_to_left(browser: Any, rtl_base: str) -> None:
    page = browser.new_page()
    places = (("statements/amal/", "blockquote.quote"), ("people/amal-leader/", "h1 .native"))
    for path, selector in places:
        page.goto(rtl_base + path)
        element = page.locator(selector)
        assert element.get_attribute("lang") == "ar"
        assert element.evaluate("e => getComputedStyle(e).direction") == "rtl"
    page.close()


def test_timeline_weight_is_small_and_nothing_blocks_rendering(browser: Any, base: str) -> None:
    page = browser.new_page()
    page.add_init_script(
        "window.__layoutShift = 0; new PerformanceObserver(l => l.getEntries().forEach(e => {"
        " window.__layoutShift += e.value; })).observe({type: 'layout-shift', buffered: true});"
    )
    sizes: dict[str, int] = {}
    page.on("response", lambda r: sizes.__setitem__(r.url, len(r.body())))
    page.goto(base + EVENT, wait_until="networkidle")
    weight = sum(sizes.values())
    print(f"\nsample event timeline: {weight} bytes in {len(sizes)} requests")
    assert weight < 100_000
    blocking = page.eval_on_selector_all(
        "head script[src]", "s => s.filter(x => !x.defer && !x.async && x.type !== 'module').length"
    )
    assert blocking == 0
    shift = page.evaluate("window.__layoutShift")
    assert shift == 0.0
    page.close()


def test_screenshots_at_phone_and_desktop_widths(browser: Any, base: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in (390, 1280):
        page = browser.new_page(viewport={"width": width, "height": 900})
        for name, path in PAGES.items():
            page.goto(base + path)
            file = SCREENSHOTS / f"{name}-{width}.png"
            page.screenshot(path=str(file), full_page=True)
            assert file.stat().st_size > 10_000
        page.close()


def test_nothing_overflows_a_320_px_screen(browser: Any, base: str) -> None:
    page = browser.new_page(viewport={"width": 320, "height": 640})
    wide = {}
    for name, path in {**PAGES, "search": "search/?q=Modi"}.items():
        page.goto(base + path)
        wide[name] = page.evaluate("document.documentElement.scrollWidth")
    page.close()
    assert wide == {name: 320 for name in wide}


def test_search_results_narrow_by_stance(browser: Any, base: str) -> None:
    page = browser.new_page()
    page.goto(base + "search/?q=election")
    page.wait_for_selector("[data-search-results] li")
    assert page.locator("[data-search-results] li").count() == 7
    page.select_option("#search-filter-stance", "cautious")
    assert page.locator("[data-search-results] li").count() == 1
    assert page.text_content("[data-search-status]") == (
        "7 statements found for “election”, 1 shown."
    )
    page.close()


def test_keyboard_reaches_the_skip_link_and_works_the_filters(browser: Any, base: str) -> None:
    page = browser.new_page()
    page.goto(base + EVENT)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.focus("#filter-stance")
    page.keyboard.press("End")  # a closed select takes arrow and Home/End keys
    page.wait_for_function("document.querySelectorAll('[data-card]:not([hidden])').length === 1")
    assert page.locator("[data-card]:visible").get_attribute("data-stance") == "cautious"
    page.close()


def test_search_as_you_type_matches_the_start_of_words_and_marks_them(
    browser: Any, base: str
) -> None:
    page = browser.new_page()
    page.goto(base + "search/")
    page.fill("#search-q", "Mod")  # no Enter: results follow the typing
    page.wait_for_selector("[data-search-results] li")
    assert page.text_content("[data-search-status]") == "1 statement found for “Mod”."
    assert "q=Mod" in page.url
    page.fill("#search-q", "मोदी")
    page.wait_for_function(
        "document.querySelector('[data-search-status]').textContent.includes('मोदी')"
    )
    links = page.eval_on_selector_all("[data-search-results] a", "a => a.map(x => x.pathname)")
    assert links == [BASE_PATH + "statements/modi/"]
    page.goto(base + "search/?q=heartiest+FRIEND")
    page.wait_for_selector("[data-search-results] li")
    marks = page.eval_on_selector_all(
        "[data-search-results] mark", "m => m.map(x => x.textContent)"
    )
    assert marks == ["Heartiest", "friend"]
    page.goto(base + "search/?q=election+zzz")  # every word must match
    page.wait_for_function("document.querySelector('[data-search-status]').textContent !== ''")
    assert page.text_content("[data-search-status]") == "No statement matches “election zzz”."
    page.close()


def test_search_js_folds_and_splits_text_as_python_does(browser: Any, base: str) -> None:
    page = browser.new_page()
    page.goto(base + "search/")
    page.wait_for_selector("script[type=module]", state="attached")
    folded = page.evaluate(
        """async (texts) => {
            const src = document.querySelector("script[type=module][src*='search.js']").src;
            const js = await import(src);
            const key = (t) => Array.from(t).slice(0, 2).join("");
            return texts.map((t) => [js.fold(t), js.terms(t), js.shardFile(key(t))]);
        }""",
        list(TRICKY),
    )
    page.close()
    expected = [[search.fold(t), search.terms(t), search.shard_file(t[:2])] for t in TRICKY]
    assert folded == expected
