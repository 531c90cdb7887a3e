"""One check that a day exists, and the ways days are written."""

from __future__ import annotations

import datetime

import pytest
from pydantic import ValidationError

from assistant.agreement.dates import CalendarError, calendar_day, describe_date, long_date, short_date

D = datetime.date(2027, 6, 30)


def test_a_day_of_the_calendar_is_returned() -> None:
    assert calendar_day(2027, 6, 30) == D
    assert calendar_day(2024, 2) == datetime.date(2024, 2, 1)


@pytest.mark.parametrize(
    ("year", "month", "day", "part"),
    [(0, 1, 1, "year"), (2027, 13, 1, "month"), (2027, 0, 1, "month"), (2027, 2, 30, "day"), (2026, 4, 31, "day")],
)
def test_what_is_wrong_is_named(year: int, month: int, day: int, part: str) -> None:
    with pytest.raises(CalendarError) as caught:
        calendar_day(year, month, day)
    assert caught.value.part == part and caught.value.reason


def test_days_are_written_long_short_and_at_a_precision() -> None:
    assert long_date(D) == "30 June 2027"
    assert short_date(datetime.date(2025, 10, 28)) == "28 Oct 2025"
    assert describe_date(D, "day") == "30 June 2027"
    assert describe_date(D, "day", lead=True) == "date 30 June 2027"
    assert describe_date(D, "month") == "June 2027"
    assert describe_date(D, "year") == "the year 2027"
    assert describe_date(D, "year", lead=True) == "year 2027"


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("0000-01-01", "year 0 in “0000-01-01” does not exist"),
        ("2027-02-30", "2027-02-30 is not a date that exists (day is out of range for month)"),
        ("2027-13", "“2027-13” has no month 13"),
        ("0", "year 0 in “0” does not exist"),
    ],
)
def test_each_reader_words_the_refusal_its_own_way(written: str, message: str) -> None:
    from assistant.whatif.engine.scenario import Scenario

    with pytest.raises(ValidationError) as caught:
        Scenario(event_date=written)
    assert message in str(caught.value)


def test_a_question_s_impossible_date_is_named_with_the_month_s_length() -> None:
    from assistant.whatif.reading.dates_text import find_dates

    assert find_dates("in 30 February 2027", datetime.date(2026, 1, 1))[0].error == (
        "“30 February 2027” is not a date that exists (February 2027 has 28 days)"
    )
