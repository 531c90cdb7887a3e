"""A verdict's quotes become citations in the corpus the caller gives, never in the configured one."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

from assistant.agreement.clauses import bundled_sheet
from assistant.corpus.sources import SourceTexts
from assistant.settings import PROJECT_ROOT
from assistant.whatif.citing import cite_verdict, rate_citations
from assistant.whatif.engine.evaluator import evaluate
from assistant.whatif.engine.scenario import Scenario

CORPUS = PROJECT_ROOT / "corpus"
SOURCES = SourceTexts(CORPUS, 1_000_000)
END = "core-terms-end-2025-01"


def test_every_quote_of_the_trace_is_cited_in_the_corpus_given() -> None:
    verdict = evaluate(Scenario(event_date=datetime.date(2031, 1, 1)))
    assert all(not step.citations for step in verdict.trace)
    cited = cite_verdict(verdict, SOURCES.cite)
    end = next(s for s in cited.trace if s.clause == END)
    assert [c.source for c in end.citations] == [
        "stargate-article.txt",
        "notes/2025-01-21-microsoft-evolve-partnership.md",
    ]
    sheet = bundled_sheet().resolve(verdict.terms)
    for step in cited.trace:
        quotes = sheet.clause(step.clause).quotes()
        assert [(c.source, c.quote) for c in step.citations] == [(q.source, q.quote) for q in quotes]
        for citation in step.citations:
            assert SOURCES.get(citation.source).text[citation.start : citation.end] == citation.quote
    assert not cited.notices
    assert cited.outcomes == verdict.outcomes and cited.reasons == verdict.reasons


def test_another_corpus_is_cited_as_it_is_and_a_missing_quote_is_a_notice(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    shutil.copy(CORPUS / "stargate-article.txt", tmp_path / "stargate-article.txt")
    other = SourceTexts(tmp_path, 1_000_000)
    cited = cite_verdict(evaluate(Scenario(event_date=datetime.date(2031, 1, 1))), other.cite)
    end = next(s for s in cited.trace if s.clause == END)
    assert [c.source for c in end.citations] == ["stargate-article.txt"]
    title = bundled_sheet().resolve("2025-01").clause(END).title
    assert f"a quote of the rule “{title}” (the January 2025 terms the article describes) was not found" in " ".join(
        cited.notices
    )
    assert not any(END in notice for notice in cited.notices)


def test_the_readings_and_the_rate_are_cited() -> None:
    verdict = evaluate(Scenario(event_date=2027, profit="US$80 billion"))
    cited = cite_verdict(verdict, SOURCES.cite)
    assert {c.source for r in cited.readings for c in r.citations} == {
        "stargate-article.txt",
        "notes/agi-threshold-currency.md",
    }
    assert [c.source for c in rate_citations(SOURCES.cite)] == ["notes/agi-threshold-currency.md"]


def test_a_cited_verdict_round_trips_through_json() -> None:
    cited = cite_verdict(evaluate(Scenario(event_date=2027, profit="US$80 billion")), SOURCES.cite)
    assert type(cited).model_validate_json(cited.model_dump_json()) == cited
