"""Reading a text file: UTF-8 (BOM and CRLF accepted), regular files only, size-capped."""

from __future__ import annotations

import os
import stat
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
