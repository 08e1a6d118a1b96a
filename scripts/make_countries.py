"""Regenerate site_gen/data/countries.json (a one-off maintenance script, not run by the build).

The data comes from country_converter's bundled table (its UNregion and UNmember columns follow
UN M49 and the un.org list of Member States), keyed by the ISO 3166-1 alpha-2 codes in pycountry.
country_converter is NOT a project dependency: install it only in a scratch venv, e.g.

    python3 -m venv /tmp/ccvenv
    /tmp/ccvenv/bin/pip install country_converter pycountry
    /tmp/ccvenv/bin/python scripts/make_countries.py

The table is read as a plain TSV (country_converter's own loader needs a pandas it supports).
"""

from __future__ import annotations

import csv
import json
import sys
from importlib import resources
from pathlib import Path

import pycountry

OUT = Path(__file__).resolve().parent.parent / "site_gen" / "data" / "countries.json"

SOURCE = (
    "UN M49 'Standard country or area codes for statistical use' (region and sub-region; "
    "intermediate regions folded into their sub-region); un.org 'Member States' (193 members); "
    "ISO 3166-1 alpha-2 codes"
)

# M49 sub-region -> region. country_converter's UNregion column gives the *intermediate*
# region where M49 has one (e.g. "Western Africa", "Caribbean"); fold those into the M49
# sub-region ("Sub-Saharan Africa", "Latin America and the Caribbean").
INTERMEDIATE = {
    "Eastern Africa": "Sub-Saharan Africa",
    "Middle Africa": "Sub-Saharan Africa",
    "Southern Africa": "Sub-Saharan Africa",
    "Western Africa": "Sub-Saharan Africa",
    "Caribbean": "Latin America and the Caribbean",
    "Central America": "Latin America and the Caribbean",
    "South America": "Latin America and the Caribbean",
    "Channel Islands": "Northern Europe",
}
REGION = {
    "Northern Africa": "Africa",
    "Sub-Saharan Africa": "Africa",
    "Latin America and the Caribbean": "Americas",
    "Northern America": "Americas",
    "Central Asia": "Asia",
    "Eastern Asia": "Asia",
    "South-eastern Asia": "Asia",
    "Southern Asia": "Asia",
    "Western Asia": "Asia",
    "Eastern Europe": "Europe",
    "Northern Europe": "Europe",
    "Southern Europe": "Europe",
    "Western Europe": "Europe",
    "Australia and New Zealand": "Oceania",
    "Melanesia": "Oceania",
    "Micronesia": "Oceania",
    "Polynesia": "Oceania",
    "Antarctica": "Antarctica",  # AQ: no M49 region; kept as its own
}

# Corrections to country_converter's sub-region, checked against M49.
SUBREGION_FIX = {
    "NR": "Micronesia",  # Nauru is M49 057 Micronesia; country_converter says Polynesia
}

# Short common English names where country_converter's name_short is not the one wanted.
NAME_FIX = {
    "BL": "Saint Barthélemy",
    "BN": "Brunei",
    "BQ": "Bonaire, Sint Eustatius and Saba",
    "CG": "Congo",
    "FM": "Micronesia",
    "GS": "South Georgia and the South Sandwich Islands",
    "HM": "Heard Island and McDonald Islands",
    "KN": "Saint Kitts and Nevis",
    "LC": "Saint Lucia",
    "MF": "Saint Martin",
    "MO": "Macao",
    "PM": "Saint Pierre and Miquelon",
    "SH": "Saint Helena",
    "SJ": "Svalbard and Jan Mayen",
    "ST": "São Tomé and Príncipe",
    "VA": "Vatican City",
    "VC": "Saint Vincent and the Grenadines",
    "WF": "Wallis and Futuna",
}


def load_table() -> dict[str, dict[str, str]]:
    path = resources.files("country_converter") / "country_data.tsv"
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    table: dict[str, dict[str, str]] = {}
    for row in rows:
        # A few ISO2 cells are regexes, e.g. "^GB$|^UK$": the first alternative is the code.
        code = row["ISO2"].split("|")[0].strip("^$")
        if code:
            table[code] = row
    return table


def build() -> dict[str, object]:
    table = load_table()
    countries: dict[str, dict[str, object]] = {}
    for country in pycountry.countries:
        code = country.alpha_2
        row = table[code]
        sub = SUBREGION_FIX.get(code, row["UNregion"])
        sub = INTERMEDIATE.get(sub, sub)
        countries[code] = {
            "name": NAME_FIX.get(code, row["name_short"]),
            "region": REGION[sub],
            "subregion": sub,
            "un_member": bool(row["UNmember"].strip()),
        }
    members = sum(1 for c in countries.values() if c["un_member"])
    assert members == 193, members
    return {"source": SOURCE, "countries": dict(sorted(countries.items()))}


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(build(), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
