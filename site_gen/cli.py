"""Commands and exit codes: parses arguments, calls the stages, prints problems. No logic."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from site_gen import __version__
from site_gen.build import build_site, check_site
from site_gen.errors import BuildFailed, Problem, errors_in, summarize

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


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
    handler = {"build": _build, "check": _check}[args.command]
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
    return parser


def _add_root(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", metavar="DIR", default=".", help="the site folder (default: .)")


def _build(args: argparse.Namespace, root: Path) -> int:
    output = Path(args.output) if args.output else None
    try:
        result = build_site(
            root, output, drafts=args.drafts, base_url=args.base_url, cache=not args.no_cache
        )
    except BuildFailed as failure:
        _report(failure.problems)
        print("build failed: the output was not changed", file=sys.stderr)
        return EXIT_PROBLEMS
    _report(result.problems, quiet=True)
    out = output if output is not None else root / "output"
    pages = result.stats.written + result.stats.kept
    print(
        f"built {len(result.site.statements)} statements into {out}/ "
        f"({pages} files, {result.stats.written} changed)"
    )
    return EXIT_OK


def _check(args: argparse.Namespace, root: Path) -> int:
    _, problems = check_site(root)
    _report(problems)
    failed = errors_in(problems) or (args.strict and problems)
    return EXIT_PROBLEMS if failed else EXIT_OK


def _report(problems: Sequence[Problem], quiet: bool = False) -> None:
    for problem in sorted(problems):
        print(problem, file=sys.stderr)
    if problems or not quiet:
        print(summarize(problems), file=sys.stderr)
