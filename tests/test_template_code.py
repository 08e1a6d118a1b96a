"""Templates compiled by site-gen write what stock Jinja writes, with fewer calls per value."""

from __future__ import annotations

from pathlib import Path

import jinja2
import markupsafe
import pytest
from hypothesis import given
from hypothesis import strategies as st

from site_gen.model import SiteConfig
from site_gen.render import forget_made, make_environment
from site_gen.template_code import FastOutputCodeGenerator, site_gen_escape

CONFIG = SiteConfig("T", "D", "https://example.org/", "en", "UTC")
TRICKY = ["", "plain", "<b>&amp;'\"</b>", "é ü 中文 🇫🇷", "a & b < c > d", "\x00\n\t"]


class Html:
    def __html__(self) -> str:
        return "<i>kept</i>"


@pytest.mark.parametrize(
    "value",
    [*TRICKY, markupsafe.Markup("<b>safe</b>"), Html(), 3, 2.5, None, True, ["<x>"]],
    ids=repr,
)
def test_a_value_is_written_as_markupsafe_escapes_it(value: object) -> None:
    assert site_gen_escape(value) == str(markupsafe.escape(value))


@given(st.text())
def test_any_text_is_written_as_markupsafe_escapes_it(text: str) -> None:
    assert site_gen_escape(text) == str(markupsafe.escape(text))


SOURCES = {
    "page.html": (
        "{% extends 'base.html' %}{% from 'm.html' import box %}"
        "{% block main %}{{ text }}|{{ safe }}|{{ box(text) }}|{{ n }}|{{ html }}"
        "{% set block %}<{{ text }}>{% endset %}{{ block }}|{{ text|upper }}"
        "{% autoescape false %}{{ text }}{% endautoescape %}{% endblock %}"
    ),
    "base.html": "<main>{% block main %}{% endblock %}</main>",
    "m.html": "{% macro box(v) %}[{{ v }}]{% endmacro %}",
}


def render(generator: type | None, **values: object) -> str:
    env = jinja2.Environment(
        loader=jinja2.DictLoader(SOURCES), autoescape=True, undefined=jinja2.StrictUndefined
    )
    if generator is not None:
        env.code_generator_class = generator
    return env.get_template("page.html").render(values)


def test_a_template_writes_the_same_html_as_with_stock_jinja() -> None:
    values = {"text": "<a href='x'>&</a>", "safe": markupsafe.Markup("<br>"), "n": 7}
    values["html"] = Html()
    ours = render(FastOutputCodeGenerator, **values)
    assert ours == render(None, **values)
    assert "&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;" in ours  # escaped, not passed through


def test_an_undefined_value_still_fails() -> None:
    with pytest.raises(jinja2.UndefinedError):
        render(FastOutputCodeGenerator, safe="", n=1, html="")


def test_the_environment_compiles_values_to_the_quick_escape() -> None:
    env = make_environment([Path("templates")], CONFIG, {})
    code = env.compile("{{ value }}", raw=True)
    assert "site_gen_escape(" in code  # were Jinja's hook renamed, this fails
    child = env.compile("{% extends 'base.html' %}{% block main %}{{ x }}{% endblock %}", raw=True)
    assert "yield concat(parent_template.root_render_func(context))" in child
    assert "yield from" not in child  # the parent and the blocks are joined, not delegated to


def test_the_masthead_marks_the_page_of_its_nav_link_only() -> None:
    env = make_environment([Path("templates")], CONFIG, {})
    template = env.from_string(
        "{% from '_masthead.html' import masthead %}"
        "{{ once(masthead, path if path in nav_paths else none) }}"
    )
    countries = template.render(path="countries/")
    statement = template.render(path="statements/s1/")
    assert countries.count('aria-current="page"') == 1
    assert 'href="/countries/" aria-current="page"' in countries
    assert "aria-current" not in statement
    assert template.render(path="countries/") == countries  # kept, not made again


def test_templates_share_the_environment_globals_and_forget_what_once_kept() -> None:
    env = make_environment([Path("templates")], CONFIG, {})
    template = env.get_template("_masthead.html")
    assert type(template.globals) is dict  # not Jinja's ChainMap: see render._Environment
    assert template.globals["once"] is env.globals["once"]
    page = env.from_string("{% from '_masthead.html' import masthead %}{{ once(masthead, p) }}")
    page.render(p="countries/")
    assert env.globals["once"]._made  # kept
    forget_made(env)
    assert not env.globals["once"]._made
    assert 'aria-current="page"' in page.render(p="people/")
