"""Which paths a build may write: plain relative paths, each made from one source only."""

from __future__ import annotations

import re
import unicodedata

from site_gen.errors import BuildFailed, Problem

# letters, digits, "-", "_" and inner dots, in parts joined by "/": nothing to refuse
_PLAIN_PATH = re.compile(r"[\w-]+(?:\.[\w-]+)*(?:/[\w-]+(?:\.[\w-]+)*)*", re.ASCII)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def is_plain(path: str) -> bool:
    """True for the usual paths (letters, digits, `-`, `_`, inner dots): nothing to refuse."""
    return len(path) <= 255 and _PLAIN_PATH.fullmatch(path) is not None


def check_path(path: str, source: str) -> None:
    """Fail the build unless `path` is a plain relative path inside the output folder."""
    if is_plain(path):  # the usual case, decided at once
        return
    parts = path.split("/")
    if (
        path.startswith("/")
        or not path
        or _CONTROL.search(path)
        or "\\" in path
        or any(part in ("..", ".", "") for part in parts)
        or any(len(part.encode("utf-8")) > 255 for part in parts)
    ):
        message = f"refusing to write {path!r}: it is not a plain path inside the output folder"
        raise BuildFailed([Problem(source, 1, 1, message, "rename the file")])


def claim(claimed: dict[str, str], path: str, source: str) -> None:
    """Note that `source` makes `path`; fail if another source makes the same path, or one
    that a case-insensitive or Unicode-normalising file system (macOS, Windows) takes for it."""
    key = path.lower() if path.isascii() else unicodedata.normalize("NFKC", path).casefold()
    if key in claimed:
        raise BuildFailed(
            [
                Problem(
                    source,
                    1,
                    1,
                    f"/{path} is also made from {claimed[key]}",
                    "give one of the two another id",
                )
            ]
        )
    claimed[key] = source
