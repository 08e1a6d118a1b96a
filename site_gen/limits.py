"""Size and complexity caps on editor Markdown, checked before Python-Markdown sees it.

Python-Markdown looks for the `]` of every `[`, the `)` of every `](` and the `>` of every `<` by
scanning forward, so unclosed brackets make it quadratic: 20,000 `[` take minutes. We measure
that scanning (the distance from each opener to its closer, or to the end of its paragraph) and
refuse text whose total is over a budget; deeply nested lists and quotes exhaust Python's
recursion, so nesting is capped too. benchmarks/markdown_limits.py times the worst accepted input.
"""

from __future__ import annotations

import re

from site_gen.errors import Problem

MAX_MARKDOWN_BYTES = 32 * 1024  # one Markdown file: some 5,000 words
MAX_SCAN = 200_000  # characters Python-Markdown may scan in search of closing brackets
MAX_NESTING = 8  # levels of indentation (4 spaces each) and `>` quoting on one line

_PREFIX = re.compile(r"[ \t>]*")
_QUOTE = re.compile(r"> ?")
_BLANK = re.compile(r"\n[ \t]*\n")
_CLOSERS = {"[": "]", "(": ")"}
_BRACKETS = re.compile(r"[\[\]()<>]")  # the only characters _scan looks at
# only a line whose prefix of spaces, tabs and `>` is longer than MAX_NESTING can be nested too
# deeply: each character of the prefix adds at most one level
_DEEP_PREFIX = re.compile(rf"^[ \t>]{{{MAX_NESTING + 1}}}", re.MULTILINE)


def check_markdown(text: str, path: str) -> list[Problem]:
    """A problem for text that would render slowly or nest too deeply; [] when it is fine."""
    problems: list[Problem] = []
    if _openers(text) * len(text) > MAX_SCAN:  # else no scanning can reach the limit
        problems += _check_scan(text, path)
    if _DEEP_PREFIX.search(text):
        problems += _check_nesting(text, path)
    return problems


def _openers(text: str) -> int:
    """How many characters could open a scan; each scans at most to the end of the text."""
    return text.count("[") + text.count("(") + text.count("<")


def _check_scan(text: str, path: str) -> list[Problem]:
    total = 0
    worst = (0, 0)  # (distance, offset of the opener)
    start = 0
    for match in [*_BLANK.finditer(text), None]:
        end = match.start() if match else len(text)
        cost, far = _scan(text, start, end)
        total += cost
        worst = max(worst, far)
        start = match.end() if match else end
    if total > MAX_SCAN:
        distance, offset = worst
        line, column = _position(text, offset)
        char = text[offset]
        closer = _CLOSERS.get(char, ">")
        lone = "\\[" if char == "[" else "&lt;" if char == "<" else "\\("
        return [
            Problem(
                path,
                line,
                column,
                f"this {char!r} has no {closer!r} within {distance:,} characters; "
                f"Markdown would scan {total:,} characters for closing brackets, over the "
                f"limit of {MAX_SCAN:,}",
                f"close it, or write a lone {char} as {lone}",
            )
        ]
    return []


def _scan(text: str, start: int, end: int) -> tuple[int, tuple[int, int]]:
    """Total forward scanning for the paragraph text[start:end], and its longest (distance, at)."""
    total = 0
    worst = (0, start)
    squares: list[int] = []
    parens: list[int] = []
    angle = -1  # the offset of the first `<` not yet closed by a `>`
    angles = 0
    for found in _BRACKETS.finditer(text, start, end):  # skip the other characters in C
        i, char = found.start(), found.group()
        if char == "[":
            squares.append(i)
        elif char == "]" and squares:
            opener = squares.pop()
            total += i - opener
            worst = max(worst, (i - opener, opener))
        elif char == "(" and i > start and text[i - 1] == "]":
            parens.append(i)
        elif char == ")" and parens:
            opener = parens.pop()
            total += i - opener
            worst = max(worst, (i - opener, opener))
        elif char == "<":
            angle = i if angles == 0 else angle
            angles += 1
        elif char == ">" and angles:
            total += angles * (i - angle)  # each open `<` scans at most this far
            worst = max(worst, (i - angle, angle))
            angles = 0
    for opener in [*squares, *parens, *([angle] * angles)]:
        total += end - opener
        worst = max(worst, (end - opener, opener))
    return total, worst


def _check_nesting(text: str, path: str) -> list[Problem]:
    for number, row in enumerate(text.split("\n"), start=1):
        prefix = _PREFIX.match(row)
        assert prefix is not None  # the pattern matches the empty string
        indent = prefix.group().replace("\t", "    ")
        depth = indent.count(">") + len(_QUOTE.sub("", indent)) // 4
        if depth > MAX_NESTING:
            return [
                Problem(
                    path,
                    number,
                    1,
                    f"this line is nested {depth} levels deep; the limit is {MAX_NESTING}",
                    "indent lists and quotes less deeply",
                )
            ]
    return []


def _position(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1
