"""The trace of a verdict: how every clause fared, once per reading when the readings differ."""

from __future__ import annotations

from typing import Any

from assistant.agreement.sheet import TermsRules
from assistant.whatif.engine.runs import ReadingRun
from assistant.whatif.engine.verdict import AtomTrace, ClauseStep
from assistant.whatif.engine.wording import effective_text


def run_steps(rules: TermsRules, run: ReadingRun, reading: str | None) -> list[ClauseStep]:
    """One step per clause evaluated in ``run``, in the sheet's order.

    Args:
        rules: The terms version's rules.
        run: The evaluation under one choice of readings.
        reading: That choice in words, when the steps of several choices are shown.
    """
    steps = []
    for clause in rules.clauses:
        result = run.clause_results.get(clause.id)
        if result is None:
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
                effects={str(outcome): value for outcome, value in clause.outcomes.items()},
                effective=effective_text(clause),
                in_effect=result.in_effect,
                condition=clause.condition,
                atoms=[
                    AtomTrace(expression=a.expression, value=a.value, inputs=a.inputs, note=a.note)
                    for a in result.atoms
                ],
                applies=result.applies,
                decided=[o for o, d in run.decisions.items() if d.status == "decided" and clause.id in d.clauses],
                overridden_by=list(dict.fromkeys(f"{w} ({o})" for w, o in run.overridden_by.get(clause.id, []))),
                overrides=list(dict.fromkeys(overrides)),
                reading=reading,
                explanation=" ".join(clause.explanation.split()),
            )
        )
    return steps


def merged_trace(rules: TermsRules, runs: list[ReadingRun], contested: list[str]) -> list[ClauseStep]:
    """The steps of every run: one step for a clause that fared the same under every reading, else one each.

    Args:
        rules: The terms version's rules.
        runs: The evaluations, one per choice of readings.
        contested: The parameters with more than one reading.
    """
    if len(runs) == 1:
        return run_steps(rules, runs[0], None)
    per_run = [run_steps(rules, run, run.label) for run in runs]
    trace = []
    for index in range(len(per_run[0])):
        group = [steps[index] for steps in per_run]
        bare = [_without_parameters(s, contested) for s in group]
        if all(b == bare[0] for b in bare):
            trace.append(_merged_step(group, contested))
        else:
            trace.extend(group)
    return trace


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
