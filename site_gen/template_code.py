"""Jinja's compiled templates writing `{{ value }}` and calling for less: the same HTML.

Under autoescape, Jinja compiles `{{ value }}` to `escape(value)`: markupsafe's escape, which
wraps every string in a new Markup (two Python calls and a type check each), and re-wraps a
value that already is Markup. A page writes a few hundred values, so that is a tenth of its
rendering. The output of a template is joined into one string, so a value written there
need not be Markup: `site_gen_escape` gives plain text for plain text (escaped by
markupsafe's own routine) and Markup as it is; anything else goes through markupsafe.escape
as before (objects with `__html__`, numbers, undefined values, which then fail the same way).

Calls. Jinja compiles `f(x)` to `context.call(f, x)`, which looks on `f` (and on its
`__call__`) for the mark of `pass_context` and its kin, then drops the loop and block
variables it was handed for them: a dozen Python steps per call, and a card makes several
(its macros). `site_gen_call` calls a macro, or a function without the mark, directly; any
other callable goes through `context.call` as before.

tests/test_template_code.py checks that both write the same text.
"""

from __future__ import annotations

from collections.abc import Callable
from types import BuiltinFunctionType, FunctionType, MethodType
from typing import Any

import markupsafe
from jinja2.compiler import CodeGenerator, Frame
from jinja2.nodes import Expr, Template
from jinja2.runtime import Context, Macro
from jinja2.utils import _PassArg

# markupsafe's escaping routine for plain strings (its C speedup where built); were it
# renamed, the public escape does the same job
_escape_text: Callable[[str], str] = getattr(
    markupsafe, "_escape_inner", lambda text: str(markupsafe.escape(text))
)
_Markup = markupsafe.Markup


def site_gen_escape(value: Any) -> str:
    """What `{{ value }}` writes under autoescape: the text of markupsafe.escape(value)."""
    kind = type(value)
    if kind is str:
        return _escape_text(value)
    if kind is _Markup:
        return value  # type: ignore[no-any-return]
    return markupsafe.escape(value)


# Callables on which only their own attribute can carry the pass_context mark: functions and
# methods (their `__call__` is a slot wrapper, which has none) and the classes registered by
# `plain_callable`; builtins can carry no such mark at all
_MARKABLE: set[type] = {FunctionType, MethodType}
_UNMARKABLE = frozenset({BuiltinFunctionType})
_LOOKED_UP = ("_block_vars", "_loop_vars")  # what Jinja hands `context.call` for the mark
# A macro's `__call__` takes the caller's eval context (its autoescape) first
_MACRO = Macro if _PassArg.from_obj(Macro.__call__) is _PassArg.eval_context else None


def plain_callable(kind: type) -> type:
    """Mark a class whose instances templates call, for `site_gen_call` to call them
    directly: neither its `__call__` nor its instances carry a pass_context mark (a class
    decorator)."""
    _MARKABLE.add(kind)
    return kind


def site_gen_call(__context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
    """What `context.call(obj, *args, **kwargs)` returns, without its lookups for macros
    and plain functions."""
    kind = type(__obj)
    if kind is _MACRO:
        args = (__context.eval_ctx, *args)
    elif not (kind in _UNMARKABLE or (kind in _MARKABLE and not hasattr(__obj, "jinja_pass_arg"))):
        return __context.call(__obj, *args, **kwargs)
    if kwargs:
        for name in _LOOKED_UP:
            kwargs.pop(name, None)
    try:
        return __obj(*args, **kwargs)
    except StopIteration:
        return __context.environment.undefined(
            "value was undefined because a callable raised a StopIteration exception"
        )


# what Jinja writes to hand a block's or the parent template's output up, unbuffered
_DELEGATIONS = ("yield from context.blocks[", "yield from parent_template.root_render_func(")


class FastOutputCodeGenerator(CodeGenerator):
    """Jinja's code generator, with `{{ value }}` written by `site_gen_escape` where Jinja
    would call markupsafe.escape (autoescape known when compiling)."""

    def visit_Template(self, node: Template, frame: Frame | None = None) -> None:
        self.writeline(f"from {__name__} import site_gen_call, site_gen_escape")
        super().visit_Template(node, frame)

    def writeline(self, x: str, node: Any = None, extra: int = 0) -> None:
        # A block, or the parent template, is joined into one string where Jinja delegates
        # to its generator: each string it makes is then passed up once, not through every
        # template above it (a statement page's block sits three generators deep).
        if x.startswith(_DELEGATIONS):
            x = f"yield concat({x[len('yield from ') :]})"
        super().writeline(x, node, extra)

    def write(self, x: str) -> None:
        if x == "context.call(":  # where Jinja starts a call (visit_Call)
            x = "site_gen_call(context, "
        super().write(x)

    def _output_child_pre(self, node: Expr, frame: Frame, finalize: Any) -> None:
        if frame.eval_ctx.volatile or not frame.eval_ctx.autoescape:
            super()._output_child_pre(node, frame, finalize)
            return
        self.write("site_gen_escape(")
        if finalize.src is not None:
            self.write(finalize.src)
