from __future__ import annotations

import datetime as dt

import pytest

from assistant.agreement.provisions import provision_catalogue
from assistant.answering.standing import (
    OVERVIEW_PROVISIONS,
    asks_how_the_deal_stands,
    standing_entries,
    standing_summary,
)
from assistant.corpus.sources import SourceTexts
from assistant.question.model import Question, TimeRef
from assistant.question.names import NamedThing
from assistant.settings import PROJECT_ROOT

SOURCES = SourceTexts(PROJECT_ROOT / "corpus", 1_000_000)
PARTIES = (NamedThing("Microsoft", "msft", True), NamedThing("OpenAI", "openai", True))


def question(read: str, **fields: object) -> Question:
    return Question(text=read, read=read, query=read, **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("read", "fields"),
    [
        ("latest status of the deal", {"implied_subject": True, "time": TimeRef(kind="now")}),
        ("tl;dr the whole partnership", {"answer_type": "names"}),
        ("where do things stand between msft and openai", {"answer_type": "place", "names": PARTIES}),
        ("what is the microsoft openai partnership in simple words", {"answer_type": "definition", "names": PARTIES}),
        ("summarize the microsoft openai agreement", {"names": PARTIES}),
    ],
)
def test_a_question_about_the_whole_deal_asks_how_it_stands(read: str, fields: dict[str, object]) -> None:
    assert asks_how_the_deal_stands(question(read, **fields))


@pytest.mark.parametrize(
    ("read", "fields"),
    [
        # a term of the deal, another company, a yes or no, a date, the article, a follow-up
        ("what's the deal with exclusivity?", {"implied_subject": True, "provisions": ("api-exclusivity",)}),
        ("what is the stargate deal", {"names": (NamedThing("Stargate", "stargate", True),)}),
        ("is the partnership still on?", {"answer_type": "yes_no"}),
        ("what was the deal in jan 2025", {"time": TimeRef(kind="date", date=dt.date(2025, 1, 1), precision="month")}),
        ("who is in the deal", {"answer_type": "names", "implied_subject": True}),
        ("what's the deal now", {"followup": True}),
        ("what does the deal say about revenue", {"implied_subject": True}),
        ("how are things", {}),  # no word of the deal or the parties
        ("article tldr", {"implied_subject": True}),  # what the article says
    ],
)
def test_a_question_about_one_thing_does_not(read: str, fields: dict[str, object]) -> None:
    assert not asks_how_the_deal_stands(question(read, **fields))


def test_the_overview_provisions_are_known() -> None:
    known = {p.id for p in provision_catalogue()}
    assert set(OVERVIEW_PROVISIONS) <= known


def test_how_the_deal_stands_on_a_day_is_each_provision_s_latest_change_by_then() -> None:
    today = standing_entries(dt.date(2026, 12, 1), SOURCES.cite)
    assert [s.provision for s in today] == list(OVERVIEW_PROVISIONS)
    quotes = [c.quote for s in today for c in s.citations]
    assert any("may sell all of its products on any cloud" in q for q in quotes)
    # the clause's supporting quote saying what its summary adds, and not another provision's news
    assert any("Azure stays OpenAI's primary cloud" in q for q in quotes)
    assert not any("regardless of artificial general intelligence" in q for q in quotes)
    assert any("right of first refusal (ROFR) on OpenAI's compute was removed" in q for q in quotes)
    for citation in (c for s in today for c in s.citations):
        document = SOURCES.get(citation.source)
        assert document is not None and document.text[citation.start : citation.end] == citation.quote
    # before October 2025 the right of first refusal still stood, as the January 2025 terms had it
    before = standing_entries(dt.date(2025, 6, 1), SOURCES.cite)
    assert not any("was removed" in c.quote for s in before for c in s.citations)


def test_the_summary_groups_quotes_by_version_newest_first_in_their_own_words() -> None:
    entries = standing_entries(dt.date(2026, 12, 1), SOURCES.cite)
    text = standing_summary(entries)
    assert text.startswith("As the deal stands now: under the Microsoft-OpenAI amendment of 27 April 2026, OpenAI may")
    assert "; under the Microsoft-OpenAI definitive agreement of 28 October 2025, Microsoft's right of first" in text
    assert text.endswith("[5].")
    # every quoted body is verbatim in its citation
    for entry in entries:
        for citation in entry.citations:
            body = citation.quote.split(", ", 1)[1].rstrip(".")
            assert body in text
