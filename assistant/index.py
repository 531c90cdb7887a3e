"""The persistent index: two Chroma collections, a BM25 index and a manifest.

Layout of ``settings.data_dir``::

    chroma/          Chroma's persistent store: collection ``<name>`` (chunks) and
                     ``<name>-sentences`` (the sentences answers quote)
    lexical/         the bm25s index over chunk texts, rows aligned with chunk_ids.json
    manifest.json    what was indexed: per document its digest, file stats and ids
    ingest.lock      held while an ingest writes
    encoder/         the ONNX export of the embedding model questions are encoded with
                     (``settings.encoder_dir``; see :mod:`assistant.query_encoder`)

With ``settings.chroma_url`` set, the two collections live on that Chroma server instead of
in ``chroma/``; the manifest, the lexical index, the lock and the encoder stay in the data
directory, so the machine (or shared volume) holding it is the one that ingests.

Chunk and sentence ids are content hashes (source, offset, text), so re-ingesting an
unchanged corpus writes nothing, a changed document has its stale ids deleted and its
new ones upserted, and a removed document's ids are deleted. Chunk vectors are the
normalised mean of their sentences' vectors: every sentence is encoded exactly once.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import threading
import time
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import numpy as np
from filelock import FileLock, Timeout
from pydantic import BaseModel, Field, ValidationError

from assistant.chunking import Chunk, Sentence, chunk_document
from assistant.documents import Document, find_corpus_files, scan_corpus
from assistant.embedding import (
    EMBEDDING_DIM,
    MODEL_NAME,
    AssistantEmbeddingFunction,
    Embedder,
    model_path,
    shared_embedder,
)
from assistant.glossary import expand
from assistant.lexical import LexicalIndex, tokenize
from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.query_encoder import OnnxQueryEncoder

log = logging.getLogger(__name__)

# 2: sentences carry their lexical tokens in the metadata.
# 3: a sentence is stored as one JSON metadata field (text, source, offsets, tokens), not as a
#    Chroma document with five metadata keys: documents get a full-text index and every metadata
#    key is a row of its own, which made writing sentences 3x slower; sentences are only read by id.
#    Chunks keep their text as the Chroma document, and their metadata in one JSON field too.
MANIFEST_SCHEMA = 3
SENTENCE_FIELD = "sentence"
CHUNK_FIELD = "chunk"
# Set when a collection is created (changing ef_search later only takes effect after reopening).
# ef_construction 100 / max_neighbors 16 builds 10k chunks 3.6 s faster than 200 / 32, and
# recall@10 against exact search stayed 1.000 (benchmarks/scale.py).
HNSW_CONFIGURATION = {"space": "cosine", "ef_construction": 100, "ef_search": 128, "max_neighbors": 16}
# Sentences are only ever fetched by id, never searched by vector: a sparse graph is built faster.
SENTENCE_HNSW_CONFIGURATION = {"space": "cosine", "ef_construction": 16, "ef_search": 16, "max_neighbors": 4}
UPSERT_BATCH = 2000
ENCODE_BATCH = 1024
ENCODE_GROUP = 4096


class IndexBusyError(RuntimeError):
    """Another ingest holds the lock."""


class ChromaUrlError(ValueError):
    """``ASSISTANT_CHROMA_URL`` is not an ``http(s)://host:port`` URL."""


class ChromaUnavailableError(RuntimeError):
    """The Chroma server named by ``ASSISTANT_CHROMA_URL`` does not answer."""


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
    encode_seconds: float = 0.0
    notices: list[str] = field(default_factory=list)

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
    """A sentence as stored: text, offsets, source, vector and (when stored) its lexical tokens."""

    id: str
    text: str
    source: str
    start: int
    end: int
    vector: np.ndarray
    tokens: frozenset[str] | None = None


def _file_stat(path: Path) -> list[int]:
    sidecar = path.with_name(path.name + ".meta.yaml")
    stats = [path.stat()]
    if sidecar.exists():
        stats.append(sidecar.stat())
    return [value for st in stats for value in (st.st_size, st.st_mtime_ns)]


def sentence_tokens(expanded: str) -> str:
    """The stemmed tokens of a glossary-expanded sentence, space-separated, as stored at ingest."""
    return " ".join(dict.fromkeys(tokenize(expanded)))


def _sentence_json(sentence: Sentence, expanded: str) -> str:
    fields = {
        "text": sentence.text,
        "source": sentence.source,
        "start": sentence.start,
        "end": sentence.end,
        "tokens": sentence_tokens(expanded),
    }
    return json.dumps(fields, ensure_ascii=False)


def parse_chroma_url(url: str) -> tuple[str, int, bool]:
    """``(host, port, ssl)`` of a Chroma server URL such as ``http://127.0.0.1:8000``.

    Raises:
        ChromaUrlError: When the URL has no http(s) scheme or no host.
    """
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ChromaUrlError(f"ASSISTANT_CHROMA_URL must look like http://host:port, not {url!r}")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 8000)
    except ValueError as exc:
        raise ChromaUrlError(f"ASSISTANT_CHROMA_URL has an invalid port: {url!r}") from exc
    return parts.hostname, port, parts.scheme == "https"


def _groups(
    planned: list[tuple[Document, list[Sentence], list[Chunk]]], size: int
) -> list[list[tuple[Document, list[Sentence], list[Chunk]]]]:
    """Consecutive documents in groups of about ``size`` sentences."""
    groups: list[list[tuple[Document, list[Sentence], list[Chunk]]]] = [[]]
    count = 0
    for item in planned:
        if count >= size:
            groups.append([])
            count = 0
        groups[-1].append(item)
        count += len(item[1])
    return [g for g in groups if g]


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
        self._collections: dict[str, tuple[Any, Any]] = {}
        self._lexical: LexicalIndex | None = None
        self._lexical_mtime: float | None = None
        self._guard = threading.RLock()
        self._query_encoder: OnnxQueryEncoder | None = None
        self._encoder_failed = False
        self._fallback_logged = False

    # ----------------------------------------------------------------- storage
    @property
    def remote(self) -> bool:
        """Whether the collections live on a Chroma server (``settings.chroma_url``)."""
        return bool(self.settings.chroma_url)

    def _chroma(self) -> Any:
        if self._client is None:
            import chromadb
            from chromadb.config import Settings as ChromaSettings

            chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=True)
            if self.settings.chroma_url:
                host, port, ssl = parse_chroma_url(self.settings.chroma_url)
                try:
                    self._client = chromadb.HttpClient(host=host, port=port, ssl=ssl, settings=chroma_settings)
                except Exception as exc:
                    raise ChromaUnavailableError(
                        f"cannot reach the Chroma server at {self.settings.chroma_url} (ASSISTANT_CHROMA_URL): {exc}"
                    ) from exc
            else:
                self.chroma_dir.mkdir(parents=True, exist_ok=True)
                self._client = chromadb.PersistentClient(path=str(self.chroma_dir), settings=chroma_settings)
        return self._client

    def present(self) -> bool:
        """Whether the index's local files are there (cheap; says nothing of their consistency)."""
        local = self.remote or self.chroma_dir.exists()
        return local and self.manifest_path.exists() and self.lexical_dir.exists()

    def _collection(self, suffix: str = "") -> Any:
        # Collection handles are kept until reset(): get_or_create costs a round trip (~1 ms) per call.
        client = self._chroma()
        cached = self._collections.get(suffix)
        if cached is not None and cached[0] is client:
            return cached[1]
        collection = client.get_or_create_collection(
            name=f"{self.settings.collection}{suffix}",
            embedding_function=AssistantEmbeddingFunction(self.embedder),
            configuration={"hnsw": dict(SENTENCE_HNSW_CONFIGURATION if suffix else HNSW_CONFIGURATION)},  # type: ignore[typeddict-item]
        )
        self._collections[suffix] = (client, collection)
        return collection

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
        if manifest is None or not self.present():
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
            if state == "fresh" and self._lexical is not None and self.present():
                return self.ensure_query_encoder()
            if state == "fresh" and self.is_consistent():
                return self.ensure_query_encoder()
            if state == "missing" and not self.manifest_path.exists():
                report = self.ingest()
                return [f"Built the index for the first time: {report.summary()}", *report.notices]
            if state == "stale" and self.is_consistent():
                report = self.ingest()
                return [f"The corpus changed, so the index was refreshed: {report.summary()}", *report.notices]
            self.reset()
            report = self.ingest()
            return [f"The index was missing or damaged and has been rebuilt: {report.summary()}", *report.notices]

    # ----------------------------------------------------------------- query encoder
    def ensure_query_encoder(self) -> list[str]:
        """Export the model to ONNX for questions when the export is missing (loads torch once).

        Returns:
            A notice when an export was made; nothing when one was there, is not wanted
            (``settings.query_encoder``), or failed (then questions use sentence-transformers
            and a warning is logged once).
        """
        if self.settings.query_encoder != "onnx" or self._encoder_failed or self._query_encoder is not None:
            return []
        from assistant import query_encoder as qe

        folder = self.settings.encoder_folder
        if qe.find_query_encoder(folder, MODEL_NAME, Path(model_path())) is not None:
            return []
        with self._guard:
            try:
                record = qe.export_query_encoder(self.embedder.model, folder, MODEL_NAME, Path(model_path()))
            except (qe.ExportError, OSError) as exc:
                self._encoder_failed = True
                log.warning("%s; questions are encoded with sentence-transformers (slower start-up)", exc)
                return []
        return [f"Exported the embedding model to ONNX for fast start-up (agreement {record.min_cosine:.6f})."]

    def query_encoder(self) -> OnnxQueryEncoder | Embedder:
        """The encoder for questions: the ONNX export when present, else sentence-transformers.

        Both give the same vectors (the export is checked when made); the ONNX one starts
        without importing torch. The fallback is logged once, naming the missing file.
        """
        if self._query_encoder is not None:
            return self._query_encoder
        if self.settings.query_encoder == "onnx":
            from assistant.query_encoder import load_query_encoder

            folder = self.settings.encoder_folder
            try:
                self._query_encoder = load_query_encoder(folder, MODEL_NAME, Path(model_path()))
            except Exception as exc:  # a damaged file: fall back rather than fail the question
                log.warning("the ONNX query encoder in %s could not be loaded: %s", folder, exc)
            if self._query_encoder is not None:
                return self._query_encoder
            if not self._fallback_logged:
                self._fallback_logged = True
                log.warning(
                    "no ONNX export of the embedding model in %s; encoding questions with sentence-transformers "
                    "(slower start-up). `assistant ingest` exports it.",
                    folder,
                )
        return self.embedder

    def reset(self) -> None:
        """Delete everything in the data directory's index (the corpus is untouched)."""
        with self._guard:
            if self.remote:
                self._delete_remote_collections()
            self._client = None
            self._collections.clear()
            self._lexical = None
            from chromadb.api.shared_system_client import SharedSystemClient

            SharedSystemClient.clear_system_cache()
            for path in (self.chroma_dir, self.lexical_dir):
                shutil.rmtree(path, ignore_errors=True)
            self.manifest_path.unlink(missing_ok=True)

    def _delete_remote_collections(self) -> None:
        # A server that does not answer is not a damaged index: refuse rather than start over.
        client = self._chroma()
        try:
            client.heartbeat()
        except Exception as exc:
            self._client = None
            raise ChromaUnavailableError(
                f"cannot reach the Chroma server at {self.settings.chroma_url} (ASSISTANT_CHROMA_URL): {exc}"
            ) from exc
        for name in (self.settings.collection, f"{self.settings.collection}-sentences"):
            try:
                client.delete_collection(name)
            except Exception as exc:  # absent already
                log.debug("could not delete collection %s: %s", name, exc)

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
        report.notices = self.ensure_query_encoder()
        return report

    def _ingest_locked(self, corpus: Path, scope: list[Path], progress: bool) -> IngestReport:
        if not corpus.is_dir():
            # A folder that went missing (unmounted, renamed) must not empty the index.
            return IngestReport(problems=[f"corpus folder {corpus} does not exist; the index was left as it was"])
        self._chroma()  # an unreachable Chroma server fails here, before anything is encoded
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
        from tqdm import tqdm

        planned: list[tuple[Document, list[Sentence], list[Chunk]]] = []
        for doc in documents:
            sentences, chunks = chunk_document(
                doc,
                max_chars=self.settings.chunk_max_chars,
                overlap=self.settings.chunk_overlap_sentences,
            )
            planned.append((doc, sentences, chunks))
        total = sum(len(sentences) for _, sentences, _ in planned)
        # Groups of documents are encoded, then written. Writing in a thread while the next group
        # is encoded was measured slower: encoding already keeps both cores busy, and the writer
        # only slowed it down (10k chunks: 240 s against 183 s).
        with tqdm(total=total, desc="Embedding", unit="sentence", disable=not progress, delay=1.0) as bar:
            for group in _groups(planned, ENCODE_GROUP):
                group_sentences = [s for _, sentences, _ in group for s in sentences]
                expanded = {s.id: expand(s.text) for s in group_sentences}  # for the encoder and the tokens
                started = time.perf_counter()
                vectors = self._encode([expanded[s.id] for s in group_sentences], bar)
                report.encode_seconds += time.perf_counter() - started
                vector_of = {s.id: vectors[i] for i, s in enumerate(group_sentences)}
                self._write_group(group, vector_of, expanded, manifest, report)

    def _write_group(
        self,
        group: list[tuple[Document, list[Sentence], list[Chunk]]],
        vector_of: dict[str, np.ndarray],
        expanded: dict[str, str],
        manifest: Manifest,
        report: IngestReport,
    ) -> None:
        sentence_rows: list[tuple[str, np.ndarray, str | None, dict[str, Any]]] = []
        chunk_rows: list[tuple[str, np.ndarray, str | None, dict[str, Any]]] = []
        for doc, sentences, chunks in group:
            old = manifest.documents.get(doc.source)
            if old is not None:
                self._delete_ids(old, {c.id for c in chunks}, {s.id for s in sentences})
            sentence_rows.extend(
                (s.id, vector_of[s.id], None, {SENTENCE_FIELD: _sentence_json(s, expanded.get(s.id, s.text))})
                for s in sentences
            )
            meta = doc.metadata()
            for c in chunks:
                vector = np.mean([vector_of[i] for i in c.sentence_ids], axis=0)
                position = {"source": c.source, "start": c.start, "end": c.end}
                chunk_rows.append(
                    (
                        c.id,
                        vector / (float(np.linalg.norm(vector)) or 1.0),
                        c.text,
                        {CHUNK_FIELD: json.dumps({**meta, **position, "sentence_ids": ",".join(c.sentence_ids)})},
                    )
                )
        self._upsert(self.sentences(), sentence_rows)
        self._upsert(self.chunks(), chunk_rows)
        for doc, sentences, chunks in group:
            (report.updated if doc.source in manifest.documents else report.added).append(doc.source)
            manifest.documents[doc.source] = DocumentEntry(
                digest=doc.digest,
                stat=_file_stat(doc.path),
                chunk_ids=[c.id for c in chunks],
                sentence_ids=[s.id for s in sentences],
            )

    def _encode(self, texts: list[str], bar: Any) -> np.ndarray:
        # ``texts`` are glossary-expanded already.
        # Encoded shortest first, so each batch pads to similar lengths (as one big encode() call
        # would), in slices for the progress bar; rows are put back in the callers' order.
        vectors = np.empty((len(texts), EMBEDDING_DIM), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(texts), ENCODE_BATCH):
            rows = order[start : start + ENCODE_BATCH]
            vectors[rows] = self.embedder.encode([texts[i] for i in rows], expanded=True)
            bar.update(len(rows))
        return vectors

    @staticmethod
    def _upsert(collection: Any, rows: list[tuple[str, np.ndarray, str | None, dict[str, Any]]]) -> None:
        # Rows without a document (sentences: text in the metadata) are written without one.
        for start in range(0, len(rows), UPSERT_BATCH):
            batch = rows[start : start + UPSERT_BATCH]
            documents = [r[2] for r in batch]
            collection.upsert(
                ids=[r[0] for r in batch],
                embeddings=[r[1] for r in batch],
                documents=None if any(d is None for d in documents) else documents,
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
        try:
            mtime = self.lexical_dir.stat().st_mtime
        except FileNotFoundError:
            # An ingest is between its two renames (old folder out, new one in): keep the loaded index.
            if self._lexical is None:
                raise
            return self._lexical
        if self._lexical is None or mtime != self._lexical_mtime:
            self._lexical = LexicalIndex.load(self.lexical_dir)
            self._lexical_mtime = mtime
        return self._lexical

    def dense_search(self, vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        """Nearest chunks to ``vector`` as ``(chunk_id, cosine)`` pairs, best first."""
        # Chroma returns fewer than n_results when the collection holds fewer (none when empty),
        # so no count() round trip is needed first.
        result = self.chunks().query(query_embeddings=[vector], n_results=k, include=["distances"])
        return [(i, 1.0 - float(d)) for i, d in zip(result["ids"][0], result["distances"][0], strict=True)]

    def get_chunks(self, ids: list[str]) -> dict[str, ChunkRecord]:
        """Chunks by id (missing ids are left out)."""
        if not ids:
            return {}
        page = self.chunks().get(ids=ids, include=["documents", "metadatas"])
        return {
            i: ChunkRecord(i, doc, json.loads(str(meta[CHUNK_FIELD])))
            for i, doc, meta in zip(page["ids"], page["documents"], page["metadatas"], strict=True)
        }

    def get_sentences(self, ids: list[str]) -> dict[str, SentenceRecord]:
        """Sentences by id, with their stored vectors (missing ids are left out)."""
        if not ids:
            return {}
        page = self.sentences().get(ids=ids, include=["metadatas", "embeddings"])
        records = {}
        for i, meta, vector in zip(page["ids"], page["metadatas"], page["embeddings"], strict=True):
            fields = json.loads(str(meta[SENTENCE_FIELD]))
            records[i] = SentenceRecord(
                i,
                fields["text"],
                fields["source"],
                int(fields["start"]),
                int(fields["end"]),
                np.asarray(vector, dtype=np.float32),
                frozenset(fields["tokens"].split()),
            )
        return records
