"""Dates in the agreement's answers: the one check that a day exists, and the ways days are written.

Every reader of dates (the scenario's fields, the dates in questions, the terms a caller names) goes
through :func:`calendar_day`, which refuses year 0 as well as the months and days the calendar does
not have; each reader words the refusal its own way, naming the value as the user wrote it.
"""

from __future__ import annotations

import calendar
import datetime
from typing import Literal

CalendarPart = Literal["year", "month", "day"]


class CalendarError(ValueError):
    """A year, month and day that name no day of the calendar.

    Attributes:
        part: What is wrong: the ``year`` (year 0, or out of range), the ``month`` or the ``day``.
        reason: Why, in Python's words (``day is out of range for month``).
    """

    def __init__(self, part: CalendarPart, reason: str) -> None:
        super().__init__(reason)
        self.part: CalendarPart = part
        self.reason = reason


def calendar_day(year: int, month: int, day: int = 1) -> datetime.date:
    """The day ``year``-``month``-``day``, when the calendar has it.

    Raises:
        CalendarError: For year 0 (which :mod:`datetime` would also refuse, but people write it),
            a month outside 1 to 12, or a day the month does not have.
    """
    if year == 0:
        raise CalendarError("year", "year 0 does not exist")
    try:
        return datetime.date(year, month, day)
    except ValueError as exc:
        if not 1 <= year <= 9999:
            part: CalendarPart = "year"
        elif not 1 <= month <= 12:
            part = "month"
        else:
            part = "day"
        raise CalendarError(part, str(exc)) from exc


def period_end(start: datetime.date, precision: str) -> datetime.date:
    """The last day of the day, month or year (``precision``) that starts on ``start``."""
    if precision == "year":
        return datetime.date(start.year, 12, 31)
    if precision == "month":
        return start.replace(day=calendar.monthrange(start.year, start.month)[1])
    return start


def long_date(day: datetime.date) -> str:
    """``30 June 2027``."""
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


def short_date(day: datetime.date) -> str:
    """``28 Oct 2025``."""
    return f"{day.day} {calendar.month_abbr[day.month]} {day.year}"


def describe_date(value: datetime.date, precision: str, *, lead: bool = False) -> str:
    """A date at a precision: ``30 June 2027``, ``June 2027``, ``the year 2027``.

    Args:
        value: The (first) day.
        precision: ``day``, ``month`` or ``year``.
        lead: Written as a phrase of its own: ``date 30 June 2027``, ``date June 2027``, ``year 2027``.
    """
    prefix = "date " if lead else ""
    if precision == "year":
        return f"year {value.year}" if lead else f"the year {value.year}"
    if precision == "month":
        return f"{prefix}{calendar.month_name[value.month]} {value.year}"
    return f"{prefix}{long_date(value)}"
