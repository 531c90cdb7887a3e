from __future__ import annotations

import pytest

from assistant.answering.followup_query import is_followup, resolve_query


@pytest.mark.parametrize(
    "question",
    ["And what about the API?", "What about revenue sharing?", "how about after 2030?", "Is it exclusive?"],
)
def test_followups_are_recognised(question: str) -> None:
    assert is_followup(question)


@pytest.mark.parametrize("question", ["Who has the right of first refusal on OpenAI capacity?", "What is Stargate?"])
def test_standalone_questions_are_not_followups(question: str) -> None:
    assert not is_followup(question)


def test_followup_is_resolved_against_the_chain_of_turns() -> None:
    history = [("Until when does the partnership last?", "…"), ("And the API?", "…")]
    assert resolve_query("What about revenue sharing?", history) == (
        "Until when does the partnership last? And the API? What about revenue sharing?"
    )
    assert resolve_query("What is Stargate?", history) == "What is Stargate?"
    assert resolve_query("And the API?", None) == "And the API?"
