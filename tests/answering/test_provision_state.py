from __future__ import annotations

import datetime as dt

import pytest

from assistant.answering.provision_state import provision_ended, provision_state
from assistant.corpus.sources import SourceTexts
from assistant.question.reader import QuestionReader
from assistant.settings import PROJECT_ROOT

TODAY = dt.date(2026, 12, 2)
SOURCES = SourceTexts(PROJECT_ROOT / "corpus", 20_000_000)


@pytest.fixture(scope="module")
def reader() -> QuestionReader:
    return QuestionReader(lambda word: True)


def state(reader: QuestionReader, text: str, terms: str | None = None, *, answer=provision_state):  # type: ignore[no-untyped-def]
    """``answer`` (provision_state or provision_ended) for ``text`` read today."""
    question = reader.read(text, [], today=TODAY)
    assert question.facts is not None
    return answer(question, question.facts, today=TODAY, locate=SOURCES.cite, terms=terms)


def test_still_means_today_and_the_article_s_reading_stands_beside_it(reader: QuestionReader) -> None:
    found = state(reader, "rofr still there?")
    assert found is not None and found.value is False and found.article_value is True
    assert found.summary.startswith("**Not any more — not since 28 Oct 2025** — ")
    assert found.summary.endswith("Under the January 2025 terms the article describes: yes [2].")
    assert "removed" in found.citations[0].quote and found.citations[0].date == "2025-10-28"
    assert found.citations[1].source == "stargate-article.txt"


def test_the_change_is_dated_from_when_it_happened_not_from_the_latest_version(reader: QuestionReader) -> None:
    found = state(reader, "is the openai api still azure exclusive")
    assert found is not None and found.terms == "2026-04" and found.value is False
    assert "not since 27 Apr 2026" in found.summary


def test_yes_today_and_a_pinned_version(reader: QuestionReader) -> None:
    today = state(reader, "can openai use other clouds")
    assert today is not None and today.value is True and today.summary.startswith("**Yes** — ")
    pinned = state(reader, "does microsoft have a right of first refusal?", terms="2025-01")
    assert pinned is not None and pinned.value is True and pinned.article_value is None


def test_questions_the_clauses_do_not_decide_are_left_to_the_documents(reader: QuestionReader) -> None:
    assert state(reader, "who wrote the article") is None  # not yes/no
    assert state(reader, "is the partnership still on") is None  # names no outcome
    assert state(reader, "what if openai declares agi in 2027, is the api still exclusive?") is None  # a what-if


@pytest.mark.parametrize("asked", ["is rofr dead", "is the first-refusal thing dead?", "has the rofr been scrapped?"])
def test_asking_whether_a_provision_is_gone_turns_yes_and_no_round(reader: QuestionReader, asked: str) -> None:
    found = state(reader, asked)
    assert found is not None and found.value is False and found.article_value is True
    assert found.summary.startswith("**Yes — since 28 Oct 2025** — ")
    assert found.summary.endswith("Under the January 2025 terms the article describes: no [2].")


def test_an_event_the_scenario_states_is_not_a_standing_term(reader: QuestionReader) -> None:
    # "Is the AGI clause gone?" is not "has AGI been reached?": the documents answer it, not the clauses.
    assert state(reader, "is the agi clause gone?") is None


def test_a_value_the_question_alone_cannot_decide_is_said_in_plain_words(reader: QuestionReader) -> None:
    found = state(reader, "Can OpenAI use Oracle?")
    assert found is not None and found.value is True
    assert "it depends on more than the question says [2]" in found.summary
    assert "undetermined" not in found.summary


@pytest.mark.parametrize("text", ["does the amazon deal need microsoft's ok", "does openai need permission to use aws"])
def test_asking_whether_openai_needs_leave_is_answered_the_other_way_round(reader: QuestionReader, text: str) -> None:
    found = state(reader, text)
    assert found is not None and found.value is True  # free to use another cloud today
    assert found.summary.startswith("**No** — ")


def test_a_provision_asked_about_at_agi_is_evaluated_with_agi_reached(reader: QuestionReader) -> None:
    kept = state(reader, "does msft keep the models post agi")
    assert kept is not None and kept.value is True
    # the version since which it holds says so in words; the newest clause deciding it follows
    assert "post-AGI models" in kept.citations[0].quote and "2032" in kept.citations[1].quote
    assert kept.summary.startswith("**Yes — since 28 Oct 2025** — ") and kept.summary.endswith("describes: no [3].")
    assert kept.article_value is False  # the article: AGI ends Microsoft's access
    ended = state(reader, "does revenue sharing end at agi", terms="2025-10")
    assert ended is not None and ended.value is False and ended.summary.startswith("**Yes** — ")
    kept_paying = state(reader, "does revenue sharing end at agi")
    assert kept_paying is not None and kept_paying.value is True and kept_paying.summary.startswith("**No** — ")
    assert "regardless of artificial general intelligence" in kept_paying.citations[0].quote  # the clause about AGI
    today = state(reader, "is revenue sharing still on")
    assert today is not None and today.value is True


def test_a_question_about_how_a_fact_is_sourced_is_left_to_the_documents(reader: QuestionReader) -> None:
    assert state(reader, "is the 20% revenue share confirmed") is None
    assert state(reader, "is revenue sharing officially still on") is None


def ended(reader: QuestionReader, text: str, terms: str | None = None):  # type: ignore[no-untyped-def]
    return state(reader, text, terms, answer=provision_ended)


def test_when_a_right_ends_that_has_already_ended_says_so_with_the_article_beside(reader: QuestionReader) -> None:
    found = ended(reader, "when does api exclusivity end")
    assert found is not None and found.value is False and found.article_value is True
    assert found.summary.startswith("**It already ended, on 27 Apr 2026** — ")
    assert "Under the January 2025 terms the article describes: " in found.summary
    assert found.citations[1].source == "stargate-article.txt"
    rofr = ended(reader, "when does the rofr end")
    assert rofr is not None and rofr.summary.startswith("**It already ended, on 28 Oct 2025** — ")
    # losing a right is its end, for the party that had it
    lost = ended(reader, "when did msft lose cloud exclusivity")
    assert lost is not None and lost.summary.startswith("**It already ended, on 27 Apr 2026** — ")


def test_a_right_still_in_force_or_pinned_terms_are_not_an_end(reader: QuestionReader) -> None:
    assert ended(reader, "how long does microsoft keep the ip") is None  # runs through 2032
    assert ended(reader, "when does api exclusivity end", terms="2025-01") is None
    assert ended(reader, "is the api still exclusive") is None  # not a date question
    assert ended(reader, "when was the ROFR introduced") is None  # asks when it began


def test_a_question_about_a_figure_is_left_to_the_documents(reader: QuestionReader) -> None:
    assert state(reader, "is the revenue share 20%") is None


@pytest.mark.parametrize(
    "asked",
    [
        "does oai still have to use azure?",
        "is openai locked into azure",
        "does chatgpt only run on microsoft",
        "does openai still have to run everything on azure or not",
    ],
)
def test_asking_whether_openai_is_bound_to_azure_is_answered_the_other_way_round(
    reader: QuestionReader, asked: str
) -> None:
    found = state(reader, asked)
    assert found is not None and found.outcome == "openai_may_use_other_cloud" and found.value is True
    assert found.summary.startswith("**No** — ")


def test_a_version_a_past_question_names_is_the_day_asked_about(reader: QuestionReader) -> None:
    found = state(reader, "did the oct 2025 deal kill the compute rofr")
    assert found is not None and found.terms == "2025-10" and found.value is False
    assert found.summary.startswith("**Yes — since 28 Oct 2025** — ")
    assert "removed" in found.citations[0].quote


def test_a_month_asked_about_means_its_end(reader: QuestionReader) -> None:
    # the ROFR was removed on 28 October 2025: by the end of that month it was gone
    found = state(reader, "was there a rofr in october 2025?")
    assert found is not None and found.terms == "2025-10" and found.value is False


def test_the_api_on_another_cloud_is_the_freedom_to_use_it_and_says_since_when(reader: QuestionReader) -> None:
    found = state(reader, "can oai sell the api through google cloud?")
    assert found is not None and found.outcome == "openai_may_use_other_cloud" and found.value is True
    assert found.article_value is False
    assert found.summary.startswith("**Yes — since 27 Apr 2026** — ")


def test_a_value_that_depends_on_facts_not_given_is_left_to_the_documents(reader: QuestionReader) -> None:
    # under the February 2026 terms another cloud depends on the workload (API or not): no yes, no dispute
    assert state(reader, "did ms sign off on the amazon deal") is None


@pytest.mark.parametrize(
    "asked", ["can microsoft use our models in copilot forever", "can microsoft keep the ip indefinitely?"]
)
def test_a_right_that_runs_to_a_year_is_not_forever(reader: QuestionReader, asked: str) -> None:
    found = state(reader, asked)
    assert found is not None and found.value is True
    assert found.summary.startswith("**No** — ") and "through 2032" in found.summary
