"""Write a deterministic synthetic site in site-gen's content format: `generate.py N DIR`.

N statements across about 200 countries and N/10 speakers, with Markdown context files, a few
languages (one right-to-left), some organisations and a few events. The same N gives the same
bytes on every run, so timings of different builds compare like with like.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

SEED = 20241106
COUNTRIES_JSON = Path(__file__).resolve().parent.parent / "site_gen" / "data" / "countries.json"
ORGANIZATIONS = (
    ("eu", "European Union", "EU"),
    ("nato", "North Atlantic Treaty Organization", "NATO"),
    ("un", "United Nations", "UN"),
    ("au", "African Union", "AU"),
    ("asean", "Association of Southeast Asian Nations", "ASEAN"),
    ("oas", "Organization of American States", "OAS"),
)
# language, quote, translation (None when the quote is in the site language)
LANGUAGES = (
    (
        "en",
        "We congratulate the people on a peaceful election and look forward to working "
        "together on trade, security and the climate.",
        None,
    ),
    (
        "fr",
        "Nous félicitons le peuple pour cette élection et nous nous réjouissons de "
        "travailler ensemble.",
        "We congratulate the people on this election and look forward to working together.",
    ),
    (
        "es",
        "Felicitamos al pueblo por estas elecciones pacíficas y esperamos trabajar juntos.",
        "We congratulate the people on these peaceful elections and hope to work together.",
    ),
    (
        "ar",
        "نهنئ الشعب على هذه الانتخابات ونتطلع إلى العمل معا من أجل السلام.",
        "We congratulate the people on this election and look forward to working together for "
        "peace.",
    ),
    (
        "de",
        "Wir gratulieren zur Wahl und freuen uns auf die weitere enge Zusammenarbeit.",
        "We congratulate you on the election and look forward to continued close cooperation.",
    ),
    (
        "ru",
        "Мы поздравляем народ с выборами и рассчитываем на диалог.",  # noqa: RUF001
        "We congratulate the people on the election and count on dialogue.",
    ),
)
STANCES = ("congratulatory", "hopeful", "cautious", "critical", "neutral")
PLATFORMS = ("X post", "statement", "press conference", "phone call", "interview", "letter")
TAGS = ("trade", "security", "climate", "partnership", "democracy", "migration", "energy")
OFFSETS = (0, 60, 120, 330, -300, -240, 480, 540, 180, -180)
FIRST = ("Amina", "Jonas", "Mei", "Carlos", "Leila", "Olu", "Sofia", "Ivan", "Priya", "Tomas")
LAST = ("Okafor", "Berg", "Tanaka", "Silva", "Haddad", "Novak", "Rossi", "Kim", "Mensah", "Ortiz")
ROLES = ("President", "Prime Minister", "Foreign Minister", "Spokesperson", "Chancellor")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of statements")
    parser.add_argument("dir", type=Path, help="site folder to (re)create")
    args = parser.parse_args()
    generate(args.n, args.dir)


def generate(n: int, root: Path) -> None:
    """Create the site folder `root` (replacing its content/) with `n` statements."""
    rng = random.Random(SEED)
    content = root / "content"
    shutil.rmtree(content, ignore_errors=True)
    for folder in ("events", "people", "organizations", "statements"):
        (content / folder).mkdir(parents=True)
    _write(content / "site.yaml", _site_yaml())
    countries = sorted(json.loads(COUNTRIES_JSON.read_text("utf-8"))["countries"])
    codes = [c for c in countries if len(c) == 2][:200]
    events = _events(content, max(3, min(12, n // 1000 + 2)))
    for org_id, name, short in ORGANIZATIONS:
        _write(content / "organizations" / f"{org_id}.yaml", f"name: {name}\nshort_name: {short}\n")
        _write(content / "organizations" / f"{org_id}.md", _prose(rng, name, 2))
    speakers = _people(content, rng, max(1, n // 10), codes)
    for i in range(n):
        _statement(content, rng, i, events, speakers, codes)


def _site_yaml() -> str:
    return (
        "title: Benchmark Reactions\n"
        "description: A synthetic site for timing builds.\n"
        "base_url: https://example.org/reactions/\n"
        "language: en\n"
        "timezone: UTC\n"
    )


def _events(content: Path, count: int) -> list[tuple[str, datetime]]:
    events = []
    start = datetime(2015, 3, 1, 18, 0, tzinfo=UTC)
    for i in range(count):
        event_id = f"election-{2015 + i}"
        moment = start + timedelta(days=301 * i, minutes=17 * i)
        _write(
            content / "events" / f"{event_id}.yaml",
            f"title: Election {2015 + i}\n"
            f"date: {moment.isoformat()}\n"
            f"summary: The results of election number {i + 1} were announced.\n",
        )
        _write(
            content / "events" / f"{event_id}.md",
            f"The **{2015 + i} election** drew reactions from around the world.\n\n"
            "- turnout was high\n- the count took two days\n",
        )
        events.append((event_id, moment))
    return events


def _people(content: Path, rng: random.Random, count: int, codes: list[str]) -> list[str]:
    ids = []
    for i in range(count):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        person_id = f"person-{i:06d}"
        org = ORGANIZATIONS[i % len(ORGANIZATIONS)][0] if i % 10 == 9 else None
        lines = [f"name: {name} {i}", f"role: {rng.choice(ROLES)}"]
        lines.append(f"organization: {org}" if org else f'country: "{codes[i % len(codes)]}"')
        if i % 7 == 0:
            lines += ["native_name: نور الهدى", "native_language: ar"]
        lines += ["links:", f"  wikipedia: https://en.wikipedia.org/wiki/Person_{i}"]
        _write(content / "people" / f"{person_id}.yaml", "\n".join(lines) + "\n")
        if i % 2 == 0:
            _write(content / "people" / f"{person_id}.md", _prose(rng, name, 1))
        ids.append(person_id)
    return ids


def _statement(
    content: Path,
    rng: random.Random,
    i: int,
    events: list[tuple[str, datetime]],
    speakers: list[str],
    codes: list[str],
) -> None:
    event_id, moment = events[i % len(events)]
    speaker = speakers[rng.randrange(len(speakers))]
    language, quote, translation = LANGUAGES[rng.randrange(len(LANGUAGES))]
    offset = timedelta(minutes=rng.choice(OFFSETS))
    said = (moment + timedelta(minutes=rng.randrange(4 * 24 * 60))).astimezone(timezone(offset))
    date = said.date().isoformat() if i % 20 == 0 else said.isoformat()
    lines = [
        f"event: {event_id}",
        f"speaker: {speaker}",
        f"date: {date}",
        f"platform: {rng.choice(PLATFORMS)}",
        f"quote: {json.dumps(f'{quote} ({i})', ensure_ascii=False)}",
        f"language: {language}",
    ]
    if translation:
        lines.append(f"translation: {json.dumps(translation)}")
    if i % 13 == 0:
        lines.append(f'on_behalf_of: "{codes[(i * 7) % len(codes)]}"')
    lines += [
        f"stance: {rng.choice(STANCES)}",
        f"tags: [{', '.join(sorted(rng.sample(TAGS, rng.randrange(3))))}]",
        "sources:",
        f"  - url: https://news.example.com/{event_id}/{i}",
        f"    title: Reaction number {i}",
        "    publisher: Example News",
        f"    accessed: {said.date().isoformat()}",
    ]
    folder = content / "statements" / event_id
    folder.mkdir(exist_ok=True)
    _write(folder / f"s{i:06d}.yaml", "\n".join(lines) + "\n")
    if i % 4 != 3:
        _write(folder / f"s{i:06d}.md", _prose(rng, f"statement {i}", 2))


def _prose(rng: random.Random, subject: str, paragraphs: int) -> str:
    parts = []
    for p in range(paragraphs):
        parts.append(
            f"This is *context* for {subject}, paragraph {p + 1}. It cites "
            f"[a report](https://example.org/report/{rng.randrange(10_000)}) and quotes "
            f"**{rng.choice(TAGS)}** as the main theme; see `note {rng.randrange(100)}`."
        )
    parts.append(f"- {rng.choice(TAGS)}\n- {rng.choice(TAGS)}\n- {rng.choice(TAGS)}")
    return "\n\n".join(parts) + "\n"


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
