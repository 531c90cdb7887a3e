"""What a what-if answer adds about later terms.

Outcomes that differ under the latest terms, disagreements between the article and other
sources, and the later changes to the answer's subject, in that order (change lines last).
"""

from __future__ import annotations

from assistant.agreement.clauses import bundled_sheet
from assistant.agreement.money import CurrencyMismatchError
from assistant.agreement.outcomes import OUTCOME_TITLES, OUTCOMES, Outcome
from assistant.agreement.quotes import Locate
from assistant.agreement.versions import latest_terms
from assistant.answering.caveats import change_lines, disagreement_lines
from assistant.answering.subjects import verdict_subjects
from assistant.whatif.citing import cite_verdict
from assistant.whatif.engine.evaluator import evaluate
from assistant.whatif.engine.verdict import Verdict
from assistant.whatif.render import CitationList, outcome_citations, value_word


def latest_differences(verdict: Verdict) -> tuple[Verdict, list[Outcome]] | None:
    """The verdict under the latest terms and the outcomes that differ from ``verdict``'s.

    Returns:
        ``None`` when ``verdict`` is already under the latest terms, when its event date lies
        wholly before the latest terms came into force, or when nothing differs.
    """
    latest = bundled_sheet().resolve(latest_terms())
    if verdict.terms == latest.info.id:
        return None
    period = verdict.scenario.period()
    if period is not None and period[1] < latest.info.in_force_from:
        return None
    try:
        other = evaluate(verdict.scenario, latest.info.id)
    except CurrencyMismatchError:
        return None
    differ = [o for o in OUTCOMES if value_word(other, o) != value_word(verdict, o)]
    return (other, differ) if differ else None


def difference_line(verdict: Verdict, citations: CitationList, locate: Locate) -> str | None:
    """The line "Under the latest terms (…) these outcomes differ: …", with the quotes they rest on.

    Args:
        verdict: The verdict answered.
        citations: The answer's citations so far; the quotes of the differing outcomes are added to it.
        locate: Finds those quotes in the corpus.
    """
    found = latest_differences(verdict)
    if found is None:
        return None
    other, differ = found
    other = cite_verdict(other, locate)
    version = bundled_sheet().resolve(other.terms)
    parts = []
    for outcome in differ:
        marker = citations.marker(outcome_citations(other, outcome))
        parts.append(
            f"{OUTCOME_TITLES[outcome]}: {value_word(other, outcome)} ({value_word(verdict, outcome)} under "
            f"{verdict.terms}) {marker}".rstrip()
        )
    return (
        f"Under the latest terms ({version.info.id}, {version.info.label}) these outcomes differ: "
        + "; ".join(parts)
        + "."
    )


def whatif_caveats(
    verdict: Verdict,
    focus: list[Outcome],
    question: str,
    citations: CitationList,
    *,
    locate: Locate,
    compare: bool = True,
) -> list[str]:
    """The lines a what-if answer ends with, in order: differences, disagreements, changes.

    Args:
        verdict: The verdict answered.
        focus: The outcomes the question asks about.
        question: The question.
        citations: The answer's citations so far; new quotes are added to it.
        locate: Finds quotes in the corpus.
        compare: Whether to compare with the latest terms (off for inverse questions).

    Returns:
        The lines, each ending with its citation markers.
    """
    lines = []
    if compare:
        line = difference_line(verdict, citations, locate)
        if line:
            lines.append(line)
    lines += disagreement_lines(question, citations, locate)
    lines += change_lines(verdict_subjects(verdict, focus), verdict.terms, citations, locate)
    return lines
