from __future__ import annotations

import datetime
import re

from assistant.corpus.documents import read_document
from assistant.corpus.sources import SourceTexts
from assistant.settings import PROJECT_ROOT
from assistant.whatif.engine.evaluator import evaluate
from assistant.whatif.engine.scenario import Scenario
from assistant.whatif.later_terms import beside_versions, compared_outcomes, turning_changes
from assistant.whatif.respond import respond
from assistant.whatif.terms_choice import choose_terms

LOCATE = SourceTexts(PROJECT_ROOT / "corpus", 1_000_000).cite

TODAY = datetime.date(2026, 5, 10)
CORPUS = PROJECT_ROOT / "corpus"


def _check_markers(text: str, count: int) -> None:
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", text)}
    assert markers == set(range(1, count + 1))


def test_the_article_and_the_terms_in_force_are_set_beside_a_pinned_version() -> None:
    scenario = Scenario(event_date="2027", workload="training")
    choice = choose_terms(scenario, "2025-10", today=TODAY)
    verdict = evaluate(scenario, choice.id)
    beside = beside_versions(verdict, choice, LOCATE)
    assert [(b.verdict.terms, b.role) for b in beside] == [("2025-01", "article"), ("2026-04", "in-force")]
    assert compared_outcomes(beside) == {
        "2025-01": evaluate(scenario, "2025-01").outcomes,
        "2026-04": evaluate(scenario, "2026-04").outcomes,
    }


def test_nothing_is_set_beside_the_article_read_on_its_own_dates() -> None:
    scenario = Scenario(event_date="2025-06-01")
    choice = choose_terms(scenario, None, today=TODAY)
    assert choice.id == "2025-01"
    assert beside_versions(evaluate(scenario, choice.id), choice, LOCATE) == []


def test_the_change_since_which_an_outcome_differs_from_the_articles() -> None:
    scenario = Scenario(event_date="2027")
    choice = choose_terms(scenario, None, today=TODAY)
    verdict = evaluate(scenario, choice.id)
    turns = turning_changes(verdict, ["microsoft_first_refusal", "revenue_sharing"], choice, LOCATE)
    assert list(turns) == ["microsoft_first_refusal"]  # revenue sharing: yes under both
    turn = turns["microsoft_first_refusal"]
    assert (turn.version, turn.provision) == ("2025-10", "first-refusal")
    assert turn.summary == "the right of first refusal was removed"
    pinned = choose_terms(scenario, "2026-04", today=TODAY)
    assert turning_changes(verdict, ["microsoft_first_refusal"], pinned, LOCATE) == {}


def test_a_whatif_answer_says_when_it_stopped_being_the_articles_and_cites_the_note() -> None:
    response = respond(
        "What if Microsoft can't meet a new capacity request for training in 2027: "
        "does Microsoft have a right of first refusal?",
        today=TODAY,
        locate=LOCATE,
    )
    assert response is not None and response.kind == "whatif" and response.verdict is not None
    first = response.text.split("\n\n")[0]
    assert first.startswith(
        "**Microsoft has a right of first refusal on new capacity: no — not since 28 Oct 2025**: "
        "the right of first refusal was removed ["
    )
    assert "Under the January 2025 terms the article describes: yes [" in first
    number = int(re.findall(r"\[(\d+)\]", first)[0])
    citation = response.citations[number - 1]
    assert citation.source == "notes/2025-10-28-definitive-agreement-cloud-and-compute.md"
    document = read_document(CORPUS / citation.source, CORPUS, max_bytes=1_000_000)
    assert document.text[citation.start : citation.end] == citation.quote
    # the first line already says it: no "Changed on 28 Oct 2025: the right of first refusal was removed" below
    assert "Changed on 28 Oct 2025: the right of first refusal" not in response.text
    _check_markers(response.text, len(response.citations))


def test_at_most_two_change_lines_newest_first_for_the_provisions_asked_about() -> None:
    response = respond(
        "What if an expert panel verifies AGI in 2028: does Microsoft keep access to OpenAI's IP?",
        terms="2025-10",
        today=TODAY,
        locate=LOCATE,
    )
    assert response is not None and response.verdict is not None
    lines = [p for p in response.text.split("\n\n") if p.startswith("Changed on ")]
    assert 1 <= len(lines) <= 2
    assert all(line.startswith("Changed on 27 Apr 2026") for line in lines)
    assert "Changed on 27 Apr 2026: Microsoft's licence still runs through 2032 but became non-exclusive" in lines[0]
    assert not any("first refusal" in line for line in lines)


def test_the_caveats_do_not_lower_the_verdicts_confidence() -> None:
    response = respond(
        "What if AGI is declared in 2028 and verified by the expert panel: is AGI reached?",
        terms="2025-10",
        today=TODAY,
        locate=LOCATE,
    )
    assert response is not None and response.verdict is not None
    assert response.verdict.outcomes["agi_reached"] is True
    assert (
        "Under the April 2026 amendment, in force then: undetermined, as the sources disagree on whether the "
        "April 2026 amendment kept the AGI clause [" in response.text
    )
    assert response.confidence == 0.9


def test_a_verified_agi_under_the_amendment_opens_with_the_disagreement() -> None:
    response = respond("What if AGI is declared and verified by the expert panel in 2028?", today=TODAY, locate=LOCATE)
    assert response is not None and response.verdict is not None
    assert response.verdict.terms == "2026-04"
    assert response.text.startswith("**The sources disagree on whether the April 2026 amendment kept the AGI clause**")
    assert "Yes if the AGI clause survives, no if the amendment dropped it" in response.text
    # the disagreement is said once: not again as a contested change below
    assert "Changed on 27 Apr 2026 (contested)" not in response.text


def test_under_the_latest_terms_on_their_dates_only_the_articles_reading_is_added() -> None:
    response = respond("What if AGI is declared in 2028?", terms="2026-04", today=TODAY, locate=LOCATE)
    assert response is not None and response.verdict is not None
    assert set(response.verdict.compared) == {"2025-01"}
    assert "Under the latest terms" not in response.text
