from __future__ import annotations

import datetime

import pytest

from assistant.corpus.sources import SourceTexts
from assistant.settings import PROJECT_ROOT
from assistant.whatif.reading.dates_text import find_dates
from assistant.whatif.respond import respond

LOCATE = SourceTexts(PROJECT_ROOT / "corpus", 1_000_000).cite

TODAY = datetime.date(2026, 11, 26)
FIRST = "What if Microsoft cannot meet a capacity request for training in 2027: may OpenAI use Oracle?"


@pytest.mark.parametrize(
    "question",
    ["What if Microsoft can meet it?", "And if Microsoft can meet it?", "What if Microsoft can meet that request?"],
)
def test_a_pronoun_for_the_earlier_request_keeps_the_scenario(question: str) -> None:
    response = respond(question, [FIRST], terms="2025-01", today=TODAY, locate=LOCATE)
    assert response is not None and response.verdict is not None
    scenario = response.verdict.scenario
    assert (scenario.capacity_request, scenario.microsoft_can_meet) == (True, True)
    assert (scenario.event_date.year, scenario.workload, scenario.provider) == (2027, "training", "oracle")
    assert response.verdict.outcomes["openai_may_use_other_cloud"] is False


def test_without_an_earlier_question_it_is_a_new_scenario() -> None:
    response = respond("What if Microsoft can meet it?", [], today=TODAY, locate=LOCATE)
    assert response is not None and response.verdict is not None
    assert response.verdict.scenario.microsoft_can_meet is True


@pytest.mark.parametrize("idiom", ["from now on", "for now", "by now", "until now"])
def test_now_in_an_idiom_is_not_a_date(idiom: str) -> None:
    assert find_dates(f"Answer in French {idiom}. Who holds the ROFR?", TODAY) == []


def test_now_alone_is_today() -> None:
    [mention] = find_dates("Does Microsoft hold the ROFR now?", TODAY)
    assert mention.date == TODAY
