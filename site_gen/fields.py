"""Typed field readers: each turns one YAML value into a checked Python value, or a problem."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from site_gen.errors import Problem
from site_gen.model import Source, When
from site_gen.sources import ID_PATTERN, Document
from site_gen.textcheck import PLACEHOLDER, key_label, key_name, kind_name, value_label
from site_gen.textcheck import did_you_mean as did_you_mean  # re-exported: it lived here
from site_gen.textcheck import is_web_url as is_web_url
from site_gen.yamltree import Key

MAX_TEXT = 20_000  # characters in one text field
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{1,2}:\d{2}")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*\Z")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


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

    def _missing(self, key: Key, required: bool, example: str) -> None:
        if required:
            name = ".".join(str(k) for k in key)
            if key in self.doc.tree.locs:  # present but empty
                self.error(key, f"{name!r} is empty", f"write it as {example}")
            else:
                self.error(
                    key, f"the required field {name!r} is missing", f"add `{key[-1]}: {example}`"
                )

    # -- scalars -------------------------------------------------------------------------------
    def text(
        self,
        *key: str | int,
        required: bool = False,
        example: str = "some text",
        limit: int = MAX_TEXT,
    ) -> str:
        name = key[0]
        value = (
            self.data.get(name) if len(key) == 1 and name.__class__ is str else self._lookup(key)
        )
        if value.__class__ is str:  # the usual case, decided with the fewest steps
            value = value.strip()
            if (
                value
                and len(value) <= limit
                and "REPLACE" not in value
                and not _CONTROL.search(value)
            ):
                return value
        if value is None:
            self._missing(key, required, example)
            return ""
        if isinstance(value, bool):
            raw = self.doc.tree.loc(key).raw
            self.error(
                key,
                f"{key_name(key)!r} was read as the boolean {str(value).lower()} "
                f"(YAML reads {raw} so)",
                f'put it in quotes: "{raw}"',
            )
            return ""
        if isinstance(value, int | float):
            raw = self.doc.tree.loc(key).raw
            value = raw if raw is not None else str(value)
        if not isinstance(value, str):
            self.error(
                key,
                f"{key_name(key)!r} must be text, not a {kind_name(value)}",
                f"write it as {example}",
            )
            return ""
        value = value.strip()
        if not value:
            self._missing(key, required, example)
            return ""
        if len(value) > limit:
            self.error(
                key,
                f"{key_name(key)!r} is {len(value):,} characters; the limit is {limit:,}",
                "shorten it, or move long text into the Markdown file",
            )
            return ""
        if _CONTROL.search(value):
            self.error(key, f"{key_name(key)!r} contains a control character", "retype the text")
            return ""
        if "REPLACE" in value and (found := PLACEHOLDER.search(value)):
            hint = f"replace it with the real {key_label(key)}"
            self.error(key, f"{key_name(key)!r} still has the placeholder {found.group()!r}", hint)
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
        moment: datetime | None = None
        try:
            if _DAY.match(text):
                day = date.fromisoformat(text)
            elif _DATETIME.match(text):
                moment = datetime.fromisoformat(text)
                day = moment.date()
            else:
                raise ValueError(text)
        except ValueError:
            self.error(
                key,
                f"{name!r} is {text!r}, which is not a real date or time",
                f"write a date like 2024-11-06 or {example}",
            )
            return None
        if not 1000 <= day.year <= 9998:  # time zone arithmetic overflows near years 1 and 9999
            self.error(key, f"{name!r} is {text}, too far from our time", "use a year 1000-9998")
            return None
        if moment is None:
            return When(text, None, day)
        if moment.tzinfo is None:
            self.error(
                key,
                f"{name!r} is {text} with no UTC offset",
                f"write it as {moment.isoformat()}+00:00, with the offset where it was said",
            )
            return None
        return When(text, moment, day)

    def url(self, *key: str | int, required: bool = False) -> str:
        value = self.text(*key, required=required, example="https://...", limit=2000)
        if value and not is_web_url(value):
            self.error(
                key,
                f"{value_label(key)} is {value!r}, which is not an http(s) address",
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
                set(item) - {"url", "title", "publisher", "accessed", "archive_url", "kind"}
            ):
                self.warn(
                    (*key, i, extra), f"unknown source field {extra!r} is ignored", at_key=True
                )
            accessed = self.when(*key, i, "accessed") if "accessed" in item else None
            title = self.text(*key, i, "title")
            if not title and not item.get("title"):  # a bad title has its own error
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
        value: Any = self.data
        try:
            for part in key:
                value = value[part]
        except (KeyError, IndexError, TypeError):
            return None
        return value
