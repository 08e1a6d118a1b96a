# ruff: noqa: E501  (the Hugo templates are kept on their natural lines)
"""Turn a site-gen content folder into an equivalent Hugo site, for a like-for-like timing.

Same pages: one per statement (with its Markdown context), one per event (the timeline), per
country, per organisation and per speaker (taxonomy terms, each listing its statements as cards,
speakers with their Markdown biography), the home page with the latest statements, and feeds.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml

_CONFIG = """\
baseURL = "https://example.org/reactions/"
title = "Benchmark Reactions"
disableKinds = ["section"]
[taxonomies]
  event = "events"
  country = "countries"
  speaker = "people"
  organization = "organizations"
[outputs]
  home = ["HTML", "RSS"]
  taxonomy = ["HTML"]
  term = ["HTML"]
"""
_BASEOF = """\
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} · {{ site.Title }}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="{{ "assets/style.css" | relURL }}"></head>
<body><header><a href="{{ "/" | relURL }}">{{ site.Title }}</a>
<nav><a href="{{ "events/" | relURL }}">Events</a> <a href="{{ "countries/" | relURL }}">Countries</a>
<a href="{{ "organizations/" | relURL }}">Organizations</a> <a href="{{ "people/" | relURL }}">People</a></nav>
</header><main>{{ block "main" . }}{{ end }}</main><footer>Built with Hugo</footer></body></html>
"""
_CARD = """\
<article class="card"><header><h3><a href="{{ .Params.actor_url | relURL }}">{{ .Params.actor_name }}</a></h3>
<p class="byline"><a href="{{ .Params.speaker_url | relURL }}">{{ .Params.speaker_name }}</a>, {{ .Params.role }}</p></header>
<blockquote lang="{{ .Params.language }}" dir="{{ .Params.dir }}"><p>{{ .Params.quote }}</p></blockquote>
{{ with .Params.translation }}<p class="translation">Translation: {{ . }}</p>{{ end }}
<footer><span class="stance stance-{{ .Params.stance }}">{{ .Params.stance }}</span>
<time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date.Format "2 January 2006 15:04" }}</time>
<span class="platform">{{ .Params.platform }}</span> <a href="{{ .RelPermalink }}">Permalink</a></footer></article>
"""
_SINGLE = """\
{{ define "main" }}<article class="statement"><h1>{{ .Title }}</h1>
<blockquote lang="{{ .Params.language }}" dir="{{ .Params.dir }}"><p>{{ .Params.quote }}</p></blockquote>
<dl><dt>Date</dt><dd>{{ .Date.Format "2 January 2006 15:04" }}</dd><dt>Stance</dt><dd>{{ .Params.stance }}</dd>
<dt>Tags</dt><dd>{{ range .Params.tags }}<span>{{ . }}</span> {{ end }}</dd></dl>
{{ with .Content }}<section class="context"><h2>Context</h2>{{ . }}</section>{{ end }}
<ol>{{ range .Params.sources }}<li><a href="{{ .url }}">{{ .title }}</a>, {{ .publisher }}</li>{{ end }}</ol>
</article>{{ end }}
"""
_TERM = """\
{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}<p>{{ len .Pages }} statements</p>
{{ range .Pages.ByDate }}{{ partial "card.html" . }}{{ end }}{{ end }}
"""
_TAXONOMY = """\
{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages.ByTitle }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> ({{ len .Pages }})</li>{{ end }}</ul>{{ end }}
"""
_HOME = """\
{{ define "main" }}<h1>{{ site.Title }}</h1>
{{ range first 10 (where site.RegularPages "Type" "statements").ByDate.Reverse }}{{ partial "card.html" . }}{{ end }}{{ end }}
"""


def export(root: Path, target: Path) -> None:
    """Write a Hugo site in `target` made from the site-gen content under `root`."""
    shutil.rmtree(target, ignore_errors=True)
    content = root / "content"
    layouts = target / "layouts"
    for name, text in {
        "_default/baseof.html": _BASEOF,
        "_default/single.html": _SINGLE,
        "_default/term.html": _TERM,
        "_default/taxonomy.html": _TAXONOMY,
        "index.html": _HOME,
        "partials/card.html": _CARD,
    }.items():
        _write(layouts / name, text)
    _write(target / "config.toml", _CONFIG)
    css = Path(__file__).resolve().parent.parent / "templates" / "assets" / "style.css"
    (target / "static" / "assets").mkdir(parents=True)
    shutil.copy(css, target / "static" / "assets" / "style.css")
    people = {p.stem: _load(p) for p in sorted((content / "people").glob("*.yaml"))}
    events = {p.stem: _load(p) for p in sorted((content / "events").glob("*.yaml"))}
    orgs = {p.stem: _load(p) for p in sorted((content / "organizations").glob("*.yaml"))}
    for pid, person in people.items():
        _term(target, "people", pid, person["name"], _markdown(content / "people" / pid))
    for eid, event in events.items():
        _term(target, "events", eid, event["title"], _markdown(content / "events" / eid))
    for oid, org in orgs.items():
        _term(target, "organizations", oid, org["name"], _markdown(content / "organizations" / oid))
    out = target / "content" / "statements"
    out.mkdir(parents=True)
    for path in sorted((content / "statements").rglob("*.yaml")):
        data = _load(path)
        person = people[data["speaker"]]
        actor = data.get("on_behalf_of") or person.get("country") or person.get("organization")
        front = {
            "title": f"{person['name']} on {events[data['event']]['title']}",
            "date": str(data["date"]),
            "events": [data["event"]],
            "people": [data["speaker"]],
            "quote": data["quote"],
            "translation": data.get("translation") or "",
            "language": data.get("language", "en"),
            "dir": "rtl" if data.get("language") == "ar" else "ltr",
            "role": data.get("role") or person.get("role", ""),
            "platform": data.get("platform", ""),
            "stance": data.get("stance", "neutral"),
            "tags": data.get("tags", []),
            "sources": [{k: str(v) for k, v in s.items()} for s in data["sources"]],
        }
        taxonomy = "organizations" if actor in orgs else "countries"
        front[taxonomy] = [actor]
        front["actor_url"] = f"{taxonomy}/{str(actor).lower()}/"
        front["actor_name"] = orgs[actor]["name"] if actor in orgs else actor
        front["speaker_url"] = f"people/{data['speaker']}/"
        front["speaker_name"] = person["name"]
        body = _markdown(path.with_suffix(""))
        _write(out / f"{path.stem}.md", json.dumps(front, ensure_ascii=False) + "\n\n" + body)


def _term(target: Path, taxonomy: str, term: str, title: str, body: str) -> None:
    front = json.dumps({"title": title}, ensure_ascii=False)
    _write(target / "content" / taxonomy / term / "_index.md", front + "\n\n" + body)


def _load(path: Path) -> dict[str, object]:
    data = yaml.load(path.read_text("utf-8"), Loader=yaml.CSafeLoader)
    assert isinstance(data, dict)
    return data


def _markdown(stem: Path) -> str:
    path = stem.with_suffix(".md")
    return path.read_text("utf-8") if path.is_file() else ""


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
