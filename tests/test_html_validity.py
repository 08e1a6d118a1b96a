"""Acceptance: the Nu HTML Checker (vnu.jar) finds no error on any page of the sample site,
nor on a site whose quote tries to break out of the JSON-LD script."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from browser_support import vnu_jar
from conftest import SiteDir

HOSTILE_STATEMENT = """\
event: us-election-2024
speaker: narendra-modi
date: 2024-11-06T14:05:00+05:30
language: hi
quote: "Hi </script><script>alert(1)</script> <!-- x \\u2028 y \\u2029 & <b>"
translation: "Hello --> ]]> </SCRIPT >"
stance: hopeful
sources:
  - url: https://example.com/news
"""


def test_vnu_reports_no_errors_on_any_page(sample: SiteDir) -> None:
    jar = vnu_jar()
    if jar is None:
        pytest.skip("vnu.jar is not installed: run scripts/test.sh, which installs it from npm")
    java = shutil.which("java")
    if java is None:
        pytest.skip("java is not installed: run scripts/test.sh, which installs it from apt")
    assert sample.build("--base-url", "https://example.github.io/reactions/") == 0
    pages = sorted(sample.output.rglob("*.html"))
    sample.add("statements/hostile.yaml", HOSTILE_STATEMENT)
    hostile_out = sample.root / "hostile-output"
    assert sample.build("--output", str(hostile_out)) == 0
    pages.append(hostile_out / "statements" / "hostile" / "index.html")
    assert len(pages) == 29  # 27 sample pages, the search page and the hostile statement

    result = subprocess.run(
        [java, "-jar", str(jar), "--errors-only", "--format", "json", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    messages = json.loads(result.stderr)["messages"]
    errors = [f"{m.get('url')}:{m.get('lastLine')}: {m.get('message')}" for m in messages]
    assert errors == []
    assert result.returncode == 0
