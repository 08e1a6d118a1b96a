"""Incremental rebuilds (build and serve, through the page cache): only dependent pages are
re-rendered, and the result is always byte-identical to a full build."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_gen.build import build_site

from conftest import EVENT_YAML, SITE_YAML, SiteDir, snapshot

MODI = "content/statements/us-election-2024/modi.yaml"


def test_one_changed_quote_re_renders_only_the_pages_that_show_it(sample: SiteDir) -> None:
    out = sample.root / "preview"
    total = len(build_site(sample.root, out).rendered)
    modi = sample.root / MODI
    modi.write_text(modi.read_text("utf-8").replace("Heartiest", "Warmest"), "utf-8")
    rendered = set(build_site(sample.root, out).rendered)
    assert {
        "index.html",
        "events/us-election-2024/index.html",
        "countries/india/index.html",
        "people/narendra-modi/index.html",
        "statements/modi/index.html",
    } <= rendered
    assert "statements/macron/index.html" not in rendered
    assert "people/emmanuel-macron/index.html" not in rendered
    assert 0 < len(rendered) < total
    build_site(sample.root, sample.output, cache=False)  # a full build, for comparison
    assert snapshot(out) == snapshot(sample.output)


def test_a_template_change_re_renders_every_page(sample: SiteDir) -> None:
    out = sample.root / "preview"
    total = len(build_site(sample.root, out).rendered)
    assert build_site(sample.root, out).rendered == ()
    theme = Path(__file__).resolve().parent.parent / "templates"
    custom = sample.root / "templates"
    custom.mkdir()
    base = (theme / "base.html").read_text("utf-8")
    (custom / "base.html").write_text(base.replace("Skip to content", "Skip ahead"), "utf-8")
    assert len(build_site(sample.root, out).rendered) == total
    assert "Skip ahead" in (out / "statements/modi/index.html").read_text("utf-8")


# -- property: any sequence of edits, incremental == full -----------------------------------------

PEOPLE = ("anne", "bert", "chen")
NAMES = {"anne": "Anne Leader", "bert": "Bert Speaker", "chen": "Chen Minister"}
COUNTRIES = {"anne": "FR", "bert": "DE", "chen": "CN"}
TEXT = st.text(alphabet="abcXYZ <>&\"'é,.", min_size=1, max_size=30).filter(str.strip)

STANCES = ("congratulatory", "critical", "neutral")
EDITS = st.one_of(
    st.tuples(st.just("quote"), st.integers(0, 9), TEXT),
    st.tuples(st.just("add"), st.sampled_from(PEOPLE), TEXT, st.integers(0, 72)),
    st.tuples(st.just("delete"), st.integers(0, 9)),
    st.tuples(st.just("rename"), st.sampled_from(PEOPLE), TEXT),
    st.tuples(st.just("stance"), st.integers(0, 9), st.sampled_from(STANCES)),
    st.tuples(st.just("date"), st.integers(0, 9), st.integers(0, 72)),
    st.tuples(st.just("context"), st.integers(0, 9), TEXT),
    st.tuples(st.just("event"), TEXT, st.integers(0, 12)),
    st.tuples(st.just("move"), st.sampled_from(PEOPLE), st.sampled_from(("FR", "DE", "IT"))),
)


class Scratch:
    def __init__(self, root: Path) -> None:
        self.site = SiteDir(root)
        self.site.add("site.yaml", SITE_YAML)
        self.site.add("events/test-election.yaml", EVENT_YAML)
        self.names: dict[str, str] = {}
        for person in PEOPLE:
            self.rename(person, NAMES[person])
        self.count = 0
        for person in PEOPLE:
            self.add(person, f"First words of {person}.", 5)

    def statements(self) -> list[Path]:
        return sorted((self.site.root / "content/statements").glob("*.yaml"))

    def rename(self, person: str, name: str, country: str = "") -> None:
        self.names[person] = name
        self.site.add(
            f"people/{person}.yaml",
            f"name: {json.dumps(name)}\ncountry: {country or COUNTRIES[person]}\nrole: Leader\n",
        )

    def add(self, person: str, quote: str, hours: int) -> None:
        self.count += 1
        self.site.statement(f"s{self.count}", person, quote=json.dumps(quote), date=_date(hours))

    def set_field(self, path: Path, name: str, value: str) -> None:
        lines = path.read_text("utf-8").splitlines()
        lines = [f"{name}: {value}" if x.startswith(f"{name}:") else x for x in lines]
        path.write_text("\n".join(lines) + "\n", "utf-8")

    def apply(self, edit: tuple[object, ...]) -> None:
        kind, *args = edit
        files = self.statements()
        chosen = kind in ("quote", "stance", "date", "context") and files
        path = files[int(str(args[0])) % len(files)] if chosen else None
        if kind == "quote" and path:
            self.set_field(path, "quote", json.dumps(args[1]))
        elif kind == "stance" and path:
            self.set_field(path, "stance", str(args[1]))
        elif kind == "date" and path:
            self.set_field(path, "date", _date(int(str(args[1]))))
        elif kind == "context" and path:
            path.with_suffix(".md").write_text(f"*{args[1]}* [more](/people/anne/)\n", "utf-8")
        elif kind == "event":
            event = EVENT_YAML.replace("Test election", json.dumps(args[0]))
            event = event.replace("T10:34", f"T{int(str(args[1])):02d}:34")
            self.site.add("events/test-election.yaml", event)
        elif kind == "move":
            person = str(args[0])
            self.rename(person, self.names[person], str(args[1]))
        elif kind == "add":
            self.add(str(args[0]), str(args[1]), int(str(args[2])))
        elif kind == "delete" and files:
            files[int(str(args[0])) % len(files)].unlink()
        elif kind == "rename":
            self.rename(str(args[0]), str(args[1]))


def _date(hours: int) -> str:
    day, hour = divmod(hours, 24)
    return f"2024-11-{6 + day:02d}T{hour:02d}:00:00+00:00"


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(edits=st.lists(EDITS, min_size=1, max_size=4))
def test_incremental_build_equals_full_build_after_any_edits(
    edits: list[tuple[object, ...]],
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Scratch(Path(tmp) / "site")
        root = scratch.site.root
        build_site(root, root / "preview")
        for step, edit in enumerate(edits):
            scratch.apply(edit)
            build_site(root, root / "preview")
            full = root / f"full-{step}"
            build_site(root, full, cache=False)
            assert snapshot(root / "preview") == snapshot(full), edit
