"""This process's view: one generation per swap, and a local Chroma reopened when another process published."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.index.fake_encoder import FakeEncoder
from assistant.index.generations import Generation, GenerationError, next_name, publish
from assistant.index.layout import Layout
from assistant.index.lexical import LexicalIndex
from assistant.index.manifest import DocumentEntry, Manifest
from assistant.index.view import IndexView
from assistant.settings import Settings


def make_view(tmp_path: Path) -> IndexView:
    settings = Settings(corpus_dir=tmp_path / "corpus", data_dir=tmp_path / "data")
    return IndexView(settings, Layout(settings.data_dir), FakeEncoder())


def publish_one(view: IndexView, *chunk_ids: str) -> Generation:
    """Publish a generation of ``chunk_ids`` as another process would (the view is not told)."""
    data = view.layout.data_dir
    manifest = Manifest(
        chunk_max_chars=500,
        chunk_overlap_sentences=1,
        documents={"a.md": DocumentEntry(digest="d", chunk_ids=list(chunk_ids))},
    )
    return publish(data, next_name(data), manifest, LexicalIndex.build(list(chunk_ids), ["Azure"] * len(chunk_ids)))


def test_without_a_published_generation_there_is_nothing_to_read(tmp_path: Path) -> None:
    view = make_view(tmp_path)
    with pytest.raises(GenerationError, match="no index has been built"):
        view.snapshot()
    assert view.loaded is None and view.load_manifest() is None


def test_a_generation_is_loaded_once_per_swap(tmp_path: Path) -> None:
    view = make_view(tmp_path)
    publish_one(view, "c1")
    first = view.snapshot()
    assert view.snapshot() is first and view.loaded is first
    publish_one(view, "c1", "c2")
    second = view.snapshot()
    assert second.name == "000002" and second.members == {"c1", "c2"}
    (view.layout.data_dir / "CURRENT").unlink()
    assert view.snapshot() is second  # a vanished pointer leaves the loaded generation serving


def test_a_generation_another_process_published_reopens_the_local_store(tmp_path: Path) -> None:
    view = make_view(tmp_path)
    publish_one(view, "c1")
    view.snapshot()
    client = view.client()
    assert view.client() is client and view.chunks() is view.chunks()  # kept while nothing changes
    publish_one(view, "c2")  # by another process: this client never saw its rows written
    view.snapshot()
    assert view.client() is not client


def test_a_generation_this_process_published_keeps_the_client(tmp_path: Path) -> None:
    view = make_view(tmp_path)
    publish_one(view, "c1")
    view.snapshot()
    client = view.client()
    view.adopt(publish_one(view, "c2"))
    assert view.loaded is not None and view.loaded.name == "000002"
    assert view.snapshot() is view.loaded and view.client() is client


def test_the_loaded_manifest_is_reused_until_its_file_changes(tmp_path: Path) -> None:
    view = make_view(tmp_path)
    publish_one(view, "c1")
    generation = view.snapshot()
    assert view.load_manifest() is generation.manifest
    view.layout.manifest_path.write_text("{not json")
    assert view.load_manifest() is None


def test_close_forgets_the_client_and_the_generation(tmp_path: Path) -> None:
    view = make_view(tmp_path)
    publish_one(view, "c1")
    generation = view.snapshot()
    client = view.client()
    view.sentences.count()  # opens a connection
    view.close()
    assert view.loaded is None
    assert view.client() is not client and view.snapshot() is not generation
