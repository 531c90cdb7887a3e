"""The chunk vectors in a Chroma collection: adding, reading, searching and deleting them.

Rows are keyed by content-hash ids (:mod:`assistant.corpus.chunking`) and shared by every
generation; a generation's manifest says which of them are its own. Each row holds the chunk's
vector (the normalised mean of its sentences' vectors), its text, and its metadata as one JSON
field.
"""

from __future__ import annotations

import json
import logging
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from assistant.index.chroma import ChromaUnavailableError
from assistant.index.embedding import AssistantEmbeddingFunction
from assistant.index.encoder import Encoder
from assistant.index.generations import Generation, GenerationError

log = logging.getLogger(__name__)

CHUNK_FIELD = "chunk"
# Set when a collection is created (changing ef_search later only takes effect after reopening).
# ef_construction 100 / max_neighbors 16 builds 10k chunks 3.6 s faster than 200 / 32, and
# recall@10 against exact search stayed 1.000 (benchmarks/scale.py).
HNSW_CONFIGURATION = {"space": "cosine", "ef_construction": 100, "ef_search": 128, "max_neighbors": 16}
UPSERT_BATCH = 2000

ChunkRow = tuple[str, np.ndarray, str, dict[str, Any]]  # id, vector, text, metadata


@dataclass(frozen=True)
class ChunkRecord:
    """A chunk as stored: its text and metadata."""

    id: str
    text: str
    metadata: dict[str, Any]

    @property
    def sentence_ids(self) -> list[str]:
        """Ids of the sentences the chunk is made of."""
        raw = str(self.metadata.get("sentence_ids", ""))
        return [s for s in raw.split(",") if s]


def chunk_metadata(metadata: dict[str, Any]) -> dict[str, Any]:
    """The Chroma metadata of a chunk: ``metadata`` as one JSON field."""
    return {CHUNK_FIELD: json.dumps(metadata)}


def open_collection(client: Any, name: str, embedder: Encoder) -> Any:
    """The chunk collection ``name`` on ``client``, created with the index's HNSW settings if needed."""
    return client.get_or_create_collection(
        name=name,
        embedding_function=AssistantEmbeddingFunction(embedder),
        configuration={"hnsw": dict(HNSW_CONFIGURATION)},
    )


def add_chunks(collection: Any, rows: list[ChunkRow]) -> None:
    """Upsert chunk rows in batches Chroma accepts."""
    for start in range(0, len(rows), UPSERT_BATCH):
        batch = rows[start : start + UPSERT_BATCH]
        collection.upsert(
            ids=[r[0] for r in batch],
            embeddings=[r[1] for r in batch],
            documents=[r[2] for r in batch],
            metadatas=[r[3] for r in batch],
        )


def get_chunk_records(collection: Any, ids: list[str]) -> dict[str, ChunkRecord]:
    """Chunks by id (missing ids are left out)."""
    if not ids:
        return {}
    page = collection.get(ids=ids, include=["documents", "metadatas"])
    return {
        i: ChunkRecord(i, doc, json.loads(str(meta[CHUNK_FIELD])))
        for i, doc, meta in zip(page["ids"], page["documents"], page["metadatas"], strict=True)
    }


def chunk_texts(collection: Any, ids: list[str], known: dict[str, str]) -> dict[str, str]:
    """The texts of ``ids``: those in ``known``, the rest read from the collection.

    Raises:
        GenerationError: When a chunk is in neither.
    """
    texts = dict(known)
    missing = [i for i in ids if i not in texts]
    for start in range(0, len(missing), UPSERT_BATCH):
        page = collection.get(ids=missing[start : start + UPSERT_BATCH], include=["documents"])
        texts.update(zip(page["ids"], page["documents"], strict=True))
    lost = [i for i in ids if i not in texts]
    if lost:
        raise GenerationError(f"{len(lost)} chunks of the index are missing from Chroma (first: {lost[0]})")
    return texts


def delete_chunks_except(collection: Any, keep: set[str]) -> int:
    """Delete every chunk whose id is not in ``keep``; return how many were deleted."""
    total = collection.count()
    if total <= len(keep):
        return 0
    stale: list[str] = []
    offset = 0
    while offset < total:
        page = collection.get(include=[], limit=UPSERT_BATCH, offset=offset)["ids"]
        stale.extend(i for i in page if i not in keep)
        offset += UPSERT_BATCH
    for start in range(0, len(stale), UPSERT_BATCH):
        collection.delete(ids=stale[start : start + UPSERT_BATCH])
    return len(stale)


def nearest_in(collection: Any, vector: np.ndarray, k: int, generation: Generation) -> list[tuple[str, float]]:
    """Nearest chunks of ``generation`` to ``vector`` as ``(chunk_id, cosine)`` pairs, best first.

    The collection may also hold chunks of the previous generation (the manifest's
    ``lingering``) and of an ingest under way; results outside the generation are dropped,
    and the query asks for enough more that ``k`` remain, widening until they do.
    """
    members = generation.members
    want = min(k, len(members))
    if want == 0:
        return []
    share = len(members) / (len(members) + generation.manifest.lingering)
    asked = math.ceil(want / share) + (generation.manifest.lingering and 8)
    while True:
        # Chroma returns fewer than n_results when the collection holds fewer, so no count() first.
        result = collection.query(query_embeddings=[vector], n_results=asked, include=["distances"])
        ids, distances = result["ids"][0], result["distances"][0]
        hits = [(i, 1.0 - float(d)) for i, d in zip(ids, distances, strict=True) if i in members]
        if len(hits) >= want or len(ids) < asked:
            return hits[:want]
        asked *= 2


def delete_remote_collections(client: Any, url: str, names: list[str]) -> None:
    """Delete collections on a Chroma server, after checking it answers.

    A server that does not answer is not a damaged index: nothing is deleted then.

    Raises:
        ChromaUnavailableError: When the server does not answer its heartbeat.
    """
    try:
        client.heartbeat()
    except Exception as exc:
        raise ChromaUnavailableError(f"cannot reach the Chroma server at {url} (ASSISTANT_CHROMA_URL): {exc}") from exc
    for name in names:
        try:
            client.delete_collection(name)
        except Exception as exc:  # absent already
            log.debug("could not delete collection %s: %s", name, exc)
