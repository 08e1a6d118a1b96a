"""Render pages on all cores, reusing the previous output of pages whose inputs did not change."""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterator, Sequence
from pathlib import Path

import jinja2

from site_gen import urls
from site_gen.cache import Store, digest
from site_gen.fingerprint import Fingerprints
from site_gen.pages import Page
from site_gen.parallel import close, map_ordered
from site_gen.render import render_page


def environment_stamp(env: jinja2.Environment, dirs: Sequence[Path], out_dir: Path) -> bytes:
    """What every page depends on besides its own context: templates, globals, output folder.

    Global functions are left out: those the default environment has (`asset`) depend only
    on values already covered (the theme files). A global value that cannot be digested
    gives a stamp no cache matches.
    """
    hasher = hashlib.blake2b(digest_size=16)
    hasher.update(str(out_dir.absolute()).encode())
    for folder in dirs:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            hasher.update(path.relative_to(folder).as_posix().encode() + b"\0")
            hasher.update(digest(path.read_bytes()))
    values = {k: v for k, v in sorted(env.globals.items()) if not callable(v)}
    values_digest = Fingerprints().of(values)
    hasher.update(values_digest if values_digest is not None else digest(str(id(env))))
    hasher.update(repr(sorted(env.filters)).encode())
    return hasher.digest()


def render_all(
    env: jinja2.Environment, pages: Sequence[Page], out_dir: Path, store: Store | None
) -> Iterator[tuple[str, bytes, bool]]:
    """(output path, bytes, reused) for every page, in order.

    With a store (the page cache), a page whose digest matches the one recorded for its path,
    and whose previous output file still has the recorded bytes, is read back instead of
    rendered; every other page is rendered by forked workers.
    """
    prints = Fingerprints()
    if store is not None and not store.enabled:
        store = None
    keys = list(map_ordered(prints.of, pages)) if store is not None else [None] * len(pages)
    paths = [urls.output_path(page.path) for page in pages]
    reusable = [_recorded(store, path, key) for path, key in zip(paths, keys, strict=True)]
    todo = [page for page, old in zip(pages, reusable, strict=True) if old is None]
    _compile_templates(env)
    rendered = map_ordered(lambda page: render_page(env, page), todo)
    try:
        for page, path, key, old in zip(pages, paths, keys, reusable, strict=True):
            data = _previous(out_dir / path, old) if old is not None else None
            reused = data is not None
            if old is None:
                data = next(rendered)
            elif data is None:  # the old output file is gone or was changed by hand
                data = render_page(env, page)
            assert data is not None
            if store is not None and key is not None:
                store.put(path, (key, digest(data)))
            yield path, data, reused
    finally:
        close(rendered)


def _compile_templates(env: jinja2.Environment) -> None:
    """Compile every template once, before workers fork, and stop checking their files' dates.

    A template that does not compile is left for `render_page` to report where it is used.
    """
    env.auto_reload = False  # the theme cannot change during a build: no stat per page
    for name in env.list_templates(extensions=["html"]):
        with contextlib.suppress(jinja2.TemplateError):
            env.get_template(name)


def _recorded(store: Store | None, path: str, key: bytes | None) -> bytes | None:
    """The digest of the output recorded for this page, when its inputs are unchanged."""
    if store is None or key is None:
        return None
    entry = store.get(path)
    if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == key:
        return bytes(entry[1])
    return None


def _previous(file: Path, expected: bytes) -> bytes | None:
    try:
        data = file.read_bytes()
    except OSError:
        return None
    return data if digest(data) == expected else None
