"""Build features beyond the sample: actors, organisations, scripts, repeat speakers, templates."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SiteDir, snapshot


def test_a_statement_on_behalf_of_another_country(site: SiteDir) -> None:
    site.statement("anne-for-germany", "anne-leader", on_behalf_of="DE")
    assert site.build() == 0
    page = site.page("statements/anne-for-germany/")
    actor = page.select_one("dl.facts a.actor")
    assert actor is not None and actor["href"] == "/countries/germany/"
    germany = site.page("countries/germany/")
    assert [a["href"] for a in germany.select("a.permalink")] == ["/statements/anne-for-germany/"]
    france = site.page("countries/france/")
    assert [a["href"] for a in france.select("a.permalink")] == ["/statements/anne/"]


def test_a_speaker_from_an_organisation(site: SiteDir) -> None:
    site.add("organizations/eu.yaml", "name: European Union\nshort_name: EU\n")
    site.add(
        "people/ursula.yaml", "name: Ursula von der Leyen\norganization: eu\nrole: President\n"
    )
    site.statement("ursula", "ursula")
    assert site.build() == 0
    page = site.page("organizations/eu/")
    assert page.select_one("h1").get_text(strip=True) == "European Union (EU)"
    assert [a["href"] for a in page.select("a.permalink")] == ["/statements/ursula/"]
    statement = site.page("statements/ursula/")
    actor = statement.select_one("dl.facts a.actor")
    assert actor is not None and actor["href"] == "/organizations/eu/"
    assert actor.get_text(strip=True) == "EU"
    assert not (site.output / "countries" / "european-union").exists()


def test_names_and_quotes_in_non_latin_scripts(site: SiteDir) -> None:
    site.person("modi", "Narendra Modi", country="IN", native_name="नरेन्द्र मोदी")
    site.person(
        "balkhi",
        "Abdul Qahar Balkhi",
        country="AF",
        native_name="عبدالقهار بلخی",
        native_language="fa",
    )
    site.statement(
        "fa-quote",
        "balkhi",
        quote="امیدواریم فصل جدیدی آغاز شود",
        language="fa",
        translation="We hope a new chapter begins",
    )
    assert site.build() == 0
    modi = site.page("people/modi/").select_one("h1 .native")
    assert modi is not None and modi.get_text() == "नरेन्द्र मोदी"
    balkhi = site.page("people/balkhi/").select_one("h1 .native")
    assert balkhi is not None and (balkhi["lang"], balkhi["dir"]) == ("fa", "rtl")
    quote = site.page("statements/fa-quote/").select_one("blockquote.quote")
    assert quote is not None
    assert (quote["lang"], quote["dir"]) == ("fa", "rtl")
    assert quote.get_text(strip=True) == "امیدواریم فصل جدیدی آغاز شود"
    translation = site.page("statements/fa-quote/").select_one(".translation")
    assert translation is not None and translation["lang"] == "en"


def test_two_statements_by_one_person(site: SiteDir) -> None:
    site.statement("anne-later", "anne-leader", quote="Again.", date="2024-11-07T09:00:00+01:00")
    assert site.build() == 0
    page = site.page("people/anne-leader/")
    assert [a["href"] for a in page.select("a.permalink")] == [
        "/statements/anne/",
        "/statements/anne-later/",
    ]
    assert page.select_one(".event-meta").get_text(strip=True) == "2 statements"
    timeline = site.page("events/test-election/")
    assert [h.get_text(strip=True) for h in timeline.select(".day-heading")] == [
        "6 November 2024",
        "7 November 2024",
    ]


def test_times_are_shown_in_the_site_time_zone(site: SiteDir) -> None:
    site.statement("early", "anne-leader", date="2024-11-06T14:05:00+05:30")
    assert site.build() == 0
    card = site.page("events/test-election/").select_one("#s-early")
    assert card is not None
    assert card.select_one("time").get_text() == "08:35 UTC"
    assert card.select_one(".since").get_text() == "-1 h 59 min relative to the event"


def test_drafts_are_built_only_when_asked(site: SiteDir) -> None:
    site.statement("secret", "anne-leader", draft="true")
    assert site.build() == 0
    assert not (site.output / "statements" / "secret").exists()
    assert site.build("--drafts") == 0
    assert (site.output / "statements" / "secret" / "index.html").is_file()


def _break_template(site: SiteDir, name: str, text: str) -> None:
    folder = site.root / "templates"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("template", "text", "expected"),
    [
        (
            "statement.html",
            '{% extends "base.html" %}\n{% block main %}\n{% if %}\n{% endblock %}\n',
            "templates/statement.html:3:1: template error: Expected an expression, got 'end of "
            "statement block'",
        ),
        (
            "statement.html",
            '{% extends "base.html" %}\n{% block main %}\n{{ statement.nope }}\n{% endblock %}\n',
            "templates/statement.html:3:1: template error: 'site_gen.model.Statement object' "
            "has no attribute 'nope' (while rendering /statements/anne/)",
        ),
    ],
    ids=["syntax", "undefined"],
)
def test_a_template_error_is_reported_and_output_unchanged(
    site: SiteDir, capsys: pytest.CaptureFixture[str], template: str, text: str, expected: str
) -> None:
    assert site.build() == 0
    before = snapshot(site.output)
    capsys.readouterr()
    _break_template(site, template, text)
    assert site.build() == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == expected
    assert snapshot(site.output) == before
    # nothing left behind but the folder the next build recycles (see site_gen/output.py)
    assert [p.name for p in site.root.glob(".output.*")] == [".output.prev"]


def test_a_site_template_overrides_the_default_theme(site: SiteDir) -> None:
    _break_template(
        site,
        "404.html",
        '{% extends "base.html" %}{% block main %}<p id="mine">Lost</p>{% endblock %}',
    )
    assert site.build() == 0
    assert site.page("404.html").select_one("#mine") is not None


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from site_gen.cli import main

    assert main(["build", "--root", str(tmp_path / "missing")]) == 2
    assert "is not a folder" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["build", "--bogus"])
    assert exc.value.code == 2
