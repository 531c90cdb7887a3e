"""The words of a verdict: its reasons, its assumptions and the values its trace shows.

The evaluator decides; the sentences it hands back are all written here, from the clause sheet's
explanations and the facts as given, so the rules (:mod:`assistant.whatif.engine.evaluator`) hold
no prose. Nothing here reads a corpus or the settings.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from assistant.agreement.clause_file import Clause, Parameter
from assistant.agreement.dates import long_date
from assistant.agreement.expressions import (
    And,
    BoolLit,
    Compare,
    DateLit,
    Known,
    Member,
    Name,
    Node,
    Not,
    Operand,
    StrLit,
)
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
        titles = _titles(run.clause_results[c].clause for c in beaten)
        text += f" It overrides {titles}: {_plain(result.clause.priority_reason)}"
    return text


def _titles(clauses: Iterable[Clause]) -> str:
    """Clauses by their titles: ``“A”``, ``“A” and “B”``, ``“A”, “B” and “C”``."""
    names = list(dict.fromkeys(f"“{clause.title}”" for clause in clauses))
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def conflict_reason(conflicts: list[tuple[Clause, Clause]]) -> str:
    """Why an outcome is undetermined when clauses that both apply disagree."""
    pairs = "; ".join(_titles(pair) for pair in conflicts)
    return f"Undetermined: the rules {pairs} conflict and neither is an exception to the other."


def silent_reason(rules: TermsRules, scenario: Scenario) -> str:
    """Why the agreement says nothing, with the date the terms came into force when the event is earlier."""
    text = f"The agreement is silent: no clause of {rules.info.name} applies to this case."
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
            parts.append(f"It would be {yes_no(value)} by “{clause.title}”: {_plain(clause.explanation)}")
    if may_be_silent:
        parts.append("Otherwise no clause applies and the agreement is silent.")
    return " ".join(parts)


def no_date_assumption(rules: TermsRules) -> str:
    """What is assumed when the scenario gives no event date."""
    return (
        f"No event date given: read under {rules.info.name}, in force from "
        f"{long_date(rules.info.in_force_from)}; anything that depends on the date is left open."
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


#: What a true/false name says when it holds, and when it does not.
_STATES: dict[str, tuple[str, str]] = {
    "agi_declared": ("AGI has been declared", "AGI has not been declared"),
    "agi_verified_by_panel": ("the expert panel has verified AGI", "the expert panel has not verified AGI"),
    "capacity_request": ("there is a new capacity request", "there is no new capacity request"),
    "microsoft_can_meet": ("Microsoft can meet the request", "Microsoft cannot meet the request"),
    "agi_reached": ("AGI is reached", "AGI is not reached"),
    "microsoft_ip_access": ("Microsoft keeps IP access", "Microsoft does not keep IP access"),
    "api_exclusive_to_azure": ("the API is exclusive to Azure", "the API is not exclusive to Azure"),
    "revenue_sharing": ("revenue sharing continues", "revenue sharing has stopped"),
    "microsoft_first_refusal": ("Microsoft has the first refusal", "Microsoft has no first refusal"),
    "openai_may_use_other_cloud": ("OpenAI may use another cloud", "OpenAI may not use another cloud"),
    "agi_clause_in_force": ("the AGI clause still applies", "the AGI clause no longer applies"),
}
#: What the other names are called.
_NOUNS: dict[str, str] = {
    "event_date": "the date",
    "profit": "OpenAI's profit",
    "workload": "the workload",
    "provider": "the provider",
    "agi_profit_threshold": "the AGI profit threshold",
}
_COMPARE_WORDS = {
    "date": {">": "is after", ">=": "is on or after", "<": "is before", "<=": "is on or before"},
    "other": {">": "is more than", ">=": "is at least", "<": "is less than", "<=": "is at most"},
}


def noun(name: str) -> str:
    """What a fact, outcome or parameter is called: ``OpenAI's profit``, ``whether AGI is reached``."""
    return _NOUNS.get(name) or FACT_LABELS.get(name) or name.replace("_", " ")


def _operand_words(operand: Operand) -> str:
    if isinstance(operand, Name):
        return noun(operand.name)
    if isinstance(operand, DateLit):
        return long_date(operand.value)
    if isinstance(operand, BoolLit):
        return "yes" if operand.value else "no"
    return str(operand.value)


def condition_words(node: Node, *, nested: bool = False) -> str:
    """A condition in words: ``OpenAI's profit is given and OpenAI's profit is at least the AGI profit threshold``."""
    if isinstance(node, BoolLit):
        return "always" if node.value else "never"
    if isinstance(node, Name):
        return _STATES.get(node.name, (f"{noun(node.name)} holds", ""))[0]
    if isinstance(node, Known):
        return f"{noun(node.name)} is given"
    if isinstance(node, Member):
        values = " or ".join(v if v != "api" else "API" for v in node.values)
        return f"{noun(node.operand.name)} is {'not ' if node.negated else ''}{values}"
    if isinstance(node, Compare):
        kind = "date" if isinstance(node.right, DateLit) or isinstance(node.left, DateLit) else "other"
        if node.op in ("==", "!="):
            verb = "is" if node.op == "==" else "is not"
        else:
            verb = _COMPARE_WORDS[kind][node.op]
        right = _operand_words(node.right)
        if isinstance(node.right, StrLit) and node.right.value == "api":
            right = "API"
        return f"{_operand_words(node.left)} {verb} {right}"
    if isinstance(node, Not):
        if isinstance(node.operand, Name) and node.operand.name in _STATES:
            return _STATES[node.operand.name][1]
        return f"not ({condition_words(node.operand)})"
    joiner = " and " if isinstance(node, And) else " or "
    text = joiner.join(condition_words(o, nested=True) for o in node.operands)
    return f"({text})" if nested else text


def inputs_words(inputs: dict[str, str]) -> str:
    """The values an atom read, in words: ``OpenAI's profit: US$150 billion``."""
    return "; ".join(f"{noun(name)[:1].upper()}{noun(name)[1:]}: {shown}" for name, shown in inputs.items())
