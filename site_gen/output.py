"""The only writer: stages changed files beside the output folder, then moves them in."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from site_gen.errors import BuildFailed, Problem

MARKER = ".nojekyll"  # every site-gen output has it; a folder without it is not ours to replace


@dataclass(frozen=True, slots=True)
class OutputFile:
    path: str  # relative, POSIX
    data: bytes
    source: str  # what produced it, for error messages
    unchanged: bool = False  # known to be the bytes already in the output (read from there)


@dataclass(frozen=True, slots=True)
class WriteStats:
    written: int  # files whose bytes changed or are new
    kept: int  # files left as they were (same bytes, same mtime)


def write_site(files: Iterable[OutputFile], out_dir: Path) -> WriteStats:
    """Write every file, all or nothing: nothing in `out_dir` changes until all are made.

    A new output folder is staged beside its place and renamed into it. An existing one is
    updated in place (never deleted first: re-creating thousands of files right after deleting
    them is slow): files whose bytes changed are staged, then each is moved over its old
    version, and files the build no longer makes are removed. Unchanged files are not touched,
    so they keep their mtime. If anything fails before the files are moved, `out_dir` is as it
    was; a build killed while moving leaves whole files, set right by the next build.
    """
    out_dir = out_dir.absolute()
    recover(out_dir)
    refuse_foreign(out_dir)
    staging = out_dir.with_name(f".{out_dir.name}.tmp-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    fresh = not out_dir.exists()
    claimed: dict[str, str] = {}  # casefolded path -> source
    paths: dict[str, str] = {}  # casefolded path -> path
    changed: list[str] = []
    kept = 0
    try:
        for file in files:
            key = _safe_relative(file.path).casefold()
            if key in claimed:
                raise BuildFailed(
                    [
                        Problem(
                            file.source,
                            1,
                            1,
                            f"/{file.path} is also made from {claimed[key]}",
                            "give one of the two another id",
                        )
                    ]
                )
            claimed[key] = file.source
            paths[key] = file.path
            if not fresh and (file.unchanged or _unchanged(out_dir / file.path, file.data)):
                kept += 1
                continue
            target = staging / file.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(file.data)
            changed.append(file.path)
        made = list(paths.values())
        if fresh:
            os.rename(staging, out_dir)
        else:
            listed = _read_manifest(out_dir)
            if listed is not None:  # a kill while moving must not hide the new files
                _write_manifest(out_dir, listed | set(made))
            _move_in(staging, out_dir, changed)
            _remove_stale(out_dir, set(claimed), listed)
        _write_manifest(out_dir, made)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return WriteStats(len(changed), kept)


def recover(out_dir: Path) -> None:
    """Clean up after a build that was killed: restore a lost output, drop stale staging."""
    parent = out_dir.parent
    if not parent.is_dir():
        return
    old = out_dir.with_name(f".{out_dir.name}.old")
    if old.is_dir() and not out_dir.exists():
        os.rename(old, out_dir)
    for stale in parent.glob(f".{out_dir.name}.tmp-*"):
        shutil.rmtree(stale, ignore_errors=True)
    shutil.rmtree(old, ignore_errors=True)


def refuse_foreign(out_dir: Path) -> None:
    if out_dir.exists() and (
        not out_dir.is_dir() or (any(out_dir.iterdir()) and not (out_dir / MARKER).exists())
    ):
        raise BuildFailed(
            [
                Problem(
                    str(out_dir),
                    1,
                    1,
                    "the output folder exists and was not made by site-gen",
                    "empty it, or choose another folder with --output",
                )
            ]
        )


def _safe_relative(path: str) -> str:
    pure = PurePosixPath(path)
    if (
        pure.is_absolute()
        or not path
        or "\0" in path
        or "\\" in path
        or any(part in ("..", ".", "") for part in path.split("/"))
    ):
        raise ValueError(f"refusing to write outside the output folder: {path!r}")
    return path


def _unchanged(old: Path, data: bytes) -> bool:
    try:
        return old.stat().st_size == len(data) and old.read_bytes() == data
    except OSError:
        return False


def _move_in(staging: Path, out_dir: Path, changed: list[str]) -> None:
    """Move each staged file over its old version (making way where a file became a folder)."""
    for path in changed:
        target = out_dir / path
        _make_folder(target.parent, out_dir)
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        os.replace(staging / path, target)


def _make_folder(folder: Path, out_dir: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        for parent in [*reversed(folder.relative_to(out_dir).parents), folder.relative_to(out_dir)]:
            where = out_dir / parent
            if where.is_symlink() or (where.exists() and not where.is_dir()):
                where.unlink()
        folder.mkdir(parents=True, exist_ok=True)


def _remove_stale(out_dir: Path, claimed: set[str], listed: set[str] | None) -> None:
    """Delete the files the build did not make (those the last build listed, or all found),
    then the folders left empty."""
    if listed is None:
        _prune(str(out_dir), "", claimed)
        return
    for path in sorted(p for p in listed if p.casefold() not in claimed):
        target = out_dir / _safe_relative(path)
        if target.is_symlink() or target.is_file():
            target.unlink()
        for folder in target.parents:
            if folder == out_dir or not folder.is_relative_to(out_dir):
                break
            try:
                folder.rmdir()  # only succeeds when empty
            except OSError:
                break


def _manifest(out_dir: Path) -> Path:
    """Beside the output: the files the last build made there, so that no walk is needed."""
    return out_dir.with_name(f".{out_dir.name}.files")


def _read_manifest(out_dir: Path) -> set[str] | None:
    try:
        lines = _manifest(out_dir).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    listed = set()
    for line in lines:
        try:
            listed.add(_safe_relative(line))
        except ValueError:
            return None  # not written by us: walk the output instead
    return listed


def _write_manifest(out_dir: Path, paths: Iterable[str]) -> None:
    target = _manifest(out_dir)
    temp = target.with_name(f"{target.name}.{os.getpid()}")
    temp.write_text("".join(f"{p}\n" for p in sorted(paths)), encoding="utf-8")
    os.replace(temp, target)


def _prune(folder: str, rel: str, claimed: set[str]) -> bool:
    """Prune one folder (depth first); True when it is left empty."""
    empty = True
    with os.scandir(folder) as entries:
        for entry in entries:
            name = rel + entry.name
            if entry.is_dir(follow_symlinks=False):
                if _prune(entry.path, name + "/", claimed):
                    os.rmdir(entry.path)
                else:
                    empty = False
            elif name.casefold() in claimed:
                empty = False
            else:
                os.unlink(entry.path)
    return empty
