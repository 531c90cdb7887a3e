from __future__ import annotations

import datetime
import re

import pytest

from assistant.answering.timeline import read_timeline_query, timeline_response
from assistant.corpus.sources import SourceTexts
from assistant.settings import PROJECT_ROOT

TODAY = datetime.date(2026, 5, 10)
SOURCES = SourceTexts(PROJECT_ROOT / "corpus", 1_000_000)
D = datetime.date


@pytest.mark.parametrize(
    ("question", "provisions", "start", "end"),
    [
        ("How has the AGI clause changed?", ["agi-definition", "agi-consequence"], None, None),
        ("What is different since October 2025?", None, D(2025, 10, 28), None),
        ("What changed in the April 2026 amendment?", None, D(2026, 4, 27), D(2026, 4, 27)),
        ("What has changed since the April 2026 amendment?", None, D(2026, 4, 27), None),
        ("What changed after the definitive agreement?", None, D(2025, 10, 29), None),
        ("Has the revenue share changed since 2026?", ["revenue-sharing"], D(2026, 1, 1), None),
        ("What is new in 2027?", None, D(2027, 1, 1), D(2027, 12, 31)),
        ("Show me the timeline of the right of first refusal", ["first-refusal"], None, None),
        # whether there were changes in a period, and two versions compared
        ("were there any amendments in 2026", None, D(2026, 1, 1), D(2026, 12, 31)),
        ("was the deal amended in 2026", None, D(2026, 1, 1), D(2026, 12, 31)),
        ("difference between the October 2025 deal and the April amendment", None, D(2025, 10, 29), D(2026, 4, 27)),
        # what happened at a time: the terms versions of that period
        ("what happened in oct 2025?", None, D(2025, 10, 1), D(2025, 10, 31)),
        ("oct 2025 deal terms", None, D(2025, 10, 1), D(2025, 10, 31)),
        ("what did they agree in the april 2026 amendment", None, D(2026, 4, 27), D(2026, 4, 27)),
        ("what happened to the rofr in october 2025", ["first-refusal"], D(2025, 10, 28), D(2025, 10, 28)),
    ],
)
def test_timeline_questions_are_read(
    question: str, provisions: list[str] | None, start: datetime.date | None, end: datetime.date | None
) -> None:
    query = read_timeline_query(question, TODAY, SOURCES)
    assert query is not None
    if provisions is not None:
        assert query.provisions == provisions
    else:
        assert len(query.provisions) == 8
    assert (query.start, query.end) == (start, end)


@pytest.mark.parametrize(
    "question",
    [
        "Does Microsoft still have a right of first refusal?",
        "What if AGI is declared in 2028: what changes for Microsoft?",
        "Who chairs Stargate?",
        "Is the OpenAI API exclusive to Azure?",
        "What changed in Anthropic's deal with Google?",  # names the sources never use: retrieval declines it
        # a difference between things that are not terms versions
        "whats the difference between openai inc and openai group pbc",
        "whats compute exclusivity vs api exclusivity",
        # what happened, with no time asked about
        "what happened with the amazon deal",
        "what were the terms of the deal",
    ],
)
def test_other_questions_are_not_timeline_questions(question: str) -> None:
    assert read_timeline_query(question, TODAY, SOURCES) is None


def _check(text: str, citations: list) -> None:  # type: ignore[type-arg]
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", text)}
    assert markers == set(range(1, len(citations) + 1))
    for citation in citations:
        assert SOURCES.get(citation.source).text[citation.start : citation.end] == citation.quote


def test_how_has_the_agi_clause_changed_lists_each_version_with_citations() -> None:
    response = timeline_response("How has the AGI clause changed?", SOURCES, TODAY)
    assert response is not None
    text = response.text
    # The first line answers: which versions changed the AGI terms since the article, when, and how.
    assert response.summary is not None and text.startswith(response.summary)
    assert response.summary.startswith(
        "Since the article's terms of January 2025: "
        "the October 2025 definitive agreement (28 Oct 2025) changed the terms: an AGI declaration by OpenAI "
        "now counts only once an independent expert panel verifies it ["
    )
    assert "the April 2026 amendment (27 Apr 2026) changed them: AGI no longer changes these rights" in response.summary
    assert text.split("\n\n")[1].startswith("How the agreement changed since the article's terms of January 2025")
    assert "**When AGI counts as reached**" in text and "**What reaching AGI changes**" in text
    assert "- 28 Oct 2025, October 2025 definitive agreement: an AGI declaration by OpenAI now counts only" in text
    assert "- 27 Apr 2026, April 2026 amendment (contested): sources disagree" in text
    assert (
        "The article and other sources disagree: the article gives the AGI profit threshold as AUD$100 billion" in text
    )
    assert [e.version for e in response.entries[:4]] == ["2025-01", "2025-10", "2026-02", "2026-04"]
    assert response.confidence == 0.75  # a contested source is cited
    _check(text, response.citations)


def test_what_is_different_since_october_goes_provision_by_provision_from_that_day() -> None:
    response = timeline_response("What is different since October 2025?", SOURCES, TODAY)
    assert response is not None
    assert {e.version for e in response.entries} == {"2025-10", "2026-02", "2026-04"}
    assert "provision by provision" in response.text.split("\n\n")[1]
    assert response.summary is not None
    assert response.summary.startswith(
        "Since the October 2025 definitive agreement (28 Oct 2025): it changed the terms: an AGI declaration"
    )
    # one change said for each of several versions; up to three for a single version
    assert response.summary.count("[") == 3
    single = timeline_response("what changed in october 2025", SOURCES, TODAY)
    assert single is not None and single.summary is not None and single.summary.count("[") == 3
    assert "extended through 2032" in single.summary
    assert response.text.index("**When AGI counts as reached**") < response.text.index("**How long the terms last**")
    assert "(unchanged, not mentioned): still removed; the amendment does not bring it back" in response.text
    _check(response.text, response.citations)


def test_a_period_with_no_change_says_so() -> None:
    response = timeline_response("What changed in 2027?", SOURCES, TODAY)
    assert response is not None
    assert response.text.startswith("Nothing changed in 2027")
    assert response.summary == response.text
    assert response.citations == []


def test_a_period_holding_only_the_article_s_terms_says_they_took_effect_then() -> None:
    response = timeline_response("what changed in jan 2025", SOURCES, today=TODAY)
    assert response is not None and response.summary is not None
    assert not response.summary.startswith("Nothing changed")
    assert "took effect on 21 Jan 2025" in response.summary and "right of first refusal" in response.summary
    marker = int(response.summary.rsplit("[", 1)[1].split("]")[0])
    assert "right of first refusal" in response.citations[marker - 1].quote


def test_what_happened_in_a_month_with_a_new_terms_version_says_what_it_changed() -> None:
    response = timeline_response("what happened in oct 2025?", SOURCES, TODAY)
    assert response is not None and response.summary is not None
    assert response.summary.startswith("In October 2025: the October 2025 definitive agreement (28 Oct 2025) changed ")
    assert "expert panel" in response.summary
    _check(response.text, response.citations)


@pytest.mark.parametrize("question", ["what happened in 2019", "what happened in jan 2025", "what happened in 2030"])
def test_what_happened_when_no_terms_version_changed_anything_is_left_to_the_documents(question: str) -> None:
    """The first investment, the Stargate announcement beside the article's own terms, a year nothing happened."""
    assert timeline_response(question, SOURCES, TODAY) is None


@pytest.mark.parametrize(
    "question", ["what changed since 2025", "what changed in april 2026", "how has the agi clause changed"]
)
def test_the_first_sentence_s_markers_are_numbered_first_and_without_gaps(question: str) -> None:
    response = timeline_response(question, SOURCES, TODAY)
    assert response is not None and response.summary is not None
    markers = [int(n) for n in re.findall(r"\[(\d+)\]", response.summary)]
    assert markers == list(range(1, len(markers) + 1))
    _check(response.text, response.citations)


@pytest.mark.parametrize(
    ("question", "first", "said"),
    [
        # what each version is known for comes first (the clause sheets' headline changes)
        (
            "what changed in oct 2025",
            "October 2025 definitive agreement (28 Oct 2025) changed the terms: an AGI declaration",
            ["through 2032", "the right of first refusal was removed"],
        ),
        (
            "what changed in the 2026 amendments",
            "In 2026: the February 2026 joint statement (27 Feb 2026) kept the terms as they were [1]; the April",
            ["non-exclusive"],
        ),
    ],
)
def test_what_a_version_changed_names_what_it_is_known_for_first(question: str, first: str, said: list[str]) -> None:
    response = timeline_response(question, SOURCES, today=datetime.date(2026, 12, 3))
    assert response is not None and response.summary is not None
    assert first in response.summary
    assert all(words in response.summary for words in said)
    assert "reaching AGI no longer ends" not in response.summary  # not the headline of October 2025
