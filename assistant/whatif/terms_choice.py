"""Which terms a what-if is answered under: those asked for, else those in force on the date it is about.

The rule (``docs/whatif-and-terms.md``):

1. ``terms`` given (a version id, or an ISO date: the version in force that day) pins the version;
2. else a version the question names ("under the October 2025 agreement", "the jan 2025 terms");
3. else the version in force on the date the question is about: the last day of the scenario's date
   (a year stands for the whole of it, so "in 2025" is read under the terms in force on 31 December
   2025), or today when the question gives no date. A date before the first version is answered
   under the first (the article's), whose clauses then say the agreement did not yet apply.

A version that came into force during the scenario's date is evaluated for the part of it from that
day on (``period``): "in 2026" under the April 2026 amendment means from 27 April 2026.

The article's terms are never silently replaced: the answer says what they give beside the version
used whenever the two differ (:mod:`assistant.whatif.compare`).
"""

from __future__ import annotations

import datetime
from typing import Literal

from pydantic import BaseModel, Field

from assistant.agreement.clauses import bundled_sheet
from assistant.agreement.sheet import ClauseSheet
from assistant.whatif.engine.evaluator import evaluate
from assistant.whatif.engine.scenario import Scenario
from assistant.whatif.engine.verdict import Verdict

#: How the version was chosen: pinned by the caller, named by the question, or in force on the date.
TermsSource = Literal["pinned", "named", "in-force"]


class TermsChoice(BaseModel):
    """The terms version a what-if is answered under, and why.

    Attributes:
        id: The version id (``2026-04``).
        source: ``pinned`` (the caller's ``terms``), ``named`` (the question names it) or ``in-force``.
        day: The day the version was chosen for: the last day of the scenario's date, or today.
        dated: Whether that day comes from the scenario (``False``: today, the question gives no date).
        also_in_force: Other versions in force during the scenario's date, oldest first (a year
            that spans a change of terms); empty when one version covers it.
        period: The days to evaluate when the version came into force during the scenario's date:
            from that day to the date's last day (``None``: the scenario's own date).
    """

    id: str
    source: TermsSource
    day: datetime.date
    dated: bool
    also_in_force: list[str] = Field(default_factory=list)
    period: tuple[datetime.date, datetime.date] | None = None


def in_force_on(day: datetime.date, sheet: ClauseSheet | None = None) -> str:
    """The id of the version in force on ``day``; the first version for a day before any."""
    sheet = sheet or bundled_sheet()
    found = sheet.in_force_on(day)
    return (found or sheet.ordered()[0]).info.id


def choose_terms(
    scenario: Scenario,
    terms: str | None = None,
    *,
    named: str | None = None,
    today: datetime.date,
    sheet: ClauseSheet | None = None,
) -> TermsChoice:
    """The version to evaluate ``scenario`` under.

    Args:
        scenario: The facts; its date (or today) decides the version when nothing pins one.
        terms: A version id or ISO date that pins the version; ``None`` or ``""`` for the default.
        named: The version the question names, if any.
        today: What today is, for a scenario without a date.
        sheet: The clause sheet; defaults to the bundled one.

    Returns:
        The choice.

    Raises:
        UnknownTermsError: When ``terms`` or ``named`` names no version.
    """
    sheet = sheet or bundled_sheet()
    period = scenario.period()
    day = period[1] if period is not None else today
    dated = period is not None
    if terms is not None and terms.strip():
        chosen, source = sheet.resolve(terms).info.id, "pinned"
    elif named:
        chosen, source = sheet.resolve(named).info.id, "named"
    else:
        chosen, source = in_force_on(day, sheet), "in-force"
    also: list[str] = []
    if source == "in-force" and period is not None and sheet.in_force_on(period[1]) is not None:
        start = in_force_on(period[0], sheet)
        also = [
            v.info.id
            for v in sheet.ordered()
            if v.info.id != chosen and (v.info.id == start or period[0] < v.info.in_force_from <= period[1])
        ]
    return TermsChoice(
        id=chosen,
        source=source,  # type: ignore[arg-type]
        day=day,
        dated=dated,
        also_in_force=also,
        period=_from_in_force(period, sheet.resolve(chosen).info.in_force_from),
    )


def _from_in_force(
    period: tuple[datetime.date, datetime.date] | None, in_force_from: datetime.date
) -> tuple[datetime.date, datetime.date] | None:
    """The part of ``period`` from ``in_force_from`` on, when the version came into force during it."""
    if period is None or not period[0] < in_force_from <= period[1]:
        return None
    return in_force_from, period[1]


def evaluate_dated(
    scenario: Scenario,
    terms: str | None = None,
    *,
    named: str | None = None,
    today: datetime.date,
    sheet: ClauseSheet | None = None,
) -> tuple[TermsChoice, Verdict]:
    """The scenario evaluated under the version :func:`choose_terms` picks, for the days it is in force.

    What every what-if path (answers, ``assistant whatif``, the model's tool) evaluates: so ``terms=None``
    gives the same outcomes as pinning the version in force on the scenario's date.

    Raises:
        UnknownTermsError: When ``terms`` or ``named`` names no version.
        CurrencyMismatchError: When the scenario's money cannot be compared with the version's amounts.
    """
    choice = choose_terms(scenario, terms, named=named, today=today, sheet=sheet)
    return choice, evaluate(scenario, choice.id, sheet=sheet, period=choice.period)
