"""The hybrid search as a LangChain ``BaseRetriever``, so it composes with LangChain chains.

It follows LangChain's retriever conventions (checked by ``langchain-tests``' standard suite):
``k`` is both a constructor field and a per-call keyword, ``retriever.invoke(query, k=1)``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from langchain_core.callbacks import AsyncCallbackManagerForRetrieverRun, CallbackManagerForRetrieverRun
from langchain_core.documents import Document as LCDocument
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables.config import run_in_executor
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

    def search(
        self, query: str, vector: np.ndarray | None = None, *, k: int | None = None
    ) -> tuple[list[Hit], np.ndarray]:
        """Retrieve the top ``k`` chunks for ``query``; see :meth:`HybridSearch.search`.

        Args:
            query: The question.
            vector: Its embedding, if already computed.
            k: Chunks returned for this call; the retriever's ``k`` when omitted.

        Returns:
            The hits, best first, and the query vector.
        """
        count = self.k if k is None else k
        return HybridSearch(self.store, count, self.rrf_k, self.depth, self.mode).search(query, vector)

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun, k: int | None = None, **kwargs: Any
    ) -> list[LCDocument]:
        _no_other_keywords(kwargs)
        hits, _ = self.search(query, k=k)
        return [_document(hit) for hit in hits]

    async def _aget_relevant_documents(
        self, query: str, *, run_manager: AsyncCallbackManagerForRetrieverRun, k: int | None = None, **kwargs: Any
    ) -> list[LCDocument]:
        # BaseRetriever's default runs the sync method without the call's keywords; ``k`` must reach it.
        _no_other_keywords(kwargs)
        return await run_in_executor(None, self._get_relevant_documents, query, run_manager=run_manager.get_sync(), k=k)


def _no_other_keywords(kwargs: dict[str, Any]) -> None:
    """Refuse search keywords other than ``k`` (LangChain's own ``verbose`` reaches here too and is fine)."""
    unknown = sorted(set(kwargs) - {"verbose"})
    if unknown:
        raise TypeError(f"HybridRetriever takes k as its only search keyword, not {', '.join(unknown)}")


def _document(hit: Hit) -> LCDocument:
    """A hit as a LangChain document: the chunk's text, id and metadata with the ranking evidence."""
    return LCDocument(
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
