"""The rows an ingest writes: documents chunked, their sentences encoded, sentence and chunk rows stored.

Every sentence is encoded exactly once; a chunk's vector is the normalised mean of its sentences'
vectors. Sentences go to the SQLite sentence store, chunks to Chroma, both keyed by content-hash
ids, so writing only ever *adds* rows: nothing a published generation uses is touched.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from assistant.corpus.chunking import Chunk, Sentence, chunk_document
from assistant.corpus.documents import Document
from assistant.corpus.glossary import expand
from assistant.index.chunk_store import ChunkRow, add_chunks, chunk_metadata
from assistant.index.encoder import EMBEDDING_DIM, Encoder
from assistant.index.lexical import tokenize
from assistant.index.manifest import DocumentEntry, Manifest, file_stat
from assistant.index.view import IndexView

ENCODE_BATCH = 1024
ENCODE_GROUP = 4096

Planned = tuple[Document, list[Sentence], list[Chunk]]
SentenceRow = tuple[str, str, int, int, str, str, np.ndarray]  # id, source, start, end, text, tokens, vector


def sentence_tokens(expanded: str) -> str:
    """The stemmed tokens of a glossary-expanded sentence, space-separated, as stored at ingest."""
    return " ".join(dict.fromkeys(tokenize(expanded)))


def groups_of(planned: list[Planned], size: int) -> list[list[Planned]]:
    """Consecutive documents in groups of about ``size`` sentences."""
    groups: list[list[Planned]] = [[]]
    count = 0
    for item in planned:
        if count >= size:
            groups.append([])
            count = 0
        groups[-1].append(item)
        count += len(item[1])
    return [g for g in groups if g]


@dataclass
class Written:
    """What :meth:`DocumentWriter.write` stored.

    Attributes:
        texts: The new chunks' texts by id (for the generation's BM25 index).
        encode_seconds: Time spent in the encoder.
    """

    texts: dict[str, str] = field(default_factory=dict)
    encode_seconds: float = 0.0


class DocumentWriter:
    """Chunks, encodes and stores documents, and records them in a manifest.

    Args:
        view: The stores to write to.
        embedder: The encoder of sentences.
        max_chars: Chunk size (``settings.chunk_max_chars``).
        overlap: Sentences shared by neighbouring chunks (``settings.chunk_overlap_sentences``).
    """

    def __init__(self, view: IndexView, embedder: Encoder, max_chars: int, overlap: int) -> None:
        self.view = view
        self.embedder = embedder
        self.max_chars = max_chars
        self.overlap = overlap

    def write(self, documents: list[Document], manifest: Manifest, stored: set[str], progress: bool) -> Written:
        """Encode and store the documents' sentences and chunks, and enter them in ``manifest``.

        Args:
            documents: New and changed documents.
            manifest: The generation being built (its ``id_salt`` is mixed into the ids).
            stored: Chunk ids already stored (an unchanged passage of a changed document).
            progress: Show a progress bar while encoding.
        """
        from tqdm import tqdm

        planned: list[Planned] = []
        for doc in documents:
            sentences, chunks = chunk_document(
                doc, max_chars=self.max_chars, overlap=self.overlap, salt=manifest.id_salt
            )
            planned.append((doc, sentences, chunks))
        total = sum(len(sentences) for _, sentences, _ in planned)
        written = Written()
        # Groups of documents are encoded, then written. Writing in a thread while the next group
        # is encoded was measured slower: encoding already keeps both cores busy, and the writer
        # only slowed it down (10k chunks: 240 s against 183 s).
        with tqdm(total=total, desc="Embedding", unit="sentence", disable=not progress, delay=1.0) as bar:
            for group in groups_of(planned, ENCODE_GROUP):
                group_sentences = [s for _, sentences, _ in group for s in sentences]
                expanded = {s.id: expand(s.text) for s in group_sentences}  # for the encoder and the tokens
                started = time.perf_counter()
                vectors = self._encode([expanded[s.id] for s in group_sentences], bar)
                written.encode_seconds += time.perf_counter() - started
                vector_of = {s.id: vectors[i] for i, s in enumerate(group_sentences)}
                written.texts.update(self._write_group(group, vector_of, expanded, manifest, stored))
        return written

    def _write_group(
        self,
        group: list[Planned],
        vector_of: dict[str, np.ndarray],
        expanded: dict[str, str],
        manifest: Manifest,
        stored: set[str],
    ) -> dict[str, str]:
        """Store one group's rows and enter its documents in ``manifest``; return the new chunks' texts."""
        sentence_rows: list[SentenceRow] = []
        chunk_rows: list[ChunkRow] = []
        for doc, sentences, chunks in group:
            sentence_rows.extend(
                (s.id, s.source, s.start, s.end, s.text, sentence_tokens(expanded.get(s.id, s.text)), vector_of[s.id])
                for s in sentences
            )
            meta = doc.metadata()
            chunk_rows.extend(_chunk_row(c, meta, vector_of) for c in chunks if c.id not in stored)
        self.view.sentences.add(sentence_rows)
        add_chunks(self.view.chunks(), chunk_rows)
        for doc, sentences, chunks in group:
            manifest.documents[doc.source] = DocumentEntry(
                digest=doc.digest,
                stat=file_stat(doc.path),
                chunk_ids=[c.id for c in chunks],
                sentence_ids=[s.id for s in sentences],
            )
        return {r[0]: r[2] for r in chunk_rows}

    def _encode(self, texts: list[str], bar: Any) -> np.ndarray:
        """Encode glossary-expanded ``texts`` shortest first, in batches, ticking ``bar``; rows in the given order.

        Shortest first, each batch pads to similar lengths (as one big ``encode()`` call would);
        the slices are for the progress bar.
        """
        vectors = np.empty((len(texts), EMBEDDING_DIM), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(texts), ENCODE_BATCH):
            rows = order[start : start + ENCODE_BATCH]
            vectors[rows] = self.embedder.encode([texts[i] for i in rows], expanded=True)
            bar.update(len(rows))
        return vectors


def _chunk_row(chunk: Chunk, meta: dict[str, Any], vector_of: dict[str, np.ndarray]) -> ChunkRow:
    """A chunk's row: the normalised mean of its sentences' vectors, its text and its metadata."""
    vector = np.mean([vector_of[i] for i in chunk.sentence_ids], axis=0)
    position = {"source": chunk.source, "start": chunk.start, "end": chunk.end}
    metadata = {**meta, **position, "sentence_ids": ",".join(chunk.sentence_ids)}
    return (chunk.id, vector / (float(np.linalg.norm(vector)) or 1.0), chunk.text, chunk_metadata(metadata))
