"""Every error kind of the content format: exact message and place, exit 1, output untouched."""

from __future__ import annotations

import pytest

from conftest import SiteDir, snapshot

SOURCES = "sources:\n  - url: https://example.com/news\n    title: News\n"

CASES = [
    pytest.param(
        "statements/naive.yaml",
        "event: test-election\nspeaker: anne-leader\ndate: 2024-11-06T14:05:00\n"
        "quote: Hello.\n" + SOURCES,
        "content/statements/naive.yaml:3:7: 'date' is 2024-11-06T14:05:00 with no UTC offset; "
        "write it as 2024-11-06T14:05:00+00:00, with the offset where it was said",
        id="naive-datetime",
    ),
    pytest.param(
        "statements/unknown-speaker.yaml",
        "event: test-election\nspeaker: anne-leadr\ndate: 2024-11-06\nquote: Hello.\n" + SOURCES,
        "content/statements/unknown-speaker.yaml:2:10: unknown speaker 'anne-leadr'; "
        "did you mean 'anne-leader'?",
        id="unknown-speaker",
    ),
    pytest.param(
        "statements/unknown-event.yaml",
        "event: test-elektion\nspeaker: anne-leader\ndate: 2024-11-06\nquote: Hello.\n" + SOURCES,
        "content/statements/unknown-event.yaml:1:8: unknown event 'test-elektion'; "
        "did you mean 'test-election'?",
        id="unknown-event",
    ),
    pytest.param(
        "people/bob.yaml",
        "name: Bob\ncountry: XZ\n",
        "content/people/bob.yaml:2:10: 'country' is 'XZ', which is not an ISO 3166-1 alpha-2 code; "
        "use the two-letter code, e.g. IN for India",
        id="unknown-country",
    ),
    pytest.param(
        "people/dan.yaml",
        "name: Dan\ncountry: UK\n",
        "content/people/dan.yaml:2:10: 'country' is 'UK', which is not an ISO 3166-1 alpha-2 code; "
        "did you mean 'GB'?",
        id="country-near-miss",
    ),
    pytest.param(
        "statements/behalf.yaml",
        "event: test-election\nspeaker: anne-leader\non_behalf_of: eu\ndate: 2024-11-06\n"
        "quote: Hi.\n" + SOURCES,
        "content/statements/behalf.yaml:3:15: 'on_behalf_of' is 'eu': not a country code or "
        "organization id; use a code like FR or an id like eu",
        id="unknown-actor",
    ),
    pytest.param(
        "people/carl.yaml",
        "name: Carl\norganization: nato\n",
        "content/people/carl.yaml:2:15: unknown organization 'nato'; "
        "add it under content/organizations/",
        id="unknown-organization",
    ),
    pytest.param(
        "statements/dup.yaml",
        "event: test-election\nspeaker: anne-leader\nquote: One.\ndate: 2024-11-06\n"
        "quote: Two.\n" + SOURCES,
        "content/statements/dup.yaml:5:1: duplicate key 'quote' (first given on line 3); "
        "keep one of the two",
        id="duplicate-key",
    ),
    pytest.param(
        "statements/missing.yaml",
        "event: test-election\nspeaker: anne-leader\ndate: 2024-11-06\n" + SOURCES,
        "content/statements/missing.yaml:1:1: the required field 'quote' is missing; "
        "add `quote: the words as said`",
        id="missing-required",
    ),
    pytest.param(
        "statements/wrong-type.yaml",
        "event: test-election\nspeaker: anne-leader\ndate: 2024-11-06\nquote: [a, b]\n" + SOURCES,
        "content/statements/wrong-type.yaml:4:8: 'quote' must be text, not a list; "
        "write it as the words as said",
        id="wrong-type",
    ),
    pytest.param(
        "statements/bad-url.yaml",
        "event: test-election\nspeaker: anne-leader\ndate: 2024-11-06\nquote: Hi.\n"
        "sources:\n  - url: ftp://example.com/file\n",
        "content/statements/bad-url.yaml:6:10: 'url' is 'ftp://example.com/file', which is not "
        "an http(s) address; copy the full address, starting with https://",
        id="non-http-url",
    ),
    pytest.param(
        "statements/no-sources.yaml",
        "event: test-election\nspeaker: anne-leader\ndate: 2024-11-06\nquote: Hi.\n",
        "content/statements/no-sources.yaml:1:1: the required field 'sources' is missing; "
        "add `sources: a list of `- url: https://...` entries`",
        id="missing-sources",
    ),
]


@pytest.mark.parametrize(("rel", "text", "expected"), CASES)
def test_error_is_reported_at_its_place_and_output_is_unchanged(
    site: SiteDir, capsys: pytest.CaptureFixture[str], rel: str, text: str, expected: str
) -> None:
    assert site.build() == 0
    before = snapshot(site.output)
    capsys.readouterr()

    site.add(rel, text)
    assert site.build() == 1

    err = capsys.readouterr().err.splitlines()
    assert expected in err
    assert err[-1] == "build failed: the output was not changed"
    assert snapshot(site.output) == before


def test_all_errors_of_a_build_are_reported_together(
    site: SiteDir, capsys: pytest.CaptureFixture[str]
) -> None:
    site.add(
        "statements/a.yaml",
        "event: nope\nspeaker: anne-leader\ndate: 2024-11-06\nquote: A.\n" + SOURCES,
    )
    site.add(
        "statements/b.yaml",
        "event: test-election\nspeaker: nobody\ndate: 2024-11-06T10:00\nquote: B.\n" + SOURCES,
    )
    site.add("statements/a.md", "Context.\n")
    site.add("statements/b.md", "Context.\n")
    assert site.run("check") == 1
    err = capsys.readouterr().err.splitlines()
    assert [line.split(": ")[0] for line in err[:-1]] == [
        "content/statements/a.yaml:1:8",
        "content/statements/b.yaml:2:10",
        "content/statements/b.yaml:3:7",
    ]
    assert err[-1] == "3 problems in 2 files"


def test_check_passes_on_a_good_site(site: SiteDir, capsys: pytest.CaptureFixture[str]) -> None:
    assert site.run("check") == 0
    assert capsys.readouterr().err == "no problems\n"


def test_a_statement_id_is_unique_across_folders(
    site: SiteDir, capsys: pytest.CaptureFixture[str]
) -> None:
    site.add("statements/2024/anne.yaml", (site.root / "content/statements/anne.yaml").read_text())
    assert site.build() == 1
    err = capsys.readouterr().err
    assert (
        "content/statements/anne.yaml:1:1: this statement and content/statements/2024/anne.yaml "
        "claim the same id 'anne' (and address); rename or remove one of the two"
    ) in err
    assert not site.output.exists()
