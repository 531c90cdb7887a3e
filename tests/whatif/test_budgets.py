"""A what-if answer reads at a glance: word and citation budgets over every what-if in the eval suites."""

from __future__ import annotations

import re

import pytest

from assistant.agreement.outcomes import OUTCOMES

from ._eval_whatifs import EvalWhatIf, eval_whatifs

CASES = eval_whatifs()


def words(text: str) -> int:
    """Whitespace-separated tokens with a letter or digit; citation markers do not count."""
    return sum(1 for token in re.sub(r"\[\d+\]", " ", text).split() if any(ch.isalnum() for ch in token))


def test_the_suites_hold_enough_what_ifs_of_each_kind() -> None:
    asked = [len(c.response.focus) for c in CASES]
    assert len(CASES) >= 100
    assert asked.count(1) >= 60 and asked.count(len(OUTCOMES)) >= 5


@pytest.mark.parametrize("case", [c for c in CASES if len(c.response.focus) == 1], ids=lambda c: c.id)
def test_a_question_about_one_outcome_has_at_most_150_words_and_6_citations(case: EvalWhatIf) -> None:
    text = case.response.text
    assert words(text) <= 150, text
    assert len(case.response.citations) <= 6, text
    assert len({int(n) for n in re.findall(r"\[(\d+)\]", text)}) == len(case.response.citations)


@pytest.mark.parametrize("case", [c for c in CASES if len(c.response.focus) == len(OUTCOMES)], ids=lambda c: c.id)
def test_a_question_that_names_no_outcome_has_at_most_250_words(case: EvalWhatIf) -> None:
    assert words(case.response.text) <= 250, case.response.text


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_the_asked_outcome_comes_first_and_the_reading_after_the_outcomes(case: EvalWhatIf) -> None:
    paragraphs = case.response.text.split("\n\n")
    reading = next(i for i, p in enumerate(paragraphs) if p.startswith("Reading your question as:"))
    assert reading > 0
    after = paragraphs[reading + 1 :]
    assert all(p.startswith(("Changed on ", "The article and other sources disagree")) for p in after)
    assert sum(p.startswith("Changed on ") for p in paragraphs) <= 2
