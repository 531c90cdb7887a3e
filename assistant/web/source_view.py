"""Showing a source: a corpus document as escaped HTML with the quoted passage highlighted, and the catalog.

Only documents inside the corpus folder are ever read (``SourceTexts`` refuses any path outside it), and
every character of a document is HTML-escaped, so a document cannot inject markup into the page.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from assistant.citation import Citation
from assistant.corpus.documents import Document, confidence_words, scan_corpus
from assistant.corpus.sentences import split_sentences
from assistant.corpus.sources import SourceTexts
from assistant.web.answer_view import display_date

PASSAGE_ID = "cited-passage"
# A sentence's opening phrase: up to its first comma, within the first 160 characters.
_OPENING_PHRASE = re.compile(r"([^,.;:]{12,160},)\s")


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
    facts = [x for x in (meta.publisher, display_date(meta.date), confidence_words(meta.confidence)) if x]
    line = " · ".join(html.escape(str(x)) for x in facts)
    if meta.url and meta.url.startswith(("https://", "http://")):
        url = html.escape(meta.url, quote=True)
        line += f' · <a href="{url}" title="{url}" target="_blank" rel="noopener noreferrer">the original</a>'
    return f"<h3>{html.escape(meta.title or document.source)}</h3>\n<p class='source-meta'>{line}</p>"


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


def shared_lead(text: str) -> str:
    """The opening phrase most sentences of a note share, e.g. "Under the … agreement of 28 October 2025,".

    Args:
        text: A document's text.

    Returns:
        The phrase, comma included, when at least two sentences and at least half of them open with it;
        else ``""``. Labels leave it out of quotes, so what differs between two quotes of a note shows.
    """
    sentences = [text[start:end] for start, end in split_sentences(text)]
    openings = Counter(match.group(1) for s in sentences if (match := _OPENING_PHRASE.match(s)))
    if not openings:
        return ""
    phrase, count = openings.most_common(1)[0]
    return phrase if count >= 2 and 2 * count >= len(sentences) else ""


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
