from __future__ import annotations

import pytest

from assistant.api import Assistant
from assistant.index.store import ChunkRecord
from assistant.retrieval.hybrid import Hit, HybridSearch, merge_hits, reciprocal_rank_fusion
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


class _Chunks:
    """Just enough of an index for the value check: chunk texts by id."""

    def __init__(self, texts: dict[str, str]) -> None:
        self.texts = texts

    def get_chunks(self, ids: list[str]) -> dict[str, ChunkRecord]:
        return {i: ChunkRecord(i, self.texts[i], {}) for i in ids if i in self.texts}


def test_a_number_the_query_names_keeps_the_best_lexical_hit_stating_it() -> None:
    store = _Chunks({"a": "a $10 billion investment", "b": "buys an additional $250 billion of Azure", "c": "c"})
    search = HybridSearch(store, k=2)  # type: ignore[arg-type]
    # The fused ranking left "b" out; the query names 250 and "b" is among the lexical hits: it comes in last.
    assert search._with_stated_values("what's the $250 billion", ["a", "c"], ["c", "b", "a"]) == ["a", "b"]
    # Already in, or no number named, or no lexical hit stating it: the ranking stands.
    assert search._with_stated_values("what's the $250 billion", ["b", "c"], ["b"]) == ["b", "c"]
    assert search._with_stated_values("what is stargate", ["a", "c"], ["b"]) == ["a", "c"]
    assert search._with_stated_values("what's the $38 billion", ["a", "c"], ["b", "a"]) == ["a", "c"]
    # Two numbers, two hits stating them: both come in, the best fused hit stays first.
    store.texts |= {"d": "a cap of $38 billion"}
    wide = HybridSearch(store, k=3)  # type: ignore[arg-type]
    assert wide._with_stated_values("$250 billion or $38 billion?", ["a", "c", "x"], ["b", "d"]) == ["a", "b", "d"]


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
