"""Broken corpora: each problem is reported with the file's name, the rest is indexed, nothing indexed is lost."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.api import Assistant
from assistant.index.store import IndexStore
from assistant.settings import Settings

# Index mechanics: every index here is built with the fake encoder (no model is loaded).
pytestmark = pytest.mark.usefixtures("fake_encoder")

GOOD = "Microsoft holds a right of first refusal on new OpenAI capacity. The OpenAI API is exclusive to Azure.\n"


def _store(tmp_path: Path, **overrides: object) -> tuple[IndexStore, Path]:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(GOOD, encoding="utf-8")
    settings = Settings(corpus_dir=corpus, data_dir=tmp_path / "data", **overrides)  # type: ignore[arg-type]
    return IndexStore(settings), corpus


def test_every_kind_of_broken_file_is_named_and_the_rest_indexed(tmp_path: Path) -> None:
    store, corpus = _store(tmp_path, max_document_bytes=2_000)
    (corpus / "bad-utf8.txt").write_bytes(b"Stargate \xff\xfe invests in \xc3 infrastructure.\n")
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    (corpus / "huge.md").write_text("word " * 1_000, encoding="utf-8")
    (corpus / "zz-copy-of-good.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "dangling.md").symlink_to(tmp_path / "nowhere.md")
    report = store.ingest()
    named = " | ".join(report.problems)
    for name, why in [
        ("bad-utf8.txt", "not UTF-8"),
        ("broken.pdf", "not a readable PDF"),
        ("huge.md", "limit"),
        ("zz-copy-of-good.txt", "same text as good.txt"),
    ]:
        assert name in named and why in named, named
    assert report.documents == 1
    assert sorted(store.load_manifest().documents) == ["good.txt"]  # type: ignore[union-attr]


def test_a_duplicate_is_indexed_once_and_again_when_its_twin_goes(tmp_path: Path) -> None:
    store, corpus = _store(tmp_path)
    (corpus / "twin.txt").write_text(GOOD, encoding="utf-8")
    store.ingest()
    assert sorted(store.load_manifest().documents) == ["good.txt"]  # type: ignore[union-attr]
    (corpus / "good.txt").unlink()
    store.ingest()
    assert sorted(store.load_manifest().documents) == ["twin.txt"]  # type: ignore[union-attr]


def test_a_missing_corpus_folder_leaves_the_index_and_answers_keep_coming(tmp_path: Path) -> None:
    store, corpus = _store(tmp_path)
    store.ingest()
    chunks_before = store.load_manifest().documents["good.txt"].chunk_ids  # type: ignore[union-attr]
    moved = tmp_path / "corpus-moved"
    shutil.move(corpus, moved)
    report = store.ingest()
    assert report.problems and "does not exist" in report.problems[0]
    assert store.load_manifest().documents["good.txt"].chunk_ids == chunks_before  # type: ignore[union-attr]
    assistant = Assistant(store.settings, store)
    answer = assistant.answer("Who holds a right of first refusal on new OpenAI capacity?")
    assert any("is missing; answering from the index built earlier" in n for n in answer.notices)


def test_a_document_removed_between_ingests_is_deleted_and_others_kept(tmp_path: Path) -> None:
    store, corpus = _store(tmp_path)
    (corpus / "other.md").write_text(
        "---\ntitle: Other\n---\nStargate invests in AI infrastructure.\n", encoding="utf-8"
    )
    store.ingest()
    (corpus / "other.md").unlink()
    report = store.ingest()
    assert report.removed == ["other.md"]
    assert sorted(store.load_manifest().documents) == ["good.txt"]  # type: ignore[union-attr]
    assert store.get_chunks(store.load_manifest().documents["good.txt"].chunk_ids)  # type: ignore[union-attr]
