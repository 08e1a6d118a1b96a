"""Killing a build with SIGKILL at random moments leaves output/ as the complete old site or the
complete new one, never a mixture or nothing."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from site_gen.build import build_site
from tests.conftest import EVENT_YAML, SiteDir, snapshot

STATEMENTS = 300
COUNTRIES = ["FR", "DE", "IT", "ES", "GB", "US", "IN", "JP", "BR", "ZA", "CA", "MX"]


def _make_site(root: Path) -> SiteDir:
    site = SiteDir(root)
    site.add("events/test-election.yaml", EVENT_YAML)
    for n, country in enumerate(COUNTRIES):
        site.person(f"leader-{n}", f"Leader {n}", country)
    for n in range(STATEMENTS):
        minute = n % 60
        hour = 11 + n // 60
        site.statement(
            f"s{n:03d}",
            f"leader-{n % len(COUNTRIES)}",
            quote=f"Statement number {n}, congratulations and best wishes.",
            date=f"2024-11-06T{hour:02d}:{minute:02d}:00+00:00",
        )
        site.add(f"statements/s{n:03d}.md", f"Context for statement {n}, with *emphasis*.\n")
    return site


def _set_version(site: SiteDir, version: str) -> None:
    site.add(
        "site.yaml",
        f"title: Reactions {version}\nbase_url: https://example.org/\nlanguage: en\n",
    )


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_sigkill_at_random_points_leaves_old_or_new_site(tmp_path: Path) -> None:
    site = _make_site(tmp_path / "site")
    _set_version(site, "old")
    command = [sys.executable, "-m", "site_gen", "build", "--root", str(site.root)]
    started = time.monotonic()
    subprocess.run(command, check=True, capture_output=True)
    full = time.monotonic() - started  # how long one build takes here, start-up included
    _set_version(site, "new")
    build_site(site.root, tmp_path / "reference-new")
    expected = {"old": snapshot(site.output), "new": snapshot(tmp_path / "reference-new")}
    assert expected["old"] != expected["new"]
    assert len(expected["old"]) > STATEMENTS
    current = "old"

    rng = random.Random(20241106)
    outcomes = []
    for fraction in (0.2, 0.45, 0.65, 0.8, 0.9, 1.05):
        target = "new" if current == "old" else "old"
        _set_version(site, target)
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(full * fraction * rng.uniform(0.9, 1.1))
        process.send_signal(signal.SIGKILL)
        process.wait()
        found = snapshot(site.output)
        assert found in (expected[current], expected[target]), (
            f"after a kill at {fraction:.0%} of a build, output/ is neither site"
        )
        current = current if found == expected[current] else target
        outcomes.append(current == target)

    _set_version(site, "old")
    subprocess.run(command, check=True, capture_output=True)  # a later build cleans up
    assert snapshot(site.output) == expected["old"]
    leftovers = sorted(name for name in os.listdir(site.root) if name != ".cache")
    # beside them, only the folder the next build recycles (site_gen/output.py), which the
    # kills left half-updated: the build above still made exactly the old site from it
    assert leftovers == [".output.prev", "content", "output"], outcomes
