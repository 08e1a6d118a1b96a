"""Built-in country data: ISO 3166-1 codes (pycountry) with UN M49 regions and common names."""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from importlib import resources
from typing import Any

import pycountry

from site_gen.model import Country

_OTHER = "Other"


def flag(code: str) -> str:
    """The flag emoji of an ISO alpha-2 code (two regional indicator symbols)."""
    return "".join(chr(0x1F1E6 + ord(c) - ord("A")) for c in code.upper())


def slugify(text: str) -> str:
    """`Côte d'Ivoire` -> `cote-divoire`: lower-case ASCII words joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = ascii_text.lower().replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


@cache
def _table() -> dict[str, Any]:
    text = resources.files("site_gen").joinpath("data/countries.json").read_text("utf-8")
    table: dict[str, Any] = json.loads(text)["countries"]
    return table


def data_source() -> str:
    """Where the built-in country data (UN members, regions) comes from, as shipped."""
    text = resources.files("site_gen").joinpath("data/countries.json").read_text("utf-8")
    source: str = json.loads(text)["source"]
    return source


def un_members() -> tuple[str, ...]:
    """Codes of the 193 UN member states, in code order."""
    return tuple(code for code, row in sorted(_table().items()) if row.get("un_member"))


@cache
def builtin_countries() -> dict[str, Country]:
    """Every ISO 3166-1 country, keyed by upper-case alpha-2 code."""
    table = _table()
    result = {}
    for entry in pycountry.countries:
        code = entry.alpha_2
        row = table.get(code, {})
        name = row.get("name") or getattr(entry, "common_name", None) or entry.name
        result[code] = Country(
            code=code,
            name=name,
            slug=slugify(name),
            region=row.get("region", _OTHER),
            subregion=row.get("subregion", ""),
            flag=flag(code),
        )
    return dict(sorted(result.items()))
