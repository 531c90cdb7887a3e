from __future__ import annotations

import datetime
import re

from assistant.corpus.documents import read_document
from assistant.corpus.sources import SourceTexts
from assistant.settings import PROJECT_ROOT
from assistant.whatif.engine.evaluator import evaluate
from assistant.whatif.engine.scenario import Scenario
from assistant.whatif.later_terms import latest_differences
from assistant.whatif.respond import respond

LOCATE = SourceTexts(PROJECT_ROOT / "corpus", 1_000_000).cite

TODAY = datetime.date(2026, 5, 10)
CORPUS = PROJECT_ROOT / "corpus"


def test_outcomes_that_differ_under_the_latest_terms_are_named() -> None:
    found = latest_differences(evaluate(Scenario(event_date="2027", workload="training")))
    assert found is not None
    other, differ = found
    assert other.terms == "2026-04"
    # under the article's terms the training workload waits on the first refusal (undetermined here)
    assert differ == ["api_exclusive_to_azure", "microsoft_first_refusal", "openai_may_use_other_cloud"]


def test_nothing_to_compare_under_the_latest_terms_or_before_they_were_in_force() -> None:
    assert latest_differences(evaluate(Scenario(event_date="2027"), "2026-04")) is None
    assert latest_differences(evaluate(Scenario(event_date="2025-06-01"))) is None


def test_a_whatif_answer_ends_with_the_differences_and_the_changes_to_its_subject() -> None:
    response = respond(
        "What if Microsoft can't meet a new capacity request for training in 2027: "
        "does Microsoft have a right of first refusal?",
        today=TODAY,
        locate=LOCATE,
    )
    assert response is not None and response.kind == "whatif"
    text = response.text
    assert "**Microsoft has a right of first refusal on new capacity: yes.**" in text
    assert (
        "Under the latest terms (2026-04, April 2026 amendment) these outcomes differ: OpenAI API exclusive to Azure: "
        "no (yes under 2025-01)" in text
    )
    assert "Microsoft has a right of first refusal on new capacity: no (yes under 2025-01)" in text
    lines = text.splitlines()
    assert lines[-1].startswith("Changed on ")
    removal = next(
        line for line in lines if line.startswith("Changed on 28 Oct 2025: the right of first refusal was removed")
    )
    number = int(re.findall(r"\[(\d+)\]", removal)[0])
    citation = response.citations[number - 1]
    assert citation.source == "notes/2025-10-28-definitive-agreement-cloud-and-compute.md"
    document = read_document(CORPUS / citation.source, CORPUS, max_bytes=1_000_000)
    assert document.text[citation.start : citation.end] == citation.quote
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", text)}
    assert markers == set(range(1, len(response.citations) + 1))


def test_the_caveats_do_not_lower_the_verdicts_confidence() -> None:
    response = respond("What if AGI is declared in 2028 and verified by the expert panel?", today=TODAY, locate=LOCATE)
    assert response is not None and response.verdict is not None
    assert response.verdict.outcomes["agi_reached"] is True
    assert "Changed on 27 Apr 2026 (contested)" in response.text
    assert response.confidence == 0.9


def test_under_the_latest_terms_there_is_nothing_later() -> None:
    response = respond("What if AGI is declared in 2028?", terms="2026-04", today=TODAY, locate=LOCATE)
    assert response is not None
    assert "Changed on" not in response.text and "Under the latest terms" not in response.text


def test_under_october_2025_terms_a_verified_agi_keeps_ip_access() -> None:
    response = respond(
        "What if an expert panel verifies AGI in 2028: does Microsoft keep access to OpenAI's IP?",
        terms="2025-10",
        today=TODAY,
        locate=LOCATE,
    )
    assert response is not None and response.verdict is not None
    assert response.verdict.terms == "2025-10"
    assert "**Microsoft keeps access to OpenAI's IP: yes.**" in response.text
    assert "post-AGI" in response.text
    assert (
        "Changed on 27 Apr 2026: Microsoft's licence still runs through 2032 but became non-exclusive" in response.text
    )
