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

The readings are then merged: an outcome on which they disagree is ``None`` and its reason
gives both. The same scenario always gives the same verdict.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from assistant.agreement.clause_file import Clause, Reading
from assistant.agreement.clauses import ClauseSheet, TermsRules, bundled_sheet
from assistant.agreement.dates import long_date
from assistant.agreement.expressions import names
from assistant.agreement.facts import FACT_NAMES
from assistant.agreement.money import ExchangeRate, Money
from assistant.agreement.outcomes import OUTCOMES, Outcome
from assistant.agreement.rates import RateTable, reference_rates
from assistant.whatif.engine.conditions import AtomResult, ConditionEvaluator, DateSpan, kleene_and
from assistant.whatif.engine.scenario import Scenario
from assistant.whatif.engine.verdict import AtomTrace, ClauseStep, OutcomeDecision, ReadingResult, Verdict

FACT_LABELS = {
    "event_date": "the event date",
    "profit": "OpenAI's profit",
    "agi_declared": "whether AGI has been declared",
    "agi_verified_by_panel": "whether the expert panel has verified AGI",
    "capacity_request": "whether there is a new capacity request",
    "microsoft_can_meet": "whether Microsoft can meet the request",
    "workload": "the workload",
    "provider": "the provider",
    "agi_reached": "whether AGI is reached",
    "microsoft_ip_access": "whether Microsoft keeps IP access",
    "api_exclusive_to_azure": "whether the API is exclusive to Azure",
    "revenue_sharing": "whether revenue sharing continues",
    "microsoft_first_refusal": "whether Microsoft has the first refusal",
    "openai_may_use_other_cloud": "whether OpenAI may use another cloud",
}


def yes_no(value: bool | None) -> str:
    """``yes``, ``no`` or ``undetermined``."""
    return "undetermined" if value is None else ("yes" if value else "no")


class _RecordingRates(RateTable):
    def __init__(self, table: RateTable) -> None:
        super().__init__(table.rates)
        self.used: list[ExchangeRate] = []

    def convert(self, money: Money, currency: str) -> tuple[Money, ExchangeRate | None]:
        converted, rate = super().convert(money, currency)
        if rate is not None and rate not in self.used:
            self.used.append(rate)
        return converted, rate


@dataclass
class _ClauseEval:
    clause: Clause
    in_effect: bool | None
    applies: bool | None
    atoms: list[AtomResult]


@dataclass
class _Res:
    contribs: dict[bool, list[str]] = field(default_factory=dict)
    silent: bool = True
    conflicts: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class _Decision:
    value: bool | None
    status: str
    clauses: list[str]
    depends_on: list[str]
    reason: str


@dataclass
class _Run:
    choice: dict[str, Reading]
    evals: dict[str, _ClauseEval] = field(default_factory=dict)
    decisions: dict[Outcome, _Decision] = field(default_factory=dict)
    overridden_by: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    assumptions: list[str] = field(default_factory=list)


def _combine(results: list[_Res]) -> _Res:
    out = _Res(silent=all(r.silent for r in results))
    certain: list[tuple[bool, str]] = []
    for result in results:
        out.conflicts.extend(result.conflicts)
        for value, ids in result.contribs.items():
            out.contribs.setdefault(value, []).extend(i for i in ids if i not in out.contribs.get(value, []))
        if not result.silent and len(result.contribs) == 1:
            value = next(iter(result.contribs))
            certain.append((value, result.contribs[value][0]))
    for first, second in itertools.pairwise(certain):
        if first[0] != second[0]:
            out.conflicts.append((first[1], second[1]))
    return out


class _Evaluation:
    def __init__(self, version: TermsRules, scenario: Scenario, rates: RateTable) -> None:
        self.version = version
        self.scenario = scenario
        self.rates = _RecordingRates(rates)
        period = scenario.period()
        self.span = DateSpan(*period) if period else None
        self.stated = set(scenario.known_facts())

    def facts(self, run: _Run) -> dict[str, Any]:
        values: dict[str, Any] = {name: getattr(self.scenario, name) for name in FACT_NAMES}
        values["event_date"] = self.span
        for name, default in self.version.defaults.items():
            if values.get(name) is None:
                values[name] = default.value
        for name, reading in run.choice.items():
            values[name] = reading.value
        return values

    def show(self, name: str, value: Any) -> str:
        if name == "event_date":
            return self.scenario.date_text() or "unknown"
        if value is None:
            return "unknown"
        if isinstance(value, Money):
            return value.display(short=True)
        if isinstance(value, bool):
            assumed = name in self.version.defaults and name not in self.stated
            return ("yes" if value else "no") + (" (assumed)" if assumed else "")
        return str(value)

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

    def run(self, choice: dict[str, Reading]) -> _Run:
        run = _Run(choice)
        values = self.facts(run)
        for outcome in self.version.outcome_order:
            evaluator = ConditionEvaluator(values, self.stated, self.rates, self.show)
            for clause in self.version.clauses_for(outcome):
                if clause.id not in run.evals:
                    value, atom_results = evaluator.evaluate(self.version.conditions[clause.id])
                    in_effect = self.in_effect(clause)
                    run.evals[clause.id] = _ClauseEval(clause, in_effect, kleene_and([in_effect, value]), atom_results)
            decision = self.decide(run, outcome)
            run.decisions[outcome] = decision
            values[outcome] = decision.value
        self.collect_assumptions(run)
        return run

    def resolve(self, run: _Run, outcome: Outcome) -> _Res:
        clauses = self.version.clauses_for(outcome)
        members: dict[str, list[Clause]] = defaultdict(list)
        for clause in clauses:
            members[clause.label].append(clause)
        children: dict[str | None, list[str]] = defaultdict(list)
        for label in members:
            children[self.version.label_parent.get(label)].append(label)

        def of_clause(clause: Clause) -> _Res:
            applies = run.evals[clause.id].applies
            if applies is False:
                return _Res()
            return _Res({clause.outcomes[outcome]: [clause.id]}, silent=applies is None)

        def of_label(label: str) -> _Res:
            layer = _combine([of_label(child) for child in children[label]])
            own = _combine([of_clause(c) for c in members[label]])
            if not layer.silent:
                winners = [i for ids in layer.contribs.values() for i in ids if run.evals[i].applies]
                for clause in members[label]:
                    if run.evals[clause.id].applies is not False:
                        run.overridden_by[clause.id].extend((w, outcome) for w in winners)
                return layer
            merged = _combine([layer, own])
            merged.silent = own.silent
            return merged

        return _combine([of_label(label) for label in children[None]])

    def unknowns(self, run: _Run, clause_ids: list[str]) -> list[str]:
        found: list[str] = []
        for clause_id in clause_ids:
            evaluation = run.evals[clause_id]
            if evaluation.applies is not None:
                continue
            if evaluation.in_effect is None:
                found.append("event_date")
            for atom in evaluation.atoms:
                if atom.value is not None:
                    continue
                for name in atom.inputs:
                    if name in OUTCOMES and name in run.decisions:
                        found.extend(run.decisions[name].depends_on or [name])  # type: ignore[index]
                    elif name in FACT_NAMES and getattr(self.scenario, name) is None:
                        found.append(name)
        return list(dict.fromkeys(found))

    def decide(self, run: _Run, outcome: Outcome) -> _Decision:
        res = self.resolve(run, outcome)
        order = [c.id for c in self.version.clauses_for(outcome)]
        if res.conflicts:
            pairs = ", ".join(f"{a} and {b}" for a, b in res.conflicts)
            return _Decision(
                None,
                "conflict",
                [],
                [],
                f"Undetermined: the clauses {pairs} conflict and neither is an exception to the other.",
            )
        values = set(res.contribs)
        if len(values) == 1 and not res.silent:
            value = values.pop()
            ids = sorted(res.contribs[value], key=lambda i: (run.evals[i].applies is not True, order.index(i)))
            return _Decision(value, "decided", ids, [], self.decided_reason(run, outcome, ids[0]))
        if not values:
            return _Decision(None, "silent", [], [], self.silent_reason())
        ids = [i for i in order if any(i in group for group in res.contribs.values())]
        depends = self.unknowns(run, ids)
        return _Decision(None, "undetermined", ids, depends, self.undetermined_reason(run, outcome, res, depends))

    def inputs_text(self, evaluation: _ClauseEval) -> str:
        seen: dict[str, str] = {}
        for atom in evaluation.atoms:
            for name, shown in atom.inputs.items():
                if name not in self.version.parameters:
                    seen.setdefault(name, shown)
        parts = [f"{FACT_LABELS.get(name, name).removeprefix('whether ')}: {shown}" for name, shown in seen.items()]
        notes = [atom.note for atom in evaluation.atoms if atom.note]
        return "; ".join(parts + notes)

    def decided_reason(self, run: _Run, outcome: Outcome, clause_id: str) -> str:
        evaluation = run.evals[clause_id]
        text = " ".join(evaluation.clause.explanation.split())
        given = self.inputs_text(evaluation)
        if given:
            text += f" (Here: {given}.)"
        beaten = [c for c, wins in run.overridden_by.items() if any(w == clause_id and o == outcome for w, o in wins)]
        if beaten and evaluation.clause.priority_reason:
            text += f" It overrides {', '.join(beaten)}: {' '.join(evaluation.clause.priority_reason.split())}"
        return text

    def silent_reason(self) -> str:
        text = f"The agreement is silent: no clause of the {self.version.info.id} terms applies to this case."
        if self.span is not None and self.span.end < self.version.info.in_force_from:
            text += (
                f" The event date ({self.scenario.date_text()}) is before these terms came into force on "
                f"{long_date(self.version.info.in_force_from)}."
            )
        return text

    def undetermined_reason(self, run: _Run, outcome: Outcome, res: _Res, depends: list[str]) -> str:
        wanted = " and ".join(FACT_LABELS.get(d, d) for d in depends) or "facts the question does not give"
        parts = [f"Undetermined: it depends on {wanted}, which the question does not settle."]
        for value in (True, False):
            ids = res.contribs.get(value, [])
            if ids:
                clause = run.evals[ids[0]].clause
                parts.append(f"It would be {yes_no(value)} under {clause.id}: {' '.join(clause.explanation.split())}")
        if res.silent:
            parts.append("Otherwise no clause applies and the agreement is silent.")
        return " ".join(parts)

    def collect_assumptions(self, run: _Run) -> None:
        if self.span is None:
            run.assumptions.append(
                f"No event date given: the {self.version.info.id} terms are taken as in force "
                f"(they apply from {long_date(self.version.info.in_force_from)}); "
                "anything that depends on the date is left open."
            )
        used = {n for c in self.version.clauses for n in names(self.version.conditions[c.id])}
        for name, default in self.version.defaults.items():
            if name in used and getattr(self.scenario, name) is None:
                run.assumptions.append(default.assumption)
        relevant = {i for d in run.decisions.values() for i in d.clauses}
        for clause in self.version.clauses:
            if clause.id in relevant:
                for fact, note in clause.unknown_notes.items():
                    if getattr(self.scenario, fact) is None:
                        run.assumptions.append(note)


def _effective_text(clause: Clause) -> str:
    start = long_date(clause.effective.start)
    return f"from {start}" + (f" through {long_date(clause.effective.end)}" if clause.effective.end else "")


def _steps(version: TermsRules, run: _Run, reading: str | None) -> list[ClauseStep]:
    steps = []
    for clause in version.clauses:
        evaluation = run.evals.get(clause.id)
        if evaluation is None:
            continue
        overrides = [
            f"{loser} ({outcome})"
            for loser, wins in run.overridden_by.items()
            for winner, outcome in wins
            if winner == clause.id
        ]
        steps.append(
            ClauseStep(
                clause=clause.id,
                provision=clause.provision,
                terms=clause.terms,
                label=clause.label,
                exception_to=clause.exception_to,
                priority_reason=" ".join(clause.priority_reason.split()) if clause.priority_reason else None,
                effects=dict(clause.outcomes),
                effective=_effective_text(clause),
                in_effect=evaluation.in_effect,
                condition=clause.condition,
                atoms=[
                    AtomTrace(expression=a.expression, value=a.value, inputs=a.inputs, note=a.note)
                    for a in evaluation.atoms
                ],
                applies=evaluation.applies,
                decided=[o for o, d in run.decisions.items() if d.status == "decided" and clause.id in d.clauses],
                overridden_by=list(dict.fromkeys(f"{w} ({o})" for w, o in run.overridden_by.get(clause.id, []))),
                overrides=list(dict.fromkeys(overrides)),
                reading=reading,
                explanation=" ".join(clause.explanation.split()),
            )
        )
    return steps


def _without_parameters(step: ClauseStep, parameters: list[str]) -> dict[str, Any]:
    data = step.model_dump(exclude={"reading"})
    for atom in data["atoms"]:
        for name in parameters:
            atom["inputs"].pop(name, None)
    return data


def _merged_step(group: list[ClauseStep], parameters: list[str]) -> ClauseStep:
    """One step for a clause that fared the same under every reading, listing each reading's value."""
    atoms = []
    for index, atom in enumerate(group[0].atoms):
        inputs = dict(atom.inputs)
        for name in parameters:
            shown = [f"{s.atoms[index].inputs[name]} ({s.reading})" for s in group if name in s.atoms[index].inputs]
            if shown:
                inputs[name] = " or ".join(dict.fromkeys(shown))
        atoms.append(atom.model_copy(update={"inputs": inputs}))
    return group[0].model_copy(update={"reading": None, "atoms": atoms})


def _choice_label(choice: dict[str, Reading]) -> str:
    return "; ".join(reading.label for reading in choice.values())


def _merge(version: TermsRules, scenario: Scenario, evaluation: _Evaluation, runs: list[_Run]) -> Verdict:
    outcomes: dict[Outcome, bool | None] = {}
    reasons: dict[Outcome, str] = {}
    decisions: dict[Outcome, OutcomeDecision] = {}
    contested = [name for name, p in version.parameters.items() if len(p.readings) > 1]
    for outcome in OUTCOMES:
        per_run = [run.decisions[outcome] for run in runs]
        first = per_run[0]
        if all((d.value, d.status) == (first.value, first.status) for d in per_run):
            reason = first.reason
            uses = {n for i in first.clauses for n in names(version.conditions[i])} & set(contested)
            if len(runs) > 1 and uses and first.status == "decided":
                labels = " and ".join(f"“{r.choice[n].label}”" for r in runs for n in sorted(uses))
                extra = "; ".join(
                    note
                    for r in runs[1:]
                    for i in r.decisions[outcome].clauses
                    for a in r.evals[i].atoms
                    if (note := a.note) and note not in reason
                )
                reason += f" This holds under every reading of the threshold: {labels}."
                if extra:
                    reason += f" ({extra}.)"
            clauses = list(dict.fromkeys(i for d in per_run for i in d.clauses))
            outcomes[outcome] = first.value
            reasons[outcome] = reason
            decisions[outcome] = OutcomeDecision(
                value=first.value, status=first.status, clauses=clauses, depends_on=first.depends_on
            )
            continue
        described = " and ".join(
            version.parameters[n].contested or version.parameters[n].description.rstrip(".") for n in contested
        )
        lines = [f"Undetermined: the sources disagree on {described}."]
        for run, decision in zip(runs, per_run, strict=True):
            lines.append(f"Reading it {_choice_label(run.choice)}: {yes_no(decision.value)}. {decision.reason}")
        outcomes[outcome] = None
        reasons[outcome] = " ".join(lines)
        decisions[outcome] = OutcomeDecision(
            value=None,
            status="undetermined",
            clauses=list(dict.fromkeys(i for d in per_run for i in d.clauses)),
            depends_on=contested,
        )

    if len(runs) == 1:
        trace = _steps(version, runs[0], None)
    else:
        per_run_steps = [_steps(version, run, _choice_label(run.choice)) for run in runs]
        trace = []
        for index in range(len(per_run_steps[0])):
            group = [steps[index] for steps in per_run_steps]
            bare = [_without_parameters(s, contested) for s in group]
            if all(b == bare[0] for b in bare):
                trace.append(_merged_step(group, contested))
            else:
                trace.extend(group)
    readings = []
    if contested:
        for run in runs:
            readings.append(
                ReadingResult(
                    choice={n: r.id for n, r in run.choice.items()},
                    label=_choice_label(run.choice),
                    outcomes={o: run.decisions[o].value for o in OUTCOMES},
                )
            )
    assumptions = list(dict.fromkeys(a for run in runs for a in run.assumptions))
    rate = "; ".join(r.describe() for r in evaluation.rates.used) or None
    return Verdict(
        outcomes=outcomes,
        reasons=reasons,
        decisions=decisions,
        scenario=scenario,
        terms=version.info.id,
        trace=trace,
        assumptions=assumptions,
        readings=readings,
        rate=rate,
    )


def evaluate(
    scenario: Scenario,
    terms: str | None = None,
    *,
    readings: dict[str, str] | None = None,
    sheet: ClauseSheet | None = None,
    rates: RateTable | None = None,
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
    version = (sheet or bundled_sheet()).resolve(terms)
    choices = version.reading_choices()
    if readings:
        for name, reading_id in readings.items():
            parameter = version.parameters.get(name)
            if parameter is None or reading_id not in {r.id for r in parameter.readings}:
                raise ValueError(f"no reading {reading_id!r} of parameter {name!r} in terms {version.info.id}")
        choices = [c for c in choices if all(c[n].id == r for n, r in readings.items())]
    evaluation = _Evaluation(version, scenario, rates or reference_rates())
    runs = [evaluation.run(choice) for choice in choices]
    return _merge(version, scenario, evaluation, runs)
