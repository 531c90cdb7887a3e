from __future__ import annotations

import pytest

from assistant.question.scope_words import scope_words


@pytest.mark.parametrize(
    ("question", "implied"),
    [
        ("how long does the deal last?", True),
        ("who wrote this piece", True),
        ("what happened in 2019", True),
        ("what happened in October 2025?", True),
        ("January 2025?", True),
        ("and 2032?", True),
        ("when does it end", True),
        ("article tldr", True),
        ("headline of the article?", True),
        ("what year does it all end?", True),
        ("when does it rain in sydney", False),
        ("what happened to nokia in 2019", False),
        ("what is the capital of france", False),
        ("the deal of the century", False),
    ],
)
def test_what_refers_to_the_agreement_without_naming_it(question: str, implied: bool) -> None:
    assert scope_words().implied_subject(question) is implied


@pytest.mark.parametrize(
    ("question", "others"),
    [
        ("how many customers does azure have", 1),
        ("microsoft stock price", 3),  # stock, price, and price again in the products group
        ("when did gpt-5 launch", 1),
        # the agreement's own words: its national-security customers, when a deal started
        ("are national security customers carved out of azure exclusivity", 0),
        ("which companies put equity into stargate at launch", 0),
        # the value of Microsoft's stake is a term of the agreement; a company's valuation is not
        ("exact valuation of microsoft's stake after the recap", 0),
        ("what is openai's valuation", 1),
    ],
)
def test_subjects_the_documents_do_not_cover(question: str, others: int) -> None:
    assert scope_words().other_subjects(question) == others


@pytest.mark.parametrize("question", ["what did the australian article argue", "who wrote the aus piece"])
def test_the_article_with_a_word_about_it_is_the_article(question: str) -> None:
    assert scope_words().implied_subject(question)
