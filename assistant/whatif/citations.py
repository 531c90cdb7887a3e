"""Turning a clause's quote into a :class:`~assistant.models.Citation` with offsets and metadata."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from assistant.documents import Document, DocumentError, read_document
from assistant.models import Citation
from assistant.settings import get_settings


@lru_cache(maxsize=64)
def _document(corpus_dir: Path, source: str, mtime_ns: int, max_bytes: int) -> Document | None:
    del mtime_ns  # part of the cache key only: an edited file is read again
    try:
        return read_document(corpus_dir / source, corpus_dir, max_bytes=max_bytes)
    except DocumentError:
        return None


def cite(source: str, quote: str, corpus_dir: Path | None = None) -> Citation | None:
    """A citation for ``quote`` in corpus document ``source``.

    Args:
        source: Path relative to the corpus folder.
        quote: Text that must occur verbatim in the document's text.
        corpus_dir: The corpus folder; defaults to the configured one.

    Returns:
        The citation with the quote's offsets and the document's title, date, url and
        confidence, or ``None`` when the document or the quote is not there.
    """
    settings = get_settings()
    root = (corpus_dir or settings.corpus_dir).resolve()
    path = root / source
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        return None
    document = _document(root, source, mtime, settings.max_document_bytes)
    if document is None:
        return None
    start = document.text.find(quote)
    if start < 0:
        return None
    return Citation(
        source=document.source,
        quote=quote,
        start=start,
        end=start + len(quote),
        title=document.meta.title,
        date=document.meta.date,
        url=document.meta.url,
        confidence=document.meta.confidence,
    )
