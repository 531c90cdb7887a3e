from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from assistant.corpus.sources import SourceTexts
from assistant.evaluation.cases import SuiteError, load_suite, load_suites, suite_paths

GOOD = """\
suite: qa
description: two good cases
cases:
  - id: q-1
    question: "Until when does the partnership remain intact?"
    must_state: ["2030", ["AUD", "A$"]]
    gold:
      - {source: stargate-article.txt, quote: "remains intact until 2030"}
  - id: q-2
    category: other
    question: "Who chairs Stargate?"
    must_state: ["Masayoshi Son"]
"""


def write(tmp_path: Path, text: str, name: str = "suite.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_suite_loads_with_defaults_and_located_gold(tmp_path: Path, sources: SourceTexts) -> None:
    suite = load_suite(write(tmp_path, GOOD), sources)
    assert (suite.name, suite.kind, len(suite.cases)) == ("qa", "qa", 2)
    first = suite.cases[0]
    assert first.category == "general" and first.line == 4
    turn = first.turns[0]
    assert turn.expect == "answer"  # qa questions are expected to be answered
    assert turn.must_state == ("2030", ["AUD", "A$"])
    article = sources.get("stargate-article.txt")
    assert article is not None
    span = turn.gold[0].spans[0]
    assert article.text[span.start : span.end] == "remains intact until 2030"


def test_a_broken_case_names_the_file_line_case_and_field(tmp_path: Path, sources: SourceTexts) -> None:
    broken = GOOD.replace('    must_state: ["Masayoshi Son"]\n', "    must_state: [42]\n    colour: red\n")
    path = write(tmp_path, broken, "broken.yaml")
    with pytest.raises(SuiteError) as info:
        load_suite(path, sources)
    message = str(info.value)
    assert "broken.yaml:" in message
    assert "case 'q-2' (#2)" in message
    assert "field 'colour'" in message and "field 'must_state.0" in message


def test_a_gold_quote_that_is_not_verbatim_is_an_error(tmp_path: Path, sources: SourceTexts) -> None:
    broken = GOOD.replace("remains intact until 2030", "remains intact until 2031")
    with pytest.raises(SuiteError, match=r"suite.yaml:\d+: case 'q-1' \(#1\), field 'gold.0.quote': not verbatim"):
        load_suite(write(tmp_path, broken), sources)


def test_a_case_without_an_id_is_named_by_its_index(tmp_path: Path, sources: SourceTexts) -> None:
    text = (
        "suite: qa\ncases:\n  - question: 'hello?'\n    must_state: ['x']\n"
        "  - id: q-2\n    question: 'again?'\n    gold: [{source: nowhere.md, quote: abc}]\n"
    )
    with pytest.raises(SuiteError) as info:
        load_suite(write(tmp_path, text), sources)
    lines = str(info.value).splitlines()
    assert lines[0].endswith("suite.yaml:3: case #1, field 'id': Field required")
    assert "suite.yaml:7: case 'q-2' (#2), field 'gold.0.source': no corpus document 'nowhere.md'" in lines[1]


def test_duplicate_ids_and_unknown_clauses_and_bad_facts_are_errors(tmp_path: Path, sources: SourceTexts) -> None:
    text = """\
suite: whatif
cases:
  - id: w-1
    question: "What if OpenAI makes $150bn in 2027?"
    fires: [no-such-clause]
  - id: w-1
    question: "What if?"
    facts: {profit: "-5 dollars"}
"""
    with pytest.raises(SuiteError) as info:
        load_suite(write(tmp_path, text), sources)
    message = str(info.value)
    assert "field 'fires.0': no clause 'no-such-clause'" in message
    assert "case 'w-1' (#2)" in message and "id already used" in message
    assert "field 'facts'" in message


def test_whatif_expectations_are_normalised_like_the_scenario(tmp_path: Path, sources: SourceTexts) -> None:
    text = """\
suite: whatif
cases:
  - id: w-1
    question: "What if OpenAI makes US$150 billion in 2027?"
    facts: {profit: "US$150 billion", event_date: 2027, agi_declared: null}
    outcomes: {agi_reached: "yes", revenue_sharing: "undetermined"}
  - id: w-2
    scenario: {event_date: 2031-06-01}
    outcomes: {microsoft_ip_access: "no"}
"""
    suite = load_suite(write(tmp_path, text), sources)
    turn = suite.cases[0].turns[0]
    assert turn.expect == "whatif"
    assert turn.outcomes == {"agi_reached": True, "revenue_sharing": None}
    assert turn.facts["event_date"] == datetime.date(2027, 1, 1)
    assert turn.facts["date_precision"] == "year"
    assert turn.facts["agi_declared"] is None
    assert turn.facts["profit"].currency == "USD"
    assert suite.cases[1].turns[0].scenario is not None
    assert suite.cases[1].turns[0].expect is None


def test_kind_specific_rules(tmp_path: Path, sources: SourceTexts) -> None:
    cases = {
        "retrieval": "  - id: r\n    question: q?\n",
        "abstain": "  - id: a\n    question: q?\n",
        "followup": "  - id: f\n    turns:\n      - question: q?\n        must_state: [x]\n",
        "qa": "  - id: s\n    scenario: {event_date: 2027}\n    must_state: [x]\n",
    }
    expected = {
        "retrieval": "at least one gold passage",
        "abstain": "whether to 'answer' or 'abstain'",
        "followup": "at least two turns",
        "qa": "only whatif cases may give a scenario",
    }
    for kind, body in cases.items():
        path = write(tmp_path, f"suite: {kind}\ncases:\n{body}", f"{kind}.yaml")
        with pytest.raises(SuiteError, match=expected[kind]):
            load_suite(path, sources)


def test_top_level_problems(tmp_path: Path, sources: SourceTexts) -> None:
    for text, message in (
        ("- a list\n", "expected a mapping"),
        ("suite: x\nkind: nonsense\ncases: [{id: a}]\n", "field 'kind'"),
        ("suite: qa\ncases: []\n", "non-empty list"),
        ("suite: qa\nextra: 1\ncases: [{id: a}]\n", "unknown top-level field 'extra'"),
        ("suite: qa\ncases: [\n", "not valid YAML"),
    ):
        with pytest.raises(SuiteError, match=message):
            load_suite(write(tmp_path, text), sources)


def test_suite_paths_and_duplicate_suite_names(tmp_path: Path, sources: SourceTexts) -> None:
    write(tmp_path, GOOD, "one.yaml")
    write(tmp_path, GOOD, "two.yaml")
    write(tmp_path, "gates: {}\n", "gates.yaml")
    assert [p.name for p in suite_paths([], tmp_path)] == ["one.yaml", "two.yaml"]
    assert [p.name for p in suite_paths(["two"], tmp_path)] == ["two.yaml"]
    with pytest.raises(SuiteError, match=r"no suite 'three'.*one, two"):
        suite_paths(["three"], tmp_path)
    with pytest.raises(SuiteError, match="also used by"):
        load_suites(suite_paths([], tmp_path), sources)
