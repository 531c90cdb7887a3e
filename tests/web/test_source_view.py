from __future__ import annotations

from pathlib import Path

from assistant.citation import Citation
from assistant.corpus.sources import SourceTexts
from assistant.web.source_view import PASSAGE_ID, corpus_catalog, document_html, passage_html, shared_lead

NOTE = (
    "---\ntitle: A <b>bold</b> note\npublisher: Example\ndate: 2025-01-21\nurl: https://example.org/a\n"
    "confidence: primary\n---\nFirst <script>alert(1)</script> line.\nMicrosoft holds a right of first refusal.\n"
)


def _corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    (corpus / "notes").mkdir(parents=True)
    (corpus / "notes" / "a.md").write_text(NOTE, encoding="utf-8")
    (corpus / "b.txt").write_text("Stargate is a venture.\n", encoding="utf-8")
    (corpus / "broken.pdf").write_bytes(b"not a pdf")
    (tmp_path / "secret.txt").write_text("outside the corpus", encoding="utf-8")
    return corpus


def test_passage_is_highlighted_and_everything_is_escaped(tmp_path: Path) -> None:
    sources = SourceTexts(_corpus(tmp_path), 10_000)
    citation = sources.cite("notes/a.md", "Microsoft holds a right of first refusal.")
    assert citation is not None
    page = passage_html(sources, citation)
    assert f"<mark id='{PASSAGE_ID}'>Microsoft holds a right of first refusal.</mark>" in page
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<b>bold</b>" not in page and "A &lt;b&gt;bold&lt;/b&gt; note" in page
    assert 'href="https://example.org/a"' in page
    assert page.count("<mark") == 1
    # the header speaks plainly: how sure the source is in words, no file name or raw mark
    assert "Example · 21 Jan 2025 · primary source" in page
    assert "notes/a.md" not in page and "confidence:" not in page


def test_moved_quote_and_missing_or_outside_documents_are_explained(tmp_path: Path) -> None:
    sources = SourceTexts(_corpus(tmp_path), 10_000)
    gone = Citation(source="notes/a.md", quote="Not in the note.", start=0, end=16)
    assert "no longer appears verbatim" in passage_html(sources, gone)
    missing = Citation(source="notes/zzz.md", quote="x", start=0, end=1)
    assert "no longer in the corpus" in passage_html(sources, missing)
    outside = document_html(sources, "../secret.txt")
    assert "outside the corpus" not in outside and "is not in the corpus" in outside


def test_document_html_shows_whole_text(tmp_path: Path) -> None:
    sources = SourceTexts(_corpus(tmp_path), 10_000)
    page = document_html(sources, "b.txt")
    assert "Stargate is a venture." in page and "<mark" not in page


def test_catalog_lists_documents_by_date_and_reports_unreadable_ones(tmp_path: Path) -> None:
    entries, problems = corpus_catalog(_corpus(tmp_path), 10_000)
    assert [e.source for e in entries] == ["notes/a.md", "b.txt"]  # undated documents last
    first = entries[0]
    assert (first.date, first.publisher, first.confidence, first.url) == (
        "2025-01-21",
        "Example",
        "primary",
        "https://example.org/a",
    )
    assert len(problems) == 1 and "broken.pdf" in problems[0]


def test_shared_lead_is_the_opening_most_sentences_of_a_note_repeat() -> None:
    lead = "Under the Microsoft-OpenAI amendment of 27 April 2026,"
    note = f"On 27 April 2026, they amended it.\n{lead} Azure stays primary.\n{lead} OpenAI may sell anywhere.\n"
    assert shared_lead(note) == lead
    assert shared_lead("One sentence here. Another one, with a comma, there.") == ""
