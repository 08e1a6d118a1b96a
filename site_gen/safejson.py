"""JSON that is safe inside an HTML `<script>` element (JSON-LD, inline data)."""

from __future__ import annotations

import json
from typing import Any

# `</script>` and `<!--` cannot appear; `&` keeps XHTML-style parsers happy; U+2028 and
# U+2029 are line terminators for old JavaScript engines that would break a JSON string.
_ESCAPES = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


def json_for_script(obj: Any, *, indent: int | None = None) -> str:
    """`obj` as JSON text that cannot close or comment out the script element holding it.

    The result parses back to `obj` with any JSON parser; keys keep their order, so the output
    is deterministic. Insert it with `|safe` (or use the `json_script` filter, which does).
    """
    text = json.dumps(obj, ensure_ascii=False, indent=indent, allow_nan=False)
    for char, escape in _ESCAPES:  # str.replace: str.translate is ten times slower here
        if char in text:
            text = text.replace(char, escape)
    return text
