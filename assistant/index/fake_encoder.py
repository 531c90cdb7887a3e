"""A deterministic stand-in for the embedding model, for tests of the index's mechanics.

:class:`FakeEncoder` hashes each text's stemmed content words (the tokens BM25 uses, after the
same glossary expansion) into the :data:`~assistant.index.encoder.EMBEDDING_DIM` dimensions, with a
sign from the hash, and normalises the counts: texts sharing words get similar vectors, texts
sharing none get nearly orthogonal ones, and the same text always gets the same vector, in any
process. It imports neither torch nor onnxruntime and encodes thousands of sentences in
milliseconds, so an :class:`~assistant.index.store.IndexStore` built with it exercises ingest,
swap, repair and search without the model (``IndexStore(settings, embedder=FakeEncoder())``).

Retrieval *quality* is not the model's: tests of what gets retrieved or answered on the real
corpus use the real model.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np

from assistant.corpus.glossary import expand
from assistant.index.encoder import EMBEDDING_DIM
from assistant.index.lexical import tokenize

FAKE_MODEL_NAME = "fake/hashing-bag-of-words"
_WORD = re.compile(r"\w+")


class FakeEncoder:
    """Hashing bag-of-words vectors; satisfies :class:`~assistant.index.encoder.Encoder`.

    Args:
        seed: Mixed into every hash: another seed gives other vectors for the same texts (a
            different "model"), and another :attr:`name`.
    """

    def __init__(self, seed: int = 0) -> None:
        self.seed = seed
        self.name = FAKE_MODEL_NAME if seed == 0 else f"{FAKE_MODEL_NAME}-{seed}"
        self.calls = 0  # encode() calls, for tests that check what was (not) encoded
        self.encoded = 0  # texts encoded

    def encode(self, texts: list[str], *, expanded: bool = False) -> np.ndarray:
        """One normalised row per text (glossary-expanded here unless ``expanded``)."""
        self.calls += 1
        self.encoded += len(texts)
        vectors = np.zeros((len(texts), EMBEDDING_DIM), dtype=np.float32)
        for row, text in enumerate(texts):
            vectors[row] = self._vector(text if expanded else expand(text))
        return vectors

    def encode_query(self, text: str) -> np.ndarray:
        """One question (glossary-expanded) as a normalised vector."""
        return self.encode([text])[0]

    def _vector(self, text: str) -> np.ndarray:
        # Content words first; a text of stop words only still gets its words, and an empty one
        # a vector of its own, so every row has norm 1.
        words = tokenize(text) or _WORD.findall(text.lower()) or [""]
        vector = np.zeros(EMBEDDING_DIM, dtype=np.float32)
        for word in words:
            digest = hashlib.blake2b(f"{self.seed}\x00{word}".encode(), digest_size=8).digest()
            value = int.from_bytes(digest, "little")
            vector[value % EMBEDDING_DIM] += 1.0 if (value >> 32) & 1 else -1.0
        norm = float(np.linalg.norm(vector))
        if norm == 0.0:  # (the signs of a few words cancelled out)
            vector[0], norm = 1.0, 1.0
        return vector / norm
