"""`serve` after an edit to statements: the model updated in memory, the pages and files the
edit changes made again when the browser asks for them.

A full build of a large site takes seconds; an editor saving a statement should see it at
once. When every file changed is a statement that was there before, has no error and the
same warnings as before, and still belongs to the same event, speaker and country or
organisation (so the site keeps the same pages), only those files are read and checked
again, the model is put together again in memory, and the pages that show them
(`PageInputs.pages_showing`) and the machine-readable files are marked stale: each is made
again from the new model when it is asked for, before it is served. Anything else takes a
full build.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from site_gen import urls
from site_gen.build import theme_assets
from site_gen.errors import Problem
from site_gen.gather import Recheck
from site_gen.model import Records, Site, Statement, assemble
from site_gen.output import remove_stale, replace_file
from site_gen.page_cache import compile_templates
from site_gen.page_inputs import PageInputs
from site_gen.pages import Planned, plan_pages
from site_gen.publish import FileJob, file_jobs, with_head
from site_gen.render import forget_made, make_environment, render_page, theme_dirs


class Live:
    """The preview's model between full builds, and what an edit has made stale."""

    def __init__(
        self,
        root: Path,
        out_dir: Path,
        site: Site,
        recheck: Recheck,
        problems: Sequence[Problem],
    ) -> None:
        self._out_dir = out_dir
        self._recheck = recheck
        self._problems: dict[str, list[Problem]] = {}  # warnings of the last build, by file
        for problem in problems:
            self._problems.setdefault(problem.path, []).append(problem)
        dirs = theme_dirs(root)
        assets = {name: link for name, (link, _) in theme_assets(dirs)}
        self._env = make_environment(dirs, site.config, assets)
        compile_templates(self._env)  # the templates cannot change: that takes a full build
        self._stale_pages: set[str] = set()  # output paths
        self._stale_jobs: set[str] = set()  # job names
        self._jobs_stale = False  # every job, once an edit was taken in
        self._use(site)

    def _use(self, site: Site) -> None:
        self.site = site
        self._by_id = {s.id: s for s in site.statements}
        self._planned: dict[str, Planned] | None = None
        self._jobs: list[FileJob] | None = None
        forget_made(self._env)

    def update(self, changed: Iterable[str]) -> str | None:
        """Take in the changed files if they are edits to statements; say what was done.

        None: the change needs a full build (nothing was changed here).
        """
        paths = set()
        for changed_path in changed:
            path = self._statement_file(os.path.abspath(changed_path))
            if path is None:
                return None
            paths.add(path)
        edited: dict[str, Statement] = {}
        for path in sorted(paths):
            found = self._recheck.statement(path)
            if found is None or found[0] is None or found[1] != self._warnings(path):
                return None  # a problem, or other warnings: the full build reports them
            statement = found[0]
            old = self._by_id.get(statement.id)
            if old is None or _place(old) != _place(statement):
                return None  # the site's pages change: a full build makes them
            edited[statement.id] = statement
        site = self.site
        records = Records(
            site.config,
            tuple(site.events.values()),
            tuple(site.people.values()),
            tuple(site.organizations.values()),
            site.known_countries,
            tuple(edited.get(s.id, s) for s in site.statements),
        )
        self._use(assemble(records))
        inputs = PageInputs(self.site)
        for statement in edited.values():
            self._stale_pages.update(map(urls.output_path, inputs.pages_showing(statement)))
        self._jobs_stale = True
        count = len(edited)
        return f"{count} statement{'s' if count != 1 else ''} read again"

    def refresh(self, path: str) -> None:
        """Make the file at `path` (in the preview folder) again if an edit made it stale."""
        path = urls.output_path(path)
        if path in self._stale_pages:
            page = self._plan()[path].make()
            replace_file(self._out_dir, path, render_page(self._env, page))
            self._stale_pages.discard(path)
            return
        if self._jobs_stale:
            self._stale_jobs = {job.name for job in self._file_jobs()}
            self._jobs_stale = False
        for job in self._file_jobs():
            if job.name in self._stale_jobs and job.made(path):
                made = job.run()
                for made_path, data in made:
                    replace_file(self._out_dir, made_path, data)
                keep = {made_path for made_path, _ in made} | set(self._plan())
                for folder in (p for p in job.makes if p.endswith("/")):
                    remove_stale(self._out_dir, folder, keep)
                self._stale_jobs.discard(job.name)

    def _warnings(self, path: str) -> list[Problem]:
        """The warnings the last build gave for a statement file and its Markdown."""
        rel = self._recheck.entries[path].rel
        stem = os.path.splitext(rel)[0]
        return [*self._problems.get(rel, ()), *self._problems.get(stem + ".md", ())]

    @property
    def stale(self) -> bool:
        return bool(self._stale_pages or self._stale_jobs or self._jobs_stale)

    def _statement_file(self, path: str) -> str | None:
        """The statement file a changed file belongs to (itself, or the YAML beside a
        Markdown file); None if it is no statement's."""
        entries = self._recheck.entries
        if path in entries:
            return path
        stem, extension = os.path.splitext(path)
        if extension == ".md":
            for yaml_path in (stem + ".yaml", stem + ".yml"):
                entry = entries.get(yaml_path)
                if entry is not None and entry.has_markdown:
                    return yaml_path
        return None

    def _plan(self) -> dict[str, Planned]:
        if self._planned is None:
            plan = with_head(self.site, plan_pages(self.site))
            self._planned = {urls.output_path(p.path): p for p in plan}
        return self._planned

    def _file_jobs(self) -> list[FileJob]:
        if self._jobs is None:
            self._jobs = file_jobs(self.site, [p.path for p in self._plan().values()])
        return self._jobs


def _place(statement: Statement) -> tuple[object, ...]:
    """What decides which pages show a statement, and whether it is shown at all."""
    s = statement
    return (s.event, s.speaker, s.actor_type, s.actor_id, s.draft)
