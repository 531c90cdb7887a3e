"""Inverse questions, solved by bisection over the evaluator.

"What is the lowest profit that would trigger the AGI clause?" searches the profit at which an
outcome turns, once per reading of the contested parameters; "From which year is the API no
longer exclusive?" searches the first day on which it turns. Each answer is checked at the
threshold and just below it, so a non-monotone clause sheet is reported instead of misread.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field

from assistant.agreement.clauses import bundled_sheet
from assistant.agreement.dates import long_date
from assistant.agreement.money import Money
from assistant.agreement.outcomes import OUTCOME_TITLES, Outcome
from assistant.agreement.rates import reference_rates
from assistant.whatif.engine.evaluator import evaluate
from assistant.whatif.engine.scenario import Scenario

PROFIT_CEILING = Decimal(10) ** 15  # US$1 quadrillion: far above any threshold in the sources
DATE_CEILING = datetime.date(2200, 12, 31)


class InverseAnswer(BaseModel):
    """The turning point under one reading.

    Attributes:
        reading: The reading's id (``None`` when nothing is contested).
        reading_label: The reading in words.
        found: Whether the outcome turns within the searched range.
        profit: The lowest profit at which it has the target value (profit searches).
        profit_other: The same amount in the other currency of the reference rate, if any.
        date: The first day on which it has the target value (date searches).
        checked: What the evaluator gives at the threshold and just below it.
        note: Why nothing was found, when nothing was.
    """

    reading: str | None = None
    reading_label: str | None = None
    found: bool
    profit: Money | None = None
    profit_other: Money | None = None
    date: datetime.date | None = None
    checked: dict[str, str] = Field(default_factory=dict)
    note: str | None = None


class InverseResult(BaseModel):
    """The answer to an inverse question.

    Attributes:
        kind: ``profit`` or ``date``.
        outcome: The outcome searched.
        target: The value it turns to.
        terms: The terms version.
        answers: One per reading (one in all when the readings agree).
    """

    kind: Literal["profit", "date"]
    outcome: Outcome
    target: bool
    terms: str
    answers: list[InverseAnswer]


def _choices(terms: str | None) -> list[dict[str, str] | None]:
    version = bundled_sheet().resolve(terms)
    choices = version.reading_choices()
    if choices == [{}]:
        return [None]
    return [{name: reading.id for name, reading in choice.items()} for choice in choices]


def _label(terms: str | None, choice: dict[str, str] | None) -> str | None:
    if not choice:
        return None
    version = bundled_sheet().resolve(terms)
    return "; ".join(
        next(r.label for r in version.parameters[name].readings if r.id == reading_id)
        for name, reading_id in choice.items()
    )


Period = tuple[datetime.date, datetime.date]


def _outcome_at(
    scenario: Scenario,
    outcome: Outcome,
    terms: str | None,
    choice: dict[str, str] | None,
    period: Period | None = None,
) -> bool | None:
    return evaluate(scenario, terms, readings=choice, period=period).outcomes[outcome]


def lowest_profit(
    base: Scenario,
    outcome: Outcome,
    target: bool,
    terms: str | None = None,
    currency: str = "USD",
    period: Period | None = None,
) -> InverseResult:
    """The lowest profit at which ``outcome`` takes ``target``, per reading.

    Args:
        base: The other facts (its profit is ignored).
        outcome: The outcome to watch.
        target: The value sought.
        terms: The terms version.
        currency: The currency to search in (whole units).
        period: The days the event date stands for, when narrower than the scenario's.

    Returns:
        The thresholds, each checked at the threshold and one unit below.
    """
    answers = _one_when_alike(
        [
            _lowest_profit_under(base, outcome, target, terms, currency, choice, period)
            for choice in _choices(terms)
        ]
    )
    version = bundled_sheet().resolve(terms)
    return InverseResult(kind="profit", outcome=outcome, target=target, terms=version.info.id, answers=answers)


def _one_when_alike(answers: list[InverseAnswer]) -> list[InverseAnswer]:
    """One answer in all, without a reading, when every reading gives the same."""
    if len(answers) > 1 and all(
        a.model_dump(exclude={"reading", "reading_label"})
        == answers[0].model_dump(exclude={"reading", "reading_label"})
        for a in answers
    ):
        return [answers[0].model_copy(update={"reading": None, "reading_label": None})]
    return answers


def _word(value: bool) -> str:
    return "yes" if value else "no"


def _lowest_profit_under(
    base: Scenario,
    outcome: Outcome,
    target: bool,
    terms: str | None,
    currency: str,
    choice: dict[str, str] | None,
    period: Period | None,
) -> InverseAnswer:
    """The lowest profit under one choice of readings, by bisection between zero and the ceiling."""

    def holds(amount: Decimal) -> bool:
        scenario = base.model_copy(update={"profit": Money(amount=amount, currency=currency)})
        return _outcome_at(scenario, outcome, terms, choice, period) is target

    label = _label(terms, choice)
    reading = None if choice is None else ",".join(choice.values())
    at_zero = holds(Decimal(0))
    if not at_zero and not holds(PROFIT_CEILING):
        ceiling = Money(amount=PROFIT_CEILING, currency=currency).display(short=True)
        note = f"“{OUTCOME_TITLES[outcome]}” is not {_word(target)} at any profit up to {ceiling}"
        return InverseAnswer(reading=reading, reading_label=label, found=False, note=note)
    low, high = Decimal(-1), PROFIT_CEILING
    if at_zero:
        high = Decimal(0)
    while high - low > 1:
        middle = (low + high) // 2
        if holds(middle):
            high = middle
        else:
            low = middle
    threshold = Money(amount=high, currency=currency)
    checked = {threshold.display(): "yes"}
    if high > 0:
        below = Money(amount=high - 1, currency=currency)
        checked[below.display()] = "yes" if holds(high - 1) else "no"
    other = None
    rate = next((r for r in reference_rates().rates if currency in (r.base, r.quote)), None)
    if rate is not None:
        other_code = rate.quote if currency == rate.base else rate.base
        other = rate.convert(threshold, other_code)
    return InverseAnswer(
        reading=reading, reading_label=label, found=True, profit=threshold, profit_other=other, checked=checked
    )


def first_date(base: Scenario, outcome: Outcome, target: bool, terms: str | None = None) -> InverseResult:
    """The first day on which ``outcome`` takes ``target``, per reading.

    The search runs from the day the terms came into force to 31 December 2200.

    Args:
        base: The other facts (its date is ignored).
        outcome: The outcome to watch.
        target: The value sought.
        terms: The terms version.

    Returns:
        The first day, checked on that day and the day before; one answer in all when the
        readings agree.
    """
    version = bundled_sheet().resolve(terms)
    answers = _one_when_alike(
        [
            _first_date_under(base, outcome, target, terms, version.info.in_force_from, choice)
            for choice in _choices(terms)
        ]
    )
    return InverseResult(kind="date", outcome=outcome, target=target, terms=version.info.id, answers=answers)


def _first_date_under(
    base: Scenario,
    outcome: Outcome,
    target: bool,
    terms: str | None,
    start: datetime.date,
    choice: dict[str, str] | None,
) -> InverseAnswer:
    """The first day under one choice of readings, by bisection between ``start`` and the ceiling."""

    def holds(day: datetime.date) -> bool:
        scenario = base.model_copy(update={"event_date": day, "date_precision": "day"})
        return _outcome_at(scenario, outcome, terms, choice) is target

    label = _label(terms, choice)
    reading = None if choice is None else ",".join(choice.values())
    if not holds(DATE_CEILING):
        title = OUTCOME_TITLES[outcome]
        note = f"“{title}” is still not {_word(target)} on {long_date(DATE_CEILING)} under these facts"
        return InverseAnswer(reading=reading, reading_label=label, found=False, note=note)
    if holds(start):
        return InverseAnswer(
            reading=reading,
            reading_label=label,
            found=True,
            date=start,
            checked={start.isoformat(): "yes"},
            note="it already holds when the terms come into force",
        )
    low, high = start.toordinal(), DATE_CEILING.toordinal()
    while high - low > 1:
        middle = (low + high) // 2
        if holds(datetime.date.fromordinal(middle)):
            high = middle
        else:
            low = middle
    day = datetime.date.fromordinal(high)
    before = datetime.date.fromordinal(high - 1)
    checked = {day.isoformat(): "yes", before.isoformat(): "yes" if holds(before) else "no"}
    return InverseAnswer(reading=reading, reading_label=label, found=True, date=day, checked=checked)
