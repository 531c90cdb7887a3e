"""The hybrid search as a LangChain ``BaseRetriever``, so it composes with LangChain chains."""

from __future__ import annotations

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document as LCDocument
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, Field

from assistant.index.store import IndexStore
from assistant.retrieval.hybrid import Hit, HybridSearch


class HybridRetriever(BaseRetriever):
    """Dense + BM25 retrieval over the chunk index, fused with RRF (see :class:`HybridSearch`).

    Args:
        store: The index to search.
        k: Chunks returned.
        rrf_k: Reciprocal rank fusion constant.
        depth: Candidates taken from each ranking before fusion.
        mode: ``"hybrid"``, ``"dense"`` or ``"lexical"`` (for evaluation variants).
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    store: IndexStore
    k: int = 6
    rrf_k: int = 60
    depth: int = Field(default=30, ge=1)
    mode: str = "hybrid"

    def search(self, query: str, vector: np.ndarray | None = None) -> tuple[list[Hit], np.ndarray]:
        """Retrieve the top ``k`` chunks for ``query``; see :meth:`HybridSearch.search`."""
        return HybridSearch(self.store, self.k, self.rrf_k, self.depth, self.mode).search(query, vector)

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[LCDocument]:
        hits, _ = self.search(query)
        return [
            LCDocument(
                page_content=hit.chunk.text,
                id=hit.chunk.id,
                metadata={
                    **hit.chunk.metadata,
                    "chunk_id": hit.chunk.id,
                    "score": hit.score,
                    "dense": hit.dense,
                    "dense_rank": hit.dense_rank,
                    "lexical_rank": hit.lexical_rank,
                },
            )
            for hit in hits
        ]
