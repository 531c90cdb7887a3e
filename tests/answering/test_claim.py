from __future__ import annotations

import datetime as dt

from assistant.answering.claim import asks_overview, claim_words, only_announces, says_most_of, shares_word
from assistant.question.model import Question, TimeRef
from assistant.question.names import NamedThing

AMAZON = (NamedThing("Amazon", "amazon", True),)


def question(read: str, names: tuple[NamedThing, ...] = ()) -> Question:
    return Question(text=read, read=read, query=read, names=names)  # type: ignore[arg-type]


def test_claim_words_leave_out_asking_words_the_parties_and_what_is_named() -> None:
    assert claim_words(question("did amazon buy into openai right?", AMAZON)) == {"buy"}
    assert claim_words(question("is nvidia part of the deal")) == {"nvidia"}
    assert claim_words(question("which companies are in it")) == set()


def test_a_sentence_says_a_claim_word_or_a_longer_word_it_starts() -> None:
    assert shares_word({"fund"}, "The equity funders are SoftBank and MGX.")
    assert shares_word({"chair"}, "Masayoshi Son is the chairman.")
    assert not shares_word({"buy"}, "OpenAI's deal with Amazon came alongside a statement.")
    assert not shares_word({"ai"}, "The aim is clear.")  # stems under four letters match only whole


def test_a_sentence_says_most_of_what_is_asked_when_it_holds_half_its_claim_words() -> None:
    guardrails = question("do the ip rights extend to post-agi models if guardrails are in place")
    oct_2025 = "Microsoft's IP rights to OpenAI's models include post-AGI models, with safety guardrails."
    assert says_most_of(guardrails, oct_2025)
    ipo = question("what if openai ipos, does microsoft's share change")
    assert not says_most_of(ipo, "OpenAI keeps paying Microsoft the same revenue-share percentage until 2030.")
    assert says_most_of(question("microsoft and openai?"), "Anything at all.")  # no claim words


def test_a_dated_question_asks_for_an_overview_only_when_it_has_no_subject_of_its_own() -> None:
    def dated(read: str, words: str) -> Question:
        when = TimeRef(kind="date", date=dt.date(2025, 10, 1), precision="month", words=words)
        return Question(text=read, read=read, query=read, time=when)  # type: ignore[arg-type]

    assert asks_overview(dated("what happened in October 2025", "October 2025"))
    assert asks_overview(dated("summary of the October 2025 restructure", "October 2025"))
    assert not asks_overview(dated("what did microsoft get in the October 2025 deal", "October 2025"))
    assert not asks_overview(dated("what happened to exclusivity in October 2025", "October 2025"))


def test_a_sentence_that_only_announces_an_event_says_nothing_of_the_terms() -> None:
    assert only_announces(
        "On 28 October 2025, Microsoft and OpenAI announced a definitive agreement on their partnership."
    )
    assert only_announces("On 27 April 2026, Microsoft and OpenAI amended the terms of their partnership.")
    # what was announced is a term: an amount, another company, what was said
    assert not only_announces("On 22 July 2019, OpenAI announced that Microsoft was investing $1 billion in OpenAI.")
    assert not only_announces(
        "On 27 February 2026, Microsoft and OpenAI issued a joint statement alongside OpenAI's deal with Amazon."
    )
    assert not only_announces("Microsoft and OpenAI said the terms of their October 2025 agreement were unchanged.")
