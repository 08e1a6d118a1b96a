"""Lists the files under `content/` to read, each with its kind and id; warns about the rest."""

from __future__ import annotations

import os
import re
from pathlib import Path

from site_gen.errors import Problem

# folder below content/ -> kind of record; statements may sit in sub-folders
KINDS = {
    "events": "event",
    "people": "person",
    "organizations": "organization",
    "countries": "country",
    "statements": "statement",
}
YAML_SUFFIXES = (".yaml", ".yml")
ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")


def walk_content(
    content: Path, site_file: Path, problems: list[Problem], root: Path
) -> list[tuple[str, Path, str]]:
    found = [("site", site_file, "site")]
    for folder, kind in KINDS.items():
        base = content / folder
        if not base.is_dir():
            continue
        recursive = kind == "statement"
        paths, seen = _files(base, recursive, problems, root, content)
        for path in sorted(paths, key=path_order):
            if path.suffix not in YAML_SUFFIXES:
                if path.suffix != ".md" or not _has_yaml_twin(path, seen):
                    problems.append(
                        Problem(
                            rel_path(path, root),
                            1,
                            1,
                            f"ignored: not a {kind} file",
                            "YAML records end in .yaml",
                            "warning",
                        )
                    )
                continue
            stem = path.stem
            if kind == "country":
                stem = stem.lower()
            if not ID_PATTERN.match(stem) or len(stem) > 80:
                problems.append(
                    Problem(
                        rel_path(path, root),
                        1,
                        1,
                        f"the file name {path.name!r} is not a valid id",
                        "use lowercase letters, digits and hyphens, at most 80",
                    )
                )
                continue
            found.append((kind, path, stem))
    return found


def _files(
    base: Path, recursive: bool, problems: list[Problem], root: Path, content: Path
) -> tuple[list[Path], set[str]]:
    """The files to read below `base`, and the paths of all regular files seen (for twins)."""
    result: list[Path] = []
    seen: set[str] = set()
    content_real = content.resolve()
    folders = [str(base)]
    while folders:
        folder = folders.pop()
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda e: e.name)
        subfolders = []
        for entry in entries:
            name = entry.name
            if entry.is_dir(follow_symlinks=False):
                if recursive and not name.startswith("."):
                    subfolders.append(entry.path)
                continue
            if entry.is_symlink() and entry.is_dir():
                if recursive and not name.startswith("."):
                    problems.append(
                        Problem(
                            rel_path(Path(entry.path), root),
                            1,
                            1,
                            "symbolic links to folders are not followed",
                            "move the folder into content/",
                            "warning",
                        )
                    )
                continue
            if entry.is_file():
                seen.add(entry.path)
            if name.startswith(".") or name.endswith("~"):
                continue
            path = Path(entry.path)
            if entry.is_symlink() and not path.resolve().is_relative_to(content_real):
                problems.append(
                    Problem(
                        rel_path(path, root),
                        1,
                        1,
                        "this link points outside content/",
                        "copy the file into content/ instead",
                    )
                )
                continue
            result.append(path)
        folders.extend(reversed(subfolders))
    return result, seen


def path_order(path: Path) -> tuple[str, ...]:
    return path.parts  # sorting by parts is sorting paths, without their slow comparisons


def _has_yaml_twin(path: Path, seen: set[str]) -> bool:
    stem = str(path)[: -len(path.suffix)]
    return any(stem + suffix in seen for suffix in YAML_SUFFIXES)


def rel_path(path: Path, root: Path) -> str:
    """`path` relative to `root`, as shown to editors (POSIX)."""
    text, prefix = str(path), str(root) + os.sep
    if text.startswith(prefix) and prefix != "." + os.sep and os.sep == "/":
        return text[len(prefix) :]  # the common case, without pathlib's slow parsing
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
