"""Hybrid retrieval: dense (Chroma) and lexical (BM25) rankings fused by reciprocal rank.

:class:`HybridRetriever` is a LangChain ``BaseRetriever``, so it composes with LangChain
chains; :meth:`HybridRetriever.search` is the lower-level call the answerer uses, which
also hands back the query vector so nothing is encoded twice.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document as LCDocument
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, Field

from assistant.index import ChunkRecord, IndexStore


@dataclass(frozen=True)
class Hit:
    """One retrieved chunk with the evidence for its rank.

    Attributes:
        chunk: The stored chunk.
        score: Reciprocal-rank-fusion score (higher is better).
        dense: Cosine similarity to the query, ``None`` if dense search did not return it.
        dense_rank: 1-based rank in the dense list, or ``None``.
        lexical_rank: 1-based rank in the BM25 list, or ``None``.
    """

    chunk: ChunkRecord
    score: float
    dense: float | None
    dense_rank: int | None
    lexical_rank: int | None


def reciprocal_rank_fusion(rankings: list[list[str]], k: int) -> dict[str, float]:
    """Fuse ranked id lists: ``score(d) = sum over lists of 1 / (k + rank(d))``.

    Args:
        rankings: Id lists, best first.
        k: The RRF constant (60 in the original paper).

    Returns:
        Fused scores by id.
    """
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    return scores


class HybridRetriever(BaseRetriever):
    """Dense + BM25 retrieval over the chunk index, fused with RRF.

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
        """Retrieve the top ``k`` chunks for ``query``.

        Args:
            query: The (possibly history-augmented) question.
            vector: Its embedding, if already computed.

        Returns:
            The hits, best first, and the query vector.
        """
        if vector is None:
            vector = self.store.embedder.encode_query(query)
        dense = self.store.dense_search(vector, self.depth) if self.mode != "lexical" else []
        lexical = self.store.lexical().search(query, self.depth) if self.mode != "dense" else []
        dense_ids = [i for i, _ in dense]
        lexical_ids = [i for i, _ in lexical]
        fused = reciprocal_rank_fusion([r for r in (dense_ids, lexical_ids) if r], self.rrf_k)
        ranked = sorted(fused, key=lambda i: (-fused[i], i))[: self.k]
        records = self.store.get_chunks(ranked)
        cosine = dict(dense)
        dense_rank = {i: n for n, i in enumerate(dense_ids, start=1)}
        lexical_rank = {i: n for n, i in enumerate(lexical_ids, start=1)}
        hits = [
            Hit(records[i], fused[i], cosine.get(i), dense_rank.get(i), lexical_rank.get(i))
            for i in ranked
            if i in records
        ]
        return hits, vector

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
