"""Size and complexity caps on editor Markdown, checked before Python-Markdown sees it.

Python-Markdown scans to the end of a paragraph for every `[` and `<` that does not close soon,
so its time grows with (brackets in a paragraph) x (paragraph length): 20,000 `[` take minutes.
Deeply nested lists and quotes exhaust Python's recursion limit. These caps keep the worst case
well under a second (see benchmarks/markdown_limits.py) and are far above what prose needs.
"""

from __future__ import annotations

import re

from site_gen.errors import Problem

MAX_MARKDOWN_BYTES = 64 * 1024  # one Markdown file
MAX_PARAGRAPH_CHARS = 10_000  # text between two blank lines
MAX_BRACKETS = 50  # `[` in one paragraph (each link or footnote uses one)
MAX_ANGLES = 100  # `<` in one paragraph (each HTML tag or autolink uses one)
MAX_NESTING = 16  # levels of indentation (4 spaces each) and `>` quoting on one line

_PREFIX = re.compile(r"[ \t>]*")
_BLANK = re.compile(r"\n[ \t]*\n")
_QUOTE = re.compile(r"> ?")


def check_markdown(text: str, path: str) -> list[Problem]:
    """A problem for each paragraph or line that is over a cap; [] when the text is fine."""
    problems: list[Problem] = []
    line = 1
    position = 0
    for match in [*_BLANK.finditer(text), None]:
        end = match.start() if match else len(text)
        block = text[position:end]
        problems += _check_block(block, path, line)
        if match is None:
            break
        line += text.count("\n", position, match.end())
        position = match.end()
    for number, row in enumerate(text.split("\n"), start=1):
        prefix = _PREFIX.match(row)
        assert prefix is not None  # the pattern matches the empty string
        indent = prefix.group().replace("\t", "    ")
        quotes = indent.count(">")
        depth = quotes + len(_QUOTE.sub("", indent)) // 4
        if depth > MAX_NESTING:
            problems.append(
                Problem(
                    path,
                    number,
                    1,
                    f"this line is nested {depth} levels deep; the limit is {MAX_NESTING}",
                    "indent lists and quotes less deeply",
                )
            )
            break  # one is enough: the lines after it are usually as deep
    return problems


def _check_block(block: str, path: str, line: int) -> list[Problem]:
    stripped = block.lstrip("\n")
    line += len(block) - len(stripped)
    stripped = stripped.rstrip("\n")
    if len(stripped) > MAX_PARAGRAPH_CHARS:
        return [
            Problem(
                path,
                line,
                1,
                f"this paragraph is {len(stripped):,} characters; the limit is "
                f"{MAX_PARAGRAPH_CHARS:,}",
                "split it with a blank line",
            )
        ]
    for char, limit, what in (("[", MAX_BRACKETS, "links"), ("<", MAX_ANGLES, "tags")):
        count = block.count(char)
        if count > limit:
            return [
                Problem(
                    path,
                    line,
                    1,
                    f"this paragraph has {count:,} '{char}' characters; the limit is {limit}",
                    f"split it with a blank line, or use fewer {what}",
                )
            ]
    return []
