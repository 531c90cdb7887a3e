"""The trace of a verdict for people: every rule the evaluator considered, in plain words.

``verdict.trace`` keeps everything (clause ids, labels, conditions as written) for programs; what
people see of it (the app's details panel, ``assistant whatif --trace``) is this: each rule by its
title, when it is in effect, its condition and the facts it read in words, what it decides, which
rules it wins over and why, and its quote with the document's title. No id, label or expression.
"""

from __future__ import annotations

import re

from assistant.agreement.clause_file import Clause
from assistant.agreement.clauses import bundled_sheet
from assistant.agreement.expressions import BoolLit, atoms
from assistant.agreement.outcomes import OUTCOME_TITLES
from assistant.agreement.sheet import TermsRules
from assistant.whatif.engine.verdict import AtomTrace, ClauseStep, Verdict
from assistant.whatif.engine.wording import condition_words, inputs_words, yes_no

_WITH_OUTCOME = re.compile(r"^(?P<clause>\S+) \((?P<outcome>[a-z_]+)\)$")


def _truth(value: bool | None) -> str:
    return "unknown" if value is None else ("yes" if value else "no")


def _applies(value: bool | None) -> str:
    if value is None:
        return "may apply (a fact it needs is not given)"
    return "applies" if value else "does not apply"


def _in_effect(value: bool | None) -> str:
    if value is None:
        return "for part of the time asked about"
    return "yes" if value else "no"


def _rule(rules: TermsRules, clause_id: str) -> Clause | None:
    return next((c for c in rules.clauses if c.id == clause_id), None)


def _with_outcome(rules: TermsRules, entries: list[str]) -> str:
    """``“AGI unravels the deal” (for AGI reached)`` for entries written ``clause (outcome)``."""
    words = []
    for entry in entries:
        match = _WITH_OUTCOME.match(entry)
        clause = _rule(rules, match.group("clause") if match else entry)
        title = f"“{clause.title}”" if clause else "another rule"
        outcome = match.group("outcome") if match else None
        if outcome:
            title += f" (for “{_outcome_title(outcome)}”)"
        words.append(title)
    return "; ".join(dict.fromkeys(words))


def _step_lines(rules: TermsRules, number: int, step: ClauseStep) -> list[str]:
    clause = _rule(rules, step.clause)
    title = clause.title if clause else "A rule"
    reading = f" (reading the sources {step.reading})" if step.reading else ""
    lines = [f"**{number}. {title}**{reading}: {_applies(step.applies)}."]
    if step.in_effect is not True:
        lines.append(f"- In effect {step.effective}: {_in_effect(step.in_effect)}.")
    condition = rules.conditions.get(step.clause)
    if condition is not None and not (isinstance(condition, BoolLit) and condition.value):
        leaves = list(zip(atoms(condition), step.atoms, strict=False))
        if len(leaves) == 1:
            atom = leaves[0][1]
            lines.append(f"- When {condition_words(condition)}: {_truth(atom.value)}{_details(atom)}.")
        else:
            lines.append(f"- When {condition_words(condition)}:")
            lines.extend(f"  - {condition_words(leaf)}: {_truth(atom.value)}{_details(atom)}" for leaf, atom in leaves)
    effects = "; ".join(f"{_outcome_title(o)}: {yes_no(v)}" for o, v in step.effects.items())
    decided = " (it decides the verdict)" if step.decided else ""
    lines.append(f"- Then: {effects}{decided}.")
    if step.overrides:
        reason = f": {step.priority_reason}" if step.priority_reason else "."
        lines.append(f"- Wins over {_with_outcome(rules, step.overrides)}{reason}")
    if step.overridden_by:
        lines.append(f"- Overridden by {_with_outcome(rules, step.overridden_by)}.")
    if step.citations:
        citation = step.citations[0]
        lines.append(f"- Quote: “{citation.quote}” ({citation.title or 'a corpus document'})")
    return lines


def _details(atom: AtomTrace) -> str:
    """`` (OpenAI's profit: US$150 billion; …)``: the values an atom read and any conversion."""
    details = "; ".join(p for p in (inputs_words(atom.inputs), atom.note) if p)
    return f" ({details})" if details else ""


def _outcome_title(name: str) -> str:
    return OUTCOME_TITLES.get(name, "another outcome")  # type: ignore[call-overload]


def trace_markdown(verdict: Verdict) -> str:
    """Every rule the evaluator considered, in order: when in effect, its condition and facts, its effect.

    Args:
        verdict: A verdict, cited or not (a cited one shows each rule's quote).

    Returns:
        Markdown in plain words; ``verdict.trace`` keeps the ids and conditions for programs.
    """
    rules = bundled_sheet().resolve(verdict.terms)
    count = len({step.clause for step in verdict.trace})
    lines = [f"Under {rules.info.name}: {count} rules considered, in the order the terms list them.", ""]
    for number, step in enumerate(verdict.trace, start=1):
        lines.extend(_step_lines(rules, number, step))
        lines.append("")
    return "\n".join(lines).strip()
