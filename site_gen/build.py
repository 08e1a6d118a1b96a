"""The orchestrator: read, check, assemble, derive, render, write; readable top to bottom."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import jinja2

from site_gen import markup, record_cache
from site_gen.cache import FOLDER as CACHE_FOLDER
from site_gen.cache import Chunks, code_stamp, digest, open_store, save_store
from site_gen.errors import BuildFailed, Problem
from site_gen.gather import Recheck
from site_gen.gather import check_site as check_site  # it lived here
from site_gen.model import Records, Site, assemble
from site_gen.output import MARKER, OutputFile, Placed, Staging, WriteStats, write_site
from site_gen.page_cache import compile_templates, environment_stamp, render_all
from site_gen.page_inputs import PageInputs
from site_gen.pages import plan_pages
from site_gen.parallel import collector_paused, frozen
from site_gen.publish import file_jobs, with_head
from site_gen.render import make_environment, theme_dirs
from site_gen.sources import markdown_files, read_markdown


@dataclass(frozen=True, slots=True)
class BuildResult:
    site: Site
    problems: tuple[Problem, ...]  # warnings only: a build with errors raises BuildFailed
    stats: WriteStats
    rendered: tuple[str, ...]  # output paths of the pages rendered (the others were kept)


def build_site(
    root: Path,
    output: Path | None = None,
    *,
    drafts: bool = False,
    base_url: str | None = None,
    cache: bool = True,
    recheck: list[Recheck] | None = None,
) -> BuildResult:
    """Build the site under `root` into `output` (default `root/output`), all or nothing.

    With `cache`, what can be reused (rendered Markdown, checked statements, pages) is kept
    under `root/.cache/` (see cache.py); the output is byte for byte the same either way.
    A `recheck` list is given what checking a statement again needs (for `serve`).
    """
    out_dir = output if output is not None else root / "output"
    _refuse_overlap(root, out_dir)
    cache_root = root if cache else None
    code = code_stamp()
    rendered_markdown = open_store(cache_root, "markdown", code + markup.ENGINE.encode())
    # Markdown is the costliest stage: it renders on the other cores while we read and check
    # (with the cache filled, the few texts that changed are rendered at `finish`)
    ahead = [] if rendered_markdown.old else markdown_files(root)
    markdown = markup.Prepared(ahead, read_markdown, rendered_markdown)
    try:
        checked = open_store(cache_root, record_cache.STORE, code + record_cache.stamp())
        records, problems = check_site(
            root,
            drafts=drafts,
            base_url=base_url,
            cache=checked if cache else None,
            recheck=recheck,
            beside=len(ahead),
        )
        save_store(cache_root, checked)  # even when there are errors: the next check is quicker
        if records is None:
            raise BuildFailed(problems)
    except BaseException:
        markdown.cancel()
        raise
    try:
        with frozen():  # the records and the model live to the end: no collector scans of them
            with collector_paused():
                site = assemble(records)  # everything is known before anything is written
            texts = _markdown_texts(records)
            markdown_in = partial(markdown.finish, texts, rendered_markdown)
            stats, rendered = _render_and_write(
                root, out_dir, site, records, cache_root, code, markdown_in
            )
    finally:
        markdown.cancel()  # if the build stopped before the Markdown was in (else: no-op)
    save_store(cache_root, rendered_markdown)
    return BuildResult(site, tuple(problems), stats, tuple(rendered))


def _render_and_write(
    root: Path,
    out_dir: Path,
    site: Site,
    records: Records,
    cache_root: Path | None,
    code: bytes,
    markdown_in: Callable[[], None],
) -> tuple[WriteStats, list[str]]:
    """Render every page and file that changed into the output; the pages rendered.

    The pages are planned and the templates compiled while the last Markdown renders on the
    other cores; `markdown_in()` then waits for it, before the render workers fork.
    """
    dirs = theme_dirs(root)
    assets = dict(theme_assets(dirs))
    env = make_environment(dirs, site.config, {name: path for name, (path, _) in assets.items()})
    if cache_root is not None:  # compiled templates, keyed by their source (Jinja's own cache)
        env.bytecode_cache = _template_cache(_folder(cache_root, "jinja"), code)
    with collector_paused():
        plan = with_head(site, plan_pages(site))
    made = open_store(
        cache_root, _pages_store(root, out_dir), code + environment_stamp(env, dirs, out_dir)
    )
    paths = [planned.path for planned in plan]
    rendered: list[str] = []
    staging = Staging(out_dir)  # before the workers start: they write into it
    staging.list_old_files(thread=False)  # the old files, listed meanwhile by another process
    try:
        # pages and the other files are made and written by the same workers
        inputs = PageInputs(site, records.digests) if made.enabled else None
        chunks = None
        if cache_root is not None and inputs is not None:
            stamp = code + digest(repr(site.config))  # what every chunk is made with
            chunks = Chunks(_folder(cache_root, "parts"), stamp, inputs.statement_key)
        with collector_paused():
            jobs = file_jobs(site, paths, chunks)
            compile_templates(env)
            markdown_in()
        made_files = _noting(render_all(env, plan, jobs, staging, made, inputs), rendered)
        stats = write_site(_files(root, made_files, assets), out_dir, staging)
    finally:
        staging.close()
        markup.forget()
    save_store(cache_root, made)
    return stats, rendered


def _folder(cache_root: Path, name: str) -> Path:
    folder = cache_root / CACHE_FOLDER / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _template_cache(folder: Path, code: bytes) -> jinja2.BytecodeCache:
    """Jinja's cache of compiled templates, for this version of site-gen (which compiles them
    its own way, template_code.py); what older versions left there is removed."""
    suffix = f".{code.hex()[:16]}.cache"
    for old in folder.glob("__jinja2_*.cache"):
        if not old.name.endswith(suffix):
            old.unlink(missing_ok=True)
    return jinja2.FileSystemBytecodeCache(str(folder), pattern="__jinja2_%s" + suffix)


def _markdown_texts(records: Records) -> Iterator[str]:
    for group in (records.events, records.people, records.organizations, records.statements):
        for record in group:
            if record.markdown:
                yield record.markdown


def _pages_store(root: Path, out_dir: Path) -> str:
    """The page cache of this output folder: `serve`'s preview and `build` keep one each."""
    if out_dir.absolute() == (root / "output").absolute():
        return "pages"
    return "pages-" + digest(str(out_dir.absolute())).hex()[:12]


def _noting(placed: Iterable[Placed], rendered: list[str]) -> Iterator[Placed]:
    """The files, noting in `rendered` the pages that were rendered rather than kept."""
    for file in placed:
        if file.rendered:
            rendered.append(file.path)
        yield file


def _files(
    root: Path, made_files: Iterable[OutputFile | Placed], assets: dict[str, tuple[str, bytes]]
) -> Iterator[OutputFile | Placed]:
    yield from made_files
    for name, (_, data) in sorted(assets.items()):
        yield OutputFile(f"assets/{name}", data, f"templates/assets/{name}")
    yield from _static_files(root / "static")
    yield OutputFile(MARKER, b"", "site-gen")


def theme_assets(dirs: list[Path]) -> Iterator[tuple[str, tuple[str, bytes]]]:
    """Theme assets by name, each with its cache-busting link path (first theme dir wins)."""
    seen: set[str] = set()
    for folder in dirs:
        base = folder / "assets"
        if not base.is_dir():
            continue
        for path in sorted(p for p in base.rglob("*") if p.is_file()):
            name = path.relative_to(base).as_posix()
            if name in seen:
                continue
            seen.add(name)
            data = path.read_bytes()
            digest = hashlib.sha256(data).hexdigest()[:10]
            yield name, (f"assets/{name}?v={digest}", data)


def _static_files(static: Path) -> Iterator[OutputFile]:
    if not static.is_dir():
        return
    for path in sorted(p for p in static.rglob("*") if p.is_file() and not p.is_symlink()):
        rel = path.relative_to(static).as_posix()
        yield OutputFile(rel, path.read_bytes(), f"static/{rel}")


def _refuse_overlap(root: Path, out_dir: Path) -> None:
    """The output may never be, hold or sit inside the site root's sources."""
    out = out_dir.resolve()
    sources = [(root / d).resolve() for d in ("content", "templates", "static")]
    clash = root.resolve().is_relative_to(out) or any(
        out.is_relative_to(folder) or folder.is_relative_to(out) for folder in sources
    )
    if clash:
        raise BuildFailed(
            [
                Problem(
                    str(out_dir),
                    1,
                    1,
                    "the output folder overlaps the site's own files",
                    "choose another folder with --output, e.g. output/",
                )
            ]
        )
