"""Freshness: missing, stale or fresh against the corpus and the build; consistent against the stores."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from assistant.index.chroma import ChromaUnavailableError
from assistant.index.fake_encoder import FakeEncoder
from assistant.index.freshness import spread
from assistant.index.store import IndexStore
from assistant.settings import Settings


def test_missing_until_built_then_fresh_until_a_file_changes(small_store: IndexStore) -> None:
    assert small_store.status() == "missing" and not small_store.present()
    small_store.ingest()
    assert small_store.status() == "fresh" and small_store.present()
    alpha = Path(small_store.settings.corpus_dir) / "alpha.md"
    os.utime(alpha, ns=(1, 1))  # same text, another time stamp: the cheap check cannot tell
    assert small_store.status() == "stale"
    small_store.ingest()
    assert small_store.status() == "fresh"
    (alpha.parent / "gamma.md").write_text("Oracle builds data centres.\n")
    assert small_store.status() == "stale"


def test_an_index_of_another_encoder_or_chunking_is_stale(small_corpus: Settings) -> None:
    IndexStore(small_corpus, embedder=FakeEncoder()).ingest()
    assert IndexStore(small_corpus, embedder=FakeEncoder()).status() == "fresh"
    assert IndexStore(small_corpus, embedder=FakeEncoder(seed=1)).status() == "stale"
    other = small_corpus.model_copy(update={"chunk_overlap_sentences": 0})
    assert IndexStore(other, embedder=FakeEncoder()).status() == "stale"


def _sentence_ids(store: IndexStore) -> set[str]:
    manifest = store.load_manifest()
    assert manifest is not None
    return manifest.sentence_ids()


@pytest.mark.parametrize(
    ("changed", "value"),
    [
        # stored sentences are glossary-expanded: an upgrade that changes the glossary must not keep old expansions
        ("assistant.index.freshness.glossary_fingerprint", lambda: "another-glossary"),
        # the BM25 index stores tokens: an upgrade that tokenises differently must not match against old ones
        ("assistant.index.freshness.TOKENIZER_VERSION", -1),
    ],
    ids=["glossary", "tokenizer"],
)
def test_an_index_built_another_way_is_stale_and_the_next_ingest_stores_it_anew(
    small_corpus: Settings, monkeypatch: pytest.MonkeyPatch, changed: str, value: object
) -> None:
    store = IndexStore(small_corpus, embedder=FakeEncoder())
    store.ingest()
    before = _sentence_ids(store)
    monkeypatch.setattr(changed, value)
    assert store.status() == "stale"
    report = store.ingest()
    assert len(report.added) + len(report.updated) >= 2 and report.unchanged == 0 and store.status() == "fresh"
    # every sentence is stored anew (its id is its text's: under the old id its old row would stay)
    assert before and not before & _sentence_ids(store)


def test_a_missing_file_of_the_generation_makes_it_missing(small_store: IndexStore) -> None:
    small_store.ingest()
    (small_store.lexical_dir / "chunk_ids.json").unlink()
    assert not small_store.present() and small_store.status() == "missing"


def test_a_sentence_missing_from_the_store_makes_it_inconsistent(small_store: IndexStore) -> None:
    small_store.ingest()
    assert small_store.is_consistent()
    with sqlite3.connect(small_store.sentences().path) as connection:
        connection.execute("DELETE FROM sentences WHERE rowid = (SELECT min(rowid) FROM sentences)")
    assert not small_store.is_consistent()


def test_an_unreachable_server_is_not_called_inconsistent(
    small_store: IndexStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    small_store.ingest()

    def unreachable() -> None:
        raise ChromaUnavailableError("down")

    monkeypatch.setattr(small_store._view, "chunks", unreachable)
    with pytest.raises(ChromaUnavailableError):
        small_store.is_consistent()


@pytest.mark.parametrize(
    ("count", "expected"),
    [(9, ["a", "b", "c", "d", "e"]), (5, ["a", "b", "c", "d", "e"]), (3, ["a", "b", "d"]), (2, ["a", "c"])],
)
def test_spread_takes_evenly_spaced_items(count: int, expected: list[str]) -> None:
    assert spread(["a", "b", "c", "d", "e"], count) == expected
