"""Fuzzing the loader: random bytes, random YAML structures and mutated records give only
Problems (and, when they happen to be valid, a build), never an uncaught exception."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from datetime import timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_gen.build import build_site, check_site
from site_gen.checks import (
    COUNTRY_FIELDS,
    EVENT_FIELDS,
    ORGANIZATION_FIELDS,
    PERSON_FIELDS,
    SITE_FIELDS,
)
from site_gen.errors import BuildFailed, Problem
from site_gen.limits import check_markdown
from site_gen.markup import render_markdown
from site_gen.validate import STATEMENT_FIELDS
from site_gen.yamltree import parse_yaml
from tests.conftest import EVENT_YAML, SITE_YAML

FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "40")),
    deadline=None,
    derandomize="FUZZ_EXAMPLES" not in os.environ,  # CI runs the same examples every time
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
ALMOST_A_DAY = timedelta(hours=23, minutes=59)  # the offsets a datetime may have
VALID = """\
event: test-election
speaker: anne-leader
date: 2024-11-06T12:00:00+00:00
quote: Congratulations.
stance: congratulatory
tags: [a, b]
sources:
  - url: https://example.com/news
    title: News
"""


@pytest.fixture(scope="module")
def root() -> Iterator[Path]:
    """One small site reused by every example; each example rewrites content/statements/."""
    base = Path(tempfile.mkdtemp(prefix="fuzz-"))
    for rel, text in {
        "site.yaml": SITE_YAML,
        "events/test-election.yaml": EVENT_YAML,
        "people/anne-leader.yaml": "name: Anne Leader\ncountry: FR\nrole: Leader\n",
    }.items():
        path = base / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    yield base
    shutil.rmtree(base)


def _load(root: Path, yaml_data: bytes, markdown: bytes | None = None) -> list[Problem]:
    folder = root / "content/statements"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    (folder / "fuzz.yaml").write_bytes(yaml_data)
    if markdown is not None:
        (folder / "fuzz.md").write_bytes(markdown)
    records, problems = check_site(root)
    assert all(isinstance(p, Problem) for p in problems)
    assert all(p.line >= 1 and p.column >= 1 and "\n" not in str(p) for p in problems)
    if records is not None:  # valid by chance: the rest of the pipeline must cope too
        try:
            build_site(root, root / "output")
        except BuildFailed as failure:
            assert all(isinstance(p, Problem) for p in failure.problems)
    return problems


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.dates(),
    st.datetimes(timezones=st.builds(timezone, st.timedeltas(-ALMOST_A_DAY, ALMOST_A_DAY))),
    st.sampled_from(["NO", "yes", "on", "012", "1e9", "2024-02-30", "~", "https://e.org/", ""]),
)
structures = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from([*STATEMENT_FIELDS, "url", "title", "x"]), inner, max_size=6
        )
    ),
    max_leaves=20,
)
records = st.dictionaries(st.sampled_from([*STATEMENT_FIELDS, "other"]), structures, max_size=14)


KIND_FIELDS = {
    "people/anne-leader.yaml": [*PERSON_FIELDS, "links"],
    "events/test-election.yaml": list(EVENT_FIELDS),
    "organizations/club.yaml": list(ORGANIZATION_FIELDS),
    "countries/fr.yaml": list(COUNTRY_FIELDS),
    "site.yaml": list(SITE_FIELDS),
}


def _dump(value: Any) -> bytes:
    return yaml.safe_dump(value, allow_unicode=True).encode("utf-8")


@FUZZ
@given(data=st.binary(max_size=600))
def test_random_bytes(root: Path, data: bytes) -> None:
    _load(root, data)


@FUZZ
@given(data=st.binary(max_size=300), markdown=st.binary(max_size=300))
def test_random_bytes_after_a_valid_record(root: Path, data: bytes, markdown: bytes) -> None:
    _load(root, VALID.encode() + data, markdown)


@FUZZ
@given(value=structures)
def test_random_yaml_structures(root: Path, value: Any) -> None:
    _load(root, _dump(value))


@FUZZ
@given(record=records)
def test_random_records(root: Path, record: dict[str, Any]) -> None:
    _load(root, _dump(record))


@FUZZ
@given(data=st.data(), rel=st.sampled_from(sorted(KIND_FIELDS)))
def test_random_records_of_every_kind(root: Path, data: st.DataObject, rel: str) -> None:
    keys = st.sampled_from([*KIND_FIELDS[rel], "other"])
    record = data.draw(st.dictionaries(keys, structures, max_size=8))
    path = root / "content" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    original = path.read_bytes() if path.exists() else None
    path.write_bytes(_dump(record))
    try:
        _load(root, VALID.encode())
    finally:
        if original is None:
            path.unlink()
        else:
            path.write_bytes(original)


VALID_RECORDS: dict[str, dict[str, Any]] = {
    "people/anne-leader.yaml": {"name": "Anne Leader", "country": "FR", "role": "Leader"},
    "events/test-election.yaml": {"title": "T", "date": "2024-11-06T10:00:00+00:00"},
    "organizations/club.yaml": {"name": "Club", "short_name": "C"},
    "countries/fr.yaml": {"name": "France", "region": "Europe"},
    "site.yaml": {"title": "T", "base_url": "https://example.org/"},
    "statements/fuzz.yaml": yaml.safe_load(VALID),
}


@FUZZ
@given(data=st.data(), rel=st.sampled_from(sorted(VALID_RECORDS)))
def test_valid_records_with_one_or_two_fields_replaced(
    root: Path, data: st.DataObject, rel: str
) -> None:
    record = dict(VALID_RECORDS[rel])
    fields = [*record, *KIND_FIELDS.get(rel, STATEMENT_FIELDS)]
    for key in data.draw(st.lists(st.sampled_from(fields), min_size=1, max_size=2)):
        record[key] = data.draw(structures)
    path = root / "content" / rel
    original = path.read_bytes() if path.exists() else None
    if rel.startswith("statements/"):
        _load(root, _dump(record))
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_dump(record))
    try:
        _load(root, VALID.encode())
    finally:
        if original is None:
            path.unlink()
        else:
            path.write_bytes(original)


@FUZZ
@given(
    position=st.integers(min_value=0, max_value=len(VALID)),
    insert=st.text(max_size=12),
    cut=st.integers(min_value=0, max_value=8),
)
def test_mutated_valid_record(root: Path, position: int, insert: str, cut: int) -> None:
    text = VALID[:position] + insert + VALID[position + cut :]
    _load(root, text.encode("utf-8", "surrogatepass"))


@FUZZ
@given(text=st.text(max_size=400))
def test_parse_yaml_on_any_text(text: str) -> None:
    tree, problems = parse_yaml(text, "f.yaml")
    assert tree is not None or problems


@FUZZ
@given(text=st.text(alphabet=st.sampled_from("[]()<>!*_`\\#-> \n\t:x&;"), max_size=2000))
def test_markdown_within_limits_renders(text: str) -> None:
    if not check_markdown(text, "f.md"):
        assert isinstance(render_markdown(text), str)


def test_the_fuzz_site_is_valid_to_begin_with(root: Path) -> None:
    assert [p for p in _load(root, VALID.encode()) if p.is_error] == []
    assert (root / "output/statements/fuzz/index.html").is_file()
