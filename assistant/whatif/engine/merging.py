"""One verdict from the evaluations under each reading of the contested parameters.

An outcome on which every reading agrees keeps that decision (saying, when it used a contested
parameter, that it holds under every reading); one on which they disagree is undetermined, and its
reason gives each reading's value and reason.
"""

from __future__ import annotations

from assistant.agreement.expressions import names
from assistant.agreement.money import ExchangeRate
from assistant.agreement.outcomes import OUTCOMES, Outcome
from assistant.agreement.sheet import TermsRules
from assistant.whatif.engine.runs import ReadingRun
from assistant.whatif.engine.scenario import Scenario
from assistant.whatif.engine.trace import merged_trace
from assistant.whatif.engine.verdict import OutcomeDecision, ReadingResult, Verdict
from assistant.whatif.engine.wording import every_reading_reason, readings_disagree_reason


def merge_runs(
    rules: TermsRules, scenario: Scenario, runs: list[ReadingRun], rates_used: list[ExchangeRate]
) -> Verdict:
    """The verdict of a scenario from its evaluation under each choice of readings.

    Args:
        rules: The terms version's rules.
        scenario: The facts evaluated.
        runs: One evaluation per choice of readings (one in all when nothing is contested).
        rates_used: The reference exchange rates the evaluations used.
    """
    contested = [name for name, p in rules.parameters.items() if len(p.readings) > 1]
    decisions = {outcome: _merged_decision(rules, runs, outcome, contested) for outcome in OUTCOMES}
    readings = (
        [
            ReadingResult(
                choice={n: r.id for n, r in run.choice.items()},
                label=run.label,
                outcomes={o: run.decisions[o].value for o in OUTCOMES},
            )
            for run in runs
        ]
        if contested
        else []
    )
    return Verdict(
        decisions=decisions,
        scenario=scenario,
        terms=rules.info.id,
        trace=merged_trace(rules, runs, contested),
        assumptions=list(dict.fromkeys(a for run in runs for a in run.assumptions)),
        readings=readings,
        rate="; ".join(r.short() for r in rates_used) or None,
    )


def _merged_decision(
    rules: TermsRules, runs: list[ReadingRun], outcome: Outcome, contested: list[str]
) -> OutcomeDecision:
    per_run = [run.decisions[outcome] for run in runs]
    first = per_run[0]
    clauses = list(dict.fromkeys(i for d in per_run for i in d.clauses))
    if all((d.value, d.status) == (first.value, first.status) for d in per_run):
        reason = first.reason
        uses = {n for i in first.clauses for n in names(rules.conditions[i])} & set(contested)
        if len(runs) > 1 and uses and first.status == "decided":
            reason = every_reading_reason(reason, runs, outcome, uses)
        return OutcomeDecision(
            value=first.value, status=first.status, clauses=clauses, depends_on=first.depends_on, reason=reason
        )
    return OutcomeDecision(
        value=None,
        status="undetermined",
        clauses=clauses,
        depends_on=contested,
        reason=readings_disagree_reason(rules, contested, runs, outcome),
    )
