"""Which terms a what-if is answered under: the date picks them unless the caller or the question does."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.agreement.clauses import bundled_sheet
from assistant.agreement.money import CurrencyMismatchError
from assistant.corpus.sources import SourceTexts
from assistant.settings import PROJECT_ROOT
from assistant.whatif.engine.scenario import Scenario
from assistant.whatif.respond import respond
from assistant.whatif.terms_choice import choose_terms, evaluate_dated

LOCATE = SourceTexts(PROJECT_ROOT / "corpus", 1_000_000).cite
TODAY = datetime.date(2026, 12, 2)
#: Each version and the day it came into force, written out here rather than read from the code under test.
IN_FORCE = [
    ("2025-01", datetime.date(2025, 1, 21)),
    ("2025-10", datetime.date(2025, 10, 28)),
    ("2026-02", datetime.date(2026, 2, 27)),
    ("2026-04", datetime.date(2026, 4, 27)),
]


def in_force(day: datetime.date) -> str:
    """The version in force on ``day`` (the article's before any)."""
    found = [terms for terms, start in IN_FORCE if start <= day]
    return found[-1] if found else "2025-01"


def test_the_sheet_knows_the_same_versions_and_dates() -> None:
    assert [(v.info.id, v.info.in_force_from) for v in bundled_sheet().ordered()] == IN_FORCE


@pytest.mark.parametrize(
    ("event_date", "expected"),
    [
        ("2027", "2026-04"),
        ("2025-06-01", "2025-01"),
        ("2025-10-27", "2025-01"),
        ("2025-10-28", "2025-10"),
        ("2026-03", "2026-02"),
        ("2025", "2025-10"),  # a year is read under the terms in force at its end
        ("2024-06-01", "2025-01"),  # before any version: the article's, whose clauses say it did not apply yet
    ],
)
def test_the_date_picks_the_terms(event_date: str, expected: str) -> None:
    choice = choose_terms(Scenario(event_date=event_date), today=TODAY)
    assert (choice.id, choice.source, choice.dated) == (expected, "in-force", True)


def test_without_a_date_today_picks_the_terms() -> None:
    choice = choose_terms(Scenario(), today=datetime.date(2025, 11, 1))
    assert (choice.id, choice.dated, choice.day) == ("2025-10", False, datetime.date(2025, 11, 1))


def test_pinned_and_named_terms_win_over_the_date() -> None:
    scenario = Scenario(event_date="2027")
    assert choose_terms(scenario, "2025-01", today=TODAY).source == "pinned"
    assert choose_terms(scenario, "2025-12-01", today=TODAY).id == "2025-10"
    named = choose_terms(scenario, named="2025-10", today=TODAY)
    assert (named.id, named.source) == ("2025-10", "named")
    assert choose_terms(scenario, "2026-04", named="2025-10", today=TODAY).id == "2026-04"


def test_a_year_that_saw_a_change_is_read_from_the_day_its_terms_came_into_force() -> None:
    choice = choose_terms(Scenario(event_date="2026"), today=TODAY)
    assert choice.id == "2026-04"
    assert choice.also_in_force == ["2025-10", "2026-02"]
    assert choice.period == (datetime.date(2026, 4, 27), datetime.date(2026, 12, 31))
    _, verdict = evaluate_dated(Scenario(event_date="2026"), today=TODAY)
    assert verdict.outcomes["api_exclusive_to_azure"] is False  # decided, not "depends on the date"
    assert verdict.decisions["microsoft_ip_access"].status == "decided"


dates = st.dates(min_value=datetime.date(2024, 6, 1), max_value=datetime.date(2040, 12, 31))
maybe_bool = st.sampled_from([True, False, None])


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    declared = draw(maybe_bool)
    capacity = draw(maybe_bool)
    precision = draw(st.sampled_from(["day", "month", "year", None]))
    day = draw(dates)
    event_date = {"day": day.isoformat(), "month": f"{day.year}-{day.month:02d}", "year": str(day.year)}.get(
        precision or "", None
    )
    return Scenario.model_validate(
        {
            "event_date": event_date,
            "profit": draw(st.sampled_from([None, "US$50 billion", "US$80 billion", "A$120 billion", "US$150bn"])),
            "agi_declared": declared,
            "agi_verified_by_panel": None if declared is False else draw(maybe_bool),
            "capacity_request": capacity,
            "microsoft_can_meet": None if capacity is False else draw(maybe_bool),
            "workload": draw(st.sampled_from(["api", "research", "training", "product", None])),
            "provider": draw(st.sampled_from(["azure", "oracle", "aws", None])),
        }
    )


@settings(max_examples=150, deadline=None)
@given(scenario=scenarios(), today=st.dates(min_value=datetime.date(2025, 1, 21), max_value=datetime.date(2035, 1, 1)))
def test_no_terms_gives_the_outcomes_of_pinning_the_version_in_force_on_the_scenarios_date(
    scenario: Scenario, today: datetime.date
) -> None:
    period = scenario.period()
    day = period[1] if period is not None else today
    expected = in_force(day)
    try:
        choice, verdict = evaluate_dated(scenario, None, today=today)
    except CurrencyMismatchError:
        return
    assert choice.id == expected
    pins = [expected] + ([day.isoformat()] if day >= IN_FORCE[0][1] else [])  # no version is in force before
    for pin in pins:
        _, pinned = evaluate_dated(scenario, pin, today=today)
        assert pinned.terms == expected
        assert pinned.outcomes == verdict.outcomes


questions = st.sampled_from(
    [
        "What if OpenAI declares AGI on {day} and the expert panel verifies it: does revenue sharing continue?",
        "What if Microsoft can't meet a new capacity request for training on {day}: can OpenAI use Oracle?",
        "What if OpenAI makes US$150 billion in profit on {day}: does Microsoft keep access to its IP?",
        "Is the API still exclusive to Azure on {day}?",
        "What if OpenAI runs the API on Google Cloud on {day}?",
    ]
)


@settings(max_examples=40, deadline=None)
@given(template=questions, day=st.dates(min_value=datetime.date(2025, 2, 1), max_value=datetime.date(2034, 12, 31)))
def test_an_answer_without_terms_is_the_answer_under_the_terms_in_force_on_its_date(
    template: str, day: datetime.date
) -> None:
    question = template.format(day=day.isoformat())
    default = respond(question, [], today=TODAY, locate=LOCATE)
    pinned = respond(question, [], terms=day.isoformat(), today=TODAY, locate=LOCATE)
    assert default is not None and pinned is not None
    assert default.verdict is not None and pinned.verdict is not None
    assert default.verdict.terms == pinned.verdict.terms == in_force(day)
    assert default.verdict.outcomes == pinned.verdict.outcomes
