"""Plain answers end with the same caveats as what-if answers: disagreements, then later changes.

Plain answers list the changes after the article's terms (``2025-01``), because their quotes come
from documents, not from a terms version; what-if answers (:mod:`assistant.whatif.later_terms`)
list the changes after the version they were evaluated under. Change lines come last.
"""

from __future__ import annotations

from assistant.agreement.clauses import DEFAULT_TERMS
from assistant.agreement.disagreements import Locate
from assistant.answering.caveat_lines import change_lines, disagreement_lines
from assistant.answering.subjects import answer_subjects
from assistant.models import Answer
from assistant.whatif.render import CitationList


def add_caveats(answer: Answer, question: str, locate: Locate) -> Answer:
    """A plain answer with its disagreement and change lines appended (a copy; others unchanged).

    Args:
        answer: A grounded answer (``kind == "answer"``).
        question: The question it answers.
        locate: Finds a quote in a corpus document (the assistant's ``SourceTexts.cite``).

    Returns:
        The answer with the lines after its text and their citations after its own.
    """
    if answer.kind != "answer":
        return answer
    citations = CitationList()
    citations.items = list(answer.citations)
    subjects = answer_subjects(question, list(answer.citations), locate)
    lines = disagreement_lines(question, citations, locate)
    lines += change_lines(subjects, DEFAULT_TERMS, citations, locate)
    if not lines:
        return answer
    return answer.model_copy(update={"text": "\n\n".join([answer.text, *lines]), "citations": list(citations.items)})
