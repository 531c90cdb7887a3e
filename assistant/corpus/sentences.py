"""Sentence boundaries with character offsets, so every sentence is a verbatim span.

A small rule-based splitter: a sentence ends at ``.``, ``!`` or ``?`` (with any closing
quotes or brackets) followed by white space and an upper-case letter, digit or opening
quote, unless the word before the full stop is a known abbreviation or a single initial.
Line breaks always end a sentence, which suits notes, lists and headings. Leading Markdown
markers (``#``, ``-``, ``*``, ``>``, ``1.``) are left outside the span.
"""

from __future__ import annotations

import re

_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof sr jr st inc ltd co corp no vs etc e.g i.e approx est dept fig jan feb mar apr "
    "jun jul aug sep sept oct nov dec u.s u.k a.m p.m".split()
)
_BOUNDARY = re.compile(r"[.!?][\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
# Matched after the line's leading white space is skipped: a leading ``\s*`` here made every search
# quadratic on a long run of spaces.
_LINE_MARKER = re.compile(r"(?:#{1,6}\s+|[-*+]\s+|>\s*|\d{1,3}[.)]\s+)")


def _is_abbreviation(text: str, dot: int) -> bool:
    start = dot
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
    word = text[start:dot].lower()
    if not word:
        return False
    return word in _ABBREVIATIONS or (len(word) == 1 and text[start].isupper())


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    marker = _LINE_MARKER.match(text, start, end)
    if marker:
        start = marker.end()
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start < 2 or not any(ch.isalnum() for ch in text[start:end]):
        return None
    return start, end


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into sentence spans.

    Args:
        text: Any text.

    Returns:
        ``(start, end)`` offsets, in order, such that ``text[start:end]`` is one sentence
        with no surrounding white space.
    """
    spans: list[tuple[int, int]] = []
    line_start = 0
    for line in text.splitlines(keepends=True):
        line_end = line_start + len(line)
        start = line_start
        for match in _BOUNDARY.finditer(text, line_start, line_end):
            if text[match.start()] == "." and _is_abbreviation(text, match.start()):
                continue
            span = _trim(text, start, match.end())
            if span:
                spans.append(span)
            start = match.end()
        span = _trim(text, start, line_end)
        if span:
            spans.append(span)
        line_start = line_end
    return spans
