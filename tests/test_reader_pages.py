"""Reader-facing pages: timeline cards, charts, filters' data, search index, names and RTL."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_gen.charts import rank_intervals

from conftest import SiteDir, snapshot


@pytest.fixture
def mixed(site: SiteDir) -> SiteDir:
    """Exact and day-only statements, a country in another region and an organisation."""
    site.person("kim-leader", "Kim Leader", country="JP")
    site.add("organizations/eu.yaml", "name: European Union\nshort_name: EU\n")
    site.add("people/ursula.yaml", "name: Ursula Chair\norganization: eu\nrole: President\n")
    site.statement("kim", "kim-leader", date="2024-11-06T21:00:00+09:00", platform="X post")
    site.statement("early", "kim-leader", date="2024-11-06T10:00:00+00:00")
    site.add(
        "statements/eu.yaml",
        "event: test-election\nspeaker: ursula\ndate: 2024-11-07\n"
        "quote: We hope.\nstance: hopeful\nsources:\n  - url: https://example.com/eu\n",
    )
    return site


def _card(soup: object, statement_id: str) -> object:
    card = soup.find(id=f"s-{statement_id}")  # type: ignore[attr-defined]
    assert card is not None
    return card


def test_timeline_card_shows_site_time_given_time_and_time_since(mixed: SiteDir) -> None:
    assert mixed.build() == 0
    card = _card(mixed.page("events/test-election/"), "kim")
    when = card.find(class_="card-when")
    assert when.time["datetime"] == "2024-11-06T21:00:00+09:00"
    assert when.time.get_text() == "12:00 UTC"
    assert when.find(class_="given").get_text() == "(21:00 (UTC+09:00) where said)"
    assert when.find(class_="since").get_text() == "+1 h 26 min relative to the event"
    assert card["data-region"] == "Asia"
    assert card["data-country"] == "JP"
    assert card["data-stance"] == "congratulatory"
    assert card["data-platform"] == "X post"


def test_statement_before_the_event_has_a_negative_time(mixed: SiteDir) -> None:
    assert mixed.build() == 0
    since = _card(mixed.page("events/test-election/"), "early").find(class_="since")
    assert since.get_text() == "-34 min relative to the event"


def test_day_only_statement_shows_its_day_and_no_hour(mixed: SiteDir) -> None:
    assert mixed.build() == 0
    soup = mixed.page("events/test-election/")
    when = _card(soup, "eu").find(class_="card-when")
    assert when.time.get_text() == "7 November 2024"
    assert when.time["datetime"] == "2024-11-07"
    assert "(time of day not known)" in when.get_text()
    assert when.find(class_="since") is None
    hours = [h.get_text() for h in soup.select(".hour-heading")]
    assert hours == ["10:00", "12:00", "Time not known"]


def test_rank_counts_only_statements_that_surely_came_before() -> None:
    day = (0.0, 1440.0)
    assert rank_intervals([(30.0, 30.0), day, (2000.0, 2000.0), (60.0, 60.0)]) == [1, 1, 4, 2]


def test_who_reacted_first_draws_points_and_day_bands_and_ranks_ties(mixed: SiteDir) -> None:
    assert mixed.build() == 0
    soup = mixed.page("events/test-election/")
    svg = soup.select_one("#first-heading").find_parent("section").svg
    assert svg["role"] == "img"
    assert len(svg.find_all("circle")) == 3
    assert len(svg.select("rect.band")) == 1
    ranks = [li.select_one(".rank").get_text() for li in soup.select(".rank-list li")]
    names = [li.a.contents[-1].strip() for li in soup.select(".rank-list li")]
    assert names == ["Japan", "France", "Japan", "EU"]
    assert ranks == ["1", "2=", "2=", "4"]  # Anne and Kim both spoke at 12:00 UTC


def test_day_band_ties_with_exact_statements_of_that_day(site: SiteDir) -> None:
    site.person("kim-leader", "Kim Leader", country="JP")
    site.statement("kim", "kim-leader", date="2024-11-06")
    assert site.build() == 0
    ranks = [
        li.select_one(".rank").get_text()
        for li in site.page("events/test-election/").select(".rank-list li")
    ]
    assert ranks == ["1=", "1="]


def test_stance_by_region_has_an_organisations_row_and_links_to_filtered_lists(
    mixed: SiteDir,
) -> None:
    assert mixed.build() == 0
    table = mixed.page("events/test-election/").select_one("table.data-table")
    rows = [[c.get_text() for c in tr.find_all(["th", "td"])] for tr in table.tbody.find_all("tr")]
    assert rows == [
        ["Asia", "2", "0", "2"],
        ["Europe", "1", "0", "1"],
        ["Organizations", "0", "1", "1"],
    ]
    link = table.tbody.find("a")
    assert link["href"] == "/events/test-election/?region=Asia&stance=congratulatory#timeline"


def test_filters_offer_only_choices_that_split_the_list(mixed: SiteDir) -> None:
    assert mixed.build() == 0
    form = mixed.page("events/test-election/").select_one("form[data-filters]")
    assert form.has_attr("hidden")  # shown by the script; without it everything is listed
    names = [s["name"] for s in form.find_all("select")]
    assert names == ["region", "country", "stance"]  # one platform only: nothing to choose
    stance = [o["value"] for o in form.find("select", attrs={"name": "stance"}).find_all("option")]
    assert stance == ["", "congratulatory", "hopeful"]


def test_every_page_has_a_search_box_and_deferred_scripts_only(mixed: SiteDir) -> None:
    assert mixed.build() == 0
    for path in ("", "events/test-election/", "people/kim-leader/", "404.html", "search/"):
        soup = mixed.page(path)
        box = soup.select_one("header form[role=search]")
        assert box["action"] == "/search/"
        for script in soup.find_all("script"):
            assert script.has_attr("defer") or script.get("type") == "module"


def test_search_index_is_built_in_memory_for_statements_under_the_base_path(
    mixed: SiteDir,
) -> None:
    assert mixed.build("--base-url", "https://example.org/reactions/") == 0
    assert (mixed.output / "pagefind" / "pagefind.js").is_file()
    assert (mixed.output / "pagefind" / "pagefind-entry.json").is_file()
    assert not (mixed.output / "pagefind" / "pagefind-ui.js").exists()
    form = mixed.page("search/").select_one("form[data-search]")
    assert form["data-pagefind"] == "/reactions/pagefind/pagefind.js"
    statement = mixed.page("statements/kim/").select_one("[data-pagefind-body]")
    metas = {
        m["data-pagefind-meta"]: m.get_text() for m in statement.select("[data-pagefind-meta]")
    }
    assert metas == {
        "title": "Kim Leader on Test election",
        "country": "Japan",
        "stance": "congratulatory",
        "event": "Test election",
    }


def test_build_with_search_index_is_byte_identical(mixed: SiteDir, tmp_path: Path) -> None:
    assert mixed.build("--output", str(tmp_path / "a")) == 0
    assert mixed.build("--output", str(tmp_path / "b")) == 0
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")


def test_native_name_and_rtl_quote_carry_lang_and_dir(site: SiteDir) -> None:
    site.person(
        "ali-leader", "Ali Leader", country="IR", native_name="علی رهبر", native_language="fa"
    )
    site.statement(
        "ali", "ali-leader", quote="تبریک می‌گوییم.", language="fa", translation="We congratulate."
    )
    assert site.build() == 0
    native = site.page("people/ali-leader/").select_one("h1 .native")
    assert (native["lang"], native["dir"], native.get_text()) == ("fa", "rtl", "علی رهبر")
    quote = site.page("statements/ali/").select_one("blockquote.quote")
    assert (quote["lang"], quote["dir"]) == ("fa", "rtl")
    card = site.page("events/test-election/").select_one("#s-ali")
    assert card.select_one(".card-body.has-translation .translation").get_text(strip=True) == (
        "Translation:We congratulate."
    )


def test_a_missing_pagefind_binary_fails_the_build_and_keeps_the_output(
    site: SiteDir, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert site.build() == 0
    before = snapshot(site.output)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/nonexistent/pagefind")
    assert site.build() == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        "pagefind:1:1: the search index could not be built: [Errno 2] No such file or "
        "directory: '/nonexistent/pagefind'; reinstall site-gen so that pagefind[bin] is present"
    )
    assert snapshot(site.output) == before
