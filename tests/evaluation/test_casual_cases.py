"""Casual suites: single questions and conversations mixed in one file, personas, and the named split."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.corpus.sources import SourceTexts
from assistant.evaluation.cases import SuiteError, load_suite
from assistant.evaluation.split import Split
from assistant.settings import PROJECT_ROOT

from .conftest import ARTICLE

CASUAL = f"""\
suite: casual
kind: casual
split: {{by: id-parity, tuning: odd}}
description: mixed
cases:
  - id: casual-001
    persona: journalist
    category: term
    question: "when does the partnership end"
    expect: answer
    must_state: [["2030"]]
    gold:
      - {{source: {ARTICLE}, quote: "remains intact until 2030"}}
  - id: casual-002
    persona: investor
    category: whatif
    question: "say openai makes $200bn profit in 2028 - does msft lose access?"
    expect: whatif
    facts: {{profit: "US$200 billion", event_date: 2028}}
    outcomes: {{microsoft_ip_access: "yes"}}
  - id: casual-003
    persona: curious
    category: followup
    turns:
      - question: "is azure exclusive"
        expect: answer
      - question: "since when"
        expect: answer
        must_state: ["2025"]
  - id: casual-004
    persona: student
    category: out-of-scope
    question: "best pizza in naples"
    expect: abstain
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "casual.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_mixed_casual_file_loads_with_personas_and_halves(tmp_path: Path, sources: SourceTexts) -> None:
    suite = load_suite(write(tmp_path, CASUAL), sources)
    assert (suite.name, suite.kind) == ("casual", "casual")
    assert suite.split == Split(by="id-parity", tuning="odd")
    assert [c.persona for c in suite.cases] == ["journalist", "investor", "curious", "student"]
    assert [c.half for c in suite.cases] == ["tuning", "heldout", "tuning", "heldout"]
    assert [len(c.turns) for c in suite.cases] == [1, 1, 2, 1]
    assert [t.expect for c in suite.cases for t in c.turns] == ["answer", "whatif", "answer", "answer", "abstain"]
    assert suite.cases[0].turns[0].gold and suite.cases[1].turns[0].outcomes == {"microsoft_ip_access": True}
    assert suite.cases[2].turns[1].must_state == ("2025",)
    assert suite.cases[2].line == 21


@pytest.mark.parametrize(
    ("old", "new", "at", "who", "field", "message"),
    [
        ("persona: curious", "persona: pundit", "persona: pundit", "'casual-003' (#3)", "persona", "Input should be"),
        ("    persona: student\n", "", "- id: casual-004", "'casual-004' (#4)", "persona", "names its persona"),
        (
            '"is azure exclusive"\n        expect: answer\n',
            '"is azure exclusive"\n',
            '"is azure exclusive"',
            "'casual-003' (#3)",
            "turns.0.expect",
            "whether to 'answer', 'whatif' or 'abstain'",
        ),
        ("- id: casual-004", "- id: casual-four", "casual-four", "'casual-four' (#4)", "id", "end in a number"),
        ("persona: student\n", "persona: student\n    colour: red\n", "colour", "'casual-004' (#4)", "colour", "Extra"),
    ],
)
def test_a_bad_casual_case_names_file_line_case_and_field(
    tmp_path: Path, sources: SourceTexts, old: str, new: str, at: str, who: str, field: str, message: str
) -> None:
    assert old in CASUAL
    text = CASUAL.replace(old, new, 1)
    line = next(n for n, row in enumerate(text.splitlines(), start=1) if at in row)
    with pytest.raises(SuiteError) as info:
        load_suite(write(tmp_path, text), sources)
    problem = str(info.value)
    assert f"casual.yaml:{line}: case {who}, field '{field}" in problem, problem
    assert message in problem


def test_a_bad_case_in_the_real_casual_file_is_named_with_its_line(tmp_path: Path, sources: SourceTexts) -> None:
    text = (PROJECT_ROOT / "evals" / "casual.yaml").read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    at = next(n for n, row in enumerate(lines) if row.strip() == "- id: casual-013")
    assert lines[at + 1].strip() == "persona: investor"
    lines[at + 1] = lines[at + 1].replace("investor", "trader")
    with pytest.raises(SuiteError) as info:
        load_suite(write(tmp_path, "".join(lines)), sources)
    assert str(info.value) == (
        f"{tmp_path / 'casual.yaml'}:{at + 2}: case 'casual-013' (#13), field 'persona': "
        "Input should be 'journalist', 'investor', 'analyst', 'student', 'employee' or 'curious'"
    )


def test_conversations_keep_their_questions_in_their_turns(tmp_path: Path, sources: SourceTexts) -> None:
    one_turn = CASUAL.replace(
        '      - question: "since when"\n        expect: answer\n        must_state: ["2025"]\n', ""
    )
    with pytest.raises(SuiteError, match=r"case 'casual-003' \(#3\), field 'turns': a casual case needs at least two"):
        load_suite(write(tmp_path, one_turn), sources)
    both = CASUAL.replace("    category: followup\n", '    category: followup\n    question: "and?"\n')
    with pytest.raises(SuiteError, match=r"field 'question': a casual case puts its questions"):
        load_suite(write(tmp_path, both), sources)


def test_the_split_is_named_in_the_file_and_only_casual_suites_have_one(tmp_path: Path, sources: SourceTexts) -> None:
    even = load_suite(write(tmp_path, CASUAL.replace("tuning: odd", "tuning: even")), sources)
    assert [c.half for c in even.cases] == ["heldout", "tuning", "heldout", "tuning"]
    unsplit = load_suite(write(tmp_path, CASUAL.replace("split: {by: id-parity, tuning: odd}\n", "")), sources)
    assert unsplit.split is None and {c.half for c in unsplit.cases} == {None}
    with pytest.raises(SuiteError, match=r"casual.yaml:3: split, field 'by'"):
        load_suite(write(tmp_path, CASUAL.replace("by: id-parity", "by: coin-toss")), sources)
    qa = "suite: qa\nsplit: {by: id-parity}\ncases:\n  - {id: q-1, question: 'q?', must_state: [x]}\n"
    with pytest.raises(SuiteError, match="only casual suites have a split"):
        load_suite(write(tmp_path, qa), sources)
    qa_persona = "suite: qa\ncases:\n  - {id: q-1, persona: student, question: 'q?', must_state: [x]}\n"
    with pytest.raises(SuiteError, match=r"case 'q-1' \(#1\), field 'persona': only casual suites have personas"):
        load_suite(write(tmp_path, qa_persona), sources)


def test_split_by_id_parity() -> None:
    odd, even = Split(tuning="odd"), Split(tuning="even")
    assert [odd.half_of(i) for i in ("casual-001", "casual-002", "x-10", "7")] == [
        "tuning",
        "heldout",
        "heldout",
        "tuning",
    ]
    assert even.half_of("casual-001") == "heldout" and even.half_of("casual-002") == "tuning"
    assert odd.problem_with("casual-001") is None
    with pytest.raises(ValueError, match="end in a number"):
        odd.half_of("casual-one")
