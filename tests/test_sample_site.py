"""The sample site builds into the pages the contract promises, with what a reader needs."""

from __future__ import annotations

import pytest

from conftest import SiteDir

STATEMENTS = ["balkhi", "modi", "starmer", "macron", "scholz", "meloni", "trudeau"]
COUNTRIES = {
    "afghanistan": "Afghanistan",
    "india": "India",
    "united-kingdom": "United Kingdom",
    "france": "France",
    "germany": "Germany",
    "italy": "Italy",
    "canada": "Canada",
}
PEOPLE = [
    "abdul-qahar-balkhi",
    "narendra-modi",
    "keir-starmer",
    "emmanuel-macron",
    "olaf-scholz",
    "giorgia-meloni",
    "justin-trudeau",
]


@pytest.fixture
def built(sample: SiteDir) -> SiteDir:
    assert sample.build() == 0
    return sample


def _folders(site: SiteDir, section: str) -> set[str]:
    return {p.name for p in (site.output / section).iterdir() if p.is_dir()}


def test_one_page_per_statement_country_and_person(built: SiteDir) -> None:
    assert _folders(built, "statements") == set(STATEMENTS)
    assert _folders(built, "countries") == set(COUNTRIES)
    assert _folders(built, "people") == set(PEOPLE)
    assert (built.output / "index.html").is_file()
    assert (built.output / "404.html").is_file()


def test_the_timeline_lists_all_seven_in_time_order(built: SiteDir) -> None:
    page = built.page("events/us-election-2024/")
    cards = page.select("article.card")
    assert len(cards) == 7
    days = [t["datetime"] for t in page.select("article.card time")]
    assert days == sorted(days) == ["2024-11-06"] * 7  # the article gives only the day
    linked = [a["href"] for a in page.select("article.card a.permalink")]
    assert sorted(linked) == sorted(f"/reactions/statements/{s}/" for s in STATEMENTS)


def test_a_statement_page_shows_what_a_reader_needs(built: SiteDir) -> None:
    page = built.page("statements/modi/")
    quote = page.select_one("blockquote.quote")
    assert quote is not None and quote["lang"] == "en"
    assert quote.get_text(" ", strip=True).startswith(
        "Heartiest congratulations my friend @realDonaldTrump on your historic election victory."
    )
    facts = {
        dt.get_text(strip=True): dd.get_text(" ", strip=True)
        for dt, dd in zip(page.select("dl.facts dt"), page.select("dl.facts dd"), strict=True)
    }
    assert facts["Said by"] == "Narendra Modi , Prime Minister"
    assert facts["On behalf of"].endswith("India")
    assert facts["Date"] == "6 November 2024"
    assert facts["Platform"] == "X post"
    assert facts["Stance"] == "congratulatory"
    source = page.select_one("section.sources a")
    assert source is not None
    assert source["href"].startswith("https://www.livemint.com/")
    assert "Mint" in page.select_one("section.sources li").get_text()
    assert page.select_one("section.context p") is not None


def test_every_statement_page_names_its_country(built: SiteDir) -> None:
    for statement, country in zip(STATEMENTS, COUNTRIES, strict=True):
        page = built.page(f"statements/{statement}/")
        actor = page.select_one("dl.facts a.actor")
        assert actor is not None
        assert actor["href"] == f"/reactions/countries/{country}/"
        assert actor.get_text(strip=True).endswith(COUNTRIES[country])


def test_country_and_person_pages_list_their_statements(built: SiteDir) -> None:
    india = built.page("countries/india/")
    assert [a["href"] for a in india.select("a.permalink")] == ["/reactions/statements/modi/"]
    modi = built.page("people/narendra-modi/")
    native = modi.select_one("h1 .native")
    assert native is not None and native.get_text() == "नरेन्द्र मोदी"
    assert len(modi.select("article.card")) == 1
