"""Incremental rendering for `serve`: re-render only the pages whose inputs changed.

A page's fingerprint is a hash of the `repr` of the page (its path, template, title, description
and context: plain values and frozen dataclasses, whose repr is deterministic). The theme's
fingerprint is a hash of every file in the template folders and of the environment's non-callable
globals (the site settings). A page is re-rendered when its own fingerprint or the theme's changed;
otherwise the bytes of the last render are reused, so the result equals a full build byte for byte.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Iterator
from pathlib import Path

import jinja2

from site_gen import urls
from site_gen.pages import Page
from site_gen.render import render_page


class IncrementalRenderer:
    """A `build.Renderer` that remembers the previous build's pages between calls."""

    def __init__(self) -> None:
        self._theme = ""
        self._pages: dict[str, tuple[bytes, bytes]] = {}  # output path -> (fingerprint, html)
        self.rendered: list[str] = []  # output paths rendered by the last call
        self.reused = 0  # pages taken from the previous call

    def __call__(
        self, env: jinja2.Environment, pages: Iterable[Page]
    ) -> Iterator[tuple[str, bytes]]:
        theme = theme_fingerprint(env)
        if theme != self._theme:
            self._pages.clear()
            self._theme = theme
        self.rendered, self.reused = [], 0
        seen: set[str] = set()
        for page in pages:
            path = urls.output_path(page.path)
            seen.add(path)
            mark = page_fingerprint(page)
            cached = self._pages.get(path)
            if cached is not None and cached[0] == mark:
                self.reused += 1
                yield path, cached[1]
                continue
            data = render_page(env, page)
            self._pages[path] = (mark, data)  # each entry stays true even if the build fails
            self.rendered.append(path)
            yield path, data
        for gone in set(self._pages) - seen:
            del self._pages[gone]


def page_fingerprint(page: Page) -> bytes:
    return hashlib.blake2b(repr(page).encode("utf-8"), digest_size=20).digest()


def theme_fingerprint(env: jinja2.Environment) -> str:
    """Everything besides the page that a render reads: template files and global values."""
    digest = hashlib.blake2b(digest_size=20)
    for name, value in sorted(env.globals.items()):
        if not callable(value):
            digest.update(f"{name}={value!r}\n".encode())
    loader = env.loader
    if not isinstance(loader, jinja2.FileSystemLoader):
        return secrets.token_hex(16)  # templates we cannot list: render every page every time
    for folder in loader.searchpath:
        base = Path(folder)
        for path in sorted(p for p in base.rglob("*") if p.is_file()):
            digest.update(f"{path.relative_to(base).as_posix()}\n".encode())
            digest.update(hashlib.blake2b(path.read_bytes(), digest_size=20).digest())
    return digest.hexdigest()
