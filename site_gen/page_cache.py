"""Make and render pages on all cores, reusing the output of pages whose inputs did not change."""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from pathlib import Path

import jinja2

from site_gen import urls
from site_gen.cache import Store, digest
from site_gen.fingerprint import Fingerprints
from site_gen.output import Placed, Staging
from site_gen.pages import Planned
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


FileJob = Callable[[], list[tuple[str, bytes]]]  # makes files other than pages
_Made = tuple[Placed, bytes | None, bytes]  # the file, its page digest, its output digest


def render_all(
    env: jinja2.Environment,
    plan: Sequence[Planned],
    jobs: Sequence[FileJob],
    staging: Staging,
    store: Store | None,
) -> Iterator[Placed]:
    """Every file the jobs make, then every planned page, placed in `staging`, in order.

    Forked workers run the jobs and make each page, digest what it is made from and, with a
    store (the page cache), compare that with the digest recorded for its path: when they
    match and the previous output file still has the recorded bytes, the old file is kept;
    otherwise the page is rendered. The workers place the files themselves: only paths and
    digests come back to this process.
    """
    if store is not None and not store.enabled:
        store = None
    _compile_templates(env)
    work = partial(_make, env, staging, store, Fingerprints())
    results = map_ordered(work, [*jobs, *plan])
    try:
        for made in results:
            for placed, key, output_digest in made:
                if store is not None and key is not None:
                    store.put(placed.path, (key, output_digest))
                yield placed
    finally:
        close(results)


def _make(
    env: jinja2.Environment,
    staging: Staging,
    store: Store | None,
    prints: Fingerprints,
    item: Planned | FileJob,
) -> list[_Made]:
    """The files of a job, or the one file of a planned page, placed in `staging`."""
    if not isinstance(item, Planned):
        made: list[_Made] = []
        for path, data in item():
            source = f"site-gen /{path}"
            made.append((Placed(path, source, staging.place(path, data, source)), None, b""))
        return made
    return [_make_page(env, staging, store, prints, item)]


def _make_page(
    env: jinja2.Environment,
    staging: Staging,
    store: Store | None,
    prints: Fingerprints,
    planned: Planned,
) -> _Made:
    """The placed page, the digest of what it is made from, and the digest of its bytes."""
    page = planned.make()
    path = urls.output_path(page.path)
    source = f"page /{path}"
    key = prints.of(page) if store is not None else None
    old = _recorded(store, path, key)
    if old is not None and _still(staging.out_dir / path, old):
        staging.place(path, None, source)
        return Placed(path, source, False), key, old
    data = render_page(env, page)
    changed = staging.place(path, data, source)
    output_digest = digest(data) if store is not None else b""
    return Placed(path, source, changed, rendered=True), key, output_digest


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


def _still(file: Path, expected: bytes) -> bool:
    """True when the file is there with the bytes whose digest is `expected`."""
    try:
        return digest(file.read_bytes()) == expected
    except OSError:
        return False
