from __future__ import annotations

from pathlib import Path

import pytest

from assistant.question.shorthand import load_shorthand, shorthand
from assistant.yaml_source import DataFileError


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("msft still exclusive?", "Microsoft still exclusive?"),
        ("what's rofr", "what's ROFR"),
        ("what percentage does msft own?", "what percentage does Microsoft own (its stake in OpenAI)?"),
        ("what's a pbc, is it like an mou", "what's a PBC, is it like an MOU"),
        ("does MS get gpt-5 weights", "does Microsoft get gpt-5 weights"),
        ("what's the deal between msft and oai", "what's the deal between Microsoft and OpenAI"),
        ("what did the chatgpt folks agree", "what did OpenAI agree"),
        ("$500bn?", "$500 billion?"),
        ("$38 bn cap?", "$38 billion cap?"),
        ("what happened in oct 2025?", "what happened in October 2025?"),
        ("rev share %?", "revenue share %?"),
        ("does the agreement run thru 2032?", "does the agreement run through 2032?"),
        ("does microsoft get access to our research", "does microsoft get access to OpenAI's research"),
        ("does msft own openai", "does Microsoft own a stake in OpenAI"),
        ("does msft own openai's models", "does Microsoft own openai's models"),  # the models, not a stake
        ("is oai still a nonprofit", "is OpenAI still a nonprofit or a PBC"),
        ("is open ai a non-profit still?", "is OpenAI a nonprofit or a PBC still?"),
        ("is the first-refusal thing dead?", "is the first refusal thing dead?"),
        ("revenue-sharing still on?", "revenue sharing still on?"),
        ("how much of oai does ms own", "how much of a stake in OpenAI does Microsoft own"),
        ("aus stargate article summary?", "Australian stargate article summary?"),
        ("msft stake after the oct restructuring?", "Microsoft stake after the October restructuring?"),
        ("what did the feb statement say", "what did the February statement say"),
        ("anything new since oct?", "anything new since October?"),
        ("how much did ms put in 2019", "how much did Microsoft put in 2019"),
        ("which aussie outlet covered it", "which Australian outlet covered it"),
        ("ms 27% right?", "Microsoft 27% right?"),
        ("summary of the oct 25 restructure", "summary of the October 2025 restructure"),
        ("the april '26 amendment", "the april 2026 amendment"),
        # a day and a year after the month keep the day: "april 27 2026" is no April 2027
        ("april 27 2026", "april 27 2026"),
        ("who runs stargate day to day", "who has operational responsibility for stargate day to day"),
        ("who chairs stargate", "who is the chairman of stargate"),
        ("who pays for stargate", "who has financial responsibility for stargate"),
        ("who's paying for it", "who has financial responsibility for it"),
        ("stargate $500B who pays", "stargate $500 billion who has financial responsibility"),
        ("who's paying?", "who has financial responsibility?"),
        ("microsoft have how many percent of oai", "microsoft have how many percent stake in OpenAI"),
        ("does ms ip access include post-agi models", "does Microsoft ip access include post-agi models"),
        ("does the ms-oai deal cover sora", "does the Microsoft-OpenAI deal cover sora"),
        ("can msft chase agi by itself now", "can Microsoft chase agi on its own now"),
        ("could microsoft build agi independently", "could microsoft build agi on its own"),
    ],
)
def test_people_s_shorthand_is_read_in_the_documents_words(written: str, read: str) -> None:
    assert shorthand().expand(written) == read


@pytest.mark.parametrize(
    "kept",
    [
        "ms word is not a party",
        "the oct-tree",
        "Stargate in 2025",
        "answers in 20 ms 95% of the time",
        "what did the January 21 announcement say",  # a day: no year before 2024 is written short
        "October 25th",
        "who pays the revenue share",  # paying for something named is not who bankrolls it
        "what is the role of the nonprofit now",  # the nonprofit itself, not what OpenAI is
    ],
)
def test_words_that_only_look_like_shorthand_are_kept(kept: str) -> None:
    assert shorthand().expand(kept) == kept


def test_a_bad_rule_is_reported_with_its_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "shorthand.yaml"
    bad.write_text("rules:\n  - {pattern: 'fine', replace: 'ok'}\n  - {pattern: '(unclosed', replace: 'x'}\n")
    with pytest.raises(DataFileError, match=r"shorthand.yaml:3: .*pattern"):
        load_shorthand(bad)
