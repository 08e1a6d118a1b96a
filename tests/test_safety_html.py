"""HTML safety: XSS payloads in every shown field, the URL guard, the allowlist, script JSON."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup

from site_gen.markup import ALLOWED_TAGS, render_markdown
from site_gen.model import SiteConfig
from site_gen.render import make_environment
from site_gen.safejson import json_for_script
from site_gen.safeurl import UnsafeURL, is_safe_url, safe_url
from tests.conftest import SiteDir

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    '"><svg onload=alert(3)>',
    "'><body onload=alert(4)>",
    "javascript:alert(5)",
    '<a href="javascript:alert(6)">six</a>',
    '<iframe src="data:text/html,<script>alert(7)</script>"></iframe>',
    "</script><script>alert(8)</script>",
    "<scr<script>ipt>alert(9)</scr</script>ipt>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(10)>",
    '<a href="vbscript:msgbox(11)">eleven</a>',
    '<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxMik8L3NjcmlwdD4="></object>',
    '<div style="background:url(javascript:alert(13))">thirteen</div>',
    '<svg><a xlink:href="javascript:alert(14)"><text>14</text></a></svg>',
    "<details open ontoggle=alert(15)>",
    "\u2028</script><!--",
    "<x onmouseover=alert(17)>hover",
    "[click](javascript:alert(18))",
    '<form action="javascript:alert(19)"><button>19</button></form>',
    '<base href="javascript:alert(20)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(21)">',
    "{{ 7*7 }}{% raw %}",
    '<a href="&#106;avascript:alert(23)">23</a>',
    '<q cite="javascript:alert(24)">24</q>',
]
ALL = " ".join(PAYLOADS)
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "xlink:href", "poster", "cite")
BAD_SCHEME = re.compile(r"^\s*(javascript|vbscript|data):", re.IGNORECASE)


def _url(payload: str) -> str:
    """An http address carrying the payload (addresses may not hold spaces)."""
    return "https://example.com/?q=" + re.sub(r"\s", "+", payload)


def _dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


def _write_site(
    root: Path, text: str, markdown: str, country_name: str, payloads: list[str]
) -> SiteDir:
    site = SiteDir(root)
    site.add(
        "site.yaml",
        _dump({"title": text, "description": text, "base_url": "https://example.org/r/"}),
    )
    site.add(
        "events/vote.yaml",
        _dump({"title": text, "date": "2024-11-06T10:00:00+00:00", "summary": text}),
    )
    site.add("events/vote.md", markdown)
    site.add("organizations/club.yaml", _dump({"name": text, "short_name": text}))
    site.add("organizations/club.md", markdown)
    site.add("countries/fr.yaml", _dump({"name": country_name, "region": text, "subregion": text}))
    links = {"wikipedia": _url(text), text[:60]: _url(text[::-1])}
    person = {"name": text, "native_name": text, "country": "FR", "role": text, "links": links}
    site.add("people/anne.yaml", _dump(person))
    site.add("people/anne.md", markdown)
    site.add("people/otto.yaml", _dump({"name": text, "organization": "club", "role": text}))
    for number, payload in enumerate(payloads):
        statement = {
            "event": "vote",
            "speaker": "otto" if number % 2 else "anne",
            "role": text,
            "date": f"2024-11-06T{10 + number % 12:02d}:{number:02d}:00+00:00",
            "platform": text,
            "quote": text,
            "language": "fr",
            "translation": text,
            "stance": "neutral",
            "tags": [payload, text[:200]],
            "sources": [
                {
                    "url": _url(payload),
                    "title": text,
                    "publisher": text,
                    "accessed": "2024-11-07",
                    "archive_url": _url(payload[::-1]),
                },
                _url(payload + "2"),
            ],
        }
        site.add(f"statements/s{number}.yaml", _dump(statement))
        site.add(f"statements/s{number}.md", markdown)
    return site


def _pages(output: Path) -> Iterator[tuple[str, BeautifulSoup]]:
    for path in sorted(output.rglob("*.html")):
        yield (
            path.relative_to(output).as_posix(),
            BeautifulSoup(path.read_text("utf-8"), "html.parser"),
        )


def _signature(
    soup: BeautifulSoup,
) -> tuple[set[str], set[tuple[str, str, str]], set[tuple[str, str, str]]]:
    """Tag names, event-handler attributes and non-JSON scripts of a page."""
    tags = {t.name for t in soup.find_all(True)}
    handlers = {
        (t.name, name, str(value))
        for t in soup.find_all(True)
        for name, value in t.attrs.items()
        if name.lower().startswith("on")
    }
    scripts = {
        (str(s.get("type", "")), str(s.get("src", "")), s.string or "")
        for s in soup.find_all("script")
        if s.get("type") != "application/ld+json"
    }
    return tags, handlers, scripts


Built = tuple[SiteDir, list[tuple[str, BeautifulSoup]], list[tuple[str, BeautifulSoup]]]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The payload site and its parsed pages, and the pages of the same site with plain text."""
    base = tmp_path_factory.mktemp("xss")
    markdown = "\n\n".join(PAYLOADS) + "\n"
    hostile = _write_site(base / "hostile", ALL, markdown, PAYLOADS[0], PAYLOADS)
    plain_words = [f"word{n}" for n in range(len(PAYLOADS))]
    plain = _write_site(base / "plain", "Plain text", "Plain text.\n", "Plainland", plain_words)
    assert hostile.build() == 0
    assert plain.build() == 0
    return hostile, list(_pages(hostile.output)), list(_pages(plain.output))


def test_payloads_reach_the_pages_as_text(built: Built) -> None:
    hostile, pages, _ = built
    page = hostile.page("statements/s0/")
    assert page.select_one("blockquote.quote p").get_text() == ALL.strip()
    assert page.select_one("h1.page-title").get_text() == ALL.strip()
    assert ALL.strip() in page.select_one("title").get_text()
    tags = [li.get_text() for li in page.select("ul.tags li")]
    assert PAYLOADS[0] in tags
    assert len(pages) >= len(PAYLOADS) + 6


def test_no_script_handler_or_tag_the_templates_did_not_put_there(built: Built) -> None:
    _, pages, plain_pages = built
    base_tags: set[str] = set(ALLOWED_TAGS)
    base_handlers: set[tuple[str, str, str]] = set()
    base_scripts: set[tuple[str, str, str]] = set()
    for _, soup in plain_pages:
        tags, handlers, scripts = _signature(soup)
        base_tags |= tags
        base_handlers |= handlers
        base_scripts |= scripts
    for path, soup in pages:
        tags, handlers, scripts = _signature(soup)
        assert tags <= base_tags, (path, tags - base_tags)
        assert handlers <= base_handlers, (path, handlers - base_handlers)
        assert scripts <= base_scripts, (path, scripts - base_scripts)


def test_no_dangerous_url_in_any_link(built: Built) -> None:
    checked = 0
    for path, soup in built[1]:
        for element in soup.find_all(True):
            for name in URL_ATTRIBUTES:
                value = element.get(name)
                if isinstance(value, str):
                    checked += 1
                    assert not BAD_SCHEME.match(value), (path, element.name, name, value)
    assert checked > 100


def test_json_ld_still_parses(built: Built) -> None:
    for path, soup in built[1]:
        for script in soup.find_all("script", type="application/ld+json"):
            assert json.loads(script.string or "null", strict=True) is not None, path


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/a?b=c#d",
        "http://example.com",
        "mailto:press@example.org",
        "/reactions/people/anne/",
        "#main",
        "HTTPS://EXAMPLE.COM/",
    ],
)
def test_safe_url_lets_web_and_site_links_through(url: str) -> None:
    assert safe_url(url) == url


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "\x01javascript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>",
        "DATA:image/svg+xml;base64,PHN2Zz4=",
        "file:///etc/passwd",
        "//evil.example/",
        "/\\evil.example/",
        "https:evil.example",
        "https://",
        "",
        "relative/path",
    ],
)
def test_safe_url_refuses_other_schemes(url: str) -> None:
    assert not is_safe_url(url)
    with pytest.raises(UnsafeURL, match="only http\\(s\\), mailto and site links"):
        safe_url(url)


def test_a_template_that_links_an_unsafe_url_fails_the_build(site: SiteDir) -> None:
    site.root.joinpath("templates").mkdir()
    site.root.joinpath("templates", "404.html").write_text(
        '{% extends "base.html" %}{% block main %}'
        "<a href=\"{{ 'javascript:alert(1)'|safe_url }}\">x</a>{% endblock %}\n",
        encoding="utf-8",
    )
    site.build()
    assert site.build() == 1
    assert not (site.output / "404.html").exists() or "javascript" not in (
        site.output / "404.html"
    ).read_text("utf-8")


def test_unsafe_url_problem_names_template_and_page(
    site: SiteDir, capsys: pytest.CaptureFixture[str]
) -> None:
    site.root.joinpath("templates").mkdir()
    site.root.joinpath("templates", "404.html").write_text(
        '{% extends "base.html" %}{% block main %}\n'
        "<a href=\"{{ 'javascript:alert(1)'|safe_url }}\">x</a>{% endblock %}\n",
        encoding="utf-8",
    )
    assert site.build() == 1
    err = capsys.readouterr().err
    assert (
        "templates/404.html:2:1: template error: refusing to link to 'javascript:alert(1)': "
        "only http(s), mailto and site links (while rendering /404.html)"
    ) in err


# -- the Markdown allowlist ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        ("[a](javascript:alert(1))", '<p><a rel="noopener nofollow">a</a></p>'),
        (
            '[a](https://e.org/ "t")',
            '<p><a href="https://e.org/" title="t" rel="noopener nofollow">a</a></p>',
        ),
        ("<img src=x onerror=alert(1)>", "<p></p>"),
        ("<script>alert(1)</script>hi", "\n<p>hi</p>"),
        ("<style>p{}</style>hi", "\n<p>hi</p>"),
        (
            '<span lang="fr" style="color:red" onclick="x()">oui</span>',
            '<p><span lang="fr">oui</span></p>',
        ),
        ('<q cite="javascript:alert(1)">q</q>', "<p><q>q</q></p>"),
        ('<iframe src="https://e.org/"></iframe>', ""),
        ('<a href="data:text/html,x">d</a>', '<p><a rel="noopener nofollow">d</a></p>'),
        ("*em* **strong** `code`", "<p><em>em</em> <strong>strong</strong> <code>code</code></p>"),
        ("<!-- hidden -->text", "\n<p>text</p>"),
    ],
)
def test_markdown_allowlist(markdown: str, html: str) -> None:
    assert render_markdown(markdown) == html


def test_markdown_that_would_recurse_too_deeply_is_shown_as_text() -> None:
    deep = "".join("    " * i + "- x\n" for i in range(260))
    html = render_markdown(deep)
    assert html.startswith("<pre>- x\n    - x")
    assert render_markdown("*after*") == "<p><em>after</em></p>"  # the renderer still works


# -- JSON inside <script> ------------------------------------------------------------------------
def test_markdown_that_python_markdown_cannot_render_is_shown_as_text(site: SiteDir) -> None:
    odd = "```{ .python linenums=True }\nx = 1 < 2\n```\n"  # TypeError inside Python-Markdown
    assert render_markdown(odd) == "<pre>```{ .python linenums=True }\nx = 1 &lt; 2\n```\n</pre>"
    site.add("statements/anne.md", odd)
    assert site.build() == 0
    assert "linenums=True" in site.page("statements/anne/").select_one(".prose pre").get_text()
    assert render_markdown("*still* works") == "<p><em>still</em> works</p>"


def test_json_for_script_escapes_what_could_end_the_element() -> None:
    data = {"q": "</script><!-- & \u2028\u2029 >", "n": [1, 2.5, None, True]}
    text = json_for_script(data)
    assert text == (
        '{"q": "\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028\\u2029 \\u003e", '
        '"n": [1, 2.5, null, true]}'
    )
    assert json.loads(text) == data


def test_json_for_script_refuses_nan() -> None:
    with pytest.raises(ValueError):
        json_for_script({"x": float("nan")})


def test_json_script_filter_keeps_one_script_element() -> None:
    env = make_environment([], SiteConfig("T", "", "https://e.org/", "en", "UTC"), {})
    data = {f"p{n}": p for n, p in enumerate(PAYLOADS)} | {"all": PAYLOADS}
    html = env.from_string(
        '<script type="application/ld+json">{{ data|json_script }}</script><p>after</p>'
    ).render(data=data)
    soup = BeautifulSoup(html, "html.parser")
    scripts = soup.find_all("script")
    assert len(scripts) == 1
    assert json.loads(scripts[0].string or "") == data
    assert soup.find("p").get_text() == "after"
