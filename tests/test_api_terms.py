"""answer(..., terms=...) and the timeline route, without the embedding model or an index."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from assistant.api import Assistant
from assistant.settings import PROJECT_ROOT, Settings

CORPUS = PROJECT_ROOT / "corpus"


@pytest.fixture
def assistant(tmp_path: Path) -> Assistant:
    return Assistant(Settings(corpus_dir=CORPUS, data_dir=tmp_path / "data"))


@pytest.mark.parametrize(
    ("terms", "fragment"),
    [
        ("bogus", "unknown terms “bogus”: give a version (2025-01, 2025-10, 2026-02, 2026-04) or a date YYYY-MM-DD"),
        ("2024-12-31", "no terms version was in force on 2024-12-31"),
        ("2026-02-30", "not a date that exists"),
        (2026, "terms must be a version id or a date"),
    ],
)
def test_bad_terms_are_declined_with_a_message(assistant: Assistant, terms: object, fragment: str) -> None:
    for question in ("Is the API exclusive to Azure?", "What if AGI is declared in 2028?"):
        answer = assistant.answer(question, terms=terms)  # type: ignore[arg-type]
        assert answer.kind == "abstain" and answer.confidence == 1.0
        assert answer.text.startswith("I can't answer under those terms: ") and fragment in answer.text
    assert not (assistant.store.data_dir / "chroma").exists(), "declining needs no index"


@pytest.mark.parametrize(
    ("terms", "version"),
    # no terms: the version in force on the date the question is about (2028: the April 2026 amendment)
    [(None, "2026-04"), ("", "2026-04"), ("2025-01", "2025-01"), ("2025-10", "2025-10"), ("2026-03-01", "2026-02")],
)
def test_whatif_questions_use_the_terms_given_as_a_version_or_a_date(
    assistant: Assistant, terms: str | None, version: str
) -> None:
    answer = assistant.answer("What if AGI is declared and verified by the expert panel in 2028?", terms=terms)
    assert answer.kind == "whatif" and answer.verdict is not None
    assert answer.verdict.terms == version


def test_what_changed_questions_get_a_dated_timeline_with_verbatim_citations(assistant: Assistant) -> None:
    answer = assistant.answer("How has the AGI clause changed?")
    assert answer.kind == "answer" and answer.verdict is None
    assert "**When AGI counts as reached**" in answer.text
    assert "28 Oct 2025, October 2025 definitive agreement" in answer.text
    assert answer.citations
    for citation in answer.citations:
        text = assistant.sources.get(citation.source).text
        assert text[citation.start : citation.end] == citation.quote
    assert not (assistant.store.data_dir / "chroma").exists(), "a timeline needs no index"


def test_a_timeline_ignores_the_terms_but_still_checks_them(assistant: Assistant) -> None:
    assert assistant.answer("What is different since October 2025?", terms="2026-04").kind == "answer"
    assert assistant.answer("What is different since October 2025?", terms="nope").kind == "abstain"


def test_the_whatif_date_defaults_to_today(assistant: Assistant) -> None:
    answer = assistant.answer("What if AGI is declared?", terms="2025-10")
    assert answer.verdict is not None and answer.verdict.scenario.event_date == datetime.date.today()
