"""Reading a text file: UTF-8 (BOM and CRLF accepted), regular files only, size-capped; and
having files on disk read into memory ahead of the reading."""

from __future__ import annotations

import os
import stat
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from site_gen.errors import Problem


def decode_file(path: str | Path, rel: str, limit: int) -> tuple[str | None, list[Problem]]:
    """Read a text file as UTF-8 (a byte-order mark and CRLF are accepted)."""
    data, problems = read_bytes(path, rel, limit)
    if data is None:
        return None, problems
    return decode_bytes(data, rel)


def read_bytes(path: str | Path, rel: str, limit: int) -> tuple[bytes | None, list[Problem]]:
    """The bytes of a regular file of at most `limit` bytes, or None and why not."""
    try:
        # plain system calls: a file object costs more than this; O_NONBLOCK so that a pipe
        # cannot block the open, and then it is refused for not being a regular file
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                return None, [Problem(rel, 1, 1, "this is not a regular file", "remove it")]
            size = info.st_size
            if size > limit:
                return None, [
                    Problem(
                        rel,
                        1,
                        1,
                        f"the file is {size:,} bytes; the limit is {limit:,}",
                        "split it or shorten it",
                    )
                ]
            data = os.read(fd, size + 1)  # a byte more than the size: a short read is the end
            if len(data) > size:  # it grew since (or says size 0, as /proc does): read the rest
                chunks = [data]
                while chunk := os.read(fd, 1 << 16):
                    chunks.append(chunk)
                data = b"".join(chunks)
        finally:
            os.close(fd)
    except OSError as exc:
        return None, [Problem(rel, 1, 1, f"cannot read the file: {exc.strerror}")]
    return data, []


PROBES = 8  # files looked at, spread over a listing, to tell whether it is in memory


def on_disk_only(paths: Sequence[str]) -> bool:
    """Whether some of `paths` (PROBES of them, spread over the list) are not in the system's
    page cache, so that reading them would wait for the disk: as after a restart. A read
    asked not to wait (RWF_NOWAIT) tells, without waiting. False where the system cannot
    tell (no RWF_NOWAIT) and for files that cannot be read that way."""
    nowait = getattr(os, "RWF_NOWAIT", None)
    if nowait is None or not paths:
        return False
    step = max(1, len(paths) // PROBES)
    buffer = bytearray(1)
    for path in paths[::step]:
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        except OSError:
            continue
        try:
            os.preadv(fd, [buffer], 0, nowait)
        except BlockingIOError:
            return True
        except OSError:  # a pipe, a device, a file system without it: nothing to tell
            continue
        finally:
            os.close(fd)
    return False


def read_ahead(paths: Sequence[str]) -> Callable[[], None]:
    """Have the kernel read `paths` into its page cache, in order, while the caller reads and
    parses them; returns the function that stops it (and waits for it to stop).

    A thread asks for each file (POSIX_FADV_WILLNEED), which does not wait for the disk: the
    reads are queued, and the disk serves many at once where the caller, reading one file at
    a time, waits for each. After the caller has read a file, the disk has already read
    many more. Where the system has no such call, nothing is done."""
    advise = getattr(os, "posix_fadvise", None)
    if advise is None or not paths:
        return lambda: None
    stopped = threading.Event()

    def run() -> None:
        for path in paths:
            if stopped.is_set():
                return
            try:
                fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a pipe cannot block it
            except OSError:
                continue
            try:
                advise(fd, 0, 0, os.POSIX_FADV_WILLNEED)
            except OSError:
                pass  # a pipe or a device: nothing to read ahead
            finally:
                os.close(fd)

    thread = threading.Thread(target=run, name="site-gen read-ahead", daemon=True)
    thread.start()

    def stop() -> None:
        stopped.set()
        thread.join()

    return stop


def decode_bytes(data: bytes, rel: str) -> tuple[str | None, list[Problem]]:
    """The bytes of a file as `decode_file` decodes them: UTF-8 text with LF line ends."""
    if b"\0" in data:
        line, column = _position(data, data.index(b"\0"))
        return None, [
            Problem(
                rel,
                line,
                column,
                "the file is binary (it holds a NUL byte)",
                "save it as UTF-8 text",
            )
        ]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = _position(data, exc.start)
        return None, [
            Problem(
                rel,
                line,
                column,
                f"the file is not UTF-8 (byte {data[exc.start]:#04x})",
                "save it as UTF-8",
            )
        ]
    return text.replace("\r\n", "\n"), []


def _position(data: bytes, offset: int) -> tuple[int, int]:
    before = data[:offset]
    line = before.count(b"\n") + 1
    column = offset - (before.rfind(b"\n") + 1) + 1
    return line, column
