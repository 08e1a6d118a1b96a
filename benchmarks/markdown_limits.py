"""How long Python-Markdown takes on the worst inputs site_gen.limits still accepts.

Run: python benchmarks/markdown_limits.py   (prints seconds per input; not part of the tests)
"""

from __future__ import annotations

import time

from site_gen.limits import MAX_MARKDOWN_BYTES, MAX_NESTING, check_markdown
from site_gen.markup import render_markdown

PROSE = (
    "Leaders reacted within hours; see [the article](https://example.com/news/2024/11/06/"
    "reactions?id=1234) and [the archive](https://web.archive.org/web/2024/https://e.org/). "
) * 4


def _fill(first: str, filler: str = PROSE) -> str:
    """`first`, then paragraphs of `filler` up to the file-size cap."""
    parts = [first]
    while len("\n\n".join([*parts, filler]).encode()) <= MAX_MARKDOWN_BYTES:
        parts.append(filler)
    return "\n\n".join(parts)


CASES = {
    "ordinary prose with links, 32 KB": _fill(PROSE),
    "15 unclosed [ in a 10,000-char paragraph": _fill("[" * 15 + "x" * 10_000),
    "unclosed [a]( x 15 in a 10,000-char paragraph": _fill("[a](" * 15 + "x" * 10_000),
    "unclosed <a x x 15 in a 10,000-char paragraph": _fill("<a x " * 15 + "x" * 10_000),
    "[[[...]]] 400 deep": _fill("[" * 400 + "]" * 400),
    "HTML tags only, 32 KB": _fill("<b>x</b> " * 100, "<b>x</b> " * 100),
    f"lists nested {MAX_NESTING} deep": _fill(
        "".join("    " * i + "- x\n" for i in range(MAX_NESTING + 1)).rstrip(),
        "".join("    " * i + "- x\n" for i in range(MAX_NESTING + 1)).rstrip(),
    ),
    f"quotes nested {MAX_NESTING} deep": _fill("> " * MAX_NESTING + "x", "> " * MAX_NESTING + "x"),
    "20,000 [ (refused)": "[" * 20_000,
    "20 unclosed [ in a 10,000-char paragraph (refused)": "[" * 20 + "x" * 10_000,
}

if __name__ == "__main__":
    for name, text in CASES.items():
        started = time.perf_counter()
        problems = check_markdown(text, "bench.md")
        checked = time.perf_counter() - started
        if problems:
            print(f"{name:52} refused in {checked:.3f} s")
            continue
        render_markdown(text)
        rendered = time.perf_counter() - started - checked
        size = f"{len(text):>7,} chars"
        print(f"{name:52} {size}: checked {checked:.3f} s, rendered {rendered:.2f} s")
