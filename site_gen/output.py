"""The only writer: stages the whole site beside the output folder, then swaps it in atomically."""

from __future__ import annotations

import contextlib
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
class Placed:
    """A file a worker process has already put in the staging folder (`Staging.place`)."""

    path: str
    source: str
    changed: bool  # its bytes differ from the old output's


@dataclass(frozen=True, slots=True)
class WriteStats:
    written: int  # files whose bytes changed or are new
    kept: int  # files left as they were (same bytes, same mtime)


class Staging:
    """The folder beside the output where a build is written before it is swapped in.

    Made before any worker starts, so that workers can `place` their files themselves.
    """

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir.absolute()
        recover(self.out_dir)
        refuse_foreign(self.out_dir)
        self.path = self.out_dir.with_name(f".{self.out_dir.name}.tmp-{os.getpid()}")
        shutil.rmtree(self.path, ignore_errors=True)
        self.path.mkdir(parents=True)
        self._folders: set[str] = set()  # made already: one mkdir per folder, not per file

    def place(self, file: OutputFile) -> bool:
        """Put one file in the staging folder (from any process); True when its bytes changed.

        A file whose bytes are unchanged is hard-linked from the old output, so it keeps its
        mtime. A path that would leave the output folder fails the build.
        """
        path = _safe_relative(file)
        target = os.path.join(self.path, path)
        folder = os.path.dirname(path)
        if folder not in self._folders:
            os.makedirs(os.path.join(self.path, folder), exist_ok=True)
            self._folders.add(folder)
        old = os.path.join(self.out_dir, path)
        try:
            if file.unchanged:  # checked by the caller just before: no bytes were kept for it
                _link(old, target)
                return False
            if _same_bytes(old, file.data):
                with contextlib.suppress(OSError):  # else: write the bytes after all
                    _link(old, target)
                    return False
            with open(target, "wb") as handle:
                handle.write(file.data)
        except OSError as exc:
            message = f"cannot write /{file.path}: {exc.strerror}"
            raise BuildFailed([Problem(file.source, 1, 1, message)]) from exc
        return True


def write_site(
    files: Iterable[OutputFile | Placed], out_dir: Path, staging: Staging | None = None
) -> WriteStats:
    """Write every file into a staging folder, then swap it with `out_dir` in one step.

    Files may come `Placed` already by workers of `staging`. If anything fails (or the process
    dies) before the swap, `out_dir` is as it was.
    """
    staging = Staging(out_dir) if staging is None else staging
    claimed: dict[str, str] = {}
    written = kept = 0
    try:
        for file in files:
            key = unicodedata.normalize("NFKC", file.path).casefold()
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
            changed = file.changed if isinstance(file, Placed) else staging.place(file)
            written, kept = (written + 1, kept) if changed else (written, kept + 1)
        _swap(staging.path, staging.out_dir)
    finally:
        shutil.rmtree(staging.path, ignore_errors=True)
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


def _same_bytes(old: str, data: bytes) -> bool:
    try:
        if os.stat(old).st_size != len(data):
            return False
        with open(old, "rb") as handle:
            return handle.read() == data
    except OSError:
        return False


def _link(old: str, target: str) -> None:
    """Hard-link the old output file; a file placed there already stays (a duplicate path is
    reported by `write_site` with both of its sources)."""
    with contextlib.suppress(FileExistsError):
        os.link(old, target)


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
