"""`site-gen check`: every problem as path:line:column, a summary, warnings and --strict."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from site_gen.fields import is_web_url

from conftest import SiteDir


def test_warnings_are_shown_but_only_fail_with_strict(
    site: SiteDir, capsys: pytest.CaptureFixture[str]
) -> None:
    (site.root / "content/statements/anne.md").unlink()
    site.statement("bert", "anne-leader", stanse="hopeful")
    expected = [
        "content/statements/anne.yaml:1:1: warning: this statement has no context file; "
        "write one or two sentences in content/statements/anne.md",
        "content/statements/bert.yaml:6:1: warning: unknown field 'stanse' is ignored; "
        "did you mean 'stance'?",
        "2 warnings in 2 files",
    ]
    assert site.run("check") == 0
    assert capsys.readouterr().err.splitlines() == expected
    assert site.run("check", "--strict") == 1
    assert capsys.readouterr().err.splitlines() == expected
    assert not site.output.exists()  # check writes nothing


def test_source_without_title_warns(site: SiteDir, capsys: pytest.CaptureFixture[str]) -> None:
    site.add("statements/anne.md", "Context.\n")
    site.add(
        "statements/anne.yaml",
        """\
        event: test-election
        speaker: anne-leader
        date: 2024-11-06
        quote: Hello.
        sources:
          - url: https://example.com/a
        """,
    )
    assert site.run("check") == 0
    assert capsys.readouterr().err.splitlines() == [
        "content/statements/anne.yaml:6:5: warning: this source has no title; "
        "add `title:` as the page shows it",
        "1 warning in 1 file",
    ]


def test_errors_fail_and_are_counted_by_file(
    site: SiteDir, capsys: pytest.CaptureFixture[str]
) -> None:
    site.add("statements/anne.md", "Context.\n")
    site.statement("bad", "anne-leder", date="2024-11-06T12:00:00")
    site.add("statements/bad.md", "Context.\n")
    site.add("events/broken.yaml", "title: [unclosed\n")
    assert site.run("check") == 1
    err = capsys.readouterr().err.splitlines()
    assert err[-1] == "3 problems in 2 files"
    assert err[0].startswith("content/events/broken.yaml:2:1: invalid YAML: ")
    assert err[1:3] == [
        "content/statements/bad.yaml:2:10: unknown speaker 'anne-leder'; "
        "did you mean 'anne-leader'?",
        "content/statements/bad.yaml:3:7: 'date' is 2024-11-06T12:00:00 with no UTC offset; "
        "write it as 2024-11-06T12:00:00+00:00, with the offset where it was said",
    ]


def test_a_clean_site_says_no_problems(site: SiteDir, capsys: pytest.CaptureFixture[str]) -> None:
    site.add("statements/anne.md", "Context.\n")
    assert site.run("check") == 0
    assert capsys.readouterr().err == "no problems\n"


def _reference_is_web_url(value: str) -> bool:
    """is_web_url as it was before its fast path: urlsplit decides everything."""
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not re.search(r"\s", value)


URLISH = st.text(alphabet="htpsHTPS:/.?#[]@-_%a1 \t\n\x00é", max_size=30)


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        URLISH,
        st.builds(
            lambda a, b: a + b,
            st.sampled_from(["http://", "https://", "HTTP://", "http:/"]),
            URLISH,
        ),
    )
)
def test_fast_url_check_agrees_with_urlsplit(value: str) -> None:
    assert is_web_url(value) == _reference_is_web_url(value)


def test_build_names_the_first_warnings_and_check_names_them_all(
    site: SiteDir, capsys: pytest.CaptureFixture[str]
) -> None:
    for n in range(25):
        site.statement(f"extra-{n:02d}", "anne-leader", context=None)
    capsys.readouterr()
    assert site.build() == 0
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 22
    assert err[0].startswith("content/statements/extra-00.yaml:1:1: warning: ")
    assert err[-2:] == [
        "... and 5 more: `site-gen check` lists them all",
        "25 warnings in 25 files",
    ]
    assert site.run("check") == 0
    assert len(capsys.readouterr().err.splitlines()) == 26
