"""The built output: deterministic, self-contained, and written all or nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

from conftest import REPO, SiteDir, snapshot


def test_two_builds_of_the_same_content_are_byte_identical(sample: SiteDir, tmp_path: Path) -> None:
    assert sample.build("--output", str(tmp_path / "one")) == 0
    assert sample.build("--output", str(tmp_path / "two")) == 0
    one, two = snapshot(tmp_path / "one"), snapshot(tmp_path / "two")
    assert len(one) > 25
    assert one == two


def test_every_internal_link_resolves_to_a_file(sample: SiteDir) -> None:
    assert sample.build("--base-url", "https://example.org/reactions/") == 0
    checked = 0
    for html in sample.output.rglob("*.html"):
        page = sample.page(html.relative_to(sample.output).as_posix())
        for tag, attr in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")):
            for element in page.find_all(tag):
                url = element.get(attr)
                if not url or urlsplit(url).scheme or url.startswith("#"):
                    continue
                path = urlsplit(url).path
                assert path.startswith("/reactions/"), f"{html}: {url} escapes the base path"
                target = sample.output / path.removeprefix("/reactions/")
                if path.endswith("/"):
                    target = target / "index.html"
                assert target.is_file(), f"{html}: {url} -> missing {target}"
                checked += 1
    assert checked > 200


def test_an_unchanged_file_keeps_its_inode_and_mtime(site: SiteDir) -> None:
    assert site.build() == 0
    kept, changed = site.output / "404.html", site.output / "statements/anne/index.html"
    before = (kept.stat().st_ino, kept.stat().st_mtime_ns)
    site.statement("anne", "anne-leader", quote="Changed words.")
    assert site.build() == 0
    assert (kept.stat().st_ino, kept.stat().st_mtime_ns) == before
    assert "Changed words." in changed.read_text()


def test_the_build_refuses_to_replace_a_folder_it_did_not_make(site: SiteDir) -> None:
    site.output.mkdir(parents=True)
    (site.output / "precious.txt").write_text("keep me")
    assert site.build() == 1
    assert (site.output / "precious.txt").read_text() == "keep me"


def test_python_dash_m_is_the_same_program(sample: SiteDir) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-m", "site_gen", "check", "--root", str(sample.root)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0
    assert result.stderr == "no problems\n"
