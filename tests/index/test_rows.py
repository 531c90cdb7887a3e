"""Writing documents: each sentence encoded once, chunk vectors the mean of their sentences', nothing stored twice."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import assistant.index.rows as rows
from assistant.corpus.documents import scan_corpus
from assistant.corpus.glossary import expand
from assistant.index.chunk_store import get_chunk_records
from assistant.index.fake_encoder import FakeEncoder
from assistant.index.layout import Layout
from assistant.index.manifest import Manifest
from assistant.index.rows import DocumentWriter, groups_of, sentence_tokens
from assistant.index.view import IndexView
from assistant.settings import Settings

SENTENCES = [f"Clause {n} gives Microsoft right {n} over the ROFR on capacity block {n}." for n in range(7)]


@pytest.fixture
def corpus(tmp_path: Path) -> Settings:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "long.md").write_text("---\ntitle: Long\n---\n" + " ".join(SENTENCES) + "\n", encoding="utf-8")
    (folder / "short.txt").write_text("Stargate is a joint venture.\n", encoding="utf-8")
    return Settings(corpus_dir=folder, data_dir=tmp_path / "data", chunk_max_chars=150, chunk_overlap_sentences=1)


def write(settings: Settings, encoder: FakeEncoder, stored: set[str] | None = None) -> tuple[IndexView, Manifest]:
    """Write the corpus's documents with a fresh view of ``settings.data_dir``."""
    view = IndexView(settings, Layout(settings.data_dir), encoder)
    manifest = Manifest(chunk_max_chars=150, chunk_overlap_sentences=1)
    documents = scan_corpus(Path(settings.corpus_dir), max_bytes=settings.max_document_bytes).documents
    DocumentWriter(view, encoder, 150, 1).write(documents, manifest, stored or set(), progress=False)
    return view, manifest


def test_every_sentence_is_encoded_once_and_chunks_are_their_sentences_mean(corpus: Settings) -> None:
    encoder = FakeEncoder()
    view, manifest = write(corpus, encoder)
    sentence_ids = sorted(manifest.sentence_ids())
    assert encoder.encoded == len(sentence_ids) == 8  # overlapping chunks share sentences, encoded once
    sentences = view.sentences.get(sentence_ids)
    for record in sentences.values():
        assert np.allclose(record.vector, FakeEncoder().encode([expand(record.text)], expanded=True)[0], atol=1e-6)
        assert record.tokens == frozenset(sentence_tokens(expand(record.text)).split())
    chunk_ids = sorted(manifest.chunk_ids())
    records = get_chunk_records(view.chunks(), chunk_ids)
    stored = view.chunks().get(ids=chunk_ids, include=["embeddings"])
    assert len(stored["ids"]) == manifest.chunk_count() > 2  # the long document made several chunks
    for chunk_id, vector in zip(stored["ids"], stored["embeddings"], strict=True):
        mean = np.mean([sentences[i].vector for i in records[chunk_id].sentence_ids], axis=0)
        assert np.allclose(vector, mean / np.linalg.norm(mean), atol=1e-5)


def test_the_manifest_lists_each_documents_rows(corpus: Settings) -> None:
    _, manifest = write(corpus, FakeEncoder())
    assert sorted(manifest.documents) == ["long.md", "short.txt"]
    short = manifest.documents["short.txt"]
    assert len(short.sentence_ids) == 1 and len(short.chunk_ids) == 1 and len(short.stat) == 2


def test_chunks_already_stored_are_not_written_again(corpus: Settings) -> None:
    _, first = write(corpus, FakeEncoder())
    keep = set(first.documents["long.md"].chunk_ids)
    elsewhere = corpus.model_copy(update={"data_dir": Path(corpus.data_dir).with_name("other")})
    view, _ = write(elsewhere, FakeEncoder(), keep)
    assert set(view.chunks().get(include=[])["ids"]) == set(first.documents["short.txt"].chunk_ids)


def test_encoding_in_batches_shortest_first_keeps_each_rows_place(
    corpus: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rows, "ENCODE_BATCH", 3)
    monkeypatch.setattr(rows, "ENCODE_GROUP", 4)  # two groups of documents, several batches each
    encoder = FakeEncoder()
    view, manifest = write(corpus, encoder)
    assert encoder.calls > 2
    for record in view.sentences.get(sorted(manifest.sentence_ids())).values():
        assert np.allclose(record.vector, FakeEncoder().encode_query(record.text), atol=1e-6)


def test_groups_hold_about_the_given_number_of_sentences() -> None:
    planned = [(name, [None] * count, []) for name, count in [("a", 3), ("b", 3), ("c", 1), ("d", 5)]]
    groups = groups_of(planned, 4)  # type: ignore[arg-type]
    assert [[item[0] for item in group] for group in groups] == [["a", "b"], ["c", "d"]]
    assert groups_of([], 4) == []


def test_sentence_tokens_are_stemmed_and_each_kept_once() -> None:
    assert sentence_tokens("The funds fund funding and Funds") == "fund"
