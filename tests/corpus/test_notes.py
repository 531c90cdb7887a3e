"""The dated notes in corpus/notes: one per event of the fact sheet, each with its source and confidence.

``FACTS`` mirrors the ids and dates of sections A–E of the project's fact sheet
(``shared/agreement-timeline.md``); ``None`` marks the undated background figures.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.corpus.documents import Document, read_document
from assistant.corpus.sources import SourceTexts
from assistant.settings import PROJECT_ROOT

CORPUS = PROJECT_ROOT / "corpus"
NOTES = sorted((CORPUS / "notes").glob("*.md"))
CONFIDENCE = {"primary", "reported", "contested"}

FACTS: dict[str, str | None] = {
    **{f"A{i}": "2025-01-21" for i in range(1, 7)},
    "B1": "2024-12-26",
    "B2": "2023-11",
    "B3": "2025-06",
    "B4": "2025-01",
    "C1": "2025-09-11",
    **{f"C{i}": "2025-10-28" for i in range(2, 10)},
    "D1": "2026-02-27",
    "D2": "2026-04-27",
    "D3": "2026-04-27",
    "D4": "2026-05",
    "E1": "2019-07-22",
    "E2": "2023-01-23",
    "E3": None,
    "E4": None,
    "E5": "2025-05",
}


def _note(path: Path) -> Document:
    return read_document(path, CORPUS, max_bytes=1_000_000)


@pytest.mark.parametrize("path", NOTES, ids=[p.name for p in NOTES])
def test_every_note_names_its_date_source_publisher_and_confidence(path: Path) -> None:
    meta = _note(path).meta
    extra = meta.model_extra or {}
    assert meta.title and meta.publisher and meta.kind == "note"
    assert meta.confidence in CONFIDENCE, meta.confidence
    assert meta.url or extra.get("source"), "a note gives its URL, or says where it was published"
    facts = extra.get("facts")
    assert facts and set(facts) <= set(FACTS), facts
    dates = {FACTS[f] for f in facts}
    if meta.date is None:
        assert dates == {None}, f"{path.name} has facts with dates {dates} but no date"
    else:
        assert meta.date in dates, f"{path.name} is dated {meta.date}, none of its facts is ({dates})"
        assert meta.date.replace("-", "").isdigit()


def test_every_fact_of_the_sheet_has_a_note() -> None:
    covered = {f for path in NOTES for f in (_note(path).meta.model_extra or {}).get("facts", [])}
    assert covered == set(FACTS), sorted(set(FACTS) - covered)


def test_every_dated_event_has_a_note_dated_that_day() -> None:
    note_dates = {_note(path).meta.date for path in NOTES}
    assert {d for d in FACTS.values() if d} <= note_dates


def test_citations_carry_the_notes_metadata() -> None:
    sources = SourceTexts(CORPUS, 1_000_000)
    quote = "Microsoft's right of first refusal (ROFR) on OpenAI's compute was removed."
    citation = sources.cite("notes/2025-10-28-definitive-agreement-cloud-and-compute.md", quote)
    assert citation is not None
    assert citation.date == "2025-10-28" and citation.confidence == "primary" and citation.publisher == "OpenAI"
    assert citation.url == "https://openai.com/index/next-chapter-of-microsoft-openai-partnership/"
    contested = sources.cite("notes/2026-04-27-agi-clause-dropped-claim.md", '"dropped the AGI clause"')
    assert contested is not None and contested.confidence == "contested" and contested.publisher == "CNBC, The Verge"


def test_the_article_is_untouched_and_has_its_metadata_in_a_sidecar() -> None:
    article = _note(CORPUS / "stargate-article.txt")
    assert article.meta.kind == "article" and article.meta.date == "2025-01"
    assert article.text.startswith("In a twist that few would have predicted")
