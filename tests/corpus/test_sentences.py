from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from assistant.corpus.sentences import split_sentences


def texts(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def test_splits_on_full_stops_and_keeps_closing_quotes() -> None:
    text = "“The API is exclusive to Azure,” Microsoft wrote. “This agreement means more.” Then it ended."
    assert texts(text) == [
        "“The API is exclusive to Azure,” Microsoft wrote.",
        "“This agreement means more.”",
        "Then it ended.",
    ]


def test_does_not_split_abbreviations_initials_or_decimals() -> None:
    text = "The U.S. site uses 1.2 GW. Mr. Son chairs it, e.g. at board meetings. J. Smith agreed."
    assert texts(text) == [
        "The U.S. site uses 1.2 GW.",
        "Mr. Son chairs it, e.g. at board meetings.",
        "J. Smith agreed.",
    ]


def test_line_breaks_end_sentences_and_markdown_markers_stay_outside() -> None:
    text = "# Heading\n- first point\n- second point without stop\n1. numbered item\n"
    assert texts(text) == ["Heading", "first point", "second point without stop", "numbered item"]


@given(st.text(max_size=400))
def test_spans_are_ordered_verbatim_and_trimmed(text: str) -> None:
    spans = split_sentences(text)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        previous_end = end
