from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from filelock import FileLock

from assistant.index import IndexBusyError, IndexStore
from assistant.settings import Settings

pytestmark = pytest.mark.slow


def stored_ids(store: IndexStore) -> tuple[set[str], set[str]]:
    return set(store.chunks().get()["ids"]), set(store.sentences().get()["ids"])


def test_ingest_builds_chunks_sentences_and_lexical_index(small_store: IndexStore) -> None:
    report = small_store.ingest()
    assert report.documents == 2 and sorted(report.added) == ["alpha.md", "beta.txt"]
    chunks, sentences = stored_ids(small_store)
    assert len(chunks) == report.chunks > 0
    assert len(sentences) == 4
    assert len(small_store.lexical().chunk_ids) == len(chunks)
    assert small_store.status() == "fresh"
    assert "2 documents" in report.summary() and " s " in report.summary()


def test_reingest_is_idempotent(small_store: IndexStore) -> None:
    small_store.ingest()
    before = stored_ids(small_store)
    report = small_store.ingest()
    assert report.unchanged == 2 and not (report.added or report.updated or report.removed)
    assert stored_ids(small_store) == before


def test_changed_document_is_replaced_and_removed_one_deleted(small_corpus: Settings) -> None:
    store = IndexStore(small_corpus)
    store.ingest()
    corpus = Path(small_corpus.corpus_dir)
    new_text = "---\ntitle: Alpha\n---\nThe right of first refusal was removed in October 2025.\n"
    (corpus / "alpha.md").write_text(new_text)
    (corpus / "beta.txt").unlink()
    assert store.status() == "stale"
    report = store.ingest()
    assert report.updated == ["alpha.md"] and report.removed == ["beta.txt"]
    texts = store.chunks().get()["documents"]
    assert texts == ["The right of first refusal was removed in October 2025."]
    assert store.sentences().count() == 1
    hits = store.lexical().search("Stargate SoftBank", 5)
    assert hits == []


def test_unreadable_file_is_skipped_and_the_rest_ingested(small_corpus: Settings) -> None:
    (Path(small_corpus.corpus_dir) / "broken.txt").write_bytes(b"\xff\xfe\xfa")
    report = IndexStore(small_corpus).ingest()
    assert report.documents == 2
    assert len(report.problems) == 1 and report.problems[0].startswith("broken.txt")


def test_a_file_that_becomes_unreadable_keeps_its_old_chunks(small_corpus: Settings) -> None:
    store = IndexStore(small_corpus)
    store.ingest()
    before = stored_ids(store)
    (Path(small_corpus.corpus_dir) / "beta.txt").write_bytes(b"\xff\xfe\xfa")
    report = store.ingest()
    assert report.problems and report.removed == []
    assert stored_ids(store) == before


def test_missing_index_is_built_and_deleted_index_rebuilt(small_store: IndexStore) -> None:
    notices = small_store.ensure_ready()
    assert notices and "first time" in notices[0]
    assert small_store.ensure_ready() == []
    small_store._client = None
    shutil.rmtree(small_store.chroma_dir)
    notices = small_store.ensure_ready()
    assert notices and "rebuilt" in notices[0]
    assert small_store.chunks().count() > 0 and small_store.is_consistent()


def test_corrupt_manifest_triggers_a_rebuild(small_store: IndexStore) -> None:
    small_store.ingest()
    small_store.manifest_path.write_text("{not json")
    notices = small_store.ensure_ready()
    assert notices and "rebuilt" in notices[0]
    assert small_store.is_consistent()


def test_changing_chunk_size_marks_the_index_stale(small_corpus: Settings) -> None:
    IndexStore(small_corpus).ingest()
    other = small_corpus.model_copy(update={"chunk_max_chars": 200})
    assert IndexStore(other).status() == "stale"


def test_second_ingest_is_refused_while_one_runs(small_store: IndexStore) -> None:
    small_store.data_dir.mkdir(parents=True, exist_ok=True)
    with FileLock(str(small_store.data_dir / "ingest.lock")), pytest.raises(IndexBusyError, match="another ingest"):
        small_store.ingest()


def test_paths_outside_the_corpus_are_refused(small_store: IndexStore, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="outside the corpus"):
        small_store.ingest([tmp_path])
