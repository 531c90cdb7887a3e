"""The lines answers end with: where the article disagrees with other sources, and what changed later.

- "The article and other sources disagree: … [a][b]" for each disagreement the answer touches
  (see :mod:`assistant.agreement.disagreements`), citing both sides;
- "Changed on 28 Oct 2025: the right of first refusal was removed [n]" for each later change to a
  provision the answer is about (see :mod:`assistant.answering.subjects`), citing the dated note.

Plain answers (:func:`add_caveats`) list the changes after the article's terms (``2025-01``),
because their quotes come from documents, not from a terms version; what-if answers
(:mod:`assistant.whatif.later_terms`) list the changes after the version they were evaluated under.
Change lines come last. A line whose quote cannot be found in the corpus is left out, so every
marker points at a real, verbatim citation.
"""

from __future__ import annotations

import re

from assistant.agreement.disagreements import relevant_disagreements
from assistant.agreement.quotes import Locate
from assistant.agreement.sheet import DEFAULT_TERMS
from assistant.agreement.versions import changes_after
from assistant.answering.subjects import answer_subjects
from assistant.models import Answer
from assistant.whatif.render import CitationList

#: Paragraphs that report later changes rather than answer the question.
CHANGE_PREFIXES: tuple[str, ...] = ("Changed on ", "Under the latest terms")


def disagreement_lines(question: str, citations: CitationList, locate: Locate) -> list[str]:
    """One line per disagreement the question or the cited passages touch, citing both sides.

    Args:
        question: The user's question.
        citations: The answer's citations so far; the sides' quotes are added to it.
        locate: Finds a quote in a corpus document.

    Returns:
        The lines, in catalogue order (none when a side cannot be found in the corpus).
    """
    lines = []
    for item in relevant_disagreements(question, list(citations.items), locate):
        sides = [locate(side.source, side.quote) for side in item.sides()]
        found = [c for c in sides if c is not None]
        if len(found) == len(sides):
            lines.append(f"{item.line()} {citations.marker(found)}")
    return lines


def change_lines(subjects: list[str], since_terms: str | None, citations: CitationList, locate: Locate) -> list[str]:
    """One "Changed on …" line per later change to these provisions, citing the note that says so.

    Args:
        subjects: Provision ids the answer is about.
        since_terms: Only changes in versions after this one.
        citations: The answer's citations so far; the notes' quotes are added to it.
        locate: Finds a quote in a corpus document (a change whose quote is not found is left out).

    Returns:
        The lines, by date then provision.
    """
    return [
        f"{entry.line()} {citations.marker([entry.citation])}"
        for entry in changes_after(since_terms, subjects, locate)
        if entry.citation is not None
    ]


def add_caveats(answer: Answer, question: str, locate: Locate, *, disagreement_first: bool = False) -> Answer:
    """A plain answer with its disagreement and change lines appended (a copy; others unchanged).

    Args:
        answer: A grounded answer (``kind == "answer"``).
        question: The question it answers.
        locate: Finds a quote in a corpus document (the assistant's ``SourceTexts.cite``).
        disagreement_first: The question checks a claim the sources disagree on ("heard … — true?"):
            the disagreement opens the answer and is its summary.

    Returns:
        The answer with the lines after its text and their citations after its own.
    """
    if answer.kind != "answer":
        return answer
    citations = CitationList()
    citations.items = list(answer.citations)
    subjects = answer_subjects(question, list(answer.citations), locate)
    disagreements = disagreement_lines(question, citations, locate)
    changes = change_lines(subjects, DEFAULT_TERMS, citations, locate)
    if not disagreements and not changes:
        return answer
    if disagreement_first and disagreements:
        text = "\n\n".join([*disagreements, answer.text, *changes])
        return answer.model_copy(update={"text": text, "summary": disagreements[0], "citations": list(citations.items)})
    text = "\n\n".join([answer.text, *disagreements, *changes])
    return answer.model_copy(update={"text": text, "citations": list(citations.items)})


def answer_markers(text: str) -> set[int]:
    """The citation numbers used in an answer's own paragraphs, leaving out the later-change lines."""
    paragraphs = [p for p in text.split("\n\n") if not p.lstrip().startswith(CHANGE_PREFIXES)]
    return {int(n) for p in paragraphs for n in re.findall(r"\[(\d+)\]", p)}
