"""Reader-facing pages: timeline cards, charts, filters' data, search index, names and RTL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from site_gen import search
from site_gen.charts import rank_intervals

from conftest import REPO, SiteDir, snapshot


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


def test_who_reacted_first_stops_after_rank_30_without_splitting_a_tie(site: SiteDir) -> None:
    site.person("kim-leader", "Kim Leader", country="JP")
    for n in range(35):
        minute = 29 if n == 30 else n  # the 30th and 31st tie at rank 30; Anne (12:00) is 36th
        site.statement(f"s{n:02}", "kim-leader", date=f"2024-11-06T11:{minute:02}:00+00:00")
    assert site.build() == 0
    soup = site.page("events/test-election/")
    chart = soup.select_one("#first-heading").find_parent("section")
    ranks = [li.select_one(".rank").get_text() for li in chart.select(".rank-list li")]
    assert ranks == [str(r) for r in range(1, 30)] + ["30=", "30="]
    assert len(chart.svg.find_all("circle")) == 31
    assert "Shown: the 31 statements ranked 1 to 30, of 36;" in chart.select_one(".chart-note").text
    assert _card(soup, "s34") is not None  # the timeline still has every statement


def test_who_reacted_first_has_no_shown_note_when_all_fit(mixed: SiteDir) -> None:
    assert mixed.build() == 0
    note = mixed.page("events/test-election/").select_one(".chart-note")
    assert "Shown:" not in note.text


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


def _search(output: Path, word: str) -> list[dict[str, str]]:
    """The results for one whole (folded) word, read from the index files as search.js does."""
    index = output / "search"
    meta = json.loads((index / "meta.json").read_text("utf-8"))
    facets = json.loads((index / "facets.json").read_text("utf-8"))
    [term] = search.terms(word)
    key = search.shard_key(term)
    if key not in meta["shards"]:
        return []
    shard = json.loads((index / "terms" / f"{search.shard_file(key)}.json").read_text("utf-8"))
    results = []
    for n in shard.get(term, []):
        chunk = json.loads((index / "docs" / f"{n // meta['chunk']}.json").read_text("utf-8"))
        facet = {f: facets["values"][f][facets["of"][f][n]] for f in ("country", "stance", "event")}
        results.append({**chunk[n % meta["chunk"]], **facet})
    return results


def test_search_index_is_made_from_the_model_under_the_base_path(mixed: SiteDir) -> None:
    assert mixed.build("--base-url", "https://example.org/reactions/") == 0
    assert not (mixed.output / "pagefind").exists()
    form = mixed.page("search/").select_one("form[data-search]")
    assert form["data-index"] == "/reactions/search/"
    meta = json.loads((mixed.output / "search" / "meta.json").read_text("utf-8"))
    assert (meta["statements"], meta["version"]) == (4, 1)
    assert _search(mixed.output, "Kim") == [
        {
            "url": "/reactions/statements/early/",
            "title": "Kim Leader on Test election",
            "excerpt": "Congratulations.",
            "lang": "en",
            "dir": "ltr",
            "country": "Japan",
            "stance": "congratulatory",
            "event": "Test election",
        },
        {
            "url": "/reactions/statements/kim/",
            "title": "Kim Leader on Test election",
            "excerpt": "Congratulations.",
            "lang": "en",
            "dir": "ltr",
            "country": "Japan",
            "stance": "congratulatory",
            "event": "Test election",
        },
    ]
    for word in ("european", "EU", "Ursula", "hope", "election"):  # org name and short name
        assert "/reactions/statements/eu/" in [r["url"] for r in _search(mixed.output, word)]
    assert [r["url"] for r in _search(mixed.output, "Japan")][-1] == "/reactions/statements/kim/"
    assert _search(mixed.output, "Korea") == []


def test_search_finds_devanagari_accented_and_translated_words(site: SiteDir) -> None:
    site.person("modi", "Narendra Modi", country="IN", native_name="नरेन्द्र मोदी")
    site.person("jose", "José Müller", country="ES")
    site.statement("modi", "modi", quote="बधाई हो मेरे मित्र", language="hi", translation="Congrats")
    site.statement("jose", "jose", quote="Félicitations, chère Amérique", language="fr")
    assert site.build() == 0
    assert [r["url"] for r in _search(site.output, "मोदी")] == ["/statements/modi/"]
    assert [r["url"] for r in _search(site.output, "बधाई")] == ["/statements/modi/"]
    for word in ("jose", "JOSÉ", "muller", "Müller", "amerique", "chere", "félicitations"):
        assert [r["url"] for r in _search(site.output, word)] == ["/statements/jose/"], word
    [modi] = _search(site.output, "congrats")
    assert (modi["excerpt"], modi["lang"]) == ("Congrats", "en")  # the translation is shown
    [jose] = _search(site.output, "jose")
    assert (jose["excerpt"], jose["lang"]) == ("Félicitations, chère Amérique", "fr")


def test_drafts_are_indexed_only_when_built(site: SiteDir) -> None:
    site.person("zed", "Zed Drafter", country="DE")
    site.statement("zed", "zed", quote="Unpublished words.", draft="true")
    assert site.build() == 0
    assert _search(site.output, "unpublished") == []
    assert _search(site.output, "zed") == []
    assert site.build("--drafts") == 0
    assert [r["url"] for r in _search(site.output, "unpublished")] == ["/statements/zed/"]


def test_a_quote_with_markup_is_indexed_as_plain_text(site: SiteDir) -> None:
    site.statement("evil", "anne-leader", quote="'<script>alert(1)</script> & <b>bold</b>'")
    assert site.build() == 0
    [result] = _search(site.output, "script")
    assert result["excerpt"] == "<script>alert(1)</script> & <b>bold</b>"
    assert [r["url"] for r in _search(site.output, "alert")] == ["/statements/evil/"]


def test_search_index_is_the_same_whatever_the_hash_seed(mixed: SiteDir, tmp_path: Path) -> None:
    """Sets and dicts order strings by hash, which changes from one process to the next."""
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"seed-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(REPO)}
        command = [sys.executable, "-m", "site_gen", "build", "--root", str(mixed.root)]
        subprocess.run([*command, "--output", str(out)], env=env, check=True, capture_output=True)
        outputs.append({p: b for p, b in snapshot(out).items() if p.startswith("search/")})
    assert len(outputs[0]) > 5
    assert outputs[0] == outputs[1]


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
