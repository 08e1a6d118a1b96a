"""Typed field readers: each turns one YAML value into a checked Python value, or a problem."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

from site_gen.errors import Problem
from site_gen.model import Source, When
from site_gen.sources import ID_PATTERN, Document
from site_gen.yamltree import Key

MAX_TEXT = 20_000  # characters in one text field
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{1,2}:\d{2}")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*\Z")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
WEB_SCHEMES = ("http", "https")


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`did you mean 'narendra-modi'?`, or "" when nothing is near."""
    near = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean {near[0]!r}?" if near else ""


class Fields:
    """Reads the fields of one document, collecting a problem for each bad one."""

    def __init__(self, doc: Document, allowed: Iterable[str]) -> None:
        self.doc = doc
        self.data: dict[str, Any] = doc.tree.data
        self.problems: list[Problem] = []
        allowed = set(allowed)
        for key in self.data:
            if key not in allowed:
                self.warn(
                    (key,),
                    f"unknown field {key!r} is ignored",
                    did_you_mean(key, allowed)
                    or f"{doc.kind} fields: {', '.join(sorted(allowed))}",
                    at_key=True,
                )

    # -- reporting -----------------------------------------------------------------------------
    def error(self, key: Key, message: str, hint: str = "") -> None:
        loc = self.doc.tree.loc(key)
        self.problems.append(Problem(self.doc.path, loc.line, loc.column, message, hint))

    def warn(self, key: Key, message: str, hint: str = "", at_key: bool = False) -> None:
        loc = self.doc.tree.loc(key)
        self.problems.append(
            Problem(self.doc.path, loc.line, 1 if at_key else loc.column, message, hint, "warning")
        )

    def _get(self, key: Key) -> Any:
        value: Any = self.data
        for part in key:
            value = value[part]
        return value

    def _missing(self, key: Key, required: bool, example: str) -> None:
        if required:
            loc = self.doc.tree.loc(key)
            name = ".".join(str(k) for k in key)
            if key in self.doc.tree.locs:  # present but empty
                self.problems.append(
                    Problem(
                        self.doc.path,
                        loc.line,
                        loc.column,
                        f"{name!r} is empty",
                        f"write it as {example}",
                    )
                )
            else:
                self.problems.append(
                    Problem(
                        self.doc.path,
                        loc.line,
                        loc.column,
                        f"the required field {name!r} is missing",
                        f"add `{key[-1]}: {example}`",
                    )
                )

    # -- scalars -------------------------------------------------------------------------------
    def text(
        self,
        *key: str | int,
        required: bool = False,
        example: str = "some text",
        limit: int = MAX_TEXT,
    ) -> str:
        value = self._lookup(key)
        if value is None:
            self._missing(key, required, example)
            return ""
        raw = self.doc.tree.loc(key).raw if type(value) is not str else None
        if isinstance(value, bool):
            self.error(
                key,
                f"{_name(key)!r} was read as the boolean {str(value).lower()} "
                f"(YAML reads {raw} so)",
                f'put it in quotes: "{raw}"',
            )
            return ""
        if isinstance(value, int | float):
            value = raw if raw is not None else str(value)
        if not isinstance(value, str):
            self.error(
                key, f"{_name(key)!r} must be text, not a {_kind(value)}", f"write it as {example}"
            )
            return ""
        value = value.strip()
        if not value:
            self._missing(key, required, example)
            return ""
        if len(value) > limit:
            self.error(
                key,
                f"{_name(key)!r} is {len(value):,} characters; the limit is {limit:,}",
                "shorten it, or move long text into the Markdown file",
            )
            return ""
        if _CONTROL.search(value):
            self.error(key, f"{_name(key)!r} contains a control character", "retype the text")
            return ""
        return value

    def ident(self, *key: str | int, required: bool = False, example: str = "an-id") -> str:
        value = self.text(*key, required=required, example=example, limit=80)
        if value and not ID_PATTERN.match(value):
            loc = self.doc.tree.loc(key)
            if loc.raw is not None and not isinstance(self._lookup(key), str):
                self.error(
                    key,
                    f"{key[-1]!r} must be an id, not the number {loc.raw}",
                    f"write it as {example}",
                )
            else:
                self.error(
                    key,
                    f"{key[-1]!r} is {value!r}, which is not an id",
                    f"ids are lower-case letters, digits and hyphens, e.g. {example}",
                )
            return ""
        return value

    def flag(self, *key: str, default: bool = False) -> bool:
        value = self._lookup(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.error(
                key, f"{key[-1]!r} must be true or false, not {value!r}", "write true or false"
            )
            return default
        return value

    def language(self, *key: str, default: str) -> str:
        value = self.text(*key)
        if value and not _LANGUAGE.match(value):
            self.error(
                key,
                f"{key[-1]!r} is {value!r}, which is not a language tag",
                "use a BCP 47 tag such as en, fr, pt-BR, fa",
            )
            return default
        return value or default

    def when(self, *key: str | int, required: bool = False) -> When | None:
        """A date (`2024-11-06`) or an offset-aware date-time (`2024-11-06T14:05:00+05:30`)."""
        example = "2024-11-06T14:05:00+05:30"
        value = self._lookup(key)
        name = key[-1]
        if value is None or value == "":
            self._missing(key, required, example)
            return None
        if not isinstance(value, str) or isinstance(value, bool):
            raw = self.doc.tree.loc(key).raw or str(value)
            self.error(
                key,
                f"{name!r} is {raw}, which is not a date",
                f"write a date like 2024-11-06 or {example}",
            )
            return None
        text = value.strip()
        try:
            if _DAY.match(text):
                day = date.fromisoformat(text)
                return When(text, None, day)
            if not _DATETIME.match(text):
                raise ValueError(text)
            moment = datetime.fromisoformat(text)
        except ValueError:
            self.error(
                key,
                f"{name!r} is {text!r}, which is not a real date or time",
                f"write a date like 2024-11-06 or {example}",
            )
            return None
        if moment.tzinfo is None:
            self.error(
                key,
                f"{name!r} is {text} with no UTC offset",
                f"write it as {moment.isoformat()}+00:00, with the offset where it was said",
            )
            return None
        return When(text, moment, moment.date())

    def url(self, *key: str | int, required: bool = False) -> str:
        value = self.text(*key, required=required, example="https://...", limit=2000)
        if value and not is_web_url(value):
            self.error(
                key,
                f"{key[-1]!r} is {value!r}, which is not an http(s) address",
                "copy the full address, starting with https://",
            )
            return ""
        return value

    def tags(self, *key: str) -> tuple[str, ...]:
        value = self._lookup(key)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.error(key, f"{key[-1]!r} must be a list", "write it as [word, other-word]")
            return ()
        tags = [self.text(*key, i) for i in range(len(value))]
        return tuple(sorted({t.lower() for t in tags if t}))

    def sources(self, *key: str) -> tuple[Source, ...]:
        value = self._lookup(key)
        example = "a list of `- url: https://...` entries"
        if not value:
            self._missing(key, True, example)
            return ()
        if not isinstance(value, list):
            self.error(key, f"{key[-1]!r} must be a list of sources", f"write it as {example}")
            return ()
        result = []
        for i, item in enumerate(value):
            if isinstance(item, str):  # a bare URL is a source with no more said
                url = self.url(*key, i, required=True)
                result.append(Source(url, "", "", "", ""))
                continue
            if not isinstance(item, dict):
                self.error((*key, i), "each source must be a mapping with a url", example)
                continue
            for extra in sorted(
                set(item) - {"url", "title", "publisher", "accessed", "archive_url"}
            ):
                self.warn(
                    (*key, i, extra), f"unknown source field {extra!r} is ignored", at_key=True
                )
            accessed = self.when(*key, i, "accessed") if "accessed" in item else None
            title = self.text(*key, i, "title")
            if not title:
                self.warn(
                    (*key, i), "this source has no title", "add `title:` as the page shows it"
                )
            result.append(
                Source(
                    url=self.url(*key, i, "url", required=True),
                    title=title,
                    publisher=self.text(*key, i, "publisher"),
                    accessed=accessed.written if accessed else "",
                    archive_url=self.url(*key, i, "archive_url"),
                )
            )
        return tuple(result)

    def links(self, *key: str) -> tuple[tuple[str, str], ...]:
        value = self._lookup(key)
        if value is None:
            return ()
        if not isinstance(value, dict):
            self.error(
                key,
                f"{key[-1]!r} must be a mapping of names to addresses",
                "write it as `wikipedia: https://...`",
            )
            return ()
        return tuple((str(name), url) for name in sorted(value) if (url := self.url(*key, name)))

    def _lookup(self, key: Key) -> Any:
        try:
            return self._get(key)
        except (KeyError, IndexError, TypeError):
            return None


def is_web_url(value: str) -> bool:
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in WEB_SCHEMES and bool(parts.netloc) and not re.search(r"\s", value)


def _kind(value: object) -> str:
    if isinstance(value, dict):
        return "mapping"
    return "list" if isinstance(value, list) else type(value).__name__


def _name(key: Key) -> str:  # computed only for a problem: `text` is called for every field
    return ".".join(str(k) for k in key)
