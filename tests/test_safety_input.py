"""Hostile or broken input: each YAML trap and path attack is one exact problem, exit status 1,
and the previously built output stays byte-for-byte as it was."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import SiteDir, snapshot

STATEMENT = """\
event: test-election
speaker: anne-leader
date: 2024-11-06T12:00:00+00:00
quote: Congratulations.
stance: congratulatory
sources:
  - url: https://example.com/news
    title: News
"""
X = "content/statements/x.yaml"
P = "content/people/p.yaml"


def _st(old: str, new: str) -> str:
    assert old in STATEMENT
    return STATEMENT.replace(old, new)


BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{n}: &{n} [{', '.join([f'*{p}'] * 10)}]\n" for p, n in zip("abcd", "bcde", strict=True)
)

# (file below content/, its text or bytes, the exact problem line)
TRAPS: dict[str, tuple[str, str | bytes, str]] = {
    "duplicate key": (
        "statements/x.yaml",
        STATEMENT + "quote: Again.\n",
        f"{X}:9:1: duplicate key 'quote' (first given on line 4); keep one of the two",
    ),
    "python object tag": (
        "statements/x.yaml",
        STATEMENT + "platform: !!python/object/apply:os.system ['echo owned']\n",
        f"{X}:9:11: the YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not "
        "allowed; remove the tag; content holds plain text, numbers, lists and mappings",
    ),
    "python name tag": (
        "statements/x.yaml",
        _st("quote: Congratulations.", "quote: !!python/name:os.system"),
        f"{X}:4:8: the YAML tag 'tag:yaml.org,2002:python/name:os.system' is not allowed; "
        "remove the tag; content holds plain text, numbers, lists and mappings",
    ),
    "local tag": (
        "statements/x.yaml",
        _st("quote: Congratulations.", "quote: !shell rm -rf /"),
        f"{X}:4:8: the YAML tag '!shell' is not allowed; "
        "remove the tag; content holds plain text, numbers, lists and mappings",
    ),
    "alias bomb": (
        "statements/x.yaml",
        BOMB,
        f"{X}:1:1: the document expands to more than 10,000 values; "
        "remove the repeated aliases (*name)",
    ),
    "merge key": (
        "statements/x.yaml",
        "base: &b {event: test-election}\n<<: *b\n" + STATEMENT,
        f"{X}:2:1: keys must be plain names",
    ),
    "country NO": (
        "people/p.yaml",
        "name: Nora\ncountry: NO\nrole: Leader\n",
        f"{P}:2:10: 'country' was read as the boolean false (YAML reads NO so); "
        'put it in quotes: "NO"',
    ),
    "organization empty": (
        "people/p.yaml",
        "name: Nora\norganization:\nrole: Leader\n",
        f"{P}:2:14: the required field 'country' (or 'organization') is missing; "
        "add `country: IN` or `organization: eu`",
    ),
    "platform yes": (
        "statements/x.yaml",
        STATEMENT + "platform: yes\n",
        f"{X}:9:11: 'platform' was read as the boolean true (YAML reads yes so); "
        'put it in quotes: "yes"',
    ),
    "quote on": (
        "statements/x.yaml",
        _st("quote: Congratulations.", "quote: on"),
        f"{X}:4:8: 'quote' was read as the boolean true (YAML reads on so); "
        'put it in quotes: "on"',
    ),
    "role Off": (
        "statements/x.yaml",
        STATEMENT + "role: Off\n",
        f"{X}:9:7: 'role' was read as the boolean false (YAML reads Off so); "
        'put it in quotes: "Off"',
    ),
    "impossible day": (
        "statements/x.yaml",
        _st("2024-11-06T12:00:00+00:00", "2024-02-30"),
        f"{X}:3:7: 'date' is '2024-02-30', which is not a real date or time; "
        "write a date like 2024-11-06 or 2024-11-06T14:05:00+05:30",
    ),
    "impossible moment": (
        "statements/x.yaml",
        _st("2024-11-06T12:00:00+00:00", "2024-02-30T12:00:00+00:00"),
        f"{X}:3:7: 'date' is '2024-02-30T12:00:00+00:00', which is not a real date or time; "
        "write a date like 2024-11-06 or 2024-11-06T14:05:00+05:30",
    ),
    "impossible hour": (
        "statements/x.yaml",
        _st("2024-11-06T12:00:00+00:00", "2024-11-06T25:00:00+00:00"),
        f"{X}:3:7: 'date' is '2024-11-06T25:00:00+00:00', which is not a real date or time; "
        "write a date like 2024-11-06 or 2024-11-06T14:05:00+05:30",
    ),
    "impossible accessed": (
        "statements/x.yaml",
        STATEMENT + "    accessed: 2023-02-29\n",
        f"{X}:9:15: 'accessed' is '2023-02-29', which is not a real date or time; "
        "write a date like 2024-11-06 or 2024-11-06T14:05:00+05:30",
    ),
    "no offset": (
        "statements/x.yaml",
        _st("2024-11-06T12:00:00+00:00", "2024-11-06 12:00:00"),
        f"{X}:3:7: 'date' is 2024-11-06 12:00:00 with no UTC offset; write it as "
        "2024-11-06T12:00:00+00:00, with the offset where it was said",
    ),
    "year 1 with an offset": (
        "statements/x.yaml",
        _st("2024-11-06T12:00:00+00:00", "0001-01-01T00:30:00+05:00"),
        f"{X}:3:7: 'date' is 0001-01-01T00:30:00+05:00, too far from our time; "
        "use a year 1000-9998",
    ),
    "year 9999": (
        "statements/x.yaml",
        _st("2024-11-06T12:00:00+00:00", "9999-12-31"),
        f"{X}:3:7: 'date' is 9999-12-31, too far from our time; use a year 1000-9998",
    ),
    "date 1e9": (
        "statements/x.yaml",
        _st("2024-11-06T12:00:00+00:00", "1e9"),
        f"{X}:3:7: 'date' is '1e9', which is not a real date or time; "
        "write a date like 2024-11-06 or 2024-11-06T14:05:00+05:30",
    ),
    "date 1.5e9": (
        "statements/x.yaml",
        _st("2024-11-06T12:00:00+00:00", "1.5e+9"),
        f"{X}:3:7: 'date' is 1.5e+9, which is not a date; "
        "write a date like 2024-11-06 or 2024-11-06T14:05:00+05:30",
    ),
    "date 012": (
        "statements/x.yaml",
        _st("2024-11-06T12:00:00+00:00", "012"),
        f"{X}:3:7: 'date' is 012, which is not a date; "
        "write a date like 2024-11-06 or 2024-11-06T14:05:00+05:30",
    ),
    "speaker 012 stays 012": (
        "statements/x.yaml",
        _st("speaker: anne-leader", "speaker: 012"),
        f"{X}:2:10: unknown speaker '012'; add them under content/people/",
    ),
    "event 1e9 stays 1e9": (
        "statements/x.yaml",
        _st("event: test-election", "event: 1e9"),
        f"{X}:1:8: unknown event '1e9'; add it under content/events/",
    ),
    "event 1.5": (
        "statements/x.yaml",
        _st("event: test-election", "event: 1.5"),
        f"{X}:1:8: 'event' must be an id, not the number 1.5; write it as us-election-2024",
    ),
    "quote list": (
        "statements/x.yaml",
        _st("quote: Congratulations.", "quote: [a, b]"),
        f"{X}:4:8: 'quote' must be text, not a list; write it as the words as said",
    ),
    "quote mapping": (
        "statements/x.yaml",
        _st("quote: Congratulations.", "quote: {a: b}"),
        f"{X}:4:8: 'quote' must be text, not a mapping; write it as the words as said",
    ),
    "sources mapping": (
        "statements/x.yaml",
        STATEMENT.split("sources:")[0] + "sources: {url: https://example.com/}\n",
        f"{X}:6:10: 'sources' must be a list of sources; "
        "write it as a list of `- url: https://...` entries",
    ),
    "tags mapping": (
        "statements/x.yaml",
        STATEMENT + "tags: {a: b}\n",
        f"{X}:9:7: 'tags' must be a list; write it as [word, other-word]",
    ),
    "draft text": (
        "statements/x.yaml",
        STATEMENT + "draft: maybe\n",
        f"{X}:9:8: 'draft' must be true or false, not 'maybe'; write true or false",
    ),
    "javascript source": (
        "statements/x.yaml",
        _st("https://example.com/news", "javascript:alert(1)"),
        f"{X}:7:10: 'url' is 'javascript:alert(1)', which is not an http(s) address; "
        "copy the full address, starting with https://",
    ),
    "data archive": (
        "statements/x.yaml",
        STATEMENT + "    archive_url: data:text/html,x\n",
        f"{X}:9:18: 'archive_url' is 'data:text/html,x', which is not an http(s) address; "
        "copy the full address, starting with https://",
    ),
    "control character in text": (
        "statements/x.yaml",
        _st("quote: Congratulations.", 'quote: "Con\\u202egratulations"'),
        f"{X}:4:8: 'quote' contains a control character; retype the text",
    ),
    "tab indent": (
        "statements/x.yaml",
        STATEMENT + "tags:\n\t- a\n",
        f"{X}:10:1: invalid YAML: found character that cannot start any token; "
        "indent with spaces, not tabs",
    ),
    "control character in YAML": (
        "statements/x.yaml",
        _st("quote: Congratulations.", "quote: Con\x07gratulations."),
        f"{X}:4:11: the control character U+0007 is not allowed in YAML; "
        "delete it or retype the text",
    ),
    "BOM and an error": (
        "statements/x.yaml",
        ("\ufeff" + STATEMENT + "platform: [\n").encode("utf-8"),
        f"{X}:10:1: invalid YAML: did not find expected node content",
    ),
    "CRLF and an error": (
        "statements/x.yaml",
        (STATEMENT + "platform: x: y\n").replace("\n", "\r\n").encode("utf-8"),
        f"{X}:9:12: invalid YAML: mapping values are not allowed in this context; "
        "put text that contains ': ' in quotes",
    ),
    "empty file": (
        "statements/x.yaml",
        "",
        f"{X}:1:1: the file is empty; fill in the fields of its kind",
    ),
    "only a comment": (
        "statements/x.yaml",
        "# to do\n",
        f"{X}:1:1: the file is empty; fill in the fields of its kind",
    ),
    "a list, not a mapping": (
        "statements/x.yaml",
        "- quote: x\n",
        f"{X}:1:1: a statement file must be a mapping of fields; write one `field: value` per line",
    ),
    "two documents": (
        "statements/x.yaml",
        STATEMENT + "---\nquote: more\n",
        f"{X}:9:1: invalid YAML: but found another document; "
        "a file holds one record: remove the `---` line",
    ),
    "invalid UTF-8": (
        "statements/x.yaml",
        _st("Congratulations.", "Caf\xe9.").encode("latin-1"),
        f"{X}:4:11: the file is not UTF-8 (byte 0xe9); save it as UTF-8",
    ),
    "binary": (
        "statements/x.yaml",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        f"{X}:3:1: the file is binary (it holds a NUL byte); save it as UTF-8 text",
    ),
    "nested too deeply": (
        "statements/x.yaml",
        STATEMENT + "tags: " + "[" * 200 + "]" * 200 + "\n",
        f"{X}:9:57: values are nested more than 50 levels deep; "
        "a record needs a few levels at most: remove the extra brackets",
    ),
    "YAML file too big": (
        "statements/x.yaml",
        STATEMENT + "# " + "x" * (256 * 1024) + "\n",
        f"{X}:1:1: the file is 262,327 bytes; the limit is 262,144; split it or shorten it",
    ),
    "text field too long": (
        "statements/x.yaml",
        _st("quote: Congratulations.", "quote: " + "x" * 20_001),
        f"{X}:4:8: 'quote' is 20,001 characters; the limit is 20,000; "
        "shorten it, or move long text into the Markdown file",
    ),
    "Markdown: 20,000 [": (
        "statements/anne.md",
        "Intro.\n\n" + "[" * 20_000 + "\n",
        "content/statements/anne.md:3:1: this '[' has no ']' within 20,001 characters; Markdown "
        "would scan 200,030,000 characters for closing brackets, over the limit of 200,000; "
        "close it, or write a lone [ as \\[",
    ),
    "Markdown: unclosed links": (
        "statements/anne.md",
        "[a](" * 30 + "x" * 10_000 + "\n",
        "content/statements/anne.md:1:4: this '(' has no ')' within 10,118 characters; Markdown "
        "would scan 301,860 characters for closing brackets, over the limit of 200,000; "
        "close it, or write a lone ( as \\(",
    ),
    "Markdown: unclosed tags": (
        "statements/anne.md",
        "<a x " * 400 + "\n",
        "content/statements/anne.md:1:1: this '<' has no '>' within 2,001 characters; Markdown "
        "would scan 800,400 characters for closing brackets, over the limit of 200,000; "
        "close it, or write a lone < as &lt;",
    ),
    "Markdown nesting": (
        "statements/anne.md",
        "".join("    " * i + "- x\n" for i in range(12)),
        "content/statements/anne.md:10:1: this line is nested 9 levels deep; the limit is 8; "
        "indent lists and quotes less deeply",
    ),
    "Markdown file too big": (
        "people/anne-leader.md",
        ("Words. " * 100 + "\n\n") * 100,
        "content/people/anne-leader.md:1:1: the file is 70,200 bytes; the limit is 32,768; "
        "split it or shorten it",
    ),
    "Markdown binary": (
        "statements/anne.md",
        b"GIF89a\x00\x01",
        "content/statements/anne.md:1:7: the file is binary (it holds a NUL byte); "
        "save it as UTF-8 text",
    ),
    # -- ids and paths --------------------------------------------------------------------------
    "id with dots": (
        "statements/a..b.yaml",
        STATEMENT,
        "content/statements/a..b.yaml:1:1: the file name 'a..b.yaml' is not a valid id; "
        "use lowercase letters, digits and hyphens, at most 80",
    ),
    "id with a control character": (
        "statements/a\x1bb.yaml",
        STATEMENT,
        "content/statements/a\\x1bb.yaml:1:1: the file name 'a\\x1bb.yaml' is not a valid id; "
        "use lowercase letters, digits and hyphens, at most 80",
    ),
    "id with a newline": (
        "statements/a\nb.yaml",
        STATEMENT,
        "content/statements/a\\nb.yaml:1:1: the file name 'a\\nb.yaml' is not a valid id; "
        "use lowercase letters, digits and hyphens, at most 80",
    ),
    "very long id": (
        "statements/" + "a" * 81 + ".yaml",
        STATEMENT,
        f"content/statements/{'a' * 81}.yaml:1:1: the file name '{'a' * 81}.yaml' is not a "
        "valid id; use lowercase letters, digits and hyphens, at most 80",
    ),
    "reserved CON": (
        "statements/con.yaml",
        STATEMENT,
        "content/statements/con.yaml:1:1: the id 'con' is a device name that Windows reserves; "
        "add a word, e.g. con-2024",
    ),
    "reserved nul": (
        "people/nul.yaml",
        "name: Nul\ncountry: FR\n",
        "content/people/nul.yaml:1:1: the id 'nul' is a device name that Windows reserves; "
        "add a word, e.g. nul-2024",
    ),
    "reserved lpt1": (
        "events/lpt1.yaml",
        "title: T\ndate: 2024-11-06\n",
        "content/events/lpt1.yaml:1:1: the id 'lpt1' is a device name that Windows reserves; "
        "add a word, e.g. lpt1-2024",
    ),
    "traversal in a reference": (
        "statements/x.yaml",
        _st("speaker: anne-leader", "speaker: ../../etc/passwd"),
        f"{X}:2:10: 'speaker' is '../../etc/passwd', which is not an id; "
        "ids are lower-case letters, digits and hyphens, e.g. narendra-modi",
    ),
    "absolute path in a reference": (
        "statements/x.yaml",
        _st("event: test-election", "event: /etc/passwd"),
        f"{X}:1:8: 'event' is '/etc/passwd', which is not an id; "
        "ids are lower-case letters, digits and hyphens, e.g. us-election-2024",
    ),
    "NUL in a reference": (
        "statements/x.yaml",
        _st("speaker: anne-leader", 'speaker: "anne\\0leader"'),
        f"{X}:2:10: 'speaker' contains a control character; retype the text",
    ),
    "reserved country name": (
        "countries/fr.yaml",
        "name: Con\n",
        "content/countries/fr.yaml:1:1: FR would be at /countries/con/, a name Windows "
        "reserves; give it another name",
    ),
    "country name clashing with a built-in one": (
        "countries/cd.yaml",
        "name: Congo\n",
        "content/countries/cd.yaml:1:1: CG (the built-in CG) and CD (content/countries/cd.yaml) "
        "would both be at /countries/congo/; give one of them another name",
    ),
}


@pytest.fixture
def built_site(site: SiteDir) -> SiteDir:
    """The tiny site, built once: the output every failing build must leave untouched."""
    assert site.build() == 0
    return site


def _write(site: SiteDir, rel: str, data: str | bytes) -> None:
    path = site.root / "content" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)


def _fails_with(site: SiteDir, capsys: pytest.CaptureFixture[str], *lines: str) -> None:
    before = snapshot(site.output)
    capsys.readouterr()
    assert site.build() == 1
    err = capsys.readouterr().err.splitlines()
    for line in lines:
        assert line in err, "\n".join(err)
    assert "build failed: the output was not changed" in err
    assert snapshot(site.output) == before


@pytest.mark.parametrize("name", list(TRAPS))
def test_trap_is_one_exact_problem(
    name: str, built_site: SiteDir, capsys: pytest.CaptureFixture[str]
) -> None:
    rel, data, expected = TRAPS[name]
    _write(built_site, rel, data)
    _fails_with(built_site, capsys, expected)


def test_bom_and_crlf_files_build(site: SiteDir) -> None:
    text = "\ufeff" + _st("Congratulations.", "Bravo.").replace("\n", "\r\n")
    _write(site, "statements/anne.yaml", text)
    assert site.build() == 0
    assert site.page("statements/anne/").select_one("blockquote p").get_text() == "Bravo."


def test_symlink_to_a_file_outside_content_is_refused(
    built_site: SiteDir, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text(STATEMENT, encoding="utf-8")
    os.symlink(secret, built_site.root / "content/statements/leak.yaml")
    _fails_with(
        built_site,
        capsys,
        "content/statements/leak.yaml:1:1: this link points outside content/; "
        "copy the file into content/ instead",
    )


def test_markdown_symlink_outside_content_is_refused(
    built_site: SiteDir, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "passwd"
    secret.write_text("root:x:0:0\n", encoding="utf-8")
    (built_site.root / "content/statements/anne.md").unlink()
    os.symlink(secret, built_site.root / "content/statements/anne.md")
    _fails_with(
        built_site,
        capsys,
        "content/statements/anne.md:1:1: this link points outside content/; "
        "copy the file into content/ instead",
    )


def test_linked_folder_outside_content_is_refused(
    built_site: SiteDir, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = tmp_path / "elsewhere"
    (built_site.root / "content/people").rename(elsewhere)
    os.symlink(elsewhere, built_site.root / "content/people")
    _fails_with(
        built_site,
        capsys,
        "content/people/anne-leader.yaml:1:1: this link points outside content/; "
        "copy the file into content/ instead",
    )


def test_symlink_inside_content_is_followed(site: SiteDir) -> None:
    os.symlink("anne.yaml", site.root / "content/statements/again.yaml")
    assert site.build() == 0
    assert (site.output / "statements/again/index.html").is_file()


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            ["people/Macron.yaml", "people/macron.yaml"],
            "content/people/macron.yaml:1:1: this person and content/people/Macron.yaml claim "
            "the same id 'macron' (and address); rename or remove one of the two",
        ),
        (
            ["people/macron.yaml", "people/macron.yml"],
            "content/people/macron.yml:1:1: this person and content/people/macron.yaml claim "
            "the same id 'macron' (and address); rename or remove one of the two",
        ),
        (
            ["people/mu\u0308ller.yaml", "people/m\u00fcller.yaml"],
            "content/people/m\u00fcller.yaml:1:1: this person and content/people/mu\u0308ller.yaml"
            " claim the same id 'm\u00fcller' (and address); rename or remove one of the two",
        ),
    ],
)
def test_two_people_claiming_one_address_fail_naming_both(
    built_site: SiteDir, capsys: pytest.CaptureFixture[str], files: list[str], expected: str
) -> None:
    for rel in files:
        _write(built_site, rel, "name: Emmanuel Macron\ncountry: FR\n")
    _fails_with(built_site, capsys, expected)


def test_one_statement_id_in_two_folders(
    built_site: SiteDir, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(built_site, "statements/a/same.yaml", STATEMENT)
    _write(built_site, "statements/b/same.yaml", STATEMENT)
    _fails_with(
        built_site,
        capsys,
        "content/statements/b/same.yaml:1:1: this statement and content/statements/a/same.yaml "
        "claim the same id 'same' (and address); rename or remove one of the two",
    )


def test_country_files_differing_in_case(
    built_site: SiteDir, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(built_site, "countries/CD.yaml", "name: Kongo\n")
    _write(built_site, "countries/cd.yaml", "name: Congo-Kinshasa\n")
    _fails_with(
        built_site,
        capsys,
        "content/countries/cd.yaml:1:1: this country and content/countries/CD.yaml claim "
        "the same id 'cd' (and address); rename or remove one of the two",
    )


def test_composed_and_decomposed_country_names_clash(
    built_site: SiteDir, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(built_site, "countries/de.yaml", "name: M\u00fcller\n")  # composed ü
    _write(built_site, "countries/at.yaml", "name: Mu\u0308ller\n")  # u + combining diaeresis
    _fails_with(
        built_site,
        capsys,
        "content/countries/de.yaml:1:1: DE (content/countries/de.yaml) and AT "
        "(content/countries/at.yaml) would both be at /countries/muller/; "
        "give one of them another name",
    )


@pytest.mark.parametrize("folder", ["content", "templates", "static", "content/people", "."])
def test_output_may_not_overlap_the_sources(
    built_site: SiteDir, capsys: pytest.CaptureFixture[str], folder: str
) -> None:
    for name in ("templates", "static"):
        (built_site.root / name).mkdir(exist_ok=True)
    target = built_site.root / folder
    before = {name: snapshot(built_site.root / name) for name in ("content", "templates", "static")}
    capsys.readouterr()
    assert built_site.build("--output", str(target)) == 1
    err = capsys.readouterr().err
    assert (
        f"{target}:1:1: the output folder overlaps the site's own files; "
        "choose another folder with --output, e.g. output/"
    ) in err
    after = {name: snapshot(built_site.root / name) for name in ("content", "templates", "static")}
    assert after == before


def test_a_foreign_output_folder_is_not_replaced(
    site: SiteDir, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    foreign = tmp_path / "home"
    foreign.mkdir()
    (foreign / "thesis.tex").write_text("years of work", encoding="utf-8")
    assert site.build("--output", str(foreign)) == 1
    assert (
        f"{foreign}:1:1: the output folder exists and was not made by site-gen; "
        "empty it, or choose another folder with --output"
    ) in capsys.readouterr().err
    assert snapshot(foreign) == {"thesis.tex": b"years of work"}


def test_builds_never_change_content_templates_or_static(
    site: SiteDir, snap: Callable[[Path], dict[str, bytes]]
) -> None:
    theme = site.root / "templates"
    theme.mkdir()
    (theme / "404.html").write_text(
        '{% extends "base.html" %}{% block main %}<p>Lost.</p>{% endblock %}\n', encoding="utf-8"
    )
    (site.root / "static").mkdir()
    (site.root / "static/humans.txt").write_text("Editors: us\n", encoding="utf-8")
    folders = [site.root / name for name in ("content", "templates", "static")]
    before = [(snap(f), sorted(p.stat().st_mtime_ns for p in f.rglob("*"))) for f in folders]
    assert site.build() == 0
    assert site.build() == 0  # the second build hard-links unchanged files
    _write(site, "statements/broken.yaml", "quote: [\n")
    assert site.build() == 1
    (site.root / "content/statements/broken.yaml").unlink()
    after = [(snap(f), sorted(p.stat().st_mtime_ns for p in f.rglob("*"))) for f in folders]
    assert after[1:] == before[1:]
    assert after[0][0] == before[0][0]
    assert (site.output / "humans.txt").read_bytes() == b"Editors: us\n"
    assert (
        os.stat(site.output / "humans.txt").st_ino
        != os.stat(site.root / "static/humans.txt").st_ino
    )


def test_a_bare_source_address_that_is_not_http(
    built_site: SiteDir, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(built_site, "statements/x.yaml", STATEMENT + "  - vbscript:msgbox(1)\n")
    _fails_with(
        built_site,
        capsys,
        f"{X}:9:5: sources item 2 is 'vbscript:msgbox(1)', which is not an http(s) address; "
        "copy the full address, starting with https://",
    )


def test_a_static_file_name_with_a_control_character_is_refused(
    built_site: SiteDir, capsys: pytest.CaptureFixture[str]
) -> None:
    static = built_site.root / "static"
    static.mkdir()
    (static / "bad\x1bname.txt").write_text("x", encoding="utf-8")
    _fails_with(
        built_site,
        capsys,
        "static/bad\\x1bname.txt:1:1: refusing to write 'bad\\x1bname.txt': it is not a plain "
        "path inside the output folder; rename the file",
    )


def test_an_output_link_into_content_is_refused(
    site: SiteDir, capsys: pytest.CaptureFixture[str]
) -> None:
    os.symlink(site.root / "content", site.output)
    before = snapshot(site.root / "content")
    assert site.build() == 1
    assert "the output folder overlaps the site's own files" in capsys.readouterr().err
    assert snapshot(site.root / "content") == before


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_does_not_hang_the_build(
    built_site: SiteDir, capsys: pytest.CaptureFixture[str]
) -> None:
    os.mkfifo(built_site.root / "content/statements/pipe.yaml")
    expected = "content/statements/pipe.yaml:1:1: this is not a regular file; remove it"
    _fails_with(built_site, capsys, expected)


@pytest.mark.parametrize("name", ["INDEX.HTML", "404.html", "Statements/Anne/index.html"])
def test_a_static_file_claiming_a_page_address_is_refused(
    built_site: SiteDir, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    path = built_site.root / "static" / name
    path.parent.mkdir(parents=True)
    path.write_text("<p>impostor</p>", encoding="utf-8")
    page = "/" + name.lower()
    _fails_with(
        built_site,
        capsys,
        f"static/{name}:1:1: /{name} is also made from page {page}; give one of the two another id",
    )
