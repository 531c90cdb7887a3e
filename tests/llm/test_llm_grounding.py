from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from assistant.corpus.sources import SourceTexts
from assistant.llm.framing import Passage
from assistant.llm.grounding import GroundingChecker, numbers_in

LABEL = "(unsupported)"


@pytest.fixture
def passages(make_passage: Callable[..., Passage]) -> list[Passage]:
    return [
        make_passage("exclusive to Azure", number=1),
        make_passage("right of first refusal", number=2),
    ]


@pytest.fixture
def checker(passages: list[Passage], sources: SourceTexts) -> GroundingChecker:
    return GroundingChecker(passages, sources, LABEL)


def assert_verbatim(citations: list, sources: SourceTexts) -> None:
    for citation in citations:
        document = sources.get(citation.source)
        assert document is not None
        assert document.text[citation.start : citation.end] == citation.quote


def test_supported_sentences_keep_markers_and_get_verbatim_quotes(
    checker: GroundingChecker, sources: SourceTexts
) -> None:
    result = checker.check(
        "The OpenAI API remains exclusive to Azure [1]. Microsoft holds a right of first refusal on new cloud "
        "requirements [2]."
    )
    assert result.text == (
        "The OpenAI API remains exclusive to Azure. [1] Microsoft holds a right of first refusal on new cloud "
        "requirements. [2]"
    )
    assert (result.claims, result.supported, result.removed_markers) == (2, 2, 0)
    assert "exclusive to Azure" in result.citations[0].quote
    assert "right of first refusal" in result.citations[1].quote
    assert_verbatim(result.citations, sources)


def test_marker_for_a_passage_not_given_is_removed(checker: GroundingChecker) -> None:
    result = checker.check("The OpenAI API is exclusive to Azure [1][9]. Oracle builds everything [12].")
    assert result.removed_markers == 2
    assert "[9]" not in result.text and "[12]" not in result.text
    assert "exclusive to Azure. [1]" in result.text
    assert f"Oracle builds everything. {LABEL}" in result.text


def test_sentence_without_marker_or_support_is_labelled(checker: GroundingChecker) -> None:
    result = checker.check(
        "The API is exclusive to Azure [1]. Microsoft will buy OpenAI next week. The moon orbits Mars [2]."
    )
    assert result.text.count(LABEL) == 2
    assert f"Microsoft will buy OpenAI next week. {LABEL}" in result.text
    assert f"The moon orbits Mars. {LABEL}" in result.text
    assert (result.claims, result.supported) == (3, 1)
    assert len(result.citations) == 1 and "[2]" not in result.text


def test_wrong_number_is_unsupported_even_with_the_right_words(checker: GroundingChecker) -> None:
    result = checker.check("Microsoft has a right of first refusal on 2032 OpenAI cloud requirements [2].")
    assert LABEL in result.text and result.supported == 0


def test_citing_the_wrong_passage_is_unsupported(checker: GroundingChecker) -> None:
    result = checker.check("Microsoft holds a right of first refusal on fresh OpenAI cloud requirements [1].")
    assert LABEL in result.text and not result.citations


def test_markers_are_renumbered_in_order_of_first_use(checker: GroundingChecker) -> None:
    result = checker.check(
        "Microsoft gets a right of first refusal on fresh OpenAI cloud requirements [2]. "
        "The OpenAI API is exclusive to Azure [1]. The API runs on Azure [1]."
    )
    markers = [int(n) for n in re.findall(r"\[(\d+)\]", result.text)]
    assert markers[:2] == [1, 2]
    assert "right of first refusal" in result.citations[0].quote
    assert "exclusive to Azure" in result.citations[1].quote
    assert set(markers) == set(range(1, len(result.citations) + 1))


def test_marker_after_the_full_stop_belongs_to_the_sentence_before(checker: GroundingChecker) -> None:
    result = checker.check("The OpenAI API is exclusive to Azure. [1] Microsoft has first refusal on cloud needs. [2]")
    assert LABEL not in result.text
    assert result.supported == 2


def test_comma_separated_markers_and_bullets(checker: GroundingChecker) -> None:
    result = checker.check(
        "- The API is exclusive to Azure and Microsoft has first refusal on fresh cloud requirements [1, 2]."
    )
    assert result.text.startswith("- ")
    assert result.text.endswith("[1][2]")


def test_sentences_without_content_words_pass_unmarked(checker: GroundingChecker) -> None:
    result = checker.check("Yes. The OpenAI API is exclusive to Azure [1].")
    assert result.text.startswith("Yes. ")
    assert result.claims == 1 and result.supported == 1


def test_numbers_are_normalised() -> None:
    assert numbers_in("US$100,000 in 2030 and 49% or 1.5") == {"100000", "2030", "49", "1.5"}
