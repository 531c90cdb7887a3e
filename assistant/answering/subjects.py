"""What an answer is about: the provisions whose later changes it must mention.

Deterministic rules (documented in ``docs/whatif-and-terms.md``):

- a **plain answer** is about a provision when the question matches one of the provision's
  keywords (``assistant/data/provisions.yaml``), or when it cites a passage that overlaps a quote
  one of the provision's clauses (any version, main or supporting quote) or history entries rests on;
- a **what-if answer** is about the provisions of every clause of the evaluated version that
  decides an outcome the question asks about; when it names no outcome, the provisions of the
  clauses the verdict's decisions rest on.
"""

from __future__ import annotations

from assistant.agreement.clauses import bundled_sheet
from assistant.agreement.disagreements import overlaps
from assistant.agreement.outcomes import Outcome
from assistant.agreement.provisions import provision_order, provisions_in
from assistant.agreement.quotes import Locate
from assistant.citation import Citation
from assistant.whatif.engine.verdict import Verdict


def _ordered(found: set[str]) -> list[str]:
    order = provision_order()
    return sorted(found, key=lambda p: (order.get(p, len(order)), p))


def quoted_passages() -> list[tuple[str, str, str]]:
    """Every ``(provision, source, quote)`` the clause sheet rests on, all versions."""
    found: list[tuple[str, str, str]] = []
    for version in bundled_sheet().versions.values():
        for clause in version.clauses:
            found.extend((clause.provision, q.source, q.quote) for q in clause.quotes())
        for entry in version.changes:
            if entry.source and entry.quote:
                found.append((entry.provision, entry.source, entry.quote))
    return list(dict.fromkeys(found))


def cited_provisions(cited: list[Citation], locate: Locate) -> list[str]:
    """Provisions whose quotes overlap a cited passage, in catalogue order."""
    if not cited:
        return []
    sources = {c.source for c in cited}
    found: set[str] = set()
    for provision, source, quote in quoted_passages():
        if provision in found or source not in sources:
            continue
        span = locate(source, quote)
        if span is not None and any(overlaps(c, span.source, span.start, span.end) for c in cited):
            found.add(provision)
    return _ordered(found)


def answer_subjects(question: str, cited: list[Citation], locate: Locate) -> list[str]:
    """The provisions a plain answer is about (question keywords, then cited passages), in catalogue order."""
    return _ordered(set(provisions_in(question)) | set(cited_provisions(cited, locate)))


def verdict_subjects(verdict: Verdict, focus: list[Outcome]) -> list[str]:
    """The provisions a what-if answer is about.

    Args:
        verdict: The verdict answered.
        focus: The outcomes the question asks about (empty when it names none).

    Returns:
        Provision ids in catalogue order.
    """
    version = bundled_sheet().resolve(verdict.terms)
    if focus:
        found = {c.provision for o in focus for c in version.clauses_for(o)}
    else:
        ids = {i for d in verdict.decisions.values() for i in d.clauses}
        found = {c.provision for c in version.clauses if c.id in ids}
    return _ordered(found)
