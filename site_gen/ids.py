"""What makes a record id: the pattern, the length, names Windows reserves, one id per record."""

from __future__ import annotations

import re
import unicodedata

from site_gen.errors import Problem

ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
MAX_ID = 80
_RESERVED = {"con", "prn", "aux", "nul"} | {f"{d}{n}" for d in ("com", "lpt") for n in range(10)}


def is_reserved(name: str) -> bool:
    """True for names Windows reserves for devices (`con`, `nul`, `com1`, ...), any case."""
    return name.split(".")[0].lower() in _RESERVED


def checked_stem(
    stem: str, name: str, rel: str, kind: str, claims: dict[tuple[str, str], str]
) -> tuple[str | None, Problem | None]:
    """The file's id, or None and a problem when it is invalid or another file has it.

    `claims` maps (kind, folded id) to the file that claimed it first: two files whose names
    match after case folding and Unicode normalisation would claim one address.
    """
    if kind == "country":
        stem = stem.lower()
    folded = unicodedata.normalize("NFKC", stem).casefold()
    other = claims.setdefault((kind, folded), rel)
    if other != rel:
        message = f"this {kind} and {other} claim the same id {folded!r} (and address)"
        return None, Problem(rel, 1, 1, message, "rename or remove one of the two")
    if not ID_PATTERN.match(stem) or len(stem) > MAX_ID:
        hint = f"use lowercase letters, digits and hyphens, at most {MAX_ID}"
        return None, Problem(rel, 1, 1, f"the file name {name!r} is not a valid id", hint)
    if is_reserved(stem):
        message = f"the id {stem!r} is a device name that Windows reserves"
        return None, Problem(rel, 1, 1, message, f"add a word, e.g. {stem}-2024")
    return stem, None
