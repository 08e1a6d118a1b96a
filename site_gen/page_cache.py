"""Make and render pages on all cores, reusing the output of pages whose inputs did not change."""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterator, Sequence
from functools import partial
from pathlib import Path

import jinja2

from site_gen import urls
from site_gen.cache import Store, digest
from site_gen.fingerprint import Fingerprints
from site_gen.output import Placed, Staging
from site_gen.page_inputs import PageInputs
from site_gen.pages import Planned
from site_gen.parallel import close, collector_paused, map_batched
from site_gen.publish import FileJob
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


HELD = 4 << 20  # bytes of files a worker makes before it writes them
Work = Planned | FileJob  # a page, or files other than pages
Record = tuple[str, tuple[int, int, int]]  # a file made: its path and stamp (Staging.stamp)
_Made = tuple[list[Placed], list[Record]]


def render_all(
    env: jinja2.Environment,
    plan: Sequence[Planned],
    jobs: Sequence[FileJob],
    staging: Staging,
    store: Store | None,
    inputs: PageInputs | None = None,
) -> Iterator[Placed]:
    """Every file the jobs make, then every planned page, placed in `staging`, in order.

    With a store (the page cache) and `inputs`, each page and job is keyed by a digest of what
    it is made from (page_inputs.py), without making it: when the key is the one recorded
    and its files are still as they were made, they are kept as they are. The others are
    made by forked workers, which place the files themselves: only their paths and stamps
    come back to this process. Compile the templates first (`compile_templates`), so that
    the workers fork with them rather than each compiling its own.
    """
    if store is not None and not store.enabled:
        store = None
    items: list[Work] = [*jobs, *plan]
    with collector_paused():  # before the workers fork: they need the collector
        keys = _keys(items, inputs) if store is not None else [None] * len(items)
        kept = [_kept(staging, store, item, key) for item, key in zip(items, keys, strict=True)]
    todo = [item for item, files in zip(items, kept, strict=True) if files is None]
    heavy = any(isinstance(item, FileJob) for item in todo)  # the export, search, feeds
    # all chunks at once: only paths and stamps come back, and a slow chunk at the head (the
    # event pages of a big site) must not leave the other workers idle until it is done
    make = partial(_make_all, env, staging, store is not None)
    results = map_batched(make, todo, heavy=heavy, window=None, together=_group)
    try:
        for item, key, files in zip(items, keys, kept, strict=True):
            if files is None:
                files, records = next(results)
                if store is not None and key is not None:
                    store.put(_name(item), (key, records))
            yield from files
    finally:
        close(results)


def _group(item: Work) -> str | None:
    """The group of items that share what they make, which one worker makes, each shared
    part once: the feed jobs (each statement's entry), the pages that show cards."""
    return item.group


def _name(item: Work) -> str:
    return item.path if isinstance(item, Planned) else f"job {item.name}"


def _keys(items: Sequence[Work], inputs: PageInputs | None) -> list[bytes | None]:
    if inputs is None:
        return [None] * len(items)
    by_path = inputs.plan()
    return [
        inputs.key(
            _name(item), by_path[item.path] if isinstance(item, Planned) else item.inputs(inputs)
        )
        for item in items
    ]


def _kept(
    staging: Staging, store: Store | None, item: Work, key: bytes | None
) -> list[Placed] | None:
    """The files of `item` kept from the output, when its key and its files are unchanged."""
    if store is None or key is None:
        return None
    entry = store.get(_name(item))
    if not (isinstance(entry, tuple) and len(entry) == 2 and entry[0] == key):
        return None
    placed = []
    try:
        for path, (size, mtime, inode) in entry[1]:
            if not staging.keep(path, (size, mtime, inode)):
                return None
            placed.append(Placed(path, _source(item, path), False))
    except (TypeError, ValueError):  # an entry of another shape: make the files again
        return None
    return placed


def _source(item: Work, path: str) -> str:
    return f"page /{path}" if isinstance(item, Planned) else f"site-gen /{path}"


def _make_all(
    env: jinja2.Environment, staging: Staging, record: bool, items: Sequence[Work]
) -> list[_Made]:
    """The files of each job or planned page, placed in `staging`, and (with `record`) what
    the page cache records of them: a chunk's files are made before any is written (see
    `parallel.map_batched`), or as many as make HELD bytes (a chunk of event pages or of
    jobs can make a hundred megabytes at 100,000 statements)."""
    done: list[_Made] = []
    waiting: list[tuple[Work, list[tuple[str, bytes]]]] = []
    size = 0
    for item in items:
        files = _files(env, item)
        waiting.append((item, files))
        size += sum(len(data) for _, data in files)
        if size >= HELD:
            done += [_place(staging, record, *made) for made in waiting]
            waiting, size = [], 0
    return done + [_place(staging, record, *made) for made in waiting]


def _files(env: jinja2.Environment, item: Work) -> list[tuple[str, bytes]]:
    """The output paths and bytes of a job, or of the one file of a planned page."""
    if isinstance(item, Planned):
        page = item.make()
        return [(urls.output_path(page.path), render_page(env, page))]
    return item.run()


def _place(staging: Staging, record: bool, item: Work, made: list[tuple[str, bytes]]) -> _Made:
    placed, records = [], []
    for path, data in made:
        source = _source(item, path)
        changed = staging.place(path, data, source)
        placed.append(Placed(path, source, changed, rendered=isinstance(item, Planned)))
        if record:
            records.append((path, staging.stamp(path)))
    return placed, records


def compile_templates(env: jinja2.Environment) -> None:
    """Compile every template once, before workers fork, and stop checking their files' dates.

    A template that does not compile is left for `render_page` to report where it is used.
    """
    env.auto_reload = False  # the theme cannot change during a build: no stat per page
    for name in env.list_templates(extensions=["html"]):
        with contextlib.suppress(jinja2.TemplateError):
            env.get_template(name)
