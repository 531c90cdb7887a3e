from __future__ import annotations

from assistant.answering.subjects import answer_subjects, cited_provisions, verdict_subjects
from assistant.citation import Citation
from assistant.corpus.sources import SourceTexts
from assistant.settings import PROJECT_ROOT
from assistant.whatif.engine.evaluator import evaluate
from assistant.whatif.engine.scenario import Scenario

CORPUS = PROJECT_ROOT / "corpus"
cite = SourceTexts(CORPUS, 1_000_000).cite


def _cite(source: str, quote: str) -> Citation:
    citation = cite(source, quote)
    assert citation is not None
    return citation


def test_a_cited_passage_that_a_clause_quotes_makes_its_provision_a_subject() -> None:
    intact = _cite(
        "stargate-article.txt",
        "Still, Microsoft is eager to reassure observers that the bedrock of its long running partnership with "
        "OpenAI remains intact until 2030.",
    )
    assert cited_provisions([intact], cite) == ["ip-access", "api-exclusivity", "revenue-sharing", "term"]


def test_question_keywords_and_citations_are_merged_in_catalogue_order() -> None:
    removed = _cite(
        "notes/2025-10-28-definitive-agreement-cloud-and-compute.md",
        "Microsoft's right of first refusal (ROFR) on OpenAI's compute was removed.",
    )
    # the removal is quoted by the first-refusal clause and, in support, by the non-API cloud clause
    assert answer_subjects("What happened to the API?", [removed], cite) == [
        "api-exclusivity",
        "first-refusal",
        "capacity-approval",
    ]
    assert answer_subjects("Who chairs Stargate?", [], cite) == []


def test_a_whatif_is_about_the_provisions_deciding_what_it_asks() -> None:
    verdict = evaluate(Scenario(event_date="2027", agi_declared=True))
    assert verdict_subjects(verdict, ["microsoft_ip_access"]) == ["agi-consequence", "ip-access", "term"]
    # without a focus: the provisions of the clauses the decisions rest on
    assert verdict_subjects(verdict, []) == ["agi-definition", "agi-consequence"]
    quiet = evaluate(Scenario(event_date="2027", workload="training"))
    assert verdict_subjects(quiet, []) == [
        "agi-definition",
        "ip-access",
        "api-exclusivity",
        "revenue-sharing",
        "first-refusal",
        "capacity-approval",
    ]
