from __future__ import annotations

import datetime as dt

import pytest

from assistant.question.reader import IMPLIED_SUBJECT, QuestionReader

TODAY = dt.date(2026, 12, 2)
NEVER_USED = {"anthropic", "trump", "frist", "agreemnt"}


@pytest.fixture(scope="module")
def reader() -> QuestionReader:
    return QuestionReader(lambda word: word.lower() not in NEVER_USED)


def test_a_question_is_read_in_the_documents_words_and_typed(reader: QuestionReader) -> None:
    q = reader.read("msft still exclusive?", [], today=TODAY)
    assert q.read == "Microsoft still exclusive?" and q.text == "msft still exclusive?"
    assert q.answer_type == "yes_no" and q.kind == "plain"
    assert q.time.kind == "now" and q.time.date == TODAY
    assert q.names_a_party and "api-exclusivity" in q.provisions


def test_misspellings_of_the_agreement_s_words_are_mended_and_recorded(reader: QuestionReader) -> None:
    q = reader.read("right of frist refusal meaning", [], today=TODAY)
    assert q.read == "right of first refusal meaning"
    assert q.mended == (("frist", "first"),)


def test_a_short_question_with_no_subject_leans_on_the_turn_before(reader: QuestionReader) -> None:
    q = reader.read("until when though?", [("rev share %?", "About 20% [1].")], today=TODAY)
    assert q.followup and q.subjectless
    assert q.query == "revenue share %? until when though?"
    assert q.answer_type == "date" and q.ending
    assert q.earlier_answer == "About 20% [1]."


def test_a_question_with_a_subject_of_its_own_does_not(reader: QuestionReader) -> None:
    q = reader.read("what is stargate", [("whats rofr", "…")], today=TODAY)
    assert not q.followup and q.query == "what is stargate"


def test_the_deal_means_the_partnership_for_retrieval(reader: QuestionReader) -> None:
    q = reader.read("how long does the deal last?", [], today=TODAY)
    assert q.implied_subject and q.query.endswith(f"({IMPLIED_SUBJECT})")
    assert q.provisions == ("term",) and q.ending


def test_the_moment_a_question_is_about(reader: QuestionReader) -> None:
    assert reader.read("what happened in oct 2025?", [], today=TODAY).time.precision == "month"
    assert reader.read("what happened in oct 2025?", [], today=TODAY).time.date == dt.date(2025, 10, 1)
    assert reader.read("what does the article say about microsoft", [], today=TODAY).time.kind == "article"
    assert reader.read("who has the right of first refusal", [], today=TODAY).time.kind == "unspecified"


def test_kinds_what_ifs_and_claims(reader: QuestionReader) -> None:
    assert (
        reader.read("say openai makes $200bn profit in 2028 — does msft lose access?", [], today=TODAY).kind == "whatif"
    )
    assert reader.read("heard the agi clause got killed off in 2026 — true?", [], today=TODAY).kind == "claim"


def test_names_the_documents_never_mention(reader: QuestionReader) -> None:
    q = reader.read("anthropic amazon deal how much", [], today=TODAY)
    assert q.unknown_names == ["Anthropic"]


def test_a_follow_up_that_swaps_the_subject_asks_what_the_question_before_asked(reader: QuestionReader) -> None:
    earlier = [("is msft still exclusive?", "Not any more.")]
    assert reader.read("what about the api?", earlier, today=TODAY).answer_type == "yes_no"
    assert reader.read("what about the api?", [], today=TODAY).answer_type == "other"
    # A follow-up naming a moment of its own is read as it stands.
    until = [("Until when does Microsoft keep access to OpenAI's IP?", "Until 2030.")]
    assert reader.read("And since October 2025?", until, today=TODAY).answer_type == "other"


def test_a_follow_up_with_no_moment_of_its_own_keeps_the_one_before(reader: QuestionReader) -> None:
    earlier = [("what happened in oct 2025?", "A definitive agreement was announced.")]
    question = reader.read("and what about the ip?", earlier, today=TODAY)
    assert question.time.kind == "date" and question.time.date == dt.date(2025, 10, 1)
    assert reader.read("and what about the ip now?", earlier, today=TODAY).time.kind == "now"


@pytest.mark.parametrize(
    ("asked", "counted"),
    [
        ("how much power will stargate use", "power"),
        ("how many gigawatts has stargate hit", "power"),
        ("how many jobs will stargate create", "people"),
        ("how many data centers does stargate plan", "sites"),
        ("how many gpus in abilene", "things"),
        # money and shares are no count
        ("how much is stargate", None),
        ("how many billions for stargate", None),
        ("how much compute did openai commit to azure", None),
    ],
)
def test_an_amount_question_says_what_it_counts_when_not_money(
    reader: QuestionReader, asked: str, counted: str | None
) -> None:
    q = reader.read(asked, [], today=TODAY)
    assert q.answer_type == "amount" and q.counting == counted


def test_a_followup_that_swaps_the_subject_asks_the_same_outcome_of_it(reader: QuestionReader) -> None:
    q = reader.read("and aws?", [("can openai use google cloud", "Yes [1].")], today=TODAY)
    assert q.followup and q.facts is not None
    assert q.facts.focus == ["openai_may_use_other_cloud"] and q.facts.facts["provider"] == "aws"


def test_a_followup_pointing_back_asks_about_what_was_asked_before(reader: QuestionReader) -> None:
    q = reader.read("does ms still have it", [("what does ROFR mean", "It means… [1].")], today=TODAY)
    assert q.followup and q.facts is not None and q.facts.focus == ["microsoft_first_refusal"]


def test_a_followup_with_no_subject_of_its_own_asks_about_what_was_asked_before(reader: QuestionReader) -> None:
    q = reader.read("until when?", [("is the api exclusivity still in place", "Not any more … [1].")], today=TODAY)
    assert q.followup and q.subjectless and q.facts is not None
    assert q.facts.focus == ["api_exclusive_to_azure"] and q.answer_type == "date" and q.ending


def test_a_follow_up_naming_only_a_time_is_read_as_the_question_before_asked_of_it(reader: QuestionReader) -> None:
    turns = [("is the api exclusive to azure?", "Not any more — not since 27 Apr 2026 …")]
    q = reader.read("and in 2025?", turns, today=TODAY)
    assert q.text == "and in 2025?" and q.read == "is the api exclusive to azure in 2025?"
    assert q.answer_type == "yes_no" and not q.followup
    assert q.time.kind == "date" and q.time.date == dt.date(2025, 1, 1)
    assert "api-exclusivity" in q.provisions


def test_a_short_question_about_something_the_documents_never_mention_is_no_followup() -> None:
    reader = QuestionReader(lambda word: word.lower() not in {"capital", "france"})
    turns = [("is the api exclusivity still in place", "Not any more … [1].")]
    assert not reader.read("what's the capital of france", turns, today=TODAY).followup
    # a short question with no words of its own, or with the documents' words, still leans on the turn before
    assert reader.read("until when?", turns, today=TODAY).followup
    assert reader.read("who decides?", turns, today=TODAY).followup
