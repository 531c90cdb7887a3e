from __future__ import annotations

from pathlib import Path

import pytest

from assistant.agreement.provisions import (
    PROVISIONS_FILE,
    find_provision,
    load_provisions,
    provisions_in,
    without_keywords,
)
from assistant.yaml_source import DataFileError


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Does Microsoft still have a right of first refusal?", ["first-refusal"]),
        ("How has the AGI clause changed?", ["agi-definition", "agi-consequence"]),
        ("Is the OpenAI API exclusive to Azure?", ["api-exclusivity"]),
        (
            "What happens to Microsoft's access if OpenAI reaches AGI?",
            ["agi-definition", "agi-consequence", "ip-access"],
        ),
        ("Until when does the partnership remain intact?", ["term"]),
        ("Which companies fund Stargate?", []),
        ("does microsoft own openai's models", ["ip-access"]),
        ("does microsoft get gpt-5 weights", ["ip-access"]),
        ("can openai release open weights", []),  # OpenAI's own open-weight models
    ],
)
def test_questions_name_provisions_by_keyword(question: str, expected: list[str]) -> None:
    assert provisions_in(question) == expected


def test_find_provision_by_id_title_or_words() -> None:
    assert find_provision("first-refusal") == "first-refusal"
    assert find_provision("Revenue sharing") == "revenue-sharing"
    assert find_provision("rofr") == "first-refusal"
    assert find_provision("ip") == "ip-access"
    assert find_provision("agi clause") is None  # two provisions
    assert find_provision("stargate") is None


def test_a_bad_pattern_names_the_file_line_and_field(tmp_path: Path) -> None:
    text = PROVISIONS_FILE.read_text(encoding="utf-8").replace("'first\\s+refusal'", "'first(refusal'", 1)
    path = tmp_path / "provisions.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError, match=r"data/provisions\.yaml:\d+: field 'provisions\.5\.keywords'"):
        load_provisions(path)


def test_without_keywords_leaves_what_a_question_says_besides_naming_provisions() -> None:
    assert without_keywords("is consumer hardware excluded from msft ip rights").split() == [
        "is",
        "consumer",
        "hardware",
        "excluded",
        "from",
        "msft",
        "rights",
    ]
