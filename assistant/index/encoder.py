"""What the index and retrieval need of a text encoder: the :class:`Encoder` protocol.

Three classes satisfy it: the packaged MiniLM model run by sentence-transformers
(:class:`assistant.index.embedding.Embedder`, which builds the index), its ONNX export for
questions (:class:`assistant.index.query_encoder.OnnxQueryEncoder`), and a hashing bag of words
for tests (:class:`assistant.index.fake_encoder.FakeEncoder`), which loads no model at all.

This module imports nothing heavy, so anything may depend on it.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import numpy as np

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
EMBEDDING_DIM = 384


@runtime_checkable
class Encoder(Protocol):
    """Turns texts into L2-normalised ``float32`` vectors of :data:`EMBEDDING_DIM` dimensions.

    A dot product of two vectors is then their cosine similarity, which is what Chroma's cosine
    space, sentence scoring and the near-duplicate check all assume.
    """

    @property
    def name(self) -> str:
        """The model the vectors come from; recorded in the manifest, so an index built by another is stale."""
        ...

    def encode(self, texts: list[str], *, expanded: bool = False) -> np.ndarray:
        """One normalised row per text (``(0, EMBEDDING_DIM)`` for none).

        Args:
            texts: Passages or questions.
            expanded: The texts are glossary-expanded already (the ingest expands each sentence
                once, for the encoder and the lexical tokens); otherwise they are expanded here.
        """
        ...

    def encode_query(self, text: str) -> np.ndarray:
        """One question (glossary-expanded here) as a normalised vector."""
        ...
