"""Reading dates and years in questions.

Forms understood: ``2027-06-30``, ``30 June 2027``, ``June 30, 2027``, ``June 2027``,
``end of 2030``, ``start of 2031``, ``in 2027``, ``by 2031`` (the year 2031), ``after 2030``
(the year 2031), ``before 2031`` (the year 2030), ``from``/``since``/``until``/``through`` a
year, a bare year (``2033``), ``next year``, ``this year``, ``last year``, ``in two years``,
``today`` and ``now``. A date that does not exist or year 0 is reported, naming it.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

from assistant.agreement.dates import CalendarError, calendar_day

_MONTHS = {name.lower(): index for index, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): index for index, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
#: Month names and abbreviations (lower case) to their numbers, and the pattern that reads one, for
#: other readers of dates in questions.
MONTH_NUMBERS = _MONTHS
MONTH_PATTERN = _MONTH
_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "a": 1,
}  # fmt: skip

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"(?<![\d-])(?P<year>\d{1,4})-(?P<mon>\d{1,2})-(?P<day>\d{1,2})(?![\d-])")),
    (
        "day_month_year",
        re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?\s+(?P<year>\d{1,4})\b", re.I),
    ),
    (
        "month_day_year",
        re.compile(r"\b" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{1,4})\b", re.I),
    ),
    ("edge_of_year", re.compile(r"\b(?:the\s+)?(?P<edge>end|close|start|beginning)\s+of\s+(?P<year>\d{1,4})\b", re.I)),
    ("month_year", re.compile(r"\b" + _MONTH + r"\s+(?P<year>\d{4})\b", re.I)),
    ("relative_year", re.compile(r"\b(?P<which>next|this|last)\s+year\b", re.I)),
    (
        "years_ahead",
        re.compile(
            r"\bin\s+(?P<count>\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|a)\s+years?(?:'|’)?\s*(?:time)?\b",
            re.I,
        ),
    ),
    # "now", but not the idioms "from now on", "for now", "by now", "until now".
    (
        "today",
        re.compile(
            r"\b(?P<word>today|(?<!from\s)(?<!for\s)(?<!by\s)(?<!until\s)now(?!\s+on\b)|currently|at present)\b",
            re.I,
        ),
    ),
    (
        "year_phrase",
        re.compile(
            r"\b(?P<prep>in|by|after|before|from|since|until|till|through|during|for|of|at)\s+(?:the\s+)?"
            r"(?:(?:calendar\s+)?year\s+(?P<any>\d{1,5})|(?P<year>\d{4}|\d{5}(?!\s*[a-z])))"
            r"(?![\d,.]*\s*(?:%|bn|billion|trillion|million))\b",
            re.I,
        ),
    ),
    ("year_word", re.compile(r"\byear\s+(?P<any>\d{1,5})\b", re.I)),
    (
        "bare_year",
        re.compile(
            r"(?<![\w$€£.,-])(?P<year>(?:19|20|21)\d{2})(?![\w%-]|[.,]\d|\s*(?:bn|billion|trillion|million)\b)", re.I
        ),
    ),
]


@dataclass(frozen=True)
class DateMention:
    """One date or year found in a text.

    Attributes:
        start: Offset of the mention.
        end: Offset just past it.
        text: The mention as written.
        date: The first day it stands for (``None`` when unusable).
        precision: ``day``, ``month`` or ``year``.
        reading: How it was read, for people, when the reading involved a choice.
        error: Why it cannot be used, naming it.
    """

    start: int
    end: int
    text: str
    date: datetime.date | None
    precision: str
    reading: str | None = None
    error: str | None = None


def _make(year: int, month: int, day: int, written: str) -> tuple[datetime.date | None, str | None]:
    try:
        return calendar_day(year, month, day), None
    except CalendarError as exc:
        if exc.part == "year":
            return None, f"year 0 (in “{written}”) does not exist"
        if exc.part == "month":
            return None, f"“{written}” is not a date that exists (there is no month {month})"
        last = calendar.monthrange(year, month)[1]
        return None, (f"“{written}” is not a date that exists ({calendar.month_name[month]} {year} has {last} days)")


def _read(kind: str, match: re.Match[str], today: datetime.date) -> DateMention:
    written = match.group(0).strip()
    start, end = match.start(), match.end()

    def year_of(value: int, shift: int = 0, reading: str | None = None) -> DateMention:
        if value == 0:
            return DateMention(start, end, written, None, "year", None, f"year 0 (in “{written}”) does not exist")
        if not 1 <= value + shift <= 9999:
            return DateMention(
                start, end, written, None, "year", None, f"year {value + shift} (in “{written}”) is out of range"
            )
        return DateMention(start, end, written, datetime.date(value + shift, 1, 1), "year", reading)

    if kind in ("iso", "day_month_year", "month_day_year"):
        month = int(match.group("mon")) if kind == "iso" else _MONTHS[match.group("month").lower()]
        day_value, error = _make(int(match.group("year")), month, int(match.group("day")), written)
        return DateMention(start, end, written, day_value, "day", None, error)
    if kind == "edge_of_year":
        year = int(match.group("year"))
        if year == 0:
            return year_of(0)
        closing = match.group("edge").lower() in ("end", "close")
        value = datetime.date(year, 12, 31) if closing else datetime.date(year, 1, 1)
        return DateMention(start, end, written, value, "day")
    if kind == "month_year":
        month = _MONTHS[match.group("month").lower()]
        first, error = _make(int(match.group("year")), month, 1, written)
        return DateMention(start, end, written, first, "month", None, error)
    if kind == "relative_year":
        shift = {"next": 1, "this": 0, "last": -1}[match.group("which").lower()]
        return year_of(
            today.year + shift, 0, f"“{written}” read as {today.year + shift} (today is {today.isoformat()})"
        )
    if kind == "years_ahead":
        raw = match.group("count").lower()
        count = int(raw) if raw.isdigit() else _NUMBERS[raw]
        return year_of(
            today.year + count, 0, f"“{written}” read as {today.year + count} (today is {today.isoformat()})"
        )
    if kind == "today":
        return DateMention(start, end, written, today, "day", f"“{written}” read as today, {today.isoformat()}")
    raw_year = match.groupdict().get("any") or match.groupdict().get("year")
    year = int(raw_year or 0)
    prep = (match.groupdict().get("prep") or "").lower()
    if year == 0:
        return year_of(0)
    if prep == "after":
        return year_of(year, 1, f"“{written}” read as the year {year + 1}, the first year after {year}")
    if prep == "before":
        return year_of(year, -1, f"“{written}” read as the year {year - 1}, the last year before {year}")
    if prep == "by":
        return year_of(year, 0, f"“{written}” read as the year {year}")
    return year_of(year)


def find_dates(text: str, today: datetime.date) -> list[DateMention]:
    """Find the dates and years in ``text``, in order of appearance.

    Args:
        text: A question, with any amounts of money already blanked out.
        today: What "today", "next year" and "in two years" are relative to.

    Returns:
        The mentions, left to right; an unusable one carries an ``error`` naming it.
    """
    taken = [False] * len(text)
    found: list[DateMention] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if any(taken[match.start() : match.end()]):
                continue
            mention = _read(kind, match, today)
            found.append(mention)
            for index in range(match.start(), match.end()):
                taken[index] = True
    return sorted(found, key=lambda m: m.start)
