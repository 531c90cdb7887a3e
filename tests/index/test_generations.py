"""Generations: written aside, published by replacing the pointer, loaded whole or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.index import generations
from assistant.index.generations import (
    GenerationError,
    load_generation,
    next_name,
    prune,
    publish,
    read_pointer,
)
from assistant.index.lexical import LexicalIndex
from assistant.index.manifest import DocumentEntry, Manifest


def manifest(*chunk_ids: str) -> Manifest:
    return Manifest(
        chunk_max_chars=500,
        chunk_overlap_sentences=1,
        documents={"a.md": DocumentEntry(digest="d", chunk_ids=list(chunk_ids), sentence_ids=["s1"])},
    )


def lexical(*chunk_ids: str) -> LexicalIndex:
    return LexicalIndex.build(list(chunk_ids), [f"text of {i} about Azure" for i in chunk_ids])


def test_publish_points_current_at_a_complete_generation(tmp_path: Path) -> None:
    assert read_pointer(tmp_path) is None and next_name(tmp_path) == "000001"
    first = publish(tmp_path, next_name(tmp_path), manifest("c1", "c2"), lexical("c1", "c2"))
    assert read_pointer(tmp_path) == "000001" == first.name
    loaded = load_generation(tmp_path, "000001")
    assert loaded.members == frozenset({"c1", "c2"}) and loaded.manifest.chunk_count() == 2
    assert [i for i, _ in loaded.lexical.search("Azure", 5)]
    second = publish(tmp_path, next_name(tmp_path), manifest("c3"), lexical("c3"))
    assert second.name == "000002" and read_pointer(tmp_path) == "000002"
    assert load_generation(tmp_path, "000001").members == frozenset({"c1", "c2"})  # kept until pruned


def test_a_publish_that_fails_midway_leaves_the_current_generation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    publish(tmp_path, "000001", manifest("c1"), lexical("c1"))

    def broken_save(self: LexicalIndex, folder: Path) -> None:
        folder.mkdir(parents=True)
        raise OSError("disk full")

    monkeypatch.setattr(LexicalIndex, "save", broken_save)
    with pytest.raises(OSError, match="disk full"):
        publish(tmp_path, "000002", manifest("c2"), lexical("c2"))
    assert read_pointer(tmp_path) == "000001"
    assert load_generation(tmp_path, "000001").members == frozenset({"c1"})
    assert next_name(tmp_path) == "000003"  # the unfinished build's number is not reused
    assert prune(tmp_path, {"000001"}) == ["000002.building"]


def test_prune_keeps_the_named_generations(tmp_path: Path) -> None:
    for n in range(1, 4):
        publish(tmp_path, f"{n:06d}", manifest(f"c{n}"), lexical(f"c{n}"))
    assert prune(tmp_path, {"000002", "000003"}) == ["000001"]
    assert sorted(p.name for p in (tmp_path / generations.FOLDER).iterdir()) == ["000002", "000003"]


@pytest.mark.parametrize("content", ["", "garbage", "../../etc", "12 13"])
def test_an_unreadable_pointer_names_no_generation(tmp_path: Path, content: str) -> None:
    (tmp_path / generations.POINTER).write_text(content)
    assert read_pointer(tmp_path) is None


def test_a_damaged_generation_is_refused_with_its_name(tmp_path: Path) -> None:
    publish(tmp_path, "000001", manifest("c1"), lexical("c1"))
    folder = tmp_path / generations.FOLDER / "000001"
    (folder / generations.MANIFEST).write_text("{")
    with pytest.raises(GenerationError, match=r"generation 000001: .*manifest\.json"):
        load_generation(tmp_path, "000001")


def test_a_manifest_and_bm25_index_that_disagree_are_refused(tmp_path: Path) -> None:
    publish(tmp_path, "000001", manifest("c1", "c2"), lexical("c1"))
    with pytest.raises(GenerationError, match="list different chunks"):
        load_generation(tmp_path, "000001")


def test_a_missing_bm25_index_is_refused(tmp_path: Path) -> None:
    publish(tmp_path, "000001", manifest("c1"), lexical("c1"))
    for path in sorted((tmp_path / generations.FOLDER / "000001" / generations.LEXICAL).iterdir()):
        path.unlink()
    with pytest.raises(GenerationError, match="BM25 index"):
        load_generation(tmp_path, "000001")
