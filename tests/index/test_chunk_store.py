"""The chunk collection: rows in and out, search inside one generation, garbage deleted page by page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

import assistant.index.chunk_store as chunk_store
from assistant.index.chroma import ChromaUnavailableError, open_client
from assistant.index.chunk_store import (
    ChunkRow,
    add_chunks,
    chunk_metadata,
    chunk_texts,
    delete_chunks_except,
    delete_remote_collections,
    get_chunk_records,
    nearest_in,
    open_collection,
)
from assistant.index.encoder import EMBEDDING_DIM
from assistant.index.fake_encoder import FakeEncoder
from assistant.index.generations import Generation, GenerationError
from assistant.index.lexical import LexicalIndex
from assistant.index.manifest import DocumentEntry, Manifest


@pytest.fixture
def collection(tmp_path: Path) -> Any:
    return open_collection(open_client(None, tmp_path / "chroma", fresh=True), "chunks", FakeEncoder())


def unit(*weights: tuple[int, float]) -> np.ndarray:
    vector = np.zeros(EMBEDDING_DIM, dtype=np.float32)
    for dimension, weight in weights:
        vector[dimension] = weight
    return vector / np.linalg.norm(vector)


def row(chunk_id: str, vector: np.ndarray, text: str = "") -> ChunkRow:
    meta = {"source": "a.md", "start": 0, "end": 1, "sentence_ids": f"{chunk_id}-s1,{chunk_id}-s2"}
    return (chunk_id, vector, text or f"text of {chunk_id}", chunk_metadata(meta))


def generation(members: list[str], lingering: int = 0) -> Generation:
    manifest = Manifest(
        chunk_max_chars=500,
        chunk_overlap_sentences=1,
        lingering=lingering,
        documents={"a.md": DocumentEntry(digest="d", chunk_ids=members)},
    )
    return Generation("000001", Path("unused"), manifest, LexicalIndex.build([], []), frozenset(members))


def test_rows_come_back_with_their_metadata(collection: Any) -> None:
    add_chunks(collection, [row("c1", unit((0, 1.0))), row("c2", unit((1, 1.0)))])
    records = get_chunk_records(collection, ["c2", "missing"])
    assert list(records) == ["c2"]
    assert records["c2"].text == "text of c2" and records["c2"].metadata["source"] == "a.md"
    assert records["c2"].sentence_ids == ["c2-s1", "c2-s2"]
    assert get_chunk_records(collection, []) == {}


def test_search_keeps_to_the_generation_and_widens_past_other_rows(collection: Any) -> None:
    query = unit((0, 1.0))
    # 12 rows of other generations, each nearer the query than any member (cosine 0.96 against 0.89 and less)
    foreign = [row(f"x{n}", unit((0, 1.0), (1 + n, 0.3))) for n in range(12)]
    members = [row(f"m{n}", unit((0, 1.0), (100 + n, 0.5 + n / 10))) for n in range(3)]
    add_chunks(collection, foreign + members)
    hits = nearest_in(collection, query, 3, generation(["m0", "m1", "m2"]))
    assert [i for i, _ in hits] == ["m0", "m1", "m2"]  # best first, none foreign: asked for 3, then 6, 12, 24
    assert all(0.0 < cosine < 1.0 for _, cosine in hits)
    assert nearest_in(collection, query, 10, generation(["m1"])) == hits[1:2]  # fewer when it has fewer
    assert nearest_in(collection, query, 5, generation([])) == []


def test_texts_come_from_what_is_known_then_the_collection(collection: Any) -> None:
    add_chunks(collection, [row("c1", unit((0, 1.0)), "stored text")])
    assert chunk_texts(collection, ["c1", "c2"], {"c2": "new text"}) == {"c1": "stored text", "c2": "new text"}
    with pytest.raises(GenerationError, match="1 chunks of the index are missing from Chroma"):
        chunk_texts(collection, ["c1", "lost"], {})


def test_garbage_is_deleted_page_by_page(collection: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chunk_store, "UPSERT_BATCH", 3)  # pages of 3: the 10 rows take four
    add_chunks(collection, [row(f"c{n}", unit((n, 1.0))) for n in range(10)])
    assert delete_chunks_except(collection, {"c2", "c7", "never-stored"}) == 8
    assert sorted(collection.get(include=[])["ids"]) == ["c2", "c7"]
    assert delete_chunks_except(collection, {"c2", "c7"}) == 0


class Unreachable:
    def __init__(self) -> None:
        self.deleted: list[str] = []

    def heartbeat(self) -> int:
        raise ConnectionError("connection refused")

    def delete_collection(self, name: str) -> None:
        self.deleted.append(name)


def test_nothing_is_deleted_on_a_server_that_does_not_answer() -> None:
    server = Unreachable()
    with pytest.raises(ChromaUnavailableError, match=r"cannot reach the Chroma server at http://h:1"):
        delete_remote_collections(server, "http://h:1", ["chunks"])
    assert server.deleted == []
