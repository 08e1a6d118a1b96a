"""Sharing and search engines: canonical, OpenGraph and Twitter meta on every page, and
schema.org Quotation JSON-LD on statement pages that no quote can break out of."""

from __future__ import annotations

import json

from site_gen.seo import script_json, shorten

from conftest import SiteDir

HOSTILE = "Hi </script><script>alert(1)</script> <!-- x \u2028 y \u2029 & <b> --> ]]>"
HOSTILE_YAML = '"Hi </script><script>alert(1)</script> <!-- x \\u2028 y \\u2029 & <b> --> ]]>"'


def test_json_ld_parses_for_a_quote_that_tries_to_close_the_script(site: SiteDir) -> None:
    site.statement("anne", "anne-leader", quote=HOSTILE_YAML, translation='"</SCRIPT >"')
    assert site.build() == 0
    raw = (site.output / "statements/anne/index.html").read_text(encoding="utf-8")
    opening = '<script type="application/ld+json">'
    start = raw.index(opening) + len(opening)
    body = raw[start : raw.index("</script>", start)]
    for unsafe in ("<", ">", "&", "\u2028", "\u2029"):
        assert unsafe not in body

    data = json.loads(body)

    assert data["text"] == HOSTILE
    assert data["@type"] == "Quotation"
    assert data["@context"] == "https://schema.org"
    assert data["url"] == "https://example.org/statements/anne/"
    assert data["creator"]["name"] == "Anne Leader"
    assert data["creator"]["affiliation"] == {"@type": "Country", "name": "France"}
    assert data["about"]["name"] == "Test election"
    assert data["citation"] == [
        {"@type": "CreativeWork", "url": "https://example.com/news", "name": "News"}
    ]
    assert data["workTranslation"]["text"] == "</SCRIPT >"
    scripts = site.page("statements/anne/").find_all("script")
    # nothing escaped into a script: only the JSON-LD and the theme's own scripts are there
    assert [s.get("type") or s["src"].split("?")[0] for s in scripts] == [
        "application/ld+json",
        "/assets/filters.js",
    ]


def test_script_json_round_trips_every_unsafe_character() -> None:
    value = {"k<>&": "\u2028</script><!--\u2029"}
    assert json.loads(str(script_json(value))) == value


def test_every_page_has_canonical_opengraph_and_twitter_meta(site: SiteDir) -> None:
    assert site.build("--base-url", "https://user.github.io/reactions/") == 0
    pages = [
        "",
        "events/test-election/",
        "countries/",
        "countries/france/",
        "people/",
        "people/anne-leader/",
        "organizations/",
        "statements/anne/",
        "404.html",
    ]
    for path in pages:
        soup = site.page(path)
        url = f"https://user.github.io/reactions/{path}"
        meta = {
            m.get("property") or m.get("name"): m["content"]
            for m in soup.find_all("meta")
            if m.get("content") is not None
        }
        assert soup.find("link", rel="canonical")["href"] == url
        assert meta["og:url"] == url
        assert meta["og:site_name"] == "Test Reactions"
        assert meta["og:title"] == meta["twitter:title"] != ""
        assert meta["og:description"] == meta["twitter:description"] != ""
        assert meta["twitter:card"] == "summary"
        article = path.startswith(("statements/", "events/"))
        assert meta["og:type"] == ("article" if article else "website")
        assert (meta.get("robots") == "noindex") == (path == "404.html")
        has_json_ld = soup.find("script", type="application/ld+json") is not None
        assert has_json_ld == path.startswith("statements/")


def test_a_statement_is_described_by_its_quote(site: SiteDir) -> None:
    long_quote = "word " * 60
    site.statement("anne", "anne-leader", quote=long_quote.strip())
    assert site.build() == 0
    meta = site.page("statements/anne/").find("meta", property="og:description")
    assert meta["content"] == shorten(long_quote)
    assert meta["content"].startswith("word word") and meta["content"].endswith("…")
    assert len(meta["content"]) <= 200


def test_shorten_keeps_short_text_and_cuts_at_a_word() -> None:
    assert shorten("  Short\n text. ") == "Short text."
    assert shorten("alpha beta gamma", limit=12) == "alpha beta…"
