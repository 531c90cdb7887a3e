"""Content-word overlap of a question with its gold passages, and the overlap and length buckets."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.corpus.sources import SourceTexts
from assistant.evaluation.breakdowns import bucket_table
from assistant.evaluation.cases import load_suite
from assistant.evaluation.overlap import gold_overlap, length_bucket, overlap_bucket
from assistant.evaluation.results import CaseResult, TurnResult
from assistant.evaluation.runner import run_suite
from assistant.models import Answer

from .conftest import ARTICLE, FakeSystem


def test_overlap_counts_the_questions_content_words_found_in_the_gold() -> None:
    # content words (stemmed, stop words dropped): until, when, partnership, remain, intact;
    # the quote has until, remain(s), intact and 2030 -> 3 of 5
    assert gold_overlap("Until when does the partnership remain intact?", ["remains intact until 2030"]) == 0.6
    assert gold_overlap("best pizza in naples", ["remains intact until 2030"]) == 0.0
    # several quotes pool their words
    assert gold_overlap("partnership intact", ["the partnership", "remains intact"]) == 1.0


def test_overlap_reads_both_sides_glossary_expanded_as_retrieval_does() -> None:
    # "ROFR" is expanded to "right of first refusal; first crack; first dibs": 7 content words,
    # of which only "meaning" is missing from the (expanded) quote
    quote = "grants it “right of first refusal” on any fresh OpenAI cloud"
    assert gold_overlap("ROFR meaning", [quote]) == pytest.approx(6 / 7)


def test_overlap_is_unknown_without_gold_or_content_words() -> None:
    assert gold_overlap("when does it end", []) is None
    assert gold_overlap("the of and", ["remains intact until 2030"]) is None


def test_buckets() -> None:
    assert [overlap_bucket(v) for v in (None, 0.0, 0.29, 0.3, 0.6, 0.61, 1.0)] == [
        "unknown",
        "< 0.3",
        "< 0.3",
        "0.3-0.6",
        "0.3-0.6",
        "> 0.6",
        "> 0.6",
    ]
    assert length_bucket("one two three four five six") == "<= 6 words"
    assert length_bucket("one two three four five six seven") == "> 6 words"


def _turn(question: str, expect: str, kind: str, overlap: float | None, passed: bool = True) -> TurnResult:
    return TurnResult(question=question, expect=expect, kind=kind, overlap=overlap, passed=passed, confidence=0.5)


def test_bucket_table_counts_answer_and_abstain_questions_only() -> None:
    turns = [
        _turn("when does the partnership end", "answer", "answer", 0.2),
        _turn("when does the partnership end", "answer", "abstain", 0.1, passed=False),
        _turn("who are the partners in the stargate deal with openai", "answer", "answer", 0.9),
        _turn("pizza", "abstain", "answer", None, passed=False),
        _turn("what if agi", "whatif", "whatif", None),  # a what-if: not bucketed
        _turn("(scenario) 2031", "answer", "answer", 0.5).model_copy(update={"kind": None}),  # no answer
    ]
    table = bucket_table([CaseResult(suite="s", id="c", category="x", passed=False, turns=turns)])
    low = table["overlap"]["< 0.3"]
    assert low == {
        "questions": 2,
        "pass_rate": 0.5,
        "in_scope_declined": 0.5,
        "out_of_scope_answered": None,
        "fact_accuracy": None,  # no must_state facts
    }
    assert table["overlap"]["> 0.6"]["questions"] == 1 and table["overlap"]["0.3-0.6"]["questions"] == 0
    assert table["overlap"]["unknown"] == {
        "questions": 1,
        "pass_rate": 0.0,
        "in_scope_declined": None,
        "out_of_scope_answered": 1.0,
        "fact_accuracy": None,
    }
    assert table["length"]["<= 6 words"]["questions"] == 3 and table["length"]["> 6 words"]["questions"] == 1


def test_the_runner_records_each_questions_overlap(tmp_path: Path, sources: SourceTexts) -> None:
    path = tmp_path / "qa.yaml"
    path.write_text(
        f"""\
suite: qa
cases:
  - id: q1
    question: "Until when does the partnership remain intact?"
    gold: [{{source: {ARTICLE}, quote: "remains intact until 2030"}}]
  - id: q2
    question: "Who?"
    must_state: ["nobody"]
""",
        encoding="utf-8",
    )
    answer = Answer(kind="answer", text="until 2030", confidence=0.9)
    system = FakeSystem(answers={"Until when does the partnership remain intact?": answer, "Who?": answer})
    result = run_suite(system, load_suite(path, sources), sources)
    assert [c.turns[0].overlap for c in result.cases] == [0.6, None]
