"""`site-gen check --links` against a local HTTP server on 127.0.0.1 (never the internet)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from site_gen.linkcheck import Link, check_links, external_links, probe
from site_gen.sources import read_content

from conftest import SiteDir


class _Handler(BaseHTTPRequestHandler):
    """/ok answers; /gone is 404; /no-head refuses HEAD but answers GET; /moved redirects."""

    def do_HEAD(self) -> None:
        if self.path == "/no-head":
            self._answer(405)
        else:
            self._route()

    def do_GET(self) -> None:
        self._route()

    def _route(self) -> None:
        if self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self._answer(404 if self.path.startswith("/gone") else 200)

    def _answer(self, status: int) -> None:
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_probe_tells_live_from_dead(server: str) -> None:
    assert probe(f"{server}/ok", 5) == ""
    assert probe(f"{server}/moved", 5) == ""
    assert probe(f"{server}/no-head", 5) == ""  # HEAD refused, GET answers
    assert probe(f"{server}/gone", 5) == "HTTP 404"


def test_refused_connection_is_dead(server: str) -> None:
    closed = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    port = closed.server_address[1]
    closed.server_close()
    assert probe(f"http://127.0.0.1:{port}/", 5) == "Connection refused"


def test_each_address_is_tested_once_and_every_place_reported(server: str) -> None:
    links = [
        Link(f"{server}/gone", "a.yaml", 3, 10),
        Link(f"{server}/ok", "a.yaml", 4, 10),
        Link(f"{server}/gone", "b.yaml", 7, 9),
    ]
    assert [str(p) for p in check_links(links, timeout=5, workers=4)] == [
        f"a.yaml:3:10: dead link '{server}/gone': HTTP 404; "
        "fix the address, or add an archive_url for a page that is gone",
        f"b.yaml:7:9: dead link '{server}/gone': HTTP 404; "
        "fix the address, or add an archive_url for a page that is gone",
    ]


def test_check_links_reports_dead_links_with_file_and_line(
    site: SiteDir, server: str, capsys: pytest.CaptureFixture[str]
) -> None:
    site.person("anne-leader", "Anne Leader", links=f"{{wikipedia: {server}/gone/wiki}}")
    site.add(
        "statements/anne.yaml",
        "event: test-election\nspeaker: anne-leader\ndate: 2024-11-06\nquote: Hi.\n"
        f"sources:\n  - url: {server}/no-head\n    title: T\n"
        f"    archive_url: {server}/gone/archive\n",
    )
    documents, _ = read_content(site.root)
    assert {link.url.split("/")[2] for link in external_links(documents)} == {server[7:]}
    capsys.readouterr()
    assert site.run("check") == 0  # without --links, no request is made
    assert site.run("check", "--links") == 1
    err = capsys.readouterr().err.splitlines()
    assert err[-3:] == [
        f"content/people/anne-leader.yaml:4:20: dead link '{server}/gone/wiki': HTTP 404; "
        "fix the address, or add an archive_url for a page that is gone",
        f"content/statements/anne.yaml:8:18: dead link '{server}/gone/archive': HTTP 404; "
        "fix the address, or add an archive_url for a page that is gone",
        "2 problems in 2 files",
    ]
