"""Turning a clause's quote into a :class:`~assistant.models.Citation` with offsets and metadata."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from assistant.corpus.sources import SourceTexts
from assistant.models import Citation
from assistant.settings import get_settings


@lru_cache(maxsize=8)
def _sources(corpus_dir: Path, max_bytes: int) -> SourceTexts:
    return SourceTexts(corpus_dir, max_bytes)


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
    root = _resolved(corpus_dir or settings.corpus_dir)
    return _sources(root, settings.max_document_bytes).cite(source, quote)


def document_text(source: str, corpus_dir: Path | None = None) -> str | None:
    """The quotable text of corpus document ``source``, or ``None`` when it is not there."""
    settings = get_settings()
    root = _resolved(corpus_dir or settings.corpus_dir)
    document = _sources(root, settings.max_document_bytes).get(source)
    return None if document is None else document.text


@lru_cache(maxsize=8)
def _resolved(folder: Path) -> Path:
    # Resolving costs a syscall per path component, and a what-if answer cites dozens of quotes.
    return Path(folder).resolve()
