"""Shared fixtures: tiny sites written into tmp_path, the sample site, and output snapshots."""

# ruff: noqa: RUF001  (TRICKY holds look-alike characters on purpose)

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import pytest
from bs4 import BeautifulSoup

from site_gen import parallel
from site_gen.cli import main

T = TypeVar("T")
R = TypeVar("R")


def map_each(func: Callable[[T], R], items: Sequence[T], **options: Any) -> Iterator[R]:
    """`map(func, items)` through `parallel.map_batched`, each chunk mapped item by item."""
    return parallel.map_batched(partial(_each, func), items, **options)


def _each(func: Callable[[T], R], chunk: Sequence[T]) -> list[R]:
    return [func(item) for item in chunk]


REPO = Path(__file__).resolve().parent.parent
SAMPLE_CONTENT = REPO / "content"

# text search.js must fold and split exactly as site_gen.search does (test_reader_browser.py)
TRICKY = (
    "Élysée Palace",
    "STRASSE Straße ẞ",
    "İstanbul Iğdır",
    "नरेन्द्र मोदी",
    "क़ानून",
    "مُحَمَّد بن سلمان",
    "تبریک می‌گوییم",
    "Владимир Путин, Ёлка й",
    "ΟΔΥΣΣΕΥΣ Ἀθῆναι",
    "ﬁnal ２０２４ ½ ① x²",
    "Hello, world! (2024-11-06) #tag @user e-mail_address",
    "Ǆemal Ωhm Å",
    "中华人民共和国 习近平",
    "대한민국 윤석열",
    "Trump's 47th—presidency…",
    "\u2028line\u2029 tab\tend",
    "\U00011013\U00011038 𝒜𝓁𝒾𝒸ℯ 👍🏽",
)


SITE_YAML = """\
title: Test Reactions
description: Reactions for tests.
base_url: https://example.org/
language: en
timezone: UTC
"""
EVENT_YAML = """\
title: Test election
date: 2024-11-06T10:34:00+00:00
summary: Somebody wins.
"""


class SiteDir:
    """A scratch site: write files with `add`, build it with `build`, read pages with `page`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.output = root / "output"

    def add(self, rel: str, text: str) -> Path:
        path = self.root / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def person(self, person_id: str, name: str, country: str = "FR", **extra: str) -> Path:
        lines = [f"name: {name}", f"country: {country}", "role: Leader"]
        lines += [f"{k}: {v}" for k, v in extra.items()]
        return self.add(f"people/{person_id}.yaml", "\n".join(lines) + "\n")

    def statement(
        self,
        statement_id: str,
        speaker: str,
        quote: str = "Congratulations.",
        date: str = "2024-11-06T12:00:00+00:00",
        context: str | None = "Said at a press conference.",
        **extra: str,
    ) -> Path:
        """A statement file, with a Markdown context file beside it unless `context` is None."""
        lines = [
            "event: test-election",
            f"speaker: {speaker}",
            f"date: {date}",
            f"quote: {quote}",
            "stance: congratulatory",
        ]
        lines += [f"{k}: {v}" for k, v in extra.items()]
        lines += ["sources:", "  - url: https://example.com/news", "    title: News"]
        if context is not None:
            self.add(f"statements/{statement_id}.md", context + "\n")
        return self.add(f"statements/{statement_id}.yaml", "\n".join(lines) + "\n")

    def run(self, *args: str) -> int:
        return main([*args, "--root", str(self.root)])

    def build(self, *args: str) -> int:
        return self.run("build", *args)

    def page(self, site_path: str) -> BeautifulSoup:
        file = self.output / site_path
        if site_path == "" or site_path.endswith("/"):
            file = file / "index.html"
        return BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture
def site(tmp_path: Path) -> SiteDir:
    """A minimal valid site: settings, one event, one person, one statement."""
    s = SiteDir(tmp_path / "site")
    s.add("site.yaml", SITE_YAML)
    s.add("events/test-election.yaml", EVENT_YAML)
    s.person("anne-leader", "Anne Leader")
    s.statement("anne", "anne-leader")
    return s


@pytest.fixture
def sample(tmp_path: Path) -> SiteDir:
    """A copy of the repository's sample site."""
    s = SiteDir(tmp_path / "sample")
    shutil.copytree(SAMPLE_CONTENT, s.root / "content")
    return s


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below `folder` with its bytes, for byte-for-byte comparisons."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def snap() -> Callable[[Path], dict[str, bytes]]:
    return snapshot
