"""The old files of a recycled staging folder (output.py): listed while the build writes,
then every one the build did not make removed."""

from __future__ import annotations

import contextlib
import gc
import marshal
import os
import signal
import threading
from collections.abc import Iterable, Set
from pathlib import Path
from typing import NoReturn

Walked = tuple[str, list[str], list[str]]  # what os.walk gives for each folder


class Listing:
    """`os.walk(root, topdown=False)`, made while the build goes on; `result()` waits for it.

    It is walked by a forked process where this one runs no other thread: on a thread, the
    walk (a Python loop over 11,000 folders) waits for the lock every busy thread of the build
    takes turns on, and took up to a second. Where other threads run (`serve`), forking could
    copy a lock one of them holds, so it is walked on a thread.
    """

    def __init__(self, root: str) -> None:
        self._walked: list[Walked] | None = None
        self._pid = 0
        self._pipe = -1
        self._thread: threading.Thread | None = None
        if self.forks():
            read, write = os.pipe()
            pid = os.fork()
            if pid == 0:  # pragma: no cover - the child, which leaves by os._exit
                _send_walk(root, read, write)
            os.close(write)
            self._pid, self._pipe = pid, read
        else:
            self._thread = threading.Thread(target=self._run, args=(root,), daemon=True)
            self._thread.start()

    @staticmethod
    def forks() -> bool:
        """Whether the walk is made by a forked process (no other thread runs)."""
        return threading.active_count() == 1 and hasattr(os, "fork")

    def _run(self, root: str) -> None:
        self._walked = walk(root)

    def result(self) -> list[Walked] | None:
        """The walk (None if it failed), once it is done."""
        if self._pid:
            with open(self._pipe, "rb") as pipe:
                data = pipe.read()
            _, status = os.waitpid(self._pid, 0)
            self._pid = 0
            with contextlib.suppress(EOFError, ValueError, TypeError):
                if status == 0:
                    self._walked = marshal.loads(data)
        elif self._thread is not None:
            self._thread.join()
        return self._walked

    def cancel(self) -> None:
        """Stop a walk whose result is not wanted (the build failed)."""
        if self._pid:
            with contextlib.suppress(OSError):
                os.kill(self._pid, signal.SIGKILL)
            os.waitpid(self._pid, 0)
            os.close(self._pipe)
            self._pid = 0


def walk(root: str) -> list[Walked] | None:
    with contextlib.suppress(OSError):
        return list(os.walk(root, topdown=False))
    return None  # pragma: no cover - os.walk reports no error unless asked


def _send_walk(root: str, read: int, write: int) -> NoReturn:  # pragma: no cover - a child
    """In the forked child: walk `root`, write it to the pipe, and leave at once."""
    status = 1
    try:
        os.close(read)
        gc.disable()  # the parent's objects stay unscanned (and uncopied)
        data = marshal.dumps(walk(root))
        with open(write, "wb") as pipe:
            pipe.write(data)
        status = 0
    finally:
        os._exit(status)  # no exit handlers, no buffers of the parent flushed twice


def prune(root: Path, made: Set[str], listed: Iterable[Walked] | None = None) -> None:
    """Remove every file below `root` that is not in `made`, and the folders left empty;
    `listed` may give `os.walk(root, topdown=False)`, made before."""
    base = str(root)
    holding = set()  # every folder holding a file of this build
    for path in made:
        end = path.find("/")
        while end >= 0:
            holding.add(path[:end])
            end = path.find("/", end + 1)
    for folder, dirs, files in os.walk(base, topdown=False) if listed is None else listed:
        rel = folder[len(base) + 1 :]  # os.walk gives `base` + separator + the rest
        prefix = rel.replace(os.sep, "/") + "/" if rel else ""
        for name in files:
            if prefix + name not in made:
                # gone since it was listed, or a folder of this build's files now stands there
                with contextlib.suppress(FileNotFoundError, IsADirectoryError, NotADirectoryError):
                    os.unlink(os.path.join(folder, name))
        for name in dirs:
            if prefix + name not in holding:  # a folder of this build's files stays
                with contextlib.suppress(OSError):
                    os.rmdir(os.path.join(folder, name))
