"""The only writer: every file of a build goes into a staging folder, which then replaces the
output folder in one atomic step.

The staging folder is the output of the build before last, kept beside the output as
`.<output>.prev`: a build brings it up to date file by file (an unchanged file becomes a hard
link to the current output's, a changed one is written anew, a file no longer made is removed),
then swaps it with the output (renameat2 RENAME_EXCHANGE): re-creating and deleting 11,000
folders at every build cost seconds. Only a build holding its lock (flock) reuses the folder;
another, running at the same time, writes one of its own. A build that stops half-way leaves
the output as it was; the next one checks every file again.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import shutil
from collections.abc import Iterable, Set
from dataclasses import dataclass
from pathlib import Path

from site_gen.errors import BuildFailed, Problem
from site_gen.listing import Listing, prune
from site_gen.outpaths import check_path, claim, is_plain

MARKER = ".nojekyll"  # every site-gen output has it; a folder without it is not ours to replace
_RENAME_EXCHANGE = 2


@dataclass(frozen=True, slots=True)
class OutputFile:
    path: str  # relative, POSIX
    data: bytes
    source: str  # what produced it, for error messages


@dataclass(frozen=True, slots=True)
class Placed:
    """A file a worker process has already put in the staging folder (`Staging.place`)."""

    path: str
    source: str
    changed: bool  # its bytes differ from the old output's
    rendered: bool = False  # a page rendered by this build, not kept by the page cache


@dataclass(frozen=True, slots=True)
class WriteStats:
    written: int  # files whose bytes changed or are new
    kept: int  # files left as they were (same bytes, same mtime)


def write_site(
    files: Iterable[OutputFile | Placed], out_dir: Path, staging: Staging | None = None
) -> WriteStats:
    """Write every file into a staging folder, then swap it with `out_dir` in one step.

    Files may come `Placed` already by workers of `staging`. If anything fails (or the process
    dies) before the swap, `out_dir` is as it was.
    """
    staging = Staging(out_dir) if staging is None else staging
    claimed: dict[str, str] = {}
    made: set[str] = set()
    written = kept = 0
    try:
        for file in files:
            if not made:  # the workers have started: list the old files meanwhile
                staging.list_old_files()
            claim(claimed, file.path, file.source)
            made.add(file.path)
            if isinstance(file, Placed):
                changed = file.changed
            else:
                changed = staging.place(file.path, file.data, file.source)
            written, kept = (written + 1, kept) if changed else (written, kept + 1)
        staging.finish(made)
    finally:
        staging.close()
    return WriteStats(written, kept)


class Staging:
    """Made before any worker starts, so that workers can `place` their files themselves."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir.absolute()
        recover(self.out_dir)
        refuse_foreign(self.out_dir)
        self.path = self.out_dir.with_name(f".{self.out_dir.name}.prev")
        self._lock = _locked(self.path)
        if self._lock is None:  # another build uses it: write a folder of our own
            self.path = self.out_dir.with_name(f".{self.out_dir.name}.tmp-{os.getpid()}")
            shutil.rmtree(self.path, ignore_errors=True)
            self.path.mkdir(parents=True)
        # the folders with a trailing separator, for `keep` to join paths by hand (it looks at
        # every page of a site, and os.path.join on a Path takes a microsecond)
        self._prefix = os.path.join(self.path, "")
        self._out_prefix = os.path.join(self.out_dir, "")
        self._folders: set[str] = set()  # made already by this process
        self._listing: Listing | None = None
        self._closed = False
        # nothing to compare with or to replace: a first build into a new folder
        self._fresh = not self.out_dir.exists() and not any(self.path.iterdir())

    def place(self, path: str, data: bytes, source: str) -> bool:
        """Put one file in the folder (from any process); True when its bytes changed.

        A file with the output's bytes becomes a hard link to it, so it keeps its mtime and
        inode (a file known unchanged without its bytes is taken by `keep`).
        """
        check_path(path, source)
        target = os.path.join(self.path, path)
        if self._fresh and self._written(path, target, data):
            return True
        old = os.path.join(self.out_dir, path)
        try:
            self._make_folder(os.path.dirname(path))
            if _same_bytes(old, data):
                with contextlib.suppress(OSError):  # else it is written anew
                    _link(old, target)
                    return False
            with contextlib.suppress(FileNotFoundError):
                os.unlink(target)  # it may be a link to the output's file: never write through
            _create(target, data)
        except IsADirectoryError as exc:  # a folder of the build before last stands there
            try:
                shutil.rmtree(target)
            except OSError as failure:
                raise _cannot_write(path, source, failure) from exc
            return self.place(path, data, source)
        except OSError as exc:
            raise _cannot_write(path, source, exc) from exc
        return True

    def _written(self, path: str, target: str, data: bytes) -> bool:
        """Write a file into a fresh folder; False if something stands in the way."""
        with contextlib.suppress(OSError):
            self._make_folder(os.path.dirname(path))
            _create(target, data)
            return True
        return False

    def keep(self, path: str, stamp: tuple[int, int, int]) -> bool:
        """Take the output's file as it is, if it still has the `stamp` it was made with (a
        file edited by hand since has another, and is made again); True if so.

        The folder, the output of the build before last, usually holds that very file (the
        same inode: a hard link), unchanged: then one look at it is enough."""
        if not is_plain(path):  # only paths this build would write (the store is a file)
            return False
        target = self._prefix + path
        try:
            found = os.stat(target)
            if (found.st_size, found.st_mtime_ns, found.st_ino) == stamp:
                return True
        except FileNotFoundError:
            found = None
        except OSError:
            return False
        old = self._out_prefix + path
        try:
            current = os.stat(old)
            if (current.st_size, current.st_mtime_ns, current.st_ino) != stamp:
                return False
            if found is None:
                self._make_folder(os.path.dirname(path))
            else:
                os.unlink(target)
            os.link(old, target)
        except OSError:
            return False
        return True

    def stamp(self, path: str) -> tuple[int, int, int]:
        """(size, mtime, inode) of a file placed in the folder: it keeps them once swapped in,
        and as long as later builds keep it."""
        found = os.stat(self._prefix + path)
        return found.st_size, found.st_mtime_ns, found.st_ino

    def list_old_files(self, thread: bool = True) -> None:
        """Start listing the folder, for `finish` to remove what was not made.

        It is listed by a forked process where this one runs no other thread, else on a
        thread (`Listing`); with `thread` False, not on a thread, as workers are still to be
        forked (no fork may copy a running thread): call it again once they have. A file
        not made by this build is not touched by it, so the listing, made while the build
        writes, holds it; a file the build makes may be missed, as it is kept anyway.
        """
        if self._fresh or self._listing is not None:
            return
        if thread or Listing.forks():
            self._listing = Listing(str(self.path))

    def finish(self, made: Set[str]) -> None:
        """Remove what this build did not make, then swap the folder with the output."""
        if not self._fresh:  # a fresh folder holds only what this build wrote
            listed = None if self._listing is None else self._listing.result()
            prune(self.path, made, listed)
        if not self.out_dir.exists():
            os.rename(self.path, self.out_dir)
        elif not _exchange(self.path, self.out_dir):
            old = self.out_dir.with_name(f".{self.out_dir.name}.old")
            os.rename(self.out_dir, old)  # a kill between these two renames: see recover()
            os.rename(self.path, self.out_dir)
            os.rename(old, self.path)
        if self._lock is None:
            shutil.rmtree(self.path, ignore_errors=True)

    def close(self) -> None:
        """Let go of the folder (after `finish`, or a failure: it stays for the next build)."""
        if self._closed:
            return
        self._closed = True
        if self._listing is not None:
            self._listing.cancel()
        if self._lock is None:
            shutil.rmtree(self.path, ignore_errors=True)
        else:
            os.close(self._lock)

    def _make_folder(self, folder: str) -> None:
        """Make `folder` (relative) and the folders above it, once per process: one mkdir
        each, as what is above was made first."""
        if not folder or folder in self._folders:
            return
        self._make_folder(folder.rpartition("/")[0])
        full = os.path.join(self.path, folder)
        try:
            os.mkdir(full)
        except FileExistsError:
            if not os.path.isdir(full):  # a file of the build before last
                _clear_files_on_the_way(str(self.path), folder)
                os.makedirs(full, exist_ok=True)
        self._folders.add(folder)


def replace_file(out_dir: Path, path: str, data: bytes) -> None:
    """Replace one file of a built folder in place (for `serve`'s preview, never the output):
    a new file renamed over the old, so no hard link to it is written through."""
    check_path(path, f"/{path}")
    target = out_dir / path
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    temp.write_bytes(data)
    os.replace(temp, target)


def remove_stale(out_dir: Path, folder: str, keep: set[str]) -> None:
    """Remove the files below `folder` of a built folder that are not in `keep` (for `serve`:
    a job that makes a whole folder may make other files after an edit)."""
    base = out_dir / folder
    for found in [p for p in base.rglob("*") if p.is_file()] if base.is_dir() else []:
        if found.relative_to(out_dir).as_posix() not in keep:
            found.unlink()


def recover(out_dir: Path) -> None:
    """After a build killed between its two renames (no renameat2): put the output back."""
    old = out_dir.with_name(f".{out_dir.name}.old")
    if old.is_dir() and not out_dir.exists():
        os.rename(old, out_dir)
    shutil.rmtree(old, ignore_errors=True)
    for stale in out_dir.parent.glob(f".{out_dir.name}.tmp-*"):
        shutil.rmtree(stale, ignore_errors=True)


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


def _locked(folder: Path) -> int | None:
    """An open descriptor of `folder` (made if missing) holding its lock, or None if taken
    (or where there is no flock: each build then writes a folder of its own)."""
    try:
        import fcntl  # POSIX only
    except ImportError:  # pragma: no cover - not POSIX
        return None
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


def _same_bytes(old: str, data: bytes) -> bool:
    try:
        if os.stat(old).st_size != len(data):
            return False
        with open(old, "rb") as handle:
            return handle.read() == data
    except OSError:
        return False


def _link(old: str, target: str) -> None:
    """Make `target` the output's file `old` (nothing to do when it is already)."""
    try:
        if os.stat(target).st_ino == os.stat(old).st_ino:
            return
        os.unlink(target)
    except FileNotFoundError:
        pass
    os.link(old, target)


def _create(target: str, data: bytes) -> None:
    """Write `data` as a new file at `target` (FileExistsError if anything stands there):
    with os.open, as open() adds three system calls per file (fstat, ioctl, lseek)."""
    handle = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view) :]
    finally:
        os.close(handle)


def _cannot_write(path: str, source: str, exc: OSError) -> BuildFailed:
    return BuildFailed([Problem(source, 1, 1, f"cannot write /{path}: {exc.strerror}")])


def _clear_files_on_the_way(root: str, folder: str) -> None:
    """Remove files standing where the folders of `folder` must go."""
    current = root
    for part in folder.split("/"):
        current = os.path.join(current, part)
        if os.path.isfile(current) or os.path.islink(current):
            os.unlink(current)


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
