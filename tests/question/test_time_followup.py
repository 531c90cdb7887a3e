from __future__ import annotations

import datetime as dt

import pytest

from assistant.question.time_followup import restate_with_time

TODAY = dt.date(2026, 12, 2)


@pytest.mark.parametrize(
    ("followup", "earlier", "restated"),
    [
        ("and in 2026?", ["does microsoft have exclusivity"], "does microsoft have exclusivity in 2026?"),
        (
            "And after the April 2026 amendment?",
            ["Is the OpenAI API exclusive to Azure?"],
            "Is the OpenAI API exclusive to Azure after the April 2026 amendment?",
        ),
        # the earlier question's own time gives way, with its preposition
        ("and oct 2025?", ["is there a rofr in jan 2025?"], "is there a rofr in oct 2025?"),
        (
            "and since October 2025?",
            ["does Microsoft keep access to OpenAI's IP, according to the article?"],
            "does Microsoft keep access to OpenAI's IP since October 2025?",
        ),
        (
            "what about under the definitive agreement?",
            ["who verifies agi"],
            "who verifies agi under the definitive agreement?",
        ),
        # a run of time-only follow-ups goes back to the question they all move
        ("and in 2025?", ["is there a rofr", "and in 2026?"], "is there a rofr in 2025?"),
        ("what about 2019?", ["how much did msft invest"], "how much did msft invest in 2019?"),
    ],
)
def test_a_follow_up_that_only_names_a_time_is_the_question_before_asked_of_it(
    followup: str, earlier: list[str], restated: str
) -> None:
    assert restate_with_time(followup, earlier, TODAY) == restated


@pytest.mark.parametrize(
    ("followup", "earlier"),
    [
        ("and the api?", ["is it exclusive to azure"]),  # a subject, not a time
        ("and microsoft in 2026?", ["what does openai pay"]),  # a time and a subject of its own
        ("2030?", ["how long does the deal last"]),  # a bare date checks the answer
        ("And since October 2025?", ["Until when does Microsoft keep access to OpenAI's IP?"]),  # a date asked before
        ("and in 2026?", ["and in 2025?"]),  # nothing asked before the times
    ],
)
def test_other_follow_ups_are_left_as_they_are(followup: str, earlier: list[str]) -> None:
    assert restate_with_time(followup, earlier, TODAY) is None
