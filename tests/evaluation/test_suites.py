"""The project's own suites under evals/: they load, they are big enough, and they cover the sources."""

from __future__ import annotations

import datetime

import pytest

from assistant.agreement.clauses import bundled_sheet
from assistant.corpus.sentences import split_sentences
from assistant.corpus.sources import SourceTexts
from assistant.evaluation.cases import Suite, load_suites, suite_paths
from assistant.settings import PROJECT_ROOT
from assistant.whatif.engine.evaluator import evaluate
from assistant.whatif.respond import respond

from .conftest import ARTICLE

LOCATE = SourceTexts(PROJECT_ROOT / "corpus", 1_000_000).cite

EXPECTED_SUITES = {"retrieval", "qa", "whatif", "abstain", "followup", "robustness", "casual"}


@pytest.fixture(scope="module")
def suites(sources: SourceTexts) -> dict[str, Suite]:
    return {s.name: s for s in load_suites(suite_paths([]), sources)}


def test_every_suite_loads_and_there_are_well_over_150_cases(suites: dict[str, Suite]) -> None:
    assert set(suites) == EXPECTED_SUITES
    assert all(s.kind == s.name for s in suites.values())
    questions = sum(len(c.turns) for s in suites.values() for c in s.cases)
    assert questions >= 300, questions
    assert len(suites["whatif"].cases) >= 40 and len(suites["followup"].cases) >= 10
    assert len(suites["robustness"].cases) >= 30 and len(suites["retrieval"].cases) >= 40


def test_the_casual_suite_mixes_questions_and_conversations_and_splits_in_halves(suites: dict[str, Suite]) -> None:
    casual = suites["casual"]
    assert len(casual.cases) == 228 and casual.split is not None
    halves = [c.half for c in casual.cases]
    assert halves.count("tuning") == halves.count("heldout") == 114
    assert all(c.half == ("tuning" if int(c.id[-3:]) % 2 else "heldout") for c in casual.cases)
    conversations = [c for c in casual.cases if len(c.turns) > 1]
    assert len(conversations) == 16
    expected = {t.expect for c in casual.cases for t in c.turns}
    assert expected == {"answer", "whatif", "abstain"}
    assert {c.persona for c in casual.cases} == {"journalist", "investor", "analyst", "student", "employee", "curious"}


def test_every_sentence_of_the_article_is_a_gold_passage(suites: dict[str, Suite], sources: SourceTexts) -> None:
    article = sources.get(ARTICLE)
    assert article is not None
    gold_spans = [
        span
        for name in ("retrieval", "qa")
        for case in suites[name].cases
        for turn in case.turns
        for gold in turn.gold
        for span in gold.spans
        if span.source == ARTICLE
    ]
    uncovered = [
        article.text[start:end]
        for start, end in split_sentences(article.text)
        if not any(start <= s.start and s.end <= end for s in gold_spans)
    ]
    assert not uncovered, f"article sentences no retrieval or qa case has as gold: {uncovered}"


def test_every_clause_fires_in_some_whatif_case(suites: dict[str, Suite]) -> None:
    """Runs each what-if turn through the evaluator (no model needed) and collects the clauses that applied."""
    fired: set[str] = set()
    listed: set[str] = set()
    today = datetime.date.today()
    for name in ("whatif", "followup"):
        for case in suites[name].cases:
            history: list[str] = []
            for turn in case.turns:
                listed.update(turn.fires)
                if turn.scenario is not None:
                    verdict = evaluate(turn.scenario, turn.terms)
                else:
                    assert turn.question is not None
                    response = respond(turn.question, history, terms=turn.terms, today=today, locate=LOCATE)
                    history.append(turn.question)
                    verdict = response.verdict if response is not None else None
                if verdict is not None:
                    fired.update(step.clause for step in verdict.trace if step.applies)
    clauses = {c.id for version in bundled_sheet().versions.values() for c in version.clauses}
    assert not clauses - listed, f"clauses no whatif case expects to fire: {sorted(clauses - listed)}"
    assert not clauses - fired, f"clauses that fired in no whatif case: {sorted(clauses - fired)}"
