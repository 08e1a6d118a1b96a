"""The Jinja environment (autoescape, StrictUndefined), its filters, and pages to bytes."""

from __future__ import annotations

import traceback
from collections.abc import Callable, MutableMapping, Sequence
from pathlib import Path
from typing import Any

import jinja2
import markupsafe

from site_gen import urls
from site_gen.errors import BuildFailed, Problem
from site_gen.model import SiteConfig
from site_gen.pages import Page
from site_gen.safejson import json_for_script
from site_gen.safeurl import safe_url
from site_gen.template_code import FastOutputCodeGenerator, plain_callable

DEFAULT_THEME = Path(__file__).resolve().parent.parent / "templates"


def theme_dirs(root: Path) -> list[Path]:
    """The site's own templates first, then the default theme shipped with site-gen."""
    dirs = [root / "templates"]
    if DEFAULT_THEME.is_dir() and DEFAULT_THEME.resolve() != dirs[0].resolve():
        dirs.append(DEFAULT_THEME)
    return [d for d in dirs if d.is_dir()]


_DICT_ATTRIBUTES = frozenset(dir(dict))  # all a dict has: it has no attributes of its own


class _Environment(jinja2.Environment):
    code_generator_class = FastOutputCodeGenerator  # same HTML, written for less
    _fixed: dict[str, jinja2.Template]

    @property  # an attribute in Jinja
    def auto_reload(self) -> bool:
        return self._auto_reload

    @auto_reload.setter
    def auto_reload(self, value: bool) -> None:
        self._auto_reload = value
        self._fixed = {}

    def _load_template(
        self, name: str, globals: MutableMapping[str, Any] | None
    ) -> jinja2.Template:
        """Jinja's, kept in a dict while templates are not reloaded (during a build): Jinja's
        own cache, an LRU, takes a lock and moves the name in a deque at every include and
        import, half a dozen times per page."""
        if self._auto_reload or globals:
            return super()._load_template(name, globals)
        template = self._fixed.get(name)
        if template is None:
            template = self._fixed[name] = super()._load_template(name, globals)
        return template

    def getattr(self, obj: Any, attribute: str) -> Any:
        """`obj.attribute` in a template, as Jinja gives it: the attribute, else the item.

        On a dict (the views pages are given) Jinja first asks for the attribute, and raising
        and catching that AttributeError made the lookup ten times slower (0.9 against 0.09
        microseconds): 290,000 of them at 10,000 statements. A dict's attributes are those
        of its class, so any other name is looked up as an item at once. The rest is Jinja's
        own, written out: calling it would add a call to each of the millions of lookups."""
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        try:
            return getattr(obj, attribute)
        except AttributeError:
            pass
        try:
            return obj[attribute]
        except (TypeError, LookupError, AttributeError):
            return self.undefined(obj=obj, name=attribute)

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        """A template's globals as a plain dict, where Jinja makes a ChainMap over the
        environment's: Jinja copies them into every render's context and compares their
        keys at every import, which a ChainMap does in Python, key by key (a tenth of a
        statement page's rendering). The environment's globals are all set before any
        template is loaded, and never replaced (`forget_made` empties `once`)."""
        return {**self.globals, **(d or {})}


def make_environment(
    dirs: Sequence[Path], config: SiteConfig, assets: dict[str, str]
) -> jinja2.Environment:
    env = _Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in dirs]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    site_urls = urls.Urls(config.base_url)
    env.filters["link"] = site_urls.link
    env.filters["absolute"] = site_urls.absolute
    env.filters["safe_url"] = safe_url  # every editor-given address in an href or src
    env.filters["json_script"] = lambda obj: markupsafe.Markup(json_for_script(obj))
    env.globals["site"] = config
    env.globals["asset"] = lambda name: site_urls.link(assets[name])
    env.globals["once"] = _Once()
    nav = [
        ("Events", urls.home()),
        ("Countries", urls.countries()),
        ("Organizations", urls.organizations()),
        ("People", urls.people()),
    ]
    env.globals["nav"] = nav
    env.globals["nav_paths"] = tuple(path for _, path in nav)
    return env


@plain_callable
class _Once:
    """`once(macro, value)` in a template: the macro's output for that value, made once.

    For parts of a page that other pages show the same (the middle of a statement's card,
    the masthead): kept by identity of the value (by equality for a string) for as long as
    the environment (one build, one process). The macro must be imported from another
    template: a macro defined in the page itself is made anew for every page.
    """

    def __init__(self) -> None:
        self._made: dict[tuple[int, object], tuple[object, markupsafe.Markup]] = {}

    def forget(self) -> None:
        self._made.clear()

    def __call__(
        self, macro: Callable[[object], markupsafe.Markup], value: object
    ) -> markupsafe.Markup:
        key = (id(macro), value if type(value) is str else id(value))
        made = self._made.get(key)
        if made is None or (made[0] is not value and type(value) is not str):
            made = self._made[key] = (value, macro(value))
        return made[1]


def forget_made(env: jinja2.Environment) -> None:
    """Drop what `once` kept: the values it was kept for are gone (a new model)."""
    once = env.globals["once"]
    if isinstance(once, _Once):
        once.forget()


def render_page(env: jinja2.Environment, page: Page) -> bytes:
    """The page's HTML; a template error raises BuildFailed with its place."""
    try:
        template = env.get_template(page.template)
        html = template.render(page=page, **page.context)
    except jinja2.TemplateSyntaxError as exc:
        raise BuildFailed(
            [
                _template_problem(
                    exc.filename or exc.name or page.template,
                    exc.lineno,
                    exc.message or "syntax error",
                )
            ]
        ) from exc
    except jinja2.TemplateNotFound as exc:
        raise BuildFailed(
            [
                Problem(
                    f"templates/{exc.name}",
                    1,
                    1,
                    "the template is missing",
                    "restore it from the default theme",
                )
            ]
        ) from exc
    except (jinja2.UndefinedError, TypeError, ValueError, AttributeError, KeyError) as exc:
        raise BuildFailed([_runtime_problem(exc, page)]) from exc
    return html.encode("utf-8")


def _template_problem(filename: str, line: int, message: str) -> Problem:
    return Problem(_short(filename), line, 1, f"template error: {message}")


def _runtime_problem(exc: Exception, page: Page) -> Problem:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".html")]
    message = f"{exc} (while rendering /{page.path})"
    if frames:
        return _template_problem(frames[-1].filename, frames[-1].lineno or 1, message)
    return _template_problem(f"templates/{page.template}", 1, message)


def _short(filename: str) -> str:
    path = Path(filename)
    parts = path.parts
    if "templates" in parts:
        return "/".join(parts[len(parts) - parts[::-1].index("templates") - 1 :])
    return path.as_posix()
