"""`site-gen serve`: a private build, the error page, debouncing, and a server that stays up."""

from __future__ import annotations

import http.client
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from serve_support import run_serve

from site_gen.cli import _parser
from site_gen.errors import Problem
from site_gen.serve import (
    DEBOUNCE_SECONDS,
    POLL_SECONDS,
    Debouncer,
    Preview,
    host_warning,
    preview_dir,
    render_error_page,
)

from conftest import SiteDir

MODI = "content/statements/us-election-2024/modi.yaml"


def test_debouncer_turns_a_burst_into_one_action() -> None:
    timers: list[tuple[float, Callable[[], None]]] = []
    cancelled: list[int] = []
    actions: list[str] = []

    def schedule(delay: float, callback: Callable[[], None]) -> Callable[[], None]:
        index = len(timers)
        timers.append((delay, callback))
        return lambda: cancelled.append(index)

    debouncer = Debouncer(0.3, lambda: actions.append("build"), schedule)
    for _ in range(5):
        debouncer.poke()
    assert cancelled == [0, 1, 2, 3]  # every earlier timer was cancelled
    timers[-1][1]()  # only the last one fires
    assert actions == ["build"]
    debouncer.poke()
    assert cancelled == [0, 1, 2, 3]  # nothing pending to cancel after firing
    timers[-1][1]()
    assert actions == ["build", "build"]


def test_error_page_lists_each_problem_escaped() -> None:
    problems = (
        Problem("content/a.yaml", 3, 7, "unknown speaker '<b>x</b>'", "did you mean 'y'?"),
        Problem("templates/base.html", 12, 1, "template error: boom"),
    )
    soup = BeautifulSoup(render_error_page(problems), "html.parser")
    items = soup.select("ol.problems li")
    assert [li.select_one(".where").get_text() for li in items] == [
        "content/a.yaml:3:7",
        "templates/base.html:12:1",
    ]
    assert items[0].select_one(".what").get_text() == "unknown speaker '<b>x</b>'"
    assert items[0].find("b") is None
    assert soup.find("head") is not None  # livereload injects its script before </head>
    assert "2 problems in 2 files" in soup.get_text()


def test_preview_builds_apart_from_output_and_recovers(sample: SiteDir) -> None:
    preview = Preview(sample.root, "http://127.0.0.1:9/")
    assert preview.rebuild() is True
    assert not preview.failed
    assert (preview_dir(sample.root) / "statements/modi/index.html").is_file()
    assert not sample.output.exists()
    assert preview.rebuild() is False  # nothing changed: no reload
    modi = sample.root / MODI
    good = modi.read_text(encoding="utf-8")
    modi.write_text(good + "quote: [\n", encoding="utf-8")
    assert preview.rebuild() is True
    assert preview.failed
    assert [str(p) for p in preview.problems] == [
        f"{MODI}:17:1: invalid YAML: did not find expected node content"
    ]
    modi.write_text(good.replace("Heartiest", "Warmest"), encoding="utf-8")
    assert preview.rebuild() is True
    assert not preview.failed
    page = (preview_dir(sample.root) / "statements/modi/index.html").read_text(encoding="utf-8")
    assert "Warmest congratulations" in page


def test_serve_binds_loopback_by_default_and_warns_for_all_interfaces() -> None:
    args = _parser().parse_args(["serve"])
    assert (args.host, args.port) == ("127.0.0.1", 8000)
    assert host_warning("127.0.0.1") is None
    for host in ("0.0.0.0", "::"):
        warning = host_warning(host)
        assert warning is not None
        assert warning.startswith(f"warning: bound to all interfaces ({host})")


TRAVERSALS = [
    "/../content/site.yaml",
    "/../../../../etc/passwd",
    "/%2e%2e/content/site.yaml",
    "/%2E%2E/%2e%2e/content/site.yaml",
    "/..%2fcontent%2fsite.yaml",
    "/%2e%2e%2fcontent%2fsite.yaml",
    "/%252e%252e/content/site.yaml",
    "/%252e%252e%252fcontent%252fsite.yaml",
    "//etc/passwd",
    "/%2fetc%2fpasswd",
    "/statements/..%2f..%2f..%2fcontent/site.yaml",
    "/a%00b",
    "/..%5c..%5ccontent%5csite.yaml",
]


def test_traversal_is_refused_and_the_server_stays_up(sample: SiteDir) -> None:
    secret = (sample.root / "content/site.yaml").read_bytes()
    with run_serve(sample.root) as server:
        for path in TRAVERSALS:
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
            connection.putrequest("GET", path, skip_accept_encoding=True)  # sent as is
            connection.endheaders()
            response = connection.getresponse()
            body = response.read()
            connection.close()
            assert response.status in (403, 404), (path, response.status)
            assert secret not in body and b"root:" not in body, path
            assert server.alive()
        with urllib.request.urlopen(server.base + "statements/modi/", timeout=10) as ok:
            assert ok.status == 200
        assert "Traceback" not in server.log()
    assert not sample.output.exists()  # the published output is never touched


@pytest.mark.parametrize("missing", ["/no/such/page/", "/assets/nothing.css"])
def test_unknown_paths_get_the_sites_404_page(sample: SiteDir, missing: str) -> None:
    with run_serve(sample.root) as server:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        connection.request("GET", missing)
        response = connection.getresponse()
        body = response.read().decode("utf-8")
        assert response.status == 404
        assert "Page not found" in body


def test_a_burst_of_saves_gives_one_rebuild(sample: SiteDir) -> None:
    folder = sample.root / "content/statements/us-election-2024"
    with run_serve(sample.root) as server:
        server.wait_for("built in", 1)  # the first build
        for name in ("macron", "meloni", "modi", "scholz", "starmer"):
            path = folder / f"{name}.yaml"
            path.write_text(path.read_text("utf-8") + "# edited in a burst\n", "utf-8")
            time.sleep(0.15)  # an editor saving file after file: the burst spans polls
        server.wait_for("built in", 2)
        time.sleep(2 * DEBOUNCE_SECONDS + 2 * POLL_SECONDS)  # room for a second rebuild
        assert server.count("built in") == 2, server.log()
        assert server.alive()


def test_preview_folder_is_ignored_by_git() -> None:
    ignore = (Path(__file__).resolve().parent.parent / ".gitignore").read_text(encoding="utf-8")
    assert "/.cache/" in ignore.splitlines()
