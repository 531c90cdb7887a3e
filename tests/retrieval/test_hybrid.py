from __future__ import annotations

import pytest

from assistant.api import Assistant
from assistant.index.store import ChunkRecord
from assistant.retrieval.hybrid import Hit, merge_hits, reciprocal_rank_fusion
from assistant.retrieval.langchain_retriever import HybridRetriever


def test_rrf_rewards_agreement_between_rankings() -> None:
    scores = reciprocal_rank_fusion([["a", "b", "c"], ["b", "c", "a"]], k=60)
    assert max(scores, key=scores.__getitem__) == "b"
    assert scores["b"] == pytest.approx(1 / 62 + 1 / 61)


def _hit(chunk_id: str, score: float) -> Hit:
    return Hit(ChunkRecord(chunk_id, f"text of {chunk_id}", {}), score, None, None, None)


def test_merge_hits_keeps_the_first_list_and_adds_only_new_chunks() -> None:
    first = [_hit("a", 0.3), _hit("b", 0.2)]
    then = [_hit("b", 0.9), _hit("c", 0.1), _hit("a", 0.5)]
    merged = merge_hits(first, then)
    assert [(h.chunk.id, h.score) for h in merged] == [("a", 0.3), ("b", 0.2), ("c", 0.1)]
    assert merge_hits([], then) == then


@pytest.mark.slow
def test_hybrid_finds_the_article_passage(corpus_assistant: Assistant) -> None:
    hits, vector = corpus_assistant.retriever.search("Is the OpenAI API exclusive to Azure?")
    assert vector.shape == (384,)
    assert any("exclusive to Azure" in h.chunk.text for h in hits[:3])
    assert all(h.dense_rank or h.lexical_rank for h in hits)


@pytest.mark.slow
def test_acronym_and_spelled_out_questions_retrieve_alike(corpus_assistant: Assistant) -> None:
    short, _ = corpus_assistant.retriever.search("Who decides when AGI has been reached?")
    long, _ = corpus_assistant.retriever.search("Who decides when artificial general intelligence has been reached?")
    assert short[0].chunk.id == long[0].chunk.id


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["dense", "lexical", "hybrid"])
def test_is_a_langchain_retriever(corpus_assistant: Assistant, mode: str) -> None:
    retriever = HybridRetriever(store=corpus_assistant.store, k=3, mode=mode)
    documents = retriever.invoke("right of first refusal")
    assert 0 < len(documents) <= 3
    assert all(d.metadata["source"] and d.metadata["chunk_id"] == d.id for d in documents)
    assert any("first refusal" in d.page_content for d in documents)
