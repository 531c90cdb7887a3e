from __future__ import annotations

import pytest

from assistant.answering.leaning import MAX_WORDS, leans_back, start_with_sentence_before

TEXT = (
    "# Heading\n"
    "The bedrock of the partnership remains intact until 2030. That includes access to the IP.\n"
    "Still, this paragraph starts apart.\n"
)


@pytest.mark.parametrize(
    ("sentence", "leaning"),
    [
        ("That includes Microsoft's access to OpenAI's IP.", True),
        ("For its part, OpenAI has cited limited compute.", True),
        ("In simpler terms, Microsoft gets the first crack.", True),
        ("However, there is one massive asterisk.", True),
        ("Microsoft keeps its IP rights through 2032.", False),
        ("Thistle is not a pointer.", False),
        ("“This agreement means customers benefit,” Microsoft wrote.", False),
    ],
)
def test_which_sentences_point_back(sentence: str, leaning: bool) -> None:
    assert leans_back(sentence) is leaning


def test_the_sentence_before_in_the_same_paragraph_is_brought() -> None:
    start = TEXT.index("That includes")
    end = TEXT.index("IP.") + 3
    before = start_with_sentence_before(TEXT, start, end)
    assert before == TEXT.index("The bedrock")
    assert (
        TEXT[before:end] == "The bedrock of the partnership remains intact until 2030. That includes access to the IP."
    )


def test_nothing_is_brought_across_a_line_break_a_heading_or_when_too_long() -> None:
    start = TEXT.index("Still, this paragraph")
    assert start_with_sentence_before(TEXT, start, start + len("Still, this paragraph starts apart.")) is None
    first = TEXT.index("The bedrock")
    assert start_with_sentence_before(TEXT, first, TEXT.index("2030.") + 5) is None  # only a heading before
    long_text = "word " * MAX_WORDS + ". That is all."
    that = long_text.index("That")
    assert start_with_sentence_before(long_text, that, len(long_text)) is None
