"""Where the article disagrees with other sources: the catalogue, its quotes, and when it applies."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.agreement.disagreements import (
    disagreements,
    load_disagreements,
    named_disagreements,
    relevant_disagreements,
)
from assistant.corpus.sources import SourceTexts
from assistant.settings import PROJECT_ROOT
from assistant.yaml_source import DataFileError

CORPUS = PROJECT_ROOT / "corpus"
cite = SourceTexts(CORPUS, 1_000_000).cite
ROFR_SENTENCE = (
    "Under the newly unveiled “Stargate” deal, OpenAI’s sweeping AI infrastructure agreement with tech giants like "
    "SoftBank and Oracle, Microsoft has signed an updated contract that grants it “right of first refusal” on any "
    "fresh OpenAI cloud requirements."
)


def test_every_side_is_verbatim_and_the_article_is_one_side() -> None:
    items = disagreements()
    assert [d.id for d in items] == ["threshold-currency", "agi-definition", "access-after-agi", "stargate-partners"]
    for item in items:
        assert item.article.source == "stargate-article.txt"
        assert item.other.source.startswith("notes/")
        for side in item.sides():
            assert cite(side.source, side.quote) is not None, (item.id, side.quote)
        assert item.line().startswith("The article and other sources disagree: the article ")


def test_a_question_naming_a_disagreement_raises_it_without_citations() -> None:
    found = relevant_disagreements("Is the AGI threshold in AUD or US dollars?", [], cite)
    assert [d.id for d in found] == ["threshold-currency"]
    assert relevant_disagreements("Which companies fund Stargate?", [], cite)[0].id == "stargate-partners"


def test_a_cited_side_raises_it_only_when_the_question_is_on_its_topic() -> None:
    cited = cite("stargate-article.txt", ROFR_SENTENCE)
    assert cited is not None
    assert relevant_disagreements("Does Microsoft still have a right of first refusal?", [cited], cite) == []
    on_topic = relevant_disagreements("Did SoftBank sign the ROFR deal?", [cited], cite)
    assert [d.id for d in on_topic] == ["stargate-partners"]
    agi = cite("notes/agi-threshold-currency.md", "Every source other than the January 2025 Stargate article")
    assert agi is not None
    assert [d.id for d in relevant_disagreements("What is the AGI profit test?", [agi], cite)] == ["threshold-currency"]


def test_a_bad_pattern_names_the_file_line_and_field(tmp_path: Path) -> None:
    text = (PROJECT_ROOT / "assistant/data/disagreements.yaml").read_text(encoding="utf-8")
    broken = text.replace("'\\bAUD\\b'", "'(AUD'", 1)
    assert broken != text
    path = tmp_path / "disagreements.yaml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(DataFileError, match=r"data/disagreements\.yaml:\d+: field 'disagreements\.0\.keywords'"):
        load_disagreements(path)


def test_a_question_naming_either_currency_names_the_currency_disagreement() -> None:
    from assistant.agreement.disagreements import named_disagreements

    for question in ("is the agi threshold in us dollars", "AUD or USD?", "is it in australian dollars"):
        assert [d.id for d in named_disagreements(question)] == ["threshold-currency"], question
    assert named_disagreements("is the api still exclusive") == []


def test_where_the_article_only_leaves_something_out_is_no_contradiction() -> None:
    question = "who are the stargate partners"
    assert [d.id for d in named_disagreements(question)] == ["stargate-partners"]
    assert named_disagreements(question, contradictions=True) == []
    assert [d.id for d in named_disagreements("is the threshold in aud or usd", contradictions=True)] == [
        "threshold-currency"
    ]
