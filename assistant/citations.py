"""Checking that every quote is a verbatim substring of its source document."""

from __future__ import annotations

import threading
from pathlib import Path

from assistant.documents import Document, DocumentError, read_document
from assistant.models import Citation


class SourceTexts:
    """Reads corpus documents on demand and caches them until the file changes.

    Args:
        corpus_dir: The corpus folder that citation sources are relative to.
        max_bytes: Size limit passed to the reader.
    """

    def __init__(self, corpus_dir: Path, max_bytes: int) -> None:
        self.corpus_dir = Path(corpus_dir).resolve()
        self.max_bytes = max_bytes
        self._cache: dict[str, tuple[int, Document]] = {}
        self._lock = threading.Lock()

    def get(self, source: str) -> Document | None:
        """The document at ``source``, or ``None`` if it is gone, unreadable or outside the corpus."""
        path = (self.corpus_dir / source).resolve()
        if not path.is_relative_to(self.corpus_dir) or not path.is_file():
            return None
        mtime = path.stat().st_mtime_ns
        with self._lock:
            cached = self._cache.get(source)
            if cached and cached[0] == mtime:
                return cached[1]
        try:
            document = read_document(path, self.corpus_dir, max_bytes=self.max_bytes)
        except DocumentError:
            return None
        with self._lock:
            self._cache[source] = (mtime, document)
        return document

    def verify(self, citation: Citation) -> Citation | None:
        """Return the citation (offsets corrected if needed) when its quote is verbatim, else ``None``."""
        document = self.get(citation.source)
        if document is None or not citation.quote:
            return None
        text = document.text
        if text[citation.start : citation.end] == citation.quote:
            return citation
        start = text.find(citation.quote)
        if start < 0:
            return None
        return citation.model_copy(update={"start": start, "end": start + len(citation.quote)})
