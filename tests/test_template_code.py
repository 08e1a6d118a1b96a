"""Templates compiled by site-gen write what stock Jinja writes, with fewer calls per value."""

from __future__ import annotations

import os
from pathlib import Path

import jinja2
import jinja2.runtime
import markupsafe
import pytest
from hypothesis import given
from hypothesis import strategies as st
from jinja2 import pass_context, pass_environment, pass_eval_context
from jinja2.nodes import EvalContext

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
    assert "site_gen_call(context, " in env.compile("{{ f(1) }}", raw=True)
    assert "context.call(" not in env.compile("{{ f(1) }}", raw=True)
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


@pass_context
def _with_context(context: jinja2.runtime.Context, value: object) -> str:
    return f"ctx:{context.get('who')}:{value}"


@pass_environment
def _with_environment(environment: jinja2.Environment, value: object) -> str:
    return f"env:{environment.autoescape}:{value}"


@pass_eval_context
def _with_eval_context(eval_ctx: EvalContext, value: object) -> str:
    return f"eval:{eval_ctx.autoescape}:{value}"


class _Callable:
    @pass_context
    def __call__(self, context: jinja2.runtime.Context, value: object) -> str:
        return f"called:{context.get('who')}:{value}"


def _stops() -> None:
    raise StopIteration


CALLS = {
    "calls.html": (
        "{% from 'm.html' import box %}{% import 'm.html' as m %}"
        "{{ box(text) }}|{{ m.box(v='<k>') }}|{% autoescape false %}{{ box(text)|e }}"
        "{% endautoescape %}|{{ plain(text) }}|{{ ctx(1) }}|{{ envf(2) }}|{{ evalf(3) }}"
        "|{{ obj(4) }}|{{ range(3)|list }}|{{ stops() is undefined }}|{{ text.upper() }}"
        "{% for i in [1, 2] %}{% set who = 'loop' %}{{ ctx(i) }}{{ box(i) }}{% endfor %}"
        "{% call m.wrap() %}<{{ text }}>{% endcall %}"
        "{% macro local(x) %}({{ x }}){% endmacro %}{{ local(text) }}"
    ),
    "m.html": (
        "{% macro box(v) %}[{{ v }}]{% endmacro %}"
        "{% macro wrap() %}<w>{{ caller() }}</w>{% endmacro %}"
    ),
}


def render_calls(generator: type | None) -> str:
    env = jinja2.Environment(
        loader=jinja2.DictLoader(CALLS), autoescape=True, undefined=jinja2.StrictUndefined
    )
    if generator is not None:
        env.code_generator_class = generator
    return env.get_template("calls.html").render(
        text="<a>&",
        who="page",
        plain=lambda v: f"plain:{v}",
        ctx=_with_context,
        envf=_with_environment,
        evalf=_with_eval_context,
        obj=_Callable(),
        stops=_stops,
    )


def test_calls_give_what_jinja_gives_for_every_kind_of_callable() -> None:
    ours = render_calls(FastOutputCodeGenerator)
    assert ours == render_calls(None)
    assert "ctx:loop:1" in ours and "called:page:4" in ours and "eval:True:3" in ours
    # called where autoescape is off, a macro gives plain text, which is escaped again later
    assert "[&amp;lt;a&amp;gt;&amp;amp;]" in ours


def test_macros_and_plain_functions_are_called_without_context_call(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    called: list[object] = []
    stock = jinja2.runtime.Context.call

    def call(self: jinja2.runtime.Context, obj: object, *args: object, **kwargs: object) -> object:
        called.append(obj)
        return stock(self, obj, *args, **kwargs)

    monkeypatch.setattr(jinja2.runtime.Context, "call", call)
    render_calls(FastOutputCodeGenerator)
    assert not any(isinstance(obj, jinja2.runtime.Macro) for obj in called)
    assert _with_context in called  # the marked ones still go through Jinja
    render_calls(None)
    assert any(isinstance(obj, jinja2.runtime.Macro) for obj in called)  # the stock way


def test_templates_are_loaded_once_while_not_reloaded_and_again_after(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text("{% include 'part.html' %}")
    (tmp_path / "part.html").write_text("one")
    env = make_environment([tmp_path], CONFIG, {})
    env.auto_reload = False
    loaded: list[str] = []
    load = env.loader.load

    def counting(environment: jinja2.Environment, name: str, globals: object = None) -> object:
        loaded.append(name)
        return load(environment, name, globals)  # type: ignore[arg-type]

    env.loader.load = counting  # type: ignore[method-assign]
    assert [env.get_template("page.html").render() for _ in range(3)] == ["one"] * 3
    assert sorted(loaded) == ["page.html", "part.html"]
    (tmp_path / "part.html").write_text("two")
    os.utime(tmp_path / "part.html", (1, 1))
    assert env.get_template("page.html").render() == "one"  # not looked at again
    env.auto_reload = True
    assert env.get_template("page.html").render() == "two"


class _Named:
    t = "attribute"

    def __getitem__(self, key: str) -> str:
        return f"item {key}"


class _OwnDict(dict[str, str]):
    t = "class attribute"


STOCK = jinja2.Environment(undefined=jinja2.StrictUndefined)
OURS = make_environment([], CONFIG, {})
DICT_NAMES = ["t", "items", "get", "keys", "__class__", "__len__", "missing", ""]


def _outcome(value: object) -> object:
    if isinstance(value, jinja2.Undefined):
        return ("undefined", value._undefined_name, value._undefined_obj)
    return ("value", value)


def _same_lookup(obj: object, name: str) -> None:
    assert _outcome(OURS.getattr(obj, name)) == _outcome(STOCK.getattr(obj, name))


@pytest.mark.parametrize("name", DICT_NAMES)
@pytest.mark.parametrize(
    "obj",
    [
        {"t": "item", "items": "shadowed", "": "empty"},
        {},
        _OwnDict(t="item"),
        _Named(),
        ["x"],
        None,
    ],
    ids=repr,
)
def test_a_dotted_name_gives_what_jinja_gives(obj: object, name: str) -> None:
    # a dict's own attributes (`items`) win over its keys, as in Jinja; any other name is
    # its item, and a missing one is undefined with the same name and object
    _same_lookup(obj, name)


@given(st.dictionaries(st.text(), st.integers()), st.text())
def test_a_dotted_name_on_any_dict_gives_what_jinja_gives(
    values: dict[str, int], name: str
) -> None:
    _same_lookup(values, name)
    for key in values:
        _same_lookup(values, key)


def test_a_missing_key_still_fails_where_it_is_used() -> None:
    template = OURS.from_string("{{ view.original.language }}|{{ view.items()|list|length }}")
    assert template.render(view={"original": {"language": "fr"}}) == "fr|1"
    with pytest.raises(jinja2.UndefinedError, match="has no attribute 'original'"):
        template.render(view={"entries": []})
