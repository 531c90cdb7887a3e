"""The parts of a quoted sentence that answer a question: its dates, amounts, names and places."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from assistant.question.model import AnswerType

#: Where a sentence says whose words it reports ("According to OpenAI's announcement of…", "(via The
#: Decoder)"): the names in it are the source, not the answer to "who".
_ATTRIBUTION = re.compile(
    r"\b(?:according\s+to|as\s+reported\s+by|reported\s+by|via)\s+(?:[\w.&-]+(?:'s|’s)?\s+){1,6}?"
    r"(?:announcement|report|reports|post|page|statement|blog|account|reading|press\s+release)\b"
    r"|\b(?:according\s+to|via)\s+[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,3}",
    re.IGNORECASE,
)

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
)
_PREPOSITION = r"(?:(?:until|till|through|thru|by|in|on|from|since|before|after|as\s+of|at\s+least\s+until)\s+)?"
_DATE = re.compile(
    r"(?<![\w$])"
    + _PREPOSITION
    + r"(?:\d{1,2}\s+"
    + _MONTH
    + r",?\s+\d{4}|"
    + _MONTH
    + r"\s+\d{1,2},\s+\d{4}|"
    + _MONTH
    + r"\s+\d{4}|\d{4}-\d{2}-\d{2}|(?:19|20)\d{2}(?![\d%]|\s*(?:billion|million|per\s*cent|percent)))",
    re.IGNORECASE,
)
_AMOUNT = re.compile(
    r"(?:(?:US|AUD?|A|USD)\s?\$|\$|USD\s|AUD\s)\s?\d[\d,]*(?:\.\d+)?(?:\s*(?:billion|million|trillion|bn|m|tn)\b)?"
    r"|\b\d+(?:\.\d+)?\s*(?:%|per\s*cent\b|percent\b)"
    r"|\b\d+(?:\.\d+)?\s+(?:billion|million|trillion)\s+(?:dollars|US\s+dollars|Australian\s+dollars)\b",
    re.IGNORECASE,
)
_PLACE = re.compile(
    r"\b(?:in|at|near)\s+((?:the\s+)?[A-Z][a-z]+(?:,?\s+[A-Z][a-z]+){0,2})"
    r"|\b([A-Z][a-z]+,\s+[A-Z][a-z]+)\b(?=\s+(?:is|was|will|has|hosts?|becomes?)\b)"
)


#: Counts and physical quantities by what they count: "about 1.2 gigawatts (GW)", "100,000 jobs".
#: A number starts where no digit, comma or point comes before it, and its digits are taken whole
#: (possessive), so a long run of "1,1,1,…" is read once, not once from every digit in it.
_NUMBER = (
    r"\b(?:about\s+|around\s+|some\s+|over\s+|up\s+to\s+)?(?<![\d,.])\d[\d,]*+(?:\.\d++)?+\s*+"
    r"(?:thousand\s++|million\s++)?+"
)
_COUNTS: dict[str, re.Pattern[str]] = {
    "power": re.compile(_NUMBER + r"(?:gigawatts?|megawatts?|GW|MW)\b(?:\s+\((?:GW|MW)\))?", re.IGNORECASE),
    "people": re.compile(_NUMBER + r"(?:new\s+)?(?:jobs|people|employees|workers)\b", re.IGNORECASE),
    "sites": re.compile(_NUMBER + r"(?:sites|data\s+cent(?:er|re)s|campus(?:es)?)\b", re.IGNORECASE),
}


#: A span of time: "over four years", "for 10 years", "within six months".
_DURATION = re.compile(
    r"\b(?:over|for|within|in)\s+(?:the\s+next\s+)?(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve"
    r"|fifteen|twenty)\s+(?:years?|months?)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Span:
    """A stretch of a sentence, by character offsets into it."""

    start: int
    end: int


_UNTIL = re.compile(r"^(?:until|till|through|thru|by|before|as\s+of|at\s+least\s+until)\b", re.IGNORECASE)
_ENDS_BEFORE = re.compile(r"\b(?:runs?|lasts?|expires?|ends?|remains?\s+intact|continues?|extends?)\s*$", re.IGNORECASE)


def spans(
    sentence: str,
    wanted: AnswerType,
    find_names: Callable[[str], list[tuple[int, int]]],
    *,
    ending: bool = False,
    counting: str | None = None,
) -> list[Span]:
    """The spans of ``sentence`` that give the kind of answer wanted, in order.

    Args:
        sentence: A quoted sentence.
        wanted: The question's answer type; only dates, amounts, names and places have spans.
        find_names: Where ``sentence`` names organisations or people (offsets).
        ending: The question asks when something ends ("how long", "until when", "expire"): only dates
            that say until when count ("until 2030", "runs through 2032"), not the day something began.
        counting: What an amount question counts, when not money ("power", "people", "sites",
            "things"): only quantities of that are spans; sums of money and shares are no answer. For a
            date question, "years": spans of time ("over four years") are spans too.
    """
    if wanted == "date":
        found = [Span(m.start(), m.end()) for m in _DATE.finditer(sentence)]
        if ending:
            found = [
                s for s in found if _UNTIL.match(sentence[s.start : s.end]) or _ENDS_BEFORE.search(sentence[: s.start])
            ]
        if counting == "years":  # "over how many years?": "over four years", or until when it runs; not a day
            durations = [Span(m.start(), m.end()) for m in _DURATION.finditer(sentence)]
            until = [s for s in found if ending or _UNTIL.match(sentence[s.start : s.end])]
            found = sorted([*until, *durations], key=lambda span: span.start)
        return found
    if wanted == "amount":
        if counting:  # a sum of money or a share is no count of gigawatts or data centres
            pattern = _COUNTS.get(counting)
            return [Span(m.start(), m.end()) for m in pattern.finditer(sentence)] if pattern else []
        return [Span(m.start(), m.end()) for m in _AMOUNT.finditer(sentence)]
    if wanted == "names":
        # "According to OpenAI's announcement…" says who said it, not who the answer is.
        said = [(m.start(), m.end()) for m in _ATTRIBUTION.finditer(sentence)]
        return [
            Span(start, end)
            for start, end in find_names(sentence)
            if not any(a <= start and end <= b for a, b in said) and not _joined(sentence, start, end)
        ]
    if wanted == "place":
        # "…like SoftBank and Oracle, Microsoft has…" reads like "Abilene, Texas has…": organisations are no places.
        names = find_names(sentence)
        return [
            Span(m.start(g), m.end(g))
            for m in _PLACE.finditer(sentence)
            for g in (1, 2)
            if m.group(g) and not any(a < m.end(g) and m.start(g) < b for a, b in names)
        ]
    return []


def _joined(sentence: str, start: int, end: int) -> bool:
    """Whether the name at ``start:end`` is joined by a hyphen to another word.

    "the Microsoft-OpenAI agreement" names the agreement, not who the answer is.
    """
    after = sentence[end : end + 2]
    return sentence[start - 1 : start] in ("-", "–") or (len(after) == 2 and after[0] in "-–" and after[1].isalpha())


def bold(sentence: str, found: list[Span]) -> str:
    """``sentence`` with each span in Markdown bold (overlapping spans merged)."""
    merged: list[list[int]] = []
    for span in sorted(found, key=lambda s: s.start):
        if merged and span.start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], span.end)
        else:
            merged.append([span.start, span.end])
    out, position = [], 0
    for start, end in merged:
        text = sentence[start:end].strip()
        lead = len(sentence[start:end]) - len(sentence[start:end].lstrip())
        out.append(sentence[position : start + lead])
        out.append(f"**{text}**")
        position = start + lead + len(text)
    out.append(sentence[position:])
    return "".join(out)
