"""The only writer: stages the whole site beside the output folder, then swaps it in atomically."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import re
import shutil
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from site_gen.errors import BuildFailed, Problem

MARKER = ".nojekyll"  # every site-gen output has it; a folder without it is not ours to replace
_RENAME_EXCHANGE = 2
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class OutputFile:
    path: str  # relative, POSIX
    data: bytes
    source: str  # what produced it, for error messages
    unchanged: bool = False  # known to be the bytes already in the output: keep that file


@dataclass(frozen=True, slots=True)
class WriteStats:
    written: int  # files whose bytes changed or are new
    kept: int  # files left as they were (same bytes, same mtime)


def write_site(files: Iterable[OutputFile], out_dir: Path) -> WriteStats:
    """Write every file into a staging folder, then swap it with `out_dir` in one step.

    A file whose bytes are unchanged is hard-linked from the old output, so it keeps its mtime.
    If anything fails (or the process dies) before the swap, `out_dir` is as it was.
    """
    out_dir = out_dir.absolute()
    recover(out_dir)
    refuse_foreign(out_dir)
    staging = out_dir.with_name(f".{out_dir.name}.tmp-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    claimed: dict[str, str] = {}
    folders: set[str] = set()  # made in staging already: one mkdir per folder, not per file
    written = kept = 0
    try:
        for file in files:
            key = unicodedata.normalize("NFKC", _safe_relative(file)).casefold()
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
            try:
                changed = _place(file, out_dir, staging, folders)
            except OSError as exc:
                message = f"cannot write /{file.path}: {exc.strerror}"
                raise BuildFailed([Problem(file.source, 1, 1, message)]) from exc
            written, kept = (written + 1, kept) if changed else (written, kept + 1)
        _swap(staging, out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return WriteStats(written, kept)


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


def _safe_relative(file: OutputFile) -> str:
    """The file's path, if it stays inside the output folder; otherwise the build fails."""
    path = file.path
    parts = path.split("/")
    if (
        PurePosixPath(path).is_absolute()
        or not path
        or _CONTROL.search(path)
        or "\\" in path
        or any(part in ("..", ".", "") for part in parts)
        or any(len(part.encode("utf-8")) > 255 for part in parts)
    ):
        message = f"refusing to write {path!r}: it is not a plain path inside the output folder"
        raise BuildFailed([Problem(file.source, 1, 1, message, "rename the file")])
    return path


def _place(file: OutputFile, out_dir: Path, staging: Path, folders: set[str]) -> bool:
    """Put one file in the staging folder; True when its bytes differ from the old output."""
    target = staging / file.path
    folder = file.path.rpartition("/")[0]
    if folder not in folders:
        target.parent.mkdir(parents=True, exist_ok=True)
        folders.add(folder)
    old = out_dir / file.path
    if file.unchanged:  # checked by the caller just before: no bytes were kept for it
        os.link(old, target)
        return False
    try:
        if old.stat().st_size == len(file.data) and old.read_bytes() == file.data:
            os.link(old, target)
            return False
    except OSError:
        pass
    target.write_bytes(file.data)
    return True


def _swap(staging: Path, out_dir: Path) -> None:
    if not out_dir.exists():
        os.rename(staging, out_dir)
        return
    if _exchange(staging, out_dir):
        return  # staging now holds the old output; the caller removes it
    old = out_dir.with_name(f".{out_dir.name}.old")
    os.rename(out_dir, old)  # a kill between these two renames is undone by recover()
    os.rename(staging, out_dir)
    shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders atomically with Linux's renameat2(RENAME_EXCHANGE), where available."""
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd = -100
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(result == 0)
