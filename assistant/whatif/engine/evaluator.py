"""Deterministic evaluation of the clause sheet against a scenario.

For each combination of readings of the contested parameters (the AGI threshold in AUD as the
article writes it, or in USD as every other source reports it), every clause is evaluated in
three-valued logic and each outcome is resolved through the labels and exceptions of the sheet:

- the exceptions to a label are looked at first; when one certainly applies it wins and the
  clauses it overrides are recorded in the trace;
- when an exception may or may not apply (a fact is unknown), both its value and the fallback
  stay possible;
- an outcome with one possible value is decided; with several it is undetermined (``None``) and
  the reason names the facts that decide it; with none, the agreement is *silent*.

The readings are then merged (:mod:`assistant.whatif.engine.merging`): an outcome on which they
disagree is ``None`` and its reason gives both. The same scenario always gives the same verdict.
The verdict's sentences are written by :mod:`assistant.whatif.engine.wording`; its quotes become
citations outside the engine, in the caller's corpus (:mod:`assistant.whatif.citing`).
"""

from __future__ import annotations

import datetime
import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from assistant.agreement.clause_file import Clause, Reading
from assistant.agreement.clauses import bundled_sheet
from assistant.agreement.expressions import names
from assistant.agreement.facts import FACT_NAMES
from assistant.agreement.money import ExchangeRate, Money
from assistant.agreement.outcomes import OUTCOMES, Outcome
from assistant.agreement.rates import RateTable, reference_rates
from assistant.agreement.sheet import ClauseSheet, TermsRules
from assistant.whatif.engine.conditions import ConditionEvaluator, DateSpan, kleene_and
from assistant.whatif.engine.merging import merge_runs
from assistant.whatif.engine.runs import ClauseResult, ReadingRun
from assistant.whatif.engine.scenario import Scenario
from assistant.whatif.engine.verdict import OutcomeDecision, Verdict
from assistant.whatif.engine.wording import (
    conflict_reason,
    decided_reason,
    no_date_assumption,
    shown_value,
    silent_reason,
    undetermined_reason,
)


class _RecordingRates(RateTable):
    """The reference rates, remembering which ones a conversion used."""

    def __init__(self, table: RateTable) -> None:
        super().__init__(table.rates)
        self.used: list[ExchangeRate] = []

    def convert(self, money: Money, currency: str) -> tuple[Money, ExchangeRate | None]:
        converted, rate = super().convert(money, currency)
        if rate is not None and rate not in self.used:
            self.used.append(rate)
        return converted, rate


@dataclass
class PossibleValues:
    """The values an outcome may take under a label (or the whole sheet), and the clauses behind each.

    Attributes:
        clauses_by_value: For each value, the clauses that give it and apply or may apply.
        may_be_silent: It may be that no clause applies (certainly so when ``clauses_by_value`` is empty).
        conflicts: Pairs of clauses that certainly apply and give opposite values, neither overriding the other.
    """

    clauses_by_value: dict[bool, list[str]] = field(default_factory=dict)
    may_be_silent: bool = True
    conflicts: list[tuple[str, str]] = field(default_factory=list)


def _combine(possibilities: list[PossibleValues]) -> PossibleValues:
    """The values of clauses or labels side by side (none overriding another)."""
    out = PossibleValues(may_be_silent=all(p.may_be_silent for p in possibilities))
    certain: list[tuple[bool, str]] = []
    for possible in possibilities:
        out.conflicts.extend(possible.conflicts)
        for value, ids in possible.clauses_by_value.items():
            known = out.clauses_by_value.get(value, [])
            out.clauses_by_value.setdefault(value, []).extend(i for i in ids if i not in known)
        if not possible.may_be_silent and len(possible.clauses_by_value) == 1:
            value = next(iter(possible.clauses_by_value))
            certain.append((value, possible.clauses_by_value[value][0]))
    for first, second in itertools.pairwise(certain):
        if first[0] != second[0]:
            out.conflicts.append((first[1], second[1]))
    return out


class _Evaluation:
    """One scenario against one terms version's rules, run once per choice of readings."""

    def __init__(
        self,
        rules: TermsRules,
        scenario: Scenario,
        rates: RateTable,
        period: tuple[datetime.date, datetime.date] | None = None,
    ) -> None:
        self.rules = rules
        self.scenario = scenario
        self.rates = _RecordingRates(rates)
        period = period or scenario.period()
        self.span = DateSpan(*period) if period else None
        self.stated = set(scenario.known_facts())

    def facts(self, run: ReadingRun) -> dict[str, Any]:
        values: dict[str, Any] = {name: getattr(self.scenario, name) for name in FACT_NAMES}
        values["event_date"] = self.span
        for name, default in self.rules.defaults.items():
            if values.get(name) is None:
                values[name] = default.value
        for name, reading in run.choice.items():
            values[name] = reading.value
        return values

    def show(self, name: str, value: Any) -> str:
        return shown_value(name, value, self.scenario, self.rules)

    def in_effect(self, clause: Clause) -> bool | None:
        if self.span is None:
            return True
        end = clause.effective.end
        starts_in = self.span.start >= clause.effective.start
        ends_in = end is None or self.span.end <= end
        if starts_in and ends_in:
            return True
        if self.span.end < clause.effective.start or (end is not None and self.span.start > end):
            return False
        return None

    def run(self, choice: dict[str, Reading]) -> ReadingRun:
        run = ReadingRun(choice)
        values = self.facts(run)
        for outcome in self.rules.outcome_order:
            evaluator = ConditionEvaluator(values, self.stated, self.rates, self.show)
            for clause in self.rules.clauses_for(outcome):
                if clause.id not in run.clause_results:
                    value, atoms = evaluator.evaluate(self.rules.conditions[clause.id])
                    in_effect = self.in_effect(clause)
                    run.clause_results[clause.id] = ClauseResult(
                        clause, in_effect, kleene_and([in_effect, value]), atoms
                    )
            decision = self.decide(run, outcome)
            run.decisions[outcome] = decision
            values[outcome] = decision.value
        self.collect_assumptions(run)
        return run

    def resolve(self, run: ReadingRun, outcome: Outcome) -> PossibleValues:
        """The values ``outcome`` may take, exceptions first; records which clauses they override."""
        members: dict[str, list[Clause]] = defaultdict(list)
        for clause in self.rules.clauses_for(outcome):
            members[clause.label].append(clause)
        children: dict[str | None, list[str]] = defaultdict(list)
        for label in members:
            children[self.rules.label_parent.get(label)].append(label)

        def of_clause(clause: Clause) -> PossibleValues:
            applies = run.clause_results[clause.id].applies
            if applies is False:
                return PossibleValues()
            return PossibleValues({clause.outcomes[outcome]: [clause.id]}, may_be_silent=applies is None)

        def of_label(label: str) -> PossibleValues:
            exceptions = _combine([of_label(child) for child in children[label]])
            own = _combine([of_clause(c) for c in members[label]])
            if not exceptions.may_be_silent:
                winners = [
                    i for ids in exceptions.clauses_by_value.values() for i in ids if run.clause_results[i].applies
                ]
                for clause in members[label]:
                    if run.clause_results[clause.id].applies is not False:
                        run.overridden_by[clause.id].extend((w, outcome) for w in winners)
                return exceptions
            merged = _combine([exceptions, own])
            merged.may_be_silent = own.may_be_silent
            return merged

        return _combine([of_label(label) for label in children[None]])

    def unknowns(self, run: ReadingRun, clause_ids: list[str]) -> list[str]:
        """The missing facts (or undetermined outcomes' facts) that leave these clauses undecided."""
        found: list[str] = []
        for clause_id in clause_ids:
            result = run.clause_results[clause_id]
            if result.applies is not None:
                continue
            if result.in_effect is None:
                found.append("event_date")
            for atom in result.atoms:
                if atom.value is not None:
                    continue
                for name in atom.inputs:
                    if name in OUTCOMES and name in run.decisions:
                        found.extend(run.decisions[name].depends_on or [name])
                    elif name in FACT_NAMES and getattr(self.scenario, name) is None:
                        found.append(name)
        return list(dict.fromkeys(found))

    def decide(self, run: ReadingRun, outcome: Outcome) -> OutcomeDecision:
        possible = self.resolve(run, outcome)
        order = [c.id for c in self.rules.clauses_for(outcome)]
        if possible.conflicts:
            pairs = [(self.rules.clause(a), self.rules.clause(b)) for a, b in possible.conflicts]
            return OutcomeDecision(value=None, status="conflict", reason=conflict_reason(pairs))
        values = set(possible.clauses_by_value)
        if len(values) == 1 and not possible.may_be_silent:
            value = values.pop()
            ids = sorted(
                possible.clauses_by_value[value],
                key=lambda i: (run.clause_results[i].applies is not True, order.index(i)),
            )
            reason = decided_reason(run, outcome, ids[0], self.rules.parameters)
            return OutcomeDecision(value=value, status="decided", clauses=ids, reason=reason)
        if not values:
            return OutcomeDecision(value=None, status="silent", reason=silent_reason(self.rules, self.scenario))
        ids = [i for i in order if any(i in group for group in possible.clauses_by_value.values())]
        depends = self.unknowns(run, ids)
        reason = undetermined_reason(run, possible.clauses_by_value, possible.may_be_silent, depends)
        return OutcomeDecision(value=None, status="undetermined", clauses=ids, depends_on=depends, reason=reason)

    def collect_assumptions(self, run: ReadingRun) -> None:
        if self.span is None:
            run.assumptions.append(no_date_assumption(self.rules))
        used = {n for c in self.rules.clauses for n in names(self.rules.conditions[c.id])}
        for name, default in self.rules.defaults.items():
            if name in used and getattr(self.scenario, name) is None:
                run.assumptions.append(default.assumption)
        relevant = {i for d in run.decisions.values() for i in d.clauses}
        for clause in self.rules.clauses:
            if clause.id in relevant:
                for fact, note in clause.unknown_notes.items():
                    if getattr(self.scenario, fact) is None:
                        run.assumptions.append(note)


def evaluate(
    scenario: Scenario,
    terms: str | None = None,
    *,
    readings: dict[str, str] | None = None,
    sheet: ClauseSheet | None = None,
    rates: RateTable | None = None,
    period: tuple[datetime.date, datetime.date] | None = None,
) -> Verdict:
    """Evaluate the clauses of a terms version against a scenario.

    Args:
        scenario: The facts; any may be unknown.
        terms: A version id (``"2025-01"``), an ISO date (the version in force then) or
            ``None`` for the article's terms.
        readings: Restrict contested parameters to one reading each (parameter name to reading id);
            by default every reading is evaluated and the results merged.
        sheet: The clause sheet; defaults to the bundled one.
        rates: Reference exchange rates; default the bundled ones.
        period: The first and last day the event date stands for, when narrower than the scenario's
            (the part of a year in which a version is in force); default the scenario's.

    Returns:
        The verdict, with its trace. The trace names clauses and readings by id; their quotes (source
        and text, in the clause sheet) become citations in a corpus with
        :func:`assistant.whatif.citing.cite_verdict`.

    Raises:
        UnknownTermsError: When ``terms`` names no version.
        CurrencyMismatchError: When the scenario's money cannot be compared with the sheet's
            amounts because no reference rate links the currencies.
        ValueError: When ``readings`` names an unknown parameter or reading.
    """
    rules = (sheet or bundled_sheet()).resolve(terms)
    choices = rules.reading_choices()
    if readings:
        for name, reading_id in readings.items():
            parameter = rules.parameters.get(name)
            if parameter is None or reading_id not in {r.id for r in parameter.readings}:
                raise ValueError(f"no reading {reading_id!r} of parameter {name!r} in terms {rules.info.id}")
        choices = [c for c in choices if all(c[n].id == r for n, r in readings.items())]
    evaluation = _Evaluation(rules, scenario, rates or reference_rates(), period)
    runs = [evaluation.run(choice) for choice in choices]
    return merge_runs(rules, scenario, runs, evaluation.rates.used)
