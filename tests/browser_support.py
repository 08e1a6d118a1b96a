"""Helpers for browser, accessibility and HTML-validation tests.

Test modules import this as ``from browser_support import ...``: tests/ has no
``__init__.py``, so pytest's default ``prepend`` import mode puts tests/ on
``sys.path`` before importing them.

Tools are installed by scripts/test.sh: Debian's Chromium at /usr/bin/chromium
(Playwright's own browser downloads are not used), and vnu.jar / axe-core from
npm under .test-tools/ (their paths exported as SITE_GEN_VNU_JAR and
SITE_GEN_AXE_JS).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO
from urllib.parse import unquote, urlsplit

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright

REPO_ROOT = Path(__file__).resolve().parent.parent
TOOLS_MODULES = REPO_ROOT / ".test-tools" / "node_modules"

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-gpu",
    "--disable-quic",
    "--disable-sync",
]


def launch(playwright: Playwright) -> Browser:
    """Launch Debian's headless Chromium through Playwright."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)


def _tool(env_var: str, fallback: Path) -> Path | None:
    value = os.environ.get(env_var)
    if value and Path(value).is_file():
        return Path(value)
    return fallback if fallback.is_file() else None


def vnu_jar() -> Path | None:
    """Path of the Nu HTML Checker's vnu.jar, or None if it is not installed."""
    return _tool("SITE_GEN_VNU_JAR", TOOLS_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar")


def axe_js() -> Path | None:
    """Path of axe-core's axe.min.js, or None if it is not installed."""
    return _tool("SITE_GEN_AXE_JS", TOOLS_MODULES / "axe-core" / "axe.min.js")


def _normalise_prefix(prefix: str) -> str:
    prefix = "/" + prefix.strip("/")
    return prefix if prefix == "/" else prefix + "/"


def _make_handler(root: Path, prefix: str) -> type[SimpleHTTPRequestHandler]:
    class Handler(SimpleHTTPRequestHandler):
        extensions_map = {  # noqa: RUF012 - class attribute of the stdlib handler
            **SimpleHTTPRequestHandler.extensions_map,
            ".js": "text/javascript",
            ".mjs": "text/javascript",
            ".json": "application/json",
            ".xml": "application/xml",
            ".svg": "image/svg+xml",
            ".webmanifest": "application/manifest+json",
            ".woff2": "font/woff2",
            ".wasm": "application/wasm",
        }

        def send_head(self) -> BinaryIO | None:
            raw_path = urlsplit(self.path).path
            path = unquote(raw_path)
            if prefix != "/" and path == prefix.rstrip("/"):
                self._redirect(prefix)
                return None
            if not path.startswith(prefix):
                return self._not_found()
            parts = [p for p in path[len(prefix) :].split("/") if p]
            if any(p in (".", "..") or "\\" in p or "\0" in p for p in parts):
                return self._not_found()
            target = root.joinpath(*parts)
            if target.is_dir():
                if not path.endswith("/"):
                    self._redirect(raw_path + "/")
                    return None
                target = target / "index.html"
            if not target.is_file():
                return self._not_found()
            data = target.read_bytes()
            self.send_response(HTTPStatus.OK)
            ctype = self.guess_type(str(target))
            if ctype.startswith("text/") or ctype in ("application/json", "application/xml"):
                ctype += "; charset=utf-8"
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            return BytesIO(data)

        def _redirect(self, location: str) -> None:
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def _not_found(self) -> BinaryIO:
            page = root / "404.html"
            if page.is_file():
                data, ctype = page.read_bytes(), "text/html; charset=utf-8"
            else:
                data, ctype = b"404 Not Found\n", "text/plain; charset=utf-8"
            self.send_response(HTTPStatus.NOT_FOUND)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            return BytesIO(data)

        def log_message(self, format: str, *args: object) -> None:
            pass  # keep test output quiet

    return Handler


@contextmanager
def serve_directory(root: Path, prefix: str = "/") -> Iterator[str]:
    """Serve ``root`` over HTTP on 127.0.0.1, mounted at URL path ``prefix``.

    Yields the base URL (``http://127.0.0.1:PORT/prefix/``). ``prefix + x``
    maps to ``root/x``; a directory serves its index.html; anything else,
    including paths outside the prefix, is a 404 with the body of
    ``root/404.html`` when that exists.
    """
    prefix = _normalise_prefix(prefix)
    root = Path(root).resolve()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(root, prefix))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="serve_directory", daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        yield f"http://127.0.0.1:{port}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
