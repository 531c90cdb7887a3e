"""The words of a verdict: its reasons, its assumptions and the values its trace shows.

The evaluator decides; the sentences it hands back are all written here, from the clause sheet's
explanations and the facts as given, so the rules (:mod:`assistant.whatif.engine.evaluator`) hold
no prose. Nothing here reads a corpus or the settings.
"""

from __future__ import annotations

from typing import Any

from assistant.agreement.clause_file import Clause, Parameter
from assistant.agreement.dates import long_date
from assistant.agreement.money import Money
from assistant.agreement.outcomes import Outcome
from assistant.agreement.sheet import TermsRules
from assistant.whatif.engine.runs import ClauseResult, ReadingRun
from assistant.whatif.engine.scenario import Scenario

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


def _plain(text: str) -> str:
    return " ".join(text.split())


def shown_value(name: str, value: Any, scenario: Scenario, rules: TermsRules) -> str:
    """A value an atom read, for people: ``30 June 2027``, ``US$150 billion``, ``yes (assumed)``, ``unknown``."""
    if name == "event_date":
        return scenario.date_text() or "unknown"
    if value is None:
        return "unknown"
    if isinstance(value, Money):
        return value.display(short=True)
    if isinstance(value, bool):
        assumed = name in rules.defaults and name not in scenario.known_facts()
        return ("yes" if value else "no") + (" (assumed)" if assumed else "")
    return str(value)


def effective_text(clause: Clause) -> str:
    """The dates a clause governs: ``from 22 January 2025 through 31 December 2030``."""
    start = long_date(clause.effective.start)
    return f"from {start}" + (f" through {long_date(clause.effective.end)}" if clause.effective.end else "")


def _inputs_text(result: ClauseResult, parameters: dict[str, Parameter]) -> str:
    seen: dict[str, str] = {}
    for atom in result.atoms:
        for name, shown in atom.inputs.items():
            if name not in parameters:
                seen.setdefault(name, shown)
    parts = [f"{FACT_LABELS.get(name, name).removeprefix('whether ')}: {shown}" for name, shown in seen.items()]
    notes = [atom.note for atom in result.atoms if atom.note]
    return "; ".join(parts + notes)


def decided_reason(run: ReadingRun, outcome: Outcome, clause_id: str, parameters: dict[str, Parameter]) -> str:
    """Why a clause decided an outcome: its explanation, the facts it read, and whom it overrode."""
    result = run.clause_results[clause_id]
    text = _plain(result.clause.explanation)
    given = _inputs_text(result, parameters)
    if given:
        text += f" (Here: {given}.)"
    beaten = [c for c, wins in run.overridden_by.items() if any(w == clause_id and o == outcome for w, o in wins)]
    if beaten and result.clause.priority_reason:
        text += f" It overrides {', '.join(beaten)}: {_plain(result.clause.priority_reason)}"
    return text


def conflict_reason(conflicts: list[tuple[str, str]]) -> str:
    """Why an outcome is undetermined when clauses that both apply disagree."""
    pairs = ", ".join(f"{a} and {b}" for a, b in conflicts)
    return f"Undetermined: the clauses {pairs} conflict and neither is an exception to the other."


def silent_reason(rules: TermsRules, scenario: Scenario) -> str:
    """Why the agreement says nothing, with the date the terms came into force when the event is earlier."""
    text = f"The agreement is silent: no clause of the {rules.info.id} terms applies to this case."
    period = scenario.period()
    if period is not None and period[1] < rules.info.in_force_from:
        text += (
            f" The event date ({scenario.date_text()}) is before these terms came into force on "
            f"{long_date(rules.info.in_force_from)}."
        )
    return text


def undetermined_reason(
    run: ReadingRun, clauses_by_value: dict[bool, list[str]], may_be_silent: bool, depends: list[str]
) -> str:
    """Why an outcome is undetermined: the facts it waits on, and what each possible value rests on."""
    wanted = " and ".join(FACT_LABELS.get(d, d) for d in depends) or "facts the question does not give"
    parts = [f"Undetermined: it depends on {wanted}, which the question does not settle."]
    for value in (True, False):
        ids = clauses_by_value.get(value, [])
        if ids:
            clause = run.clause_results[ids[0]].clause
            parts.append(f"It would be {yes_no(value)} under {clause.id}: {_plain(clause.explanation)}")
    if may_be_silent:
        parts.append("Otherwise no clause applies and the agreement is silent.")
    return " ".join(parts)


def no_date_assumption(rules: TermsRules) -> str:
    """What is assumed when the scenario gives no event date."""
    return (
        f"No event date given: the {rules.info.id} terms are taken as in force "
        f"(they apply from {long_date(rules.info.in_force_from)}); "
        "anything that depends on the date is left open."
    )


def every_reading_reason(reason: str, runs: list[ReadingRun], outcome: Outcome, parameters: set[str]) -> str:
    """A decided reason that holds under every reading of the contested ``parameters`` it used, saying so."""
    labels = " and ".join(f"“{r.choice[n].label}”" for r in runs for n in sorted(parameters))
    extra = "; ".join(
        note
        for r in runs[1:]
        for i in r.decisions[outcome].clauses
        for a in r.clause_results[i].atoms
        if (note := a.note) and note not in reason
    )
    reason += f" This holds under every reading of the threshold: {labels}."
    if extra:
        reason += f" ({extra}.)"
    return reason


def readings_disagree_reason(rules: TermsRules, contested: list[str], runs: list[ReadingRun], outcome: Outcome) -> str:
    """Why an outcome is undetermined when the readings of the contested parameters decide it differently."""
    described = " and ".join(
        rules.parameters[n].contested or rules.parameters[n].description.rstrip(".") for n in contested
    )
    lines = [f"Undetermined: the sources disagree on {described}."]
    for run in runs:
        decision = run.decisions[outcome]
        lines.append(f"Reading it {run.label}: {yes_no(decision.value)}. {decision.reason}")
    return " ".join(lines)
