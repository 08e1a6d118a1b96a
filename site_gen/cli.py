"""Commands and exit codes: parses arguments, calls the stages, prints problems. No logic."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from site_gen import __version__
from site_gen.errors import BuildFailed, Problem, errors_in, summarize
from site_gen.gather import check_problems
from site_gen.scaffold import (
    PLACEHOLDER_TEXT,
    ScaffoldError,
    new_event,
    new_person,
    new_statement,
)

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
WARNINGS_SHOWN_BY_BUILD = 20  # a successful build names this many warnings; `check` names all


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_USAGE
    root = Path(args.root)
    if not root.is_dir():
        print(f"site-gen: error: --root {args.root!r} is not a folder", file=sys.stderr)
        return EXIT_USAGE
    handler = {"build": _build, "check": _check, "new": _new, "serve": _serve}[args.command]
    return handler(args, root)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="site-gen",
        description="Build a static site of reactions to events, statement by statement.",
    )
    parser.add_argument("--version", action="version", version=f"site-gen {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser(
        "build",
        help="build the site into output/",
        description="Check the content and build the site. "
        "Exit 0 when built, 1 on content errors (the output is left as it was).",
    )
    _add_root(build)
    build.add_argument("--output", metavar="DIR", help="where to build (default: ROOT/output)")
    build.add_argument("--base-url", metavar="URL", help="override base_url from content/site.yaml")
    build.add_argument(
        "--drafts", action="store_true", help="include statements marked draft: true"
    )
    build.add_argument(
        "--no-cache", action="store_true", help="ignore and keep no build cache in ROOT/.cache/"
    )

    check = commands.add_parser(
        "check",
        help="validate the content without writing anything",
        description="Report every problem in the content. Exit 0 when there "
        "are no errors, 1 otherwise.",
    )
    _add_root(check)
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument("--links", action="store_true", help="also test external links (network)")
    _add_new(commands)
    serve = commands.add_parser(
        "serve",
        help="preview the site, rebuilding and reloading on every change",
        description="Build into ROOT/.cache/serve/ (never output/), serve it, and rebuild and "
        "reload the browser whenever content/, templates/ or static/ change.",
    )
    _add_root(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    serve.add_argument("--drafts", action="store_true", help="include draft statements")
    return parser


def _add_new(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    new = commands.add_parser("new", help="write a skeleton record to fill in")
    kinds = new.add_subparsers(dest="kind", metavar="KIND", required=True)
    statement = kinds.add_parser("statement", help="content/statements/EVENT/ID.yaml and .md")
    statement.add_argument("--event", required=True, help="the event id")
    statement.add_argument("--speaker", required=True, help="the person id")
    person = kinds.add_parser("person", help="content/people/ID.yaml")
    person.add_argument("--name", required=True)
    person.add_argument("--country", default="", help="ISO 3166-1 alpha-2 code, e.g. IN")
    person.add_argument("--organization", default="", help="an organisation id, e.g. eu")
    event = kinds.add_parser("event", help="content/events/ID.yaml")
    event.add_argument("--title", required=True)
    for parser in (statement, person, event):
        parser.add_argument("--id", dest="record_id", help="the file name (default: derived)")
        _add_root(parser)


def _add_root(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", metavar="DIR", default=".", help="the site folder (default: .)")


def _build(args: argparse.Namespace, root: Path) -> int:
    from site_gen.build import build_site  # imports Jinja and Markdown: not needed to check

    output = Path(args.output) if args.output else None
    try:
        result = build_site(
            root, output, drafts=args.drafts, base_url=args.base_url, cache=not args.no_cache
        )
    except BuildFailed as failure:
        _report(failure.problems)
        print("build failed: the output was not changed", file=sys.stderr)
        return EXIT_PROBLEMS
    _report(result.problems, quiet=True, most=WARNINGS_SHOWN_BY_BUILD)
    out = output if output is not None else root / "output"
    pages = result.stats.written + result.stats.kept
    print(
        f"built {len(result.site.statements)} statements into {out}/ "
        f"({pages} files, {result.stats.written} changed)"
    )
    return EXIT_OK


def _check(args: argparse.Namespace, root: Path) -> int:
    problems = check_problems(root)  # what check_site(root) reports, without the records
    if args.links and not errors_in(problems):
        from site_gen.linkcheck import check_site_links  # imports urllib, ssl: only when asked

        problems += check_site_links(root)
    _report(problems)
    failed = errors_in(problems) or (args.strict and problems)
    return EXIT_PROBLEMS if failed else EXIT_OK


def _new(args: argparse.Namespace, root: Path) -> int:
    now = datetime.now().astimezone()  # an editor command: the local time, with its offset
    try:
        if args.kind == "statement":
            paths = new_statement(root, args.event, args.speaker, now, args.record_id)
        elif args.kind == "person":
            paths = new_person(root, args.name, args.country, args.organization, args.record_id)
        else:
            paths = new_event(root, args.title, now, args.record_id)
    except ScaffoldError as error:
        print(f"site-gen new: error: {error}", file=sys.stderr)
        return EXIT_PROBLEMS
    for path in paths:
        print(path)
    print(f"fill in every {PLACEHOLDER_TEXT!r}, then run `site-gen check`", file=sys.stderr)
    return EXIT_OK


def _serve(args: argparse.Namespace, root: Path) -> int:
    from site_gen.serve import serve  # imports tornado: only when serving

    return serve(root, host=args.host, port=args.port, drafts=args.drafts)


def _report(problems: Sequence[Problem], quiet: bool = False, most: int | None = None) -> None:
    """Every problem (or the first `most`), then the summary line."""
    ordered = sorted(problems)
    for problem in ordered[:most]:
        print(problem, file=sys.stderr)
    if most is not None and len(ordered) > most:
        print(
            f"... and {len(ordered) - most} more: `site-gen check` lists them all", file=sys.stderr
        )
    if problems or not quiet:
        print(summarize(problems), file=sys.stderr)
