"""Checking that every quote is a verbatim substring of its source document."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from assistant.citation import Citation
from assistant.corpus.documents import Document, DocumentError, read_document


def citation_for(document: Document, quote: str, start: int | None = None) -> Citation | None:
    """A citation of ``quote`` in ``document``, or ``None`` when the quote is not verbatim there.

    Args:
        document: The source document.
        quote: The text to cite.
        start: Where the quote is expected; when it is not there, the first occurrence is used.

    Returns:
        The citation with offsets and the document's title, publisher, date, url and confidence.
    """
    if not quote:
        return None
    if start is None or document.text[start : start + len(quote)] != quote:
        start = document.text.find(quote)
    if start < 0:
        return None
    meta = document.meta
    return Citation(
        source=document.source,
        quote=quote,
        start=start,
        end=start + len(quote),
        title=meta.title,
        publisher=meta.publisher,
        date=meta.date,
        url=meta.url,
        confidence=meta.confidence,
    )


class SourceTexts:
    """Reads corpus documents on demand and caches them until the file changes.

    Args:
        corpus_dir: The corpus folder that citation sources are relative to.
        max_bytes: Size limit passed to the reader.
    """

    def __init__(self, corpus_dir: Path, max_bytes: int) -> None:
        self.corpus_dir = Path(corpus_dir).resolve()
        self.max_bytes = max_bytes
        self._cache: dict[str, tuple[Path, int, Document]] = {}
        self._lock = threading.Lock()

    def get(self, source: str) -> Document | None:
        """The document at ``source``, or ``None`` if it is gone, unreadable or outside the corpus.

        A cached document costs one ``stat`` (a what-if answer cites dozens of quotes); the path
        is resolved and checked to lie inside the corpus whenever the file changed.
        """
        with self._lock:
            cached = self._cache.get(source)
        if cached is not None:
            try:
                if os.stat(cached[0]).st_mtime_ns == cached[1]:
                    return cached[2]
            except OSError:
                pass
        path = (self.corpus_dir / source).resolve()
        if not path.is_relative_to(self.corpus_dir) or not path.is_file():
            return None
        mtime = path.stat().st_mtime_ns
        try:
            document = read_document(path, self.corpus_dir, max_bytes=self.max_bytes)
        except DocumentError:
            return None
        with self._lock:
            self._cache[source] = (path, mtime, document)
        return document

    def cite(self, source: str, quote: str, start: int | None = None) -> Citation | None:
        """A verified citation of ``quote`` in ``source`` (see :func:`citation_for`), or ``None``."""
        document = self.get(source)
        return None if document is None else citation_for(document, quote, start)

    def verify(self, citation: Citation) -> Citation | None:
        """Return the citation (offsets corrected if needed) when its quote is verbatim, else ``None``."""
        document = self.get(citation.source)
        checked = None if document is None else citation_for(document, citation.quote, citation.start)
        if checked is None:
            return None
        return citation.model_copy(update={"start": checked.start, "end": checked.end})
