"""The persistent index: two Chroma collections, a BM25 index and a manifest.

Layout of ``settings.data_dir``::

    chroma/          Chroma's persistent store: collection ``<name>`` (chunks) and
                     ``<name>-sentences`` (the sentences answers quote)
    lexical/         the bm25s index over chunk texts, rows aligned with chunk_ids.json
    manifest.json    what was indexed: per document its digest, file stats and ids
    ingest.lock      held while an ingest writes

Chunk and sentence ids are content hashes (source, offset, text), so re-ingesting an
unchanged corpus writes nothing, a changed document has its stale ids deleted and its
new ones upserted, and a removed document's ids are deleted. Chunk vectors are the
normalised mean of their sentences' vectors: every sentence is encoded exactly once.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
import time
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from filelock import FileLock, Timeout
from pydantic import BaseModel, Field, ValidationError

from assistant.chunking import Chunk, Sentence, chunk_document
from assistant.documents import Document, find_corpus_files, scan_corpus
from assistant.embedding import MODEL_NAME, AssistantEmbeddingFunction, Embedder, shared_embedder
from assistant.lexical import LexicalIndex
from assistant.settings import Settings

log = logging.getLogger(__name__)

MANIFEST_SCHEMA = 1
HNSW_CONFIGURATION = {"space": "cosine", "ef_construction": 200, "ef_search": 128, "max_neighbors": 32}
UPSERT_BATCH = 2000
ENCODE_BATCH = 256


class IndexBusyError(RuntimeError):
    """Another ingest holds the lock."""


class DocumentEntry(BaseModel):
    """What the manifest remembers of one indexed document."""

    digest: str
    stat: list[int] = Field(default_factory=list)
    chunk_ids: list[str] = Field(default_factory=list)
    sentence_ids: list[str] = Field(default_factory=list)


class Manifest(BaseModel):
    """The record of what the index holds and how it was built."""

    schema_version: int = MANIFEST_SCHEMA
    model: str = MODEL_NAME
    chunk_max_chars: int
    chunk_overlap_sentences: int
    documents: dict[str, DocumentEntry] = Field(default_factory=dict)
    skipped: dict[str, list[int]] = Field(
        default_factory=dict, description="Unreadable files, by source, with their file stats."
    )

    def chunk_count(self) -> int:
        """Number of chunks over all documents."""
        return sum(len(d.chunk_ids) for d in self.documents.values())

    def sentence_count(self) -> int:
        """Number of distinct sentences over all documents."""
        return sum(len(set(d.sentence_ids)) for d in self.documents.values())


@dataclass
class IngestReport:
    """The outcome of one ingest."""

    documents: int = 0
    chunks: int = 0
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        """One line for people: documents, chunks, seconds and what changed."""
        changes = (
            f"{len(self.added)} added, {len(self.updated)} updated, "
            f"{len(self.removed)} removed, {self.unchanged} unchanged"
        )
        skipped = f", {len(self.problems)} skipped" if self.problems else ""
        return f"Indexed {self.documents} documents, {self.chunks} chunks in {self.seconds:.1f} s ({changes}{skipped})."


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


@dataclass(frozen=True)
class SentenceRecord:
    """A sentence as stored: text, offsets, source and vector."""

    id: str
    text: str
    source: str
    start: int
    end: int
    vector: np.ndarray


def _file_stat(path: Path) -> list[int]:
    sidecar = path.with_name(path.name + ".meta.yaml")
    stats = [path.stat()]
    if sidecar.exists():
        stats.append(sidecar.stat())
    return [value for st in stats for value in (st.st_size, st.st_mtime_ns)]


def _normalise(rows: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return rows / np.where(norms == 0, 1.0, norms)


class IndexStore:
    """Owns the data directory; builds, refreshes, repairs and queries the index.

    Args:
        settings: Where the corpus and data live, and how to chunk.
        embedder: The encoder to use; defaults to the process-wide one.
    """

    def __init__(self, settings: Settings, embedder: Embedder | None = None) -> None:
        self.settings = settings
        self.embedder = embedder or shared_embedder()
        self.data_dir = Path(settings.data_dir)
        self.chroma_dir = self.data_dir / "chroma"
        self.lexical_dir = self.data_dir / "lexical"
        self.manifest_path = self.data_dir / "manifest.json"
        self._lock_path = self.data_dir / "ingest.lock"
        self._client: Any = None
        self._lexical: LexicalIndex | None = None
        self._lexical_mtime: float | None = None
        self._guard = threading.RLock()

    # ----------------------------------------------------------------- storage
    def _chroma(self) -> Any:
        if self._client is None:
            import chromadb
            from chromadb.config import Settings as ChromaSettings

            self.chroma_dir.mkdir(parents=True, exist_ok=True)
            self._client = chromadb.PersistentClient(
                path=str(self.chroma_dir),
                settings=ChromaSettings(anonymized_telemetry=False, allow_reset=True),
            )
        return self._client

    def _collection(self, suffix: str = "") -> Any:
        return self._chroma().get_or_create_collection(
            name=f"{self.settings.collection}{suffix}",
            embedding_function=AssistantEmbeddingFunction(self.embedder),
            configuration={"hnsw": dict(HNSW_CONFIGURATION)},  # type: ignore[typeddict-item]
        )

    def chunks(self) -> Any:
        """The Chroma collection of chunks."""
        return self._collection()

    def sentences(self) -> Any:
        """The Chroma collection of sentences."""
        return self._collection("-sentences")

    def load_manifest(self) -> Manifest | None:
        """The manifest, or ``None`` when it is missing or unreadable."""
        try:
            return Manifest.model_validate_json(self.manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValidationError, ValueError):
            return None

    def _write_manifest(self, manifest: Manifest) -> None:
        tmp = self.manifest_path.with_suffix(".json.tmp")
        tmp.write_text(manifest.model_dump_json(indent=1), encoding="utf-8")
        os.replace(tmp, self.manifest_path)

    def _new_manifest(self) -> Manifest:
        return Manifest(
            chunk_max_chars=self.settings.chunk_max_chars,
            chunk_overlap_sentences=self.settings.chunk_overlap_sentences,
        )

    # ----------------------------------------------------------------- freshness
    def status(self) -> str:
        """``"missing"``, ``"stale"`` (the corpus or chunking changed) or ``"fresh"``."""
        manifest = self.load_manifest()
        if manifest is None or not self.chroma_dir.exists() or not self.lexical_dir.exists():
            return "missing"
        if (
            manifest.schema_version != MANIFEST_SCHEMA
            or manifest.model != MODEL_NAME
            or manifest.chunk_max_chars != self.settings.chunk_max_chars
            or manifest.chunk_overlap_sentences != self.settings.chunk_overlap_sentences
        ):
            return "stale"
        corpus = Path(self.settings.corpus_dir).resolve()
        files = find_corpus_files([corpus], corpus) if corpus.is_dir() else []
        sources = {p.relative_to(corpus).as_posix(): p for p in files}
        known = {source: entry.stat for source, entry in manifest.documents.items()} | manifest.skipped
        if set(sources) != set(known):
            return "stale"
        for source, path in sources.items():
            try:
                if _file_stat(path) != known[source]:
                    return "stale"
            except OSError:
                return "stale"
        return "fresh"

    def is_consistent(self) -> bool:
        """Whether Chroma and the lexical index hold what the manifest says."""
        manifest = self.load_manifest()
        if manifest is None:
            return False
        try:
            chunks_ok = self.chunks().count() == manifest.chunk_count()
            sentences_ok = self.sentences().count() == manifest.sentence_count()
            lexical = LexicalIndex.load(self.lexical_dir)
        except Exception as exc:
            log.warning("index check failed: %s", exc)
            return False
        return chunks_ok and sentences_ok and len(lexical.chunk_ids) == manifest.chunk_count()

    def ensure_ready(self) -> list[str]:
        """Build the index if it is missing, refresh it if stale, rebuild it if damaged.

        Returns:
            User-facing notices describing what was done (empty when nothing was needed).
        """
        with self._guard:
            state = self.status()
            corpus = Path(self.settings.corpus_dir)
            if not corpus.is_dir() and state == "stale" and self.is_consistent():
                return [f"The corpus folder {corpus} is missing; answering from the index built earlier."]
            if state == "fresh" and self._lexical is not None and self.chroma_dir.exists():
                return []
            if state == "fresh" and self.is_consistent():
                return []
            if state == "missing" and not self.manifest_path.exists():
                report = self.ingest()
                return [f"Built the index for the first time: {report.summary()}"]
            if state == "stale" and self.is_consistent():
                report = self.ingest()
                return [f"The corpus changed, so the index was refreshed: {report.summary()}"]
            self.reset()
            report = self.ingest()
            return [f"The index was missing or damaged and has been rebuilt: {report.summary()}"]

    def reset(self) -> None:
        """Delete everything in the data directory's index (the corpus is untouched)."""
        with self._guard:
            self._client = None
            self._lexical = None
            from chromadb.api.shared_system_client import SharedSystemClient

            SharedSystemClient.clear_system_cache()
            for path in (self.chroma_dir, self.lexical_dir):
                shutil.rmtree(path, ignore_errors=True)
            self.manifest_path.unlink(missing_ok=True)

    # ----------------------------------------------------------------- ingest
    def ingest(self, paths: list[Path] | None = None, *, progress: bool = False) -> IngestReport:
        """Index the corpus (or some of it): add new, replace changed, delete removed documents.

        Args:
            paths: Files or folders inside the corpus; default the whole corpus.
            progress: Show a progress bar while encoding.

        Returns:
            What was done, with one problem line per skipped file.

        Raises:
            IndexBusyError: When another ingest is running.
            ValueError: When a path lies outside the corpus folder.
        """
        started = time.perf_counter()
        corpus = Path(self.settings.corpus_dir).resolve()
        scope = [Path(p).resolve() for p in paths] if paths else [corpus]
        for path in scope:
            if not path.is_relative_to(corpus):
                raise ValueError(f"{path} is outside the corpus folder {corpus}")
        self.data_dir.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(self._lock_path), timeout=0)
        try:
            lock.acquire()
        except Timeout as exc:
            raise IndexBusyError(
                f"another ingest is running (lock {self._lock_path}); try again when it finishes"
            ) from exc
        try:
            with self._guard:
                report = self._ingest_locked(corpus, scope, progress)
        finally:
            lock.release()
        report.seconds = time.perf_counter() - started
        return report

    def _ingest_locked(self, corpus: Path, scope: list[Path], progress: bool) -> IngestReport:
        if not corpus.is_dir():
            # A folder that went missing (unmounted, renamed) must not empty the index.
            return IngestReport(problems=[f"corpus folder {corpus} does not exist; the index was left as it was"])
        manifest = self.load_manifest()
        if manifest is None or manifest.model_dump(exclude={"documents"}) != self._new_manifest().model_dump(
            exclude={"documents"}
        ):
            if manifest is not None:
                self.reset()
            manifest = self._new_manifest()
        scan = scan_corpus(corpus, max_bytes=self.settings.max_document_bytes, paths=scope)
        report = IngestReport(problems=list(scan.problems))
        found = {doc.source for doc in scan.documents}
        unreadable = {p.split(":", 1)[0] for p in scan.problems}
        manifest.skipped = {
            source: stat
            for source, stat in manifest.skipped.items()
            if not any((corpus / source).is_relative_to(p) for p in scope)
        }
        for source in unreadable:
            try:
                manifest.skipped[source] = _file_stat(corpus / source)
            except OSError:
                continue
        in_scope = [s for s in manifest.documents if any((corpus / s).is_relative_to(p) for p in scope)]
        # A file that exists but could not be read keeps what was indexed from it before.
        for source in in_scope:
            if source not in found and source not in unreadable:
                self._delete_ids(manifest.documents.pop(source))
                report.removed.append(source)

        changed: list[Document] = []
        for doc in scan.documents:
            entry = manifest.documents.get(doc.source)
            if entry is not None and entry.digest == doc.digest:
                entry.stat = _file_stat(doc.path)
                report.unchanged += 1
            else:
                changed.append(doc)
        if changed:
            self._index_documents(changed, manifest, report, progress)
        self._rebuild_lexical()
        self._write_manifest(manifest)
        report.documents = len(manifest.documents)
        report.chunks = manifest.chunk_count()
        return report

    def _delete_ids(
        self,
        entry: DocumentEntry,
        keep_chunks: AbstractSet[str] = frozenset(),
        keep_sentences: AbstractSet[str] = frozenset(),
    ) -> None:
        stale_chunks = [i for i in entry.chunk_ids if i not in keep_chunks]
        stale_sentences = [i for i in dict.fromkeys(entry.sentence_ids) if i not in keep_sentences]
        for start in range(0, len(stale_chunks), UPSERT_BATCH):
            self.chunks().delete(ids=stale_chunks[start : start + UPSERT_BATCH])
        for start in range(0, len(stale_sentences), UPSERT_BATCH):
            self.sentences().delete(ids=stale_sentences[start : start + UPSERT_BATCH])

    def _index_documents(
        self, documents: list[Document], manifest: Manifest, report: IngestReport, progress: bool
    ) -> None:
        planned: list[tuple[Document, list[Sentence], list[Chunk]]] = []
        for doc in documents:
            sentences, chunks = chunk_document(
                doc,
                max_chars=self.settings.chunk_max_chars,
                overlap=self.settings.chunk_overlap_sentences,
            )
            planned.append((doc, sentences, chunks))
        all_sentences = [s for _, sentences, _ in planned for s in sentences]
        vectors = self._encode([s.text for s in all_sentences], progress)
        vector_of = {s.id: vectors[i] for i, s in enumerate(all_sentences)}

        for doc, sentences, chunks in planned:
            old = manifest.documents.get(doc.source)
            if old is not None:
                self._delete_ids(old, {c.id for c in chunks}, {s.id for s in sentences})
            self._upsert(
                self.sentences(),
                [
                    (s.id, vector_of[s.id], s.text, {"source": s.source, "start": s.start, "end": s.end})
                    for s in sentences
                ],
            )
            chunk_vectors = (
                _normalise(np.stack([np.mean([vector_of[i] for i in c.sentence_ids], axis=0) for c in chunks]))
                if chunks
                else np.zeros((0, 1))
            )
            meta = doc.metadata()
            self._upsert(
                self.chunks(),
                [
                    (
                        c.id,
                        chunk_vectors[n],
                        c.text,
                        {
                            **meta,
                            "source": c.source,
                            "start": c.start,
                            "end": c.end,
                            "sentence_ids": ",".join(c.sentence_ids),
                        },
                    )
                    for n, c in enumerate(chunks)
                ],
            )
            manifest.documents[doc.source] = DocumentEntry(
                digest=doc.digest,
                stat=_file_stat(doc.path),
                chunk_ids=[c.id for c in chunks],
                sentence_ids=[s.id for s in sentences],
            )
            (report.updated if old is not None else report.added).append(doc.source)

    def _encode(self, texts: list[str], progress: bool) -> np.ndarray:
        if not texts:
            return self.embedder.encode(texts)
        from tqdm import tqdm

        parts = []
        with tqdm(total=len(texts), desc="Embedding", unit="sentence", disable=not progress, delay=1.0) as bar:
            for start in range(0, len(texts), ENCODE_BATCH):
                batch = texts[start : start + ENCODE_BATCH]
                parts.append(self.embedder.encode(batch))
                bar.update(len(batch))
        return np.concatenate(parts)

    @staticmethod
    def _upsert(collection: Any, rows: list[tuple[str, np.ndarray, str, dict[str, Any]]]) -> None:
        for start in range(0, len(rows), UPSERT_BATCH):
            batch = rows[start : start + UPSERT_BATCH]
            collection.upsert(
                ids=[r[0] for r in batch],
                embeddings=[r[1] for r in batch],
                documents=[r[2] for r in batch],
                metadatas=[r[3] for r in batch],
            )

    def _rebuild_lexical(self) -> None:
        ids: list[str] = []
        texts: list[str] = []
        collection = self.chunks()
        total = collection.count()
        for offset in range(0, total, UPSERT_BATCH):
            page = collection.get(include=["documents"], limit=UPSERT_BATCH, offset=offset)
            ids.extend(page["ids"])
            texts.extend(page["documents"])
        index = LexicalIndex.build(ids, texts)
        staging = self.data_dir / "lexical.new"
        shutil.rmtree(staging, ignore_errors=True)
        index.save(staging)
        retired = self.data_dir / "lexical.old"
        shutil.rmtree(retired, ignore_errors=True)
        if self.lexical_dir.exists():
            os.replace(self.lexical_dir, retired)
        os.replace(staging, self.lexical_dir)
        shutil.rmtree(retired, ignore_errors=True)
        self._lexical = index
        self._lexical_mtime = self.lexical_dir.stat().st_mtime

    # ----------------------------------------------------------------- queries
    def lexical(self) -> LexicalIndex:
        """The BM25 index, reloaded when another process rebuilt it."""
        mtime = self.lexical_dir.stat().st_mtime
        if self._lexical is None or mtime != self._lexical_mtime:
            self._lexical = LexicalIndex.load(self.lexical_dir)
            self._lexical_mtime = mtime
        return self._lexical

    def dense_search(self, vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        """Nearest chunks to ``vector`` as ``(chunk_id, cosine)`` pairs, best first."""
        collection = self.chunks()
        n = min(k, collection.count())
        if n == 0:
            return []
        result = collection.query(query_embeddings=[vector], n_results=n, include=["distances"])
        return [(i, 1.0 - float(d)) for i, d in zip(result["ids"][0], result["distances"][0], strict=True)]

    def get_chunks(self, ids: list[str]) -> dict[str, ChunkRecord]:
        """Chunks by id (missing ids are left out)."""
        if not ids:
            return {}
        page = self.chunks().get(ids=ids, include=["documents", "metadatas"])
        return {
            i: ChunkRecord(i, doc, dict(meta or {}))
            for i, doc, meta in zip(page["ids"], page["documents"], page["metadatas"], strict=True)
        }

    def get_sentences(self, ids: list[str]) -> dict[str, SentenceRecord]:
        """Sentences by id, with their stored vectors (missing ids are left out)."""
        if not ids:
            return {}
        page = self.sentences().get(ids=ids, include=["documents", "metadatas", "embeddings"])
        records = {}
        for i, text, meta, vector in zip(
            page["ids"], page["documents"], page["metadatas"], page["embeddings"], strict=True
        ):
            records[i] = SentenceRecord(
                i,
                text,
                str(meta["source"]),
                int(meta["start"]),
                int(meta["end"]),
                np.asarray(vector, dtype=np.float32),
            )
        return records
