from __future__ import annotations

import pytest

from assistant.question.spelling import Speller

WORDS = ["first", "agreement", "microsoft", "definition", "exclusivity", "revenue", "partnership", "stargate"]
USED = {"deal", "status", "learning", "makes", "funding", "there"}


@pytest.fixture
def speller() -> Speller:
    return Speller(WORDS, lambda word: word in USED)


@pytest.mark.parametrize(
    ("written", "mended"),
    [
        ("right of frist refusal", "right of first refusal"),
        ("whats the microsft openai agreemnt", "whats the microsoft openai agreement"),
        ("agi definiton in the contract", "agi definition in the contract"),
        ("exclusivty of the api", "exclusivity of the api"),
        ("stragate?", "stargate?"),
    ],
)
def test_one_slip_in_the_agreement_s_words_is_mended(speller: Speller, written: str, mended: str) -> None:
    assert speller.mend(written)[0] == mended


@pytest.mark.parametrize("kept", ["latest status of the deal", "what is machine learning", "funding round", "is there"])
def test_real_words_and_words_the_documents_use_are_left_alone(speller: Speller, kept: str) -> None:
    assert speller.mend(kept) == (kept, [])


def test_the_first_letter_is_kept_and_short_words_are_not_mended(speller: Speller) -> None:
    assert speller.mend_word("eirst") is None  # would need its first letter changed
    assert speller.mend_word("frst") is None  # four letters: too many neighbours


def test_it_says_what_it_mended(speller: Speller) -> None:
    assert speller.mend("the agreemnt")[1] == [("agreemnt", "agreement")]
