"""The article is never silently replaced: where its terms give another result, the first lines say so."""

from __future__ import annotations

import pytest

from assistant.agreement.money import CurrencyMismatchError
from assistant.agreement.outcomes import OUTCOME_SHORT, OUTCOME_TITLES, OUTCOMES
from assistant.whatif.engine.evaluator import evaluate
from assistant.whatif.render import value_word

from ._eval_whatifs import EvalWhatIf, eval_whatifs

ARTICLE = "2025-01"
CASES = [c for c in eval_whatifs() if c.response.inverse is None]


def _first_lines(text: str) -> str:
    """Everything before "Reading your question as": the outcomes and what other versions give."""
    return text.split("\n\nReading your question as:")[0]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_the_articles_reading_appears_whenever_it_differs(case: EvalWhatIf) -> None:
    verdict = case.response.verdict
    assert verdict is not None
    if verdict.terms == ARTICLE:
        assert ARTICLE not in verdict.compared
        return
    try:
        article = evaluate(verdict.scenario, ARTICLE)
    except CurrencyMismatchError:
        assert "Under the January 2025 terms the article describes this cannot be evaluated" in case.response.text
        return
    assert verdict.compared[ARTICLE] == article.outcomes
    first = _first_lines(case.response.text)
    asked = [o for o in OUTCOMES if o in case.response.focus] if len(case.response.focus) < len(OUTCOMES) else []
    for outcome in OUTCOMES:
        theirs, ours = value_word(article, outcome), value_word(verdict, outcome)
        if theirs == ours:
            continue
        if outcome in asked:
            line = next(p for p in first.split("\n\n") if p.startswith(f"**{OUTCOME_TITLES[outcome]}"))
            assert f"Under the January 2025 terms the article describes: {theirs}" in line, line
            assert line.index(f": {ours}") < line.index("Under the January 2025 terms"), "the version used first"
        else:
            line = next(x for x in first.splitlines() if x.startswith("Under the article's terms:"))
            assert OUTCOME_SHORT[outcome] in line and theirs in line, (outcome, line)


def test_some_answers_differ_from_the_article_and_some_are_under_it() -> None:
    terms = [c.response.verdict.terms for c in CASES if c.response.verdict is not None]
    assert terms.count(ARTICLE) >= 10 and len(terms) - terms.count(ARTICLE) >= 40
