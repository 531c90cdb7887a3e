"""One ingest: only what changed is encoded, nothing unchanged is published, and no vector outlives its encoder."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from assistant.corpus.glossary import expand
from assistant.index.fake_encoder import FakeEncoder
from assistant.index.ingest import IngestReport
from assistant.index.store import IndexStore
from assistant.settings import Settings


def generations(store: IndexStore) -> list[str]:
    return sorted(p.name for p in (store.data_dir / "generations").iterdir())


def test_only_new_and_changed_documents_are_encoded(small_corpus: Settings) -> None:
    encoder = FakeEncoder()
    store = IndexStore(small_corpus, embedder=encoder)
    first = store.ingest()
    assert encoder.encoded == 4 and first.encode_seconds > 0  # four sentences, each once
    (Path(small_corpus.corpus_dir) / "beta.txt").write_text("Stargate is a joint venture. Oracle funds it.\n")
    report = store.ingest()
    assert report.updated == ["beta.txt"] and report.unchanged == 1
    assert encoder.encoded == 4 + 2  # beta's two sentences only


def test_an_unchanged_corpus_publishes_nothing(small_corpus: Settings) -> None:
    encoder = FakeEncoder()
    store = IndexStore(small_corpus, embedder=encoder)
    first = store.ingest()
    calls = encoder.calls
    again = store.ingest()
    assert again.generation == first.generation == "000001" and generations(store) == ["000001"]
    assert encoder.calls == calls and again.unchanged == 2


def test_an_index_of_another_encoder_is_replaced_by_rows_of_its_own(small_corpus: Settings) -> None:
    old = IndexStore(small_corpus, embedder=FakeEncoder())
    old.ingest()
    old_chunks = set(old.snapshot().members)
    other = FakeEncoder(seed=1)
    store = IndexStore(small_corpus, embedder=other)
    assert store.status() == "stale"
    notices = store.ensure_ready()
    assert notices and "refreshed" in notices[0]
    generation = store.snapshot()
    assert generation.manifest.model == other.name
    assert generation.members.isdisjoint(old_chunks)  # no row of the other encoder reused
    for record in store.get_sentences(sorted(generation.manifest.sentence_ids())).values():
        assert np.allclose(record.vector, other.encode([expand(record.text)], expanded=True)[0], atol=1e-6)
    store.ingest()  # the next ingest deletes the other encoder's rows
    assert set(store.chunks().get(include=[])["ids"]) == set(generation.members)


def test_a_rebuild_encodes_everything_again_under_new_ids(small_corpus: Settings) -> None:
    encoder = FakeEncoder()
    store = IndexStore(small_corpus, embedder=encoder)
    store.ingest()
    before = store.snapshot()
    report = store.ingest(rebuild=True)
    after = store.snapshot()
    assert sorted(report.added) == ["alpha.md", "beta.txt"] and encoder.encoded == 8
    assert after.manifest.id_salt == report.generation == "000002"
    assert after.members.isdisjoint(before.members) and after.manifest.lingering == len(before.members)


def test_rows_no_generation_uses_are_deleted_by_the_next_ingest(small_store: IndexStore) -> None:
    small_store.ingest()
    kept_chunks = set(small_store.chunks().get(include=[])["ids"])
    kept_sentences = small_store.sentences().ids()
    # What an ingest that stopped before publishing leaves behind:
    vector = FakeEncoder().encode_query("left over")
    small_store.chunks().upsert(
        ids=["orphan"], embeddings=[vector], documents=["left over"], metadatas=[{"chunk": "{}"}]
    )
    small_store.sentences().add([("orphan-s", "x.md", 0, 9, "left over", "left", vector)])
    (Path(small_store.settings.corpus_dir) / "gamma.md").write_text("Oracle builds data centres in Texas.\n")
    report = small_store.ingest()
    assert report.added == ["gamma.md"]
    new = set(small_store.snapshot().members) - kept_chunks
    assert set(small_store.chunks().get(include=[])["ids"]) == kept_chunks | new
    assert "orphan-s" not in small_store.sentences().ids() and kept_sentences <= small_store.sentences().ids()


def test_the_summary_names_every_kind_of_change() -> None:
    report = IngestReport(
        documents=3,
        chunks=7,
        added=["a"],
        updated=["b", "c"],
        removed=[],
        unchanged=4,
        problems=["x: bad"],
        seconds=1.25,
    )
    assert report.summary() == (
        "Indexed 3 documents, 7 chunks in 1.2 s (1 added, 2 updated, 0 removed, 4 unchanged, 1 skipped)."
    )
