"""Hybrid retrieval: dense (Chroma) and lexical (BM25) rankings fused by reciprocal rank.

:class:`HybridSearch` is what the answerer calls: it hands back the query vector too, so
nothing is encoded twice. :class:`~assistant.retrieval.langchain_retriever.HybridRetriever` wraps
it as a LangChain ``BaseRetriever`` for LangChain chains; it lives in its own module, imported
only by what needs it, since importing LangChain costs about 0.3 s of a cold start.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from assistant.index.store import ChunkRecord, IndexStore

MODES = ("hybrid", "dense", "lexical")
#: A number the query names is an exact thing to find ("what's the $250bn?"): the best of this many
#: lexical hits that states it is kept among the results, whatever the fusion made of it.
VALUE_DEPTH = 5
_VALUE = re.compile(r"(?<![\w.,])\d[\d,.]*\d(?![\w])")


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


def merge_hits(first: list[Hit], then: list[Hit]) -> list[Hit]:
    """``first`` followed by the hits of ``then`` that are not in it, by chunk id.

    Used wherever two retrievals feed one answer: a follow-up's own question after the
    history-augmented one, a model's rewritten question before the offline hits.

    Args:
        first: The hits that come first, kept as they are.
        then: Hits to add after them, in their order, unless their chunk is already in ``first``.

    Returns:
        The merged list.
    """
    seen = {hit.chunk.id for hit in first}
    return [*first, *(hit for hit in then if hit.chunk.id not in seen)]


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


class HybridSearch:
    """Dense + BM25 retrieval over the chunk index, fused with RRF.

    Args:
        store: The index to search.
        k: Chunks returned.
        rrf_k: Reciprocal rank fusion constant.
        depth: Candidates taken from each ranking before fusion.
        mode: ``"hybrid"``, ``"dense"`` or ``"lexical"`` (for evaluation variants).

    Raises:
        ValueError: On an unknown mode or a depth below 1.
    """

    def __init__(self, store: IndexStore, k: int = 6, rrf_k: int = 60, depth: int = 30, mode: str = "hybrid") -> None:
        if mode not in MODES or depth < 1:
            raise ValueError(f"mode must be one of {MODES} and depth at least 1, not {mode!r} and {depth}")
        self.store = store
        self.k = k
        self.rrf_k = rrf_k
        self.depth = depth
        self.mode = mode

    def search(self, query: str, vector: np.ndarray | None = None) -> tuple[list[Hit], np.ndarray]:
        """Retrieve the top ``k`` chunks for ``query``.

        Args:
            query: The (possibly history-augmented) question.
            vector: Its embedding, if already computed.

        Returns:
            The hits, best first, and the query vector.
        """
        if vector is None:
            vector = self.store.query_encoder().encode_query(query)
        generation = self.store.snapshot()  # one generation for the whole search
        dense = self.store.dense_search(vector, self.depth, generation) if self.mode != "lexical" else []
        lexical = generation.lexical.search(query, self.depth) if self.mode != "dense" else []
        dense_ids = [i for i, _ in dense]
        lexical_ids = [i for i, _ in lexical]
        fused = reciprocal_rank_fusion([r for r in (dense_ids, lexical_ids) if r], self.rrf_k)
        ranked = sorted(fused, key=lambda i: (-fused[i], i))[: self.k]
        ranked = self._with_stated_values(query, ranked, lexical_ids)
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

    def _with_stated_values(self, query: str, ranked: list[str], lexical_ids: list[str]) -> list[str]:
        """``ranked`` with, for each number the query names, the best lexical hit stating it (last ones give way)."""
        values = {v.rstrip(".,") for v in _VALUE.findall(query)}
        if not values or not lexical_ids or self.k < 2:
            return ranked
        top = lexical_ids[:VALUE_DEPTH]
        records = self.store.get_chunks(top)
        pinned: list[str] = []
        for value in sorted(values):
            stating = re.compile(rf"(?<![\d.,]){re.escape(value)}(?![\d])")
            found = next((i for i in top if i in records and stating.search(records[i].text)), None)
            if found is not None and found not in ranked and found not in pinned:
                pinned.append(found)
        pinned = pinned[: self.k - 1]  # the best fused hit always stays
        return [*ranked[: self.k - len(pinned)], *pinned] if pinned else ranked
