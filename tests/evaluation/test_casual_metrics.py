"""Casual metrics on a hand-made suite whose every figure is worked out by hand, per half and overall."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.corpus.sources import SourceTexts
from assistant.evaluation.breakdowns import persona_table
from assistant.evaluation.cases import load_suite
from assistant.evaluation.report import build_report, suite_entry, variant_report
from assistant.evaluation.report_md import render
from assistant.evaluation.results import SuiteResult
from assistant.evaluation.runner import run_suite
from assistant.models import Answer
from assistant.settings import Settings
from assistant.whatif.engine.evaluator import evaluate
from assistant.whatif.engine.scenario import Scenario

from .conftest import ARTICLE, FakeSystem, cite

INTACT = "the bedrock of its long running partnership with OpenAI remains intact until 2030"
GIANTS = "tech giants like SoftBank and Oracle"
SUITE = f"""\
suite: casual
kind: casual
split: {{by: id-parity, tuning: odd}}
cases:
  - id: casual-001        # tuning: answered with the fact, summary states it
    persona: journalist
    question: "until when"
    expect: answer
    must_state: ["2030"]
    gold: [{{source: {ARTICLE}, quote: "remains intact until 2030"}}]
  - id: casual-002        # held out: answered, one fact of two, no summary
    persona: investor
    question: "who's in it"
    expect: answer
    must_state: ["SoftBank", "Oracle"]
    gold: [{{source: {ARTICLE}, quote: "{GIANTS}"}}]
  - id: casual-003        # tuning: in scope, declined
    persona: investor
    question: "deal end?"
    expect: answer
    must_state: ["2030"]
  - id: casual-004        # held out: out of scope, answered
    persona: student
    question: "pizza?"
    expect: abstain
  - id: casual-005        # tuning: out of scope, declined
    persona: curious
    question: "weather?"
    expect: abstain
  - id: casual-006        # held out: a what-if, evaluated and right
    persona: analyst
    question: "what if it is 2031"
    expect: whatif
    outcomes: {{revenue_sharing: "no"}}
  - id: casual-007        # tuning: a conversation, second turn misses its fact
    persona: employee
    turns:
      - {{question: "azure exclusive?", expect: answer}}
      - {{question: "since when", expect: answer, must_state: ["2025"]}}
  - id: casual-008        # held out: a what-if answered by retrieval
    persona: analyst
    question: "what if agi in 2029"
    expect: whatif
    outcomes: {{agi_reached: "no"}}
"""


@pytest.fixture
def result(tmp_path: Path, sources: SourceTexts) -> SuiteResult:
    path = tmp_path / "casual.yaml"
    path.write_text(SUITE, encoding="utf-8")
    verdict = evaluate(Scenario.model_validate({"event_date": 2031}))
    assert verdict.outcomes["revenue_sharing"] is False
    system = FakeSystem(
        answers={
            "until when": Answer(
                kind="answer",
                text=INTACT,
                summary="**2030**, the article says.",
                citations=[cite(sources, ARTICLE, INTACT)],
                confidence=0.9,
            ),
            "who's in it": Answer(
                kind="answer", text="Oracle.", citations=[cite(sources, ARTICLE, GIANTS)], confidence=0.8
            ),
            "deal end?": Answer(kind="abstain", text="I can't tell.", confidence=0.3),
            "pizza?": Answer(kind="answer", text="Margherita.", confidence=0.6),
            "weather?": Answer(kind="abstain", text="I can't tell.", confidence=0.95),
            "what if it is 2031": Answer(kind="whatif", text="No.", confidence=1.0, verdict=verdict),
            "azure exclusive?": Answer(kind="answer", text="Not any more.", confidence=0.7),
            "since when": Answer(kind="answer", text="Since 2024.", summary="Since 2024.", confidence=0.6),
            "what if agi in 2029": Answer(kind="answer", text="It depends.", confidence=0.5),
        }
    )
    return run_suite(system, load_suite(path, sources), sources)


def test_cases_carry_their_persona_and_half(result: SuiteResult) -> None:
    assert [(c.id[-1], c.persona, c.half) for c in result.cases[:2]] == [
        ("1", "journalist", "tuning"),
        ("2", "investor", "heldout"),
    ]
    assert [c.passed for c in result.cases] == [True, False, False, False, True, True, False, False]


def test_casual_metrics_per_half_and_over_all(result: SuiteResult) -> None:
    m = result.metrics
    # tuning (001, 003, 005, 007): in scope 001, 003, 007 x2 -> one declined; 005 declined as it should
    assert (m["tuning.in_scope_declined"], m["tuning.out_of_scope_answered"]) == (0.25, 0.0)
    # answered in scope: 001 states 2030 (summary too), 007 turn 2 misses 2025 (and its summary does)
    assert (m["tuning.fact_accuracy"], m["tuning.summary_states_fact"]) == (0.5, 0.5)
    assert (m["tuning.turn_pass_rate"], m["tuning.pass_rate"], m["tuning.routing_accuracy"]) == (0.5, 0.5, 1.0)
    assert "tuning.whatif_routing" not in m and "tuning.outcome_accuracy" not in m  # no what-ifs in this half
    # held out (002, 004, 006, 008): nothing in scope declined; 004 answered though out of scope
    assert (m["heldout.in_scope_declined"], m["heldout.out_of_scope_answered"]) == (0.0, 1.0)
    # 002 states Oracle but not SoftBank and has no summary: None counts as not stating
    assert (m["heldout.fact_accuracy"], m["heldout.summary_states_fact"]) == (0.5, 0.0)
    # 006 evaluated and right; 008 answered by retrieval, so its outcome is missed
    assert (m["heldout.whatif_routing"], m["heldout.outcome_accuracy"]) == (0.5, 0.5)
    assert m["heldout.routing_accuracy"] == pytest.approx(2 / 3, abs=1e-4)
    assert "heldout.turn_pass_rate" not in m and m["heldout.pass_rate"] == 0.25
    # over all eight cases (nine questions)
    assert m["in_scope_declined"] == pytest.approx(1 / 7, abs=1e-4)
    assert (m["out_of_scope_answered"], m["fact_accuracy"], m["summary_states_fact"]) == (0.5, 0.5, 0.25)
    assert (m["whatif_routing"], m["outcome_accuracy"], m["turn_pass_rate"]) == (0.5, 0.5, 0.5)
    assert m["routing_accuracy"] == pytest.approx(6 / 7, abs=1e-4) and m["pass_rate"] == 0.375
    assert m["citation_validity"] == 1.0 and m["tuning.citation_validity"] == 1.0


def test_ece_per_half_by_hand(result: SuiteResult) -> None:
    m = result.metrics
    # tuning: .9 and .95 right (bin 9: |1 - .925| x 2/5), .3 wrong (.3 x 1/5), .7 right (.3 x 1/5),
    # .6 wrong (facts missed: .6 x 1/5)
    assert m["tuning.ece"] == pytest.approx(0.03 + 0.06 + 0.06 + 0.12, abs=1e-4)
    # held out: .8 wrong (a fact missed), .6 wrong (answered out of scope), 1.0 right, .5 right
    assert m["heldout.ece"] == pytest.approx((0.8 + 0.6 + 0.0 + 0.5) / 4, abs=1e-4)
    # all nine: bins 3, 5, 6 (two wrong at .6), 7, 8, 9 (.9, .95, 1.0 all right)
    assert m["ece"] == pytest.approx((0.3 + 0.5 + 1.2 + 0.3 + 0.8 + 0.15) / 9, abs=1e-4)


def test_the_suite_entry_counts_halves_and_personas(result: SuiteResult) -> None:
    entry = suite_entry(result)
    assert entry["halves"] == {"tuning": {"cases": 4, "passed": 2}, "heldout": {"cases": 4, "passed": 1}}
    investor = persona_table(result.cases)["investor"]
    assert investor == {
        "cases": 2,
        "passed": 0,
        "in_scope_declined": 0.5,  # 003 declined, 002 answered
        "out_of_scope_answered": None,
        "fact_accuracy": 0.5,  # 002: Oracle, not SoftBank
        "summary_states_fact": 0.0,
    }
    assert list(entry["personas"]) == ["journalist", "investor", "student", "curious", "analyst", "employee"]
    assert entry["calibration"]["n"] == 9


def test_markdown_shows_the_halves_side_by_side_and_the_personas(result: SuiteResult, tmp_path: Path) -> None:
    variant = variant_report("default", "hybrid", Settings(data_dir=tmp_path / "data"), [result])
    markdown = render(build_report([variant], {}))
    assert "| metric | tuning | held-out | all |" in markdown
    assert "| casual.in_scope_declined | 0.250 | 0.000 | 0.143 |" in markdown
    assert "| casual.whatif_routing | – | 0.500 | 0.500 |" in markdown
    assert "| casual cases passed | 2/4 | 1/4 | 3/8 |" in markdown
    assert "| casual | investor | 2 | 0 | 0.500 | – | 0.500 | 0.000 |" in markdown
