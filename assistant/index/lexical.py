"""BM25 over chunks with ``bm25s``: tokenising, building, saving and querying."""

from __future__ import annotations

import json
import re
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from assistant.corpus.glossary import expand


@lru_cache(maxsize=1)
def _bm25s() -> Any:
    """bm25s, imported on first use, without numba.

    bm25s imports numba whenever it is installed (ranx, used by ``assistant eval``, brings it):
    0.15 s and about 100 MB resident for a JIT backend this index does not use (it searches
    with the numpy backend). numba is hidden while bm25s loads, unless something loaded it
    already, and is importable again right after: nothing outside this function sees it hidden.
    """
    if "bm25s" in sys.modules or "numba" in sys.modules:
        import bm25s

        return bm25s
    sys.modules["numba"] = None  # type: ignore[assignment]  # makes `import numba` raise ImportError
    try:
        import bm25s
    finally:
        del sys.modules["numba"]
    return bm25s


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    return frozenset(_bm25s().stopwords.STOPWORDS_EN) | {"s", "does", "did", "would", "could", "should"}


#: Raised whenever :func:`tokenize` changes what it makes of a text: indexes built before are then stale.
TOKENIZER_VERSION = 1
#: "Still," and "Now," opening a sentence link it to the one before ("Still, Microsoft is eager to reassure…"):
#: no time is meant, and as words they would match every question asking what is "still" true "now".
_DISCOURSE = re.compile(r"(^|[.!?]\s+)(?:Still|Now),\s")
_TOKEN = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
IDS_FILE = "chunk_ids.json"


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("english")


def tokenize(text: str) -> list[str]:
    """Lower-case, drop stop words and possessives, and stem (Snowball, English).

    Args:
        text: Text to tokenise. It is *not* glossary-expanded here.

    Returns:
        Stemmed content tokens in order.
    """
    text = _DISCOURSE.sub(r"\1", text)
    words = [w.split("'")[0].split("’")[0] for w in _TOKEN.findall(text.lower())]
    stopwords = _stopwords()
    words = [w for w in words if w and w not in stopwords]
    return list(_stemmer().stemWords(words))


def stem_words(words: list[str]) -> list[str]:
    """The stems of lower-case ``words`` as :func:`tokenize` makes them, one per word (stop words kept)."""
    return list(_stemmer().stemWords(words))


class LexicalIndex:
    """A BM25 index whose rows are chunk ids."""

    def __init__(self, retriever: Any, chunk_ids: list[str]) -> None:
        self._retriever = retriever
        self.chunk_ids = chunk_ids

    @classmethod
    def build(cls, chunk_ids: list[str], texts: list[str]) -> LexicalIndex:
        """Index ``texts`` (glossary-expanded) under ``chunk_ids``."""
        retriever = _bm25s().BM25()
        if texts:
            retriever.index([tokenize(expand(t)) for t in texts], show_progress=False)
        return cls(retriever, list(chunk_ids))

    @property
    def vocabulary(self) -> dict[str, int]:
        """Stemmed tokens of the indexed corpus."""
        return self._retriever.vocab_dict if self.chunk_ids else {}

    def save(self, folder: Path) -> None:
        """Write the index into ``folder`` (created if needed)."""
        folder.mkdir(parents=True, exist_ok=True)
        if self.chunk_ids:
            self._retriever.save(str(folder), show_progress=False)
        (folder / IDS_FILE).write_text(json.dumps(self.chunk_ids), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex:
        """Read an index written by :meth:`save`.

        Raises:
            FileNotFoundError: When the folder or its id list is missing.
            ValueError: When the files are unreadable.
        """
        chunk_ids = json.loads((folder / IDS_FILE).read_text(encoding="utf-8"))
        if not chunk_ids:
            return cls(_bm25s().BM25(), [])
        retriever = _bm25s().BM25.load(str(folder), mmap=False, show_progress=False)
        return cls(retriever, chunk_ids)

    def search(self, query: str, k: int) -> list[tuple[str, float]]:
        """Return up to ``k`` ``(chunk_id, score)`` pairs with a positive BM25 score."""
        tokens = tokenize(expand(query))
        if not self.chunk_ids or not tokens:
            return []
        vocab = self._retriever.vocab_dict
        tokens = [t for t in tokens if t in vocab]
        if not tokens:
            return []
        k = min(k, len(self.chunk_ids))
        docs, scores = self._retriever.retrieve(
            [tokens], k=k, show_progress=False, n_threads=1, backend_selection="numpy"
        )
        return [
            (self.chunk_ids[int(i)], float(s))
            for i, s in zip(np.asarray(docs[0]), np.asarray(scores[0]), strict=True)
            if s > 0
        ]
