from __future__ import annotations

from assistant.answering.claim import claim_words, shares_word
from assistant.question.model import Question
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
