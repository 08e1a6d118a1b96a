"""Readers of the content-format additions: milestones, acts, translations, corrections, kinds."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from site_gen.fields import Fields, did_you_mean
from site_gen.model import (
    ACTS,
    SILENT_ACTS,
    SOURCE_KINDS,
    Correction,
    Milestone,
    Source,
    Translation,
)

MILESTONE_FIELDS = ("label", "date", "reference")
TRANSLATION_FIELDS = ("language", "text", "by")
CORRECTION_FIELDS = ("date", "note")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*\Z")


def read_act(f: Fields) -> str:
    """`act:`, one of ACTS, or "" when not given."""
    act = f.text("act", limit=80)
    if act and act not in ACTS:
        f.error(
            ("act",),
            f"'act' is {act!r}",
            did_you_mean(act, ACTS) or f"use one of: {' | '.join(ACTS)}",
        )
        return ""
    return act


def quote_required(f: Fields) -> bool:
    """A quote is required unless the reaction was to decline or not yet to comment."""
    return f.data.get("act") not in SILENT_ACTS


def read_milestones(f: Fields, zone: ZoneInfo) -> tuple[Milestone, ...]:
    """`milestones:` in time order; at most one may be `reference: true`."""
    items = _mappings(f, "milestones", "`- label: Polls closed` and `date: ...`")
    result = []
    flagged = []
    for i in items:
        _unknown(f, ("milestones", i), MILESTONE_FIELDS, "milestone")
        label = f.text("milestones", i, "label", required=True, example="Race called by AP")
        when = f.when("milestones", i, "date", required=True)
        reference = f.data["milestones"][i].get("reference", False)
        if not isinstance(reference, bool):
            f.error(
                ("milestones", i, "reference"),
                f"'reference' must be true or false, not {reference!r}",
                "write true or false",
            )
            reference = False
        if reference:
            flagged.append(i)
        if not label or when is None:
            continue
        moment = when.moment or datetime.combine(when.day, datetime.min.time(), tzinfo=zone)
        result.append(Milestone(label, moment, when.written, reference))
    if len(flagged) > 1:
        f.error(
            ("milestones", flagged[1], "reference"),
            f"{len(flagged)} milestones are marked `reference: true`; only one may be",
            "keep `reference: true` on the moment reactions are measured from",
        )
    return tuple(sorted(result, key=lambda m: (m.moment, m.label)))


def read_watch_organizations(f: Fields, org_ids: set[str]) -> tuple[str, ...]:
    """`watch_organizations:` ids of organisations whose silence the event page lists."""
    value = f.data.get("watch_organizations")
    if value is None:
        return ()
    if not isinstance(value, list):
        f.error(
            ("watch_organizations",),
            "'watch_organizations' must be a list of organisation ids",
            "write it as [eu, nato]",
        )
        return ()
    result = []
    for i in range(len(value)):
        org = f.ident("watch_organizations", i, example="eu")
        if org and org not in org_ids:
            f.error(
                ("watch_organizations", i),
                f"unknown organization {org!r}",
                did_you_mean(org, org_ids) or "add it under content/organizations/",
            )
        elif org and org not in result:
            result.append(org)
    return tuple(result)


def read_translations(f: Fields) -> tuple[Translation, ...]:
    """`translations:` a list of {language, text, by}."""
    result = []
    for i in _mappings(f, "translations", "`- language: en`, `text: ...` and `by: Reuters`"):
        _unknown(f, ("translations", i), TRANSLATION_FIELDS, "translation")
        language = f.text("translations", i, "language", required=True, example="en", limit=40)
        if language and not _LANGUAGE.match(language):
            f.error(
                ("translations", i, "language"),
                f"'language' is {language!r}, which is not a language tag",
                "use a BCP 47 tag such as en, fr, pt-BR, fa",
            )
            language = ""
        text = f.text("translations", i, "text", required=True, example="the words, translated")
        by = f.text("translations", i, "by", limit=200)
        if not by:
            f.warn(
                ("translations", i),
                "this translation does not say who made it",
                "add `by:` with the outlet or editor",
            )
        if language and text:
            result.append(Translation(language, text, by))
    return tuple(result)


def read_corrections(f: Fields) -> tuple[Correction, ...]:
    """`corrections:` a list of {date, note}, in date order."""
    result = []
    for i in _mappings(f, "corrections", "`- date: 2024-11-07` and `note: ...`"):
        _unknown(f, ("corrections", i), CORRECTION_FIELDS, "correction")
        when = f.when("corrections", i, "date", required=True)
        note = f.text("corrections", i, "note", required=True, example="what was corrected")
        if when is not None and note:
            result.append(Correction(when.written, when.day, note))
    return tuple(sorted(result, key=lambda c: (c.day, c.written)))


def read_source_kinds(f: Fields, sources: tuple[Source, ...]) -> tuple[Source, ...]:
    """Each source with its `kind:` (primary | report; default report)."""
    value = f.data.get("sources")
    if not isinstance(value, list) or len(value) != len(sources):
        return sources
    result = []
    for i, source in enumerate(sources):
        kind = f.text("sources", i, "kind") if isinstance(value[i], dict) else ""
        if kind and kind not in SOURCE_KINDS:
            f.error(
                ("sources", i, "kind"),
                f"'kind' is {kind!r}",
                "use primary (the speaker's own post or release) or report (an outlet)",
            )
            kind = ""
        kind = kind or "report"
        result.append(source if source.kind == kind else replace(source, kind=kind))
    return tuple(result)


def _mappings(f: Fields, name: str, example: str) -> list[int]:
    """Indexes of the list items under `name` that are mappings (others are reported)."""
    value: Any = f.data.get(name)
    if value is None:
        return []
    if not isinstance(value, list):
        f.error((name,), f"{name!r} must be a list", f"write each entry as {example}")
        return []
    good = []
    for i, item in enumerate(value):
        if isinstance(item, dict):
            good.append(i)
        else:
            f.error((name, i), f"each entry of {name!r} must be a mapping", f"write {example}")
    return good


def _unknown(f: Fields, key: tuple[str | int, ...], allowed: tuple[str, ...], what: str) -> None:
    item = f.data[str(key[0])][key[1]]
    for extra in sorted(set(item) - set(allowed)):
        f.warn(
            (*key, extra),
            f"unknown {what} field {extra!r} is ignored",
            did_you_mean(extra, allowed) or f"{what} fields: {', '.join(allowed)}",
            at_key=True,
        )
