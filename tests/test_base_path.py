"""Every internal link honours the path of the base URL, Markdown links included."""

from __future__ import annotations

from conftest import SiteDir


def test_root_relative_markdown_links_are_put_under_the_base_path(site: SiteDir) -> None:
    site.add(
        "people/anne-leader.md",
        "See [her statement](/statements/anne/), [the site](https://example.com/) "
        "and [a relative page](../../countries/).\n",
    )
    assert site.build("--base-url", "https://user.github.io/reactions/") == 0
    prose = site.page("people/anne-leader/").find(class_="prose")
    assert [a["href"] for a in prose.find_all("a")] == [
        "/reactions/statements/anne/",
        "https://example.com/",
        "../../countries/",
    ]


def test_every_internal_reference_starts_with_the_base_path(site: SiteDir) -> None:
    assert site.build("--base-url", "https://user.github.io/reactions/") == 0
    for page in sorted(site.output.rglob("*.html")):
        rel = page.relative_to(site.output).as_posix()
        soup = site.page(rel.removesuffix("index.html"))
        refs = [e.get("href") or e.get("src") for e in soup.find_all(["a", "link", "script"])]
        internal = [r for r in refs if r and not r.startswith(("https://", "#"))]
        assert internal, rel
        assert [r for r in internal if not r.startswith("/reactions/")] == [], rel
