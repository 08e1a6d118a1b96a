"""Problems found in content or templates, and how they are shown to editors."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One thing wrong at one place: `path:line:column: message; hint`."""

    path: str
    line: int
    column: int
    message: str
    hint: str = ""
    severity: Severity = "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def __str__(self) -> str:
        label = "warning: " if self.severity == "warning" else ""
        hint = f"; {self.hint}" if self.hint else ""
        text = f"{self.path}:{self.line}:{self.column}: {label}{self.message}{hint}"
        if text.isprintable():  # the usual case: no character to escape
            return text
        return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)  # one line


class BuildFailed(Exception):
    """Raised when content or templates have errors; nothing was written."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(sorted(problems))
        super().__init__(summarize(self.problems))


def errors_in(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.is_error]


def summarize(problems: Sequence[Problem]) -> str:
    """`3 problems in 2 files` (errors and warnings counted apart)."""
    errors = errors_in(problems)
    warnings = len(problems) - len(errors)
    files = len({p.path for p in problems})
    parts = []
    if errors:
        parts.append(_plural(len(errors), "problem"))
    if warnings:
        parts.append(_plural(warnings, "warning"))
    if not parts:
        return "no problems"
    return f"{' and '.join(parts)} in {_plural(files, 'file')}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
