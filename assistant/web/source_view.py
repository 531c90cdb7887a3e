"""Showing a source: a corpus document as escaped HTML with the quoted passage highlighted, and the catalog.

Only documents inside the corpus folder are ever read (``SourceTexts`` refuses any path outside it), and
every character of a document is HTML-escaped, so a document cannot inject markup into the page.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from assistant.citation import Citation
from assistant.corpus.documents import Document, scan_corpus
from assistant.corpus.sources import SourceTexts

PASSAGE_ID = "cited-passage"


@dataclass(frozen=True)
class CatalogEntry:
    """One corpus document as the Sources tab lists it."""

    source: str
    title: str
    date: str
    publisher: str
    confidence: str
    url: str


def _header(document: Document) -> str:
    meta = document.meta
    facts = [x for x in (meta.publisher, meta.date, meta.confidence and f"confidence: {meta.confidence}") if x]
    parts = [f"<h3>{html.escape(meta.title or document.source)}</h3>"]
    line = " · ".join(html.escape(str(x)) for x in facts)
    parts.append(f"<p class='source-meta'>{line} · <code>{html.escape(document.source)}</code></p>")
    if meta.url and meta.url.startswith(("https://", "http://")):
        url = html.escape(meta.url, quote=True)
        parts.append(
            f'<p class=\'source-meta\'><a href="{url}" target="_blank" rel="noopener noreferrer">{url}</a></p>'
        )
    return "\n".join(parts)


def _body(text: str) -> str:
    return "<div class='source-text'>" + html.escape(text).replace("\n", "<br>\n") + "</div>"


def passage_html(sources: SourceTexts, citation: Citation) -> str:
    """The cited document with the quote wrapped in ``<mark id="cited-passage">``.

    Args:
        sources: Reader of the corpus.
        citation: The quote to show; its offsets are re-checked against the document.

    Returns:
        HTML; a short explanation instead when the document is gone or the quote no longer matches.
    """
    document = sources.get(citation.source)
    if document is None:
        return f"<p>The source <code>{html.escape(citation.source)}</code> is no longer in the corpus.</p>"
    checked = sources.verify(citation)
    if checked is None:
        return _header(document) + "<p><em>This quote no longer appears verbatim in the document.</em></p>"
    text = document.text
    before, quote, after = text[: checked.start], text[checked.start : checked.end], text[checked.end :]
    mark = f"<mark id='{PASSAGE_ID}'>{html.escape(quote)}</mark>"
    body = html.escape(before).replace("\n", "<br>\n") + mark + html.escape(after).replace("\n", "<br>\n")
    return _header(document) + "\n<div class='source-text'>" + body + "</div>"


def document_html(sources: SourceTexts, source: str) -> str:
    """A whole corpus document as escaped HTML, without a highlight."""
    document = sources.get(source)
    if document is None:
        return f"<p>The source <code>{html.escape(source)}</code> is not in the corpus.</p>"
    return _header(document) + "\n" + _body(document.text)


def corpus_catalog(corpus_dir: Path, max_bytes: int) -> tuple[list[CatalogEntry], list[str]]:
    """Every readable corpus document with its metadata, oldest first, and a line per unreadable file."""
    scan = scan_corpus(corpus_dir, max_bytes=max_bytes)
    entries = [
        CatalogEntry(
            source=document.source,
            title=document.meta.title or document.source,
            date=document.meta.date or "",
            publisher=document.meta.publisher or "",
            confidence=document.meta.confidence or "",
            url=document.meta.url or "",
        )
        for document in scan.documents
    ]
    entries.sort(key=lambda e: (e.date or "9999", e.source))
    return entries, list(scan.problems)
