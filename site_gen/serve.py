"""`site-gen serve`: a private build served with livereload, rebuilt and reloaded on change."""

from __future__ import annotations

import sys
import time
import traceback
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

from livereload import Server
from livereload.handlers import LiveReloadHandler, StaticFileHandler
from livereload.watcher import Watcher
from tornado.ioloop import IOLoop, PeriodicCallback
from tornado.web import HTTPError

from site_gen.build import build_site
from site_gen.errors import BuildFailed, Problem, summarize
from site_gen.gather import Recheck
from site_gen.live import Live

WATCHED = ("content", "templates", "static")
POLL_SECONDS = 0.5  # how often the watched folders are scanned for changes
DEBOUNCE_SECONDS = 0.6  # longer than a poll: a burst split across two polls is one rebuild
ALL_INTERFACES = ("0.0.0.0", "::", "")


def preview_dir(root: Path) -> Path:
    """Where `serve` builds: a folder of its own, never the published output/."""
    return root / ".cache" / "serve"


class Preview:
    """The preview build: rebuilds on demand and remembers the problems of the last attempt."""

    def __init__(self, root: Path, base_url: str, drafts: bool = False) -> None:
        self.root = root
        self.out_dir = preview_dir(root)
        self.base_url = base_url
        self.drafts = drafts
        self.problems: tuple[Problem, ...] = ()
        self.live: Live | None = None  # after a build: see live.py

    @property
    def failed(self) -> bool:
        return any(p.is_error for p in self.problems)

    def rebuild(self, changed: set[str] | None = None) -> bool:
        """Build once (or, when `changed` names only edited statements, take them in: see
        live.py); print what happened. True when the browser should reload."""
        start = time.perf_counter()
        if changed and self.live is not None and self._took_in(changed, start):
            return True
        was_failed, self.live = self.failed, None
        recheck: list[Recheck] = []
        try:
            result = build_site(
                self.root,
                self.out_dir,
                drafts=self.drafts,
                base_url=self.base_url,
                recheck=recheck,
            )
        except BuildFailed as failure:
            self.problems = failure.problems
        except Exception as exc:  # a bug in site-gen must not stop the preview either
            traceback.print_exc()
            self.problems = (Problem("site-gen", 1, 1, f"internal error: {exc!r}"),)
        else:
            self.problems = result.problems
            seconds = time.perf_counter() - start
            _say(
                f"built in {seconds:.2f} s: {result.stats.written} files changed "
                f"({len(result.rendered)} pages rendered, the others kept)"
            )
            for problem in self.problems:
                _say(str(problem))
            if recheck:
                self.live = Live(self.root, self.out_dir, result.site, recheck[0], self.problems)
            return was_failed or result.stats.written > 0
        for problem in self.problems:
            _say(str(problem))
        _say(f"build failed: {summarize(self.problems)}; the browser shows them until you fix them")
        return True

    def _took_in(self, changed: set[str], start: float) -> bool:
        assert self.live is not None
        try:
            done = self.live.update(changed)
        except Exception:  # a bug in site-gen: the full build then says what it is
            traceback.print_exc()
            done = None
        if done is None:
            return False
        seconds = time.perf_counter() - start
        _say(f"built in {seconds:.3f} s: {done}; the pages that show it are made when asked for")
        return True

    def fresh(self, path: str) -> None:
        """Make the file at `path` again first if an edit made it stale (see live.py); if
        that fails, build in full, which reports why."""
        if self.live is None or not self.live.stale:
            return
        try:
            self.live.refresh(path)
        except Exception:
            traceback.print_exc()
            self.rebuild()

    def error_page(self) -> bytes:
        return render_error_page(self.problems).encode("utf-8")


def render_error_page(problems: tuple[Problem, ...]) -> str:
    """A self-contained page listing each problem with its file, line and column."""
    items = "\n".join(
        f'<li><code class="where">{escape(p.path)}:{p.line}:{p.column}</code> '
        f'<span class="what">{escape(p.message)}</span>'
        + (f'<br><span class="hint">{escape(p.hint)}</span>' if p.hint else "")
        + "</li>"
        for p in problems
    )
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Build failed · site-gen preview</title>
<style>
body {{ font: 16px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem;
  color: #1a1a1a; }}
h1 {{ color: #a40000; }}
li {{ margin: 0 0 1rem; }}
.where {{ font-weight: bold; }}
.hint {{ color: #444; }}
</style>
</head>
<body>
<main>
<h1>The site could not be built</h1>
<p>{escape(summarize(problems))}. Fix them and save: this page reloads by itself.</p>
<ol class="problems">
{items}
</ol>
</main>
</body>
</html>
"""


class Debouncer:
    """Runs `action` once, `delay` seconds after the last of a burst of `poke()` calls."""

    def __init__(
        self,
        delay: float,
        action: Callable[[], None],
        schedule: Callable[[float, Callable[[], None]], Callable[[], None]],
    ) -> None:
        self.delay = delay
        self.action = action
        self.schedule = schedule  # (delay, callback) -> cancel
        self._cancel: Callable[[], None] | None = None

    def poke(self) -> None:
        if self._cancel is not None:
            self._cancel()
        self._cancel = self.schedule(self.delay, self._fire)

    def _fire(self) -> None:
        self._cancel = None
        self.action()


def _tornado_schedule(delay: float, callback: Callable[[], None]) -> Callable[[], None]:
    loop = IOLoop.current()
    handle = loop.call_later(delay, callback)
    return lambda: loop.remove_timeout(handle)


class _RebuildWatcher(Watcher):  # type: ignore[misc]
    """livereload's polling watcher, minus its own browser reloads: we reload after building."""

    def start(self, callback: Callable[[], None]) -> bool:
        PeriodicCallback(callback, POLL_SECONDS * 1000).start()
        return True  # livereload then starts no polling of its own

    def examine(self) -> tuple[None, None]:
        self._changes.clear()  # livereload's "reload on start" request
        super().examine()  # runs the callbacks of the watches that saw a change
        return None, None


def _handler_for(preview: Preview) -> type[Any]:
    class PreviewHandler(StaticFileHandler):  # type: ignore[misc]
        """Serves the preview build; pages show the error page while the build is broken.

        Tornado's StaticFileHandler answers 403 for any path that resolves outside the root
        (`..`, `%2e%2e`, `%2f`, absolute paths) and 404 for what does not exist.
        """

        async def get(self, path: str, include_body: bool = True) -> None:
            if _is_hostile(path):
                raise HTTPError(403)
            preview.fresh(path)
            if preview.failed and _is_page(path):
                self.set_status(500)
                self.set_header("Content-Type", "text/html; charset=utf-8")
                self.set_header("Cache-Control", "no-store")
                self.finish(preview.error_page())
                return
            await super().get(path, include_body)

        def set_extra_headers(self, path: str) -> None:
            self.set_header("Cache-Control", "no-store")

        def write_error(self, status_code: int, **kwargs: Any) -> None:
            page = preview.out_dir / "404.html"
            if status_code == 404 and page.is_file():
                self.set_header("Content-Type", "text/html; charset=utf-8")
                self.finish(page.read_bytes())
                return
            super().write_error(status_code, **kwargs)

    return PreviewHandler


def _is_hostile(path: str) -> bool:
    """A path (already %-decoded by tornado) that could only be an attack or a mistake."""
    return "\0" in path or "\\" in path or ".." in path.split("/") or path.startswith("/")


def _is_page(path: str) -> bool:
    last = path.rsplit("/", 1)[-1]
    return last == "" or last.endswith(".html") or "." not in last


def serve(root: Path, host: str = "127.0.0.1", port: int = 8000, drafts: bool = False) -> int:
    """Build, serve and watch until interrupted; returns the exit status."""
    root = root.absolute()
    warning = host_warning(host)
    if warning:
        _say(warning)
    url_host = "127.0.0.1" if host in ALL_INTERFACES else host
    url_host = f"[{url_host}]" if ":" in url_host else url_host
    preview = Preview(root, f"http://{url_host}:{port}/", drafts)
    preview.rebuild()

    pending: set[str] = set()  # the files changed since the last rebuild
    unknown = [False]  # a change whose files are not known (a removal): build in full

    def rebuild_and_reload() -> None:
        changed = None if unknown[0] else set(pending)
        pending.clear()
        unknown[0] = False
        if preview.rebuild(changed):
            LiveReloadHandler.reload_waiters("*")

    debouncer = Debouncer(DEBOUNCE_SECONDS, rebuild_and_reload, _tornado_schedule)

    def changed(paths: list[str] | None = None) -> None:
        if paths is None:
            unknown[0] = True
        else:
            pending.update(paths)
        debouncer.poke()

    server = Server(watcher=_RebuildWatcher())
    server.SFH = _handler_for(preview)
    for folder in WATCHED:
        # a glob, so that every file changed in a burst is seen in one poll
        server.watch(str(root / folder / "**" / "*"), changed)
    _say(f"serving {preview.base_url} from {preview.out_dir} (Ctrl+C to stop)")
    try:
        server.serve(port=port, host=host, root=str(preview.out_dir))
    except OSError as exc:
        _say(f"site-gen serve: error: cannot listen on {host}:{port}: {exc.strerror}")
        return 1
    return 0


def host_warning(host: str) -> str | None:
    if host not in ALL_INTERFACES:
        return None
    return (
        f"warning: bound to all interfaces ({host or '*'}): anyone who can reach this machine "
        "can see the preview; use --host 127.0.0.1 to keep it private"
    )


def _say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)
