"""The persistent index: chunk vectors in Chroma, sentences in SQLite, generations of BM25 and manifest.

Layout of ``settings.data_dir``::

    chroma/             Chroma's persistent store: collection ``<name>``, the chunks
    sentences.sqlite3   the sentences answers quote (:mod:`assistant.index.sentence_store`)
    generations/<n>/    one generation: manifest.json and lexical/ (the bm25s index)
    CURRENT             the name of the generation readers use
    ingest.lock         held while an ingest or a reset writes
    encoder/            the ONNX export of the embedding model questions are encoded with
                        (``settings.encoder_dir``; see :mod:`assistant.index.query_encoder`)

With ``settings.chroma_url`` set, the chunk collection lives on that Chroma server instead of
in ``chroma/``; everything else stays in the data directory, so the machine (or shared volume)
holding it is the one that ingests.

**Build aside and swap.** Chunk and sentence ids are content hashes (source, offset, text) and
the stores only ever *add* rows while an ingest runs: a changed document's new chunks are added
beside its old ones, and nothing a published generation uses is touched. The ingest then writes
its generation (manifest and BM25 index) into a folder of its own and replaces ``CURRENT``
atomically (:mod:`assistant.index.generations`). Readers, in this process or another, search one
generation at a time: dense results are filtered to its chunks, so rows another generation
added are never shown. Rows that only the previous generation used are deleted at the start of
the next ingest, once no reader can still be on it. Re-ingesting an unchanged corpus writes
nothing. Chunk vectors are the normalised mean of their sentences' vectors: every sentence is
encoded exactly once.

**Rebuild.** ``ingest(rebuild=True)`` encodes every document again under a new
:attr:`Manifest.id_salt`: the same texts get new ids, so the new rows go in beside the current
generation's instead of over them, in the same stores (and the same collection on a Chroma
server), and the swap is the ordinary one. Only when no generation is readable (a damaged index,
what :meth:`IndexStore.recover` finds) is the data folder reset before building.
"""

from __future__ import annotations

import json
import logging
import math
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from filelock import FileLock, Timeout

from assistant.corpus.chunking import Chunk, Sentence, chunk_document
from assistant.corpus.documents import Document, find_corpus_files, scan_corpus
from assistant.corpus.glossary import expand
from assistant.index.chroma import ChromaUnavailableError, ChromaUrlError, open_client, parse_chroma_url
from assistant.index.embedding import (
    EMBEDDING_DIM,
    MODEL_NAME,
    AssistantEmbeddingFunction,
    Embedder,
    model_path,
    shared_embedder,
)
from assistant.index.generations import (
    LEXICAL,
    MANIFEST,
    POINTER,
    Generation,
    GenerationError,
    generations_dir,
    load_generation,
    manifest_stamp,
    next_name,
    prune,
    publish,
    read_manifest,
    read_pointer,
)
from assistant.index.lexical import IDS_FILE, LexicalIndex, tokenize
from assistant.index.manifest import MANIFEST_SCHEMA, DocumentEntry, Manifest
from assistant.index.sentence_store import SentenceRecord, SentenceStore
from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.index.query_encoder import OnnxQueryEncoder

__all__ = [
    "MANIFEST_SCHEMA",
    "ChromaUnavailableError",
    "ChromaUrlError",
    "ChunkRecord",
    "DocumentEntry",
    "IndexBusyError",
    "IndexReadError",
    "IndexStore",
    "IngestReport",
    "Manifest",
    "SentenceRecord",
    "parse_chroma_url",
]

log = logging.getLogger(__name__)

CHUNK_FIELD = "chunk"
# Set when a collection is created (changing ef_search later only takes effect after reopening).
# ef_construction 100 / max_neighbors 16 builds 10k chunks 3.6 s faster than 200 / 32, and
# recall@10 against exact search stayed 1.000 (benchmarks/scale.py).
HNSW_CONFIGURATION = {"space": "cosine", "ef_construction": 100, "ef_search": 128, "max_neighbors": 16}
UPSERT_BATCH = 2000
ENCODE_BATCH = 1024
ENCODE_GROUP = 4096
SENTENCES_FILE = "sentences.sqlite3"
# Files of the layout before generations (schema 3 and earlier); an index in it is rebuilt.
LEGACY_FILES = ("manifest.json", "lexical", "lexical.new", "lexical.old")
# How long a question waits for another process's ingest when there is no index to answer from.
WAIT_FOR_INGEST_SECONDS = 600.0


class IndexBusyError(RuntimeError):
    """Another ingest holds the lock."""


class IndexReadError(RuntimeError):
    """Reading the index failed: a store is damaged, missing or was replaced under the reader.

    Only errors raised while reading the stores become this one, so a caller that repairs the
    index on it (:meth:`IndexStore.recover`) never mistakes a bug or bad input for damage.
    """


@contextmanager
def _reading(what: str) -> Iterator[None]:
    """Turn a failure while reading the stores into :class:`IndexReadError`.

    A busy lock or an unreachable Chroma server stay what they are: neither is damage.
    """
    try:
        yield
    except (IndexBusyError, IndexReadError, ChromaUnavailableError):
        raise
    except Exception as exc:
        raise IndexReadError(f"{what}: {exc}") from exc


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
    generation: str | None = None

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


Planned = tuple[Document, list[Sentence], list[Chunk]]


def _file_stat(path: Path) -> list[int]:
    sidecar = path.with_name(path.name + ".meta.yaml")
    stats = [path.stat()]
    if sidecar.exists():
        stats.append(sidecar.stat())
    return [value for st in stats for value in (st.st_size, st.st_mtime_ns)]


def sentence_tokens(expanded: str) -> str:
    """The stemmed tokens of a glossary-expanded sentence, space-separated, as stored at ingest."""
    return " ".join(dict.fromkeys(tokenize(expanded)))


def _groups(planned: list[Planned], size: int) -> list[list[Planned]]:
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
        self._sentences = SentenceStore(self.data_dir / SENTENCES_FILE)
        self._lock_path = self.data_dir / "ingest.lock"
        self._client: Any = None
        self._client_opened_at: str | None = None
        self._client_lock = threading.Lock()
        self._handle: tuple[Any, Any] | None = None  # (client, its chunk collection)
        self._snapshot: Generation | None = None
        self._snapshot_lock = threading.Lock()
        self._published: set[str] = set()
        self._guard = threading.RLock()
        self._query_encoder: OnnxQueryEncoder | None = None
        self._encoder_failed = False
        self._fallback_logged = False

    # ----------------------------------------------------------------- storage
    @property
    def remote(self) -> bool:
        """Whether the chunk collection lives on a Chroma server (``settings.chroma_url``)."""
        return bool(self.settings.chroma_url)

    @property
    def generation_dir(self) -> Path | None:
        """The folder of the generation ``CURRENT`` names, or ``None`` when there is none."""
        name = read_pointer(self.data_dir)
        return generations_dir(self.data_dir) / name if name else None

    @property
    def manifest_path(self) -> Path:
        """The current generation's manifest (a path that does not exist when there is none)."""
        return (self.generation_dir or generations_dir(self.data_dir) / "none") / MANIFEST

    @property
    def lexical_dir(self) -> Path:
        """The current generation's BM25 index folder (a path that does not exist when there is none)."""
        return (self.generation_dir or generations_dir(self.data_dir) / "none") / LEXICAL

    def _chroma(self) -> Any:
        client = self._client
        if client is not None:
            return client
        with self._client_lock:
            if self._client is None:
                # The pointer is read before the store is opened: everything the generation it
                # names wrote is then on disk, and a later one makes readers reopen (snapshot()).
                opened_at = read_pointer(self.data_dir)
                self._client = open_client(self.settings.chroma_url, self.chroma_dir, fresh=not self.remote)
                self._client_opened_at = opened_at
            return self._client

    def _close(self) -> None:
        """Forget open stores and the loaded generation (the next use reopens them)."""
        self._client = None
        with self._snapshot_lock:
            self._snapshot = None
        self._sentences.close()

    def present(self) -> bool:
        """Whether the index's local files are there (cheap; says nothing of their consistency)."""
        folder = self.generation_dir
        if folder is None:
            return False
        local = self.remote or self.chroma_dir.exists()
        files = (folder / MANIFEST, folder / LEXICAL / IDS_FILE, self._sentences.path)
        return local and all(path.exists() for path in files)

    def chunks(self) -> Any:
        """The Chroma collection of chunks (of every stored generation: see :meth:`snapshot`)."""
        # The handle is kept while its client is: get_or_create costs a round trip (~1 ms).
        client = self._chroma()
        handle = self._handle
        if handle is not None and handle[0] is client:
            return handle[1]
        collection = client.get_or_create_collection(
            name=self.settings.collection,
            embedding_function=AssistantEmbeddingFunction(self.embedder),
            configuration={"hnsw": dict(HNSW_CONFIGURATION)},  # type: ignore[typeddict-item]
        )
        self._handle = (client, collection)
        return collection

    def sentences(self) -> SentenceStore:
        """The sentence store."""
        return self._sentences

    def load_manifest(self) -> Manifest | None:
        """The current generation's manifest, or ``None`` when there is none or it is unreadable.

        The loaded generation's copy is returned while its file is unchanged: the freshness check
        runs every few seconds, and at 100k chunks parsing the manifest costs about 0.1 s.
        """
        folder = self.generation_dir
        if folder is None:
            return None
        loaded = self._snapshot
        if loaded is not None and loaded.folder == folder and loaded.stamp is not None:
            if loaded.stamp == manifest_stamp(folder):
                return loaded.manifest
        return read_manifest(folder)

    def _new_manifest(self) -> Manifest:
        return Manifest(
            chunk_max_chars=self.settings.chunk_max_chars,
            chunk_overlap_sentences=self.settings.chunk_overlap_sentences,
        )

    def _legacy_layout(self) -> bool:
        return any((self.data_dir / name).exists() for name in LEGACY_FILES)

    # ----------------------------------------------------------------- generations
    def snapshot(self) -> Generation:
        """The generation to answer from: the one ``CURRENT`` names, loaded once per swap.

        A search takes one snapshot and uses it throughout, so it sees one generation whole
        even when an ingest publishes another meanwhile. When ``CURRENT`` goes missing the
        loaded generation keeps serving (:meth:`ensure_ready` notices and rebuilds).

        Raises:
            IndexReadError: When no generation has been published, or the one named is damaged.
        """
        with _reading("loading the current generation"):
            return self._load_snapshot()

    def _load_snapshot(self) -> Generation:
        name = read_pointer(self.data_dir)
        current = self._snapshot
        if current is not None and (name is None or name == current.name):
            return current
        with self._snapshot_lock:
            current = self._snapshot
            name = read_pointer(self.data_dir)
            if current is not None and (name is None or name == current.name):
                return current
            if name is None:
                raise GenerationError(f"no index has been built in {self.data_dir} yet")
            generation = load_generation(self.data_dir, name)
            if not self.remote and name not in self._published and name != self._client_opened_at:
                # Another process published it: a local Chroma loaded its vectors when it was
                # opened and never sees later writes, so open it again from disk.
                self._client = None
            self._snapshot = generation
            return generation

    # ----------------------------------------------------------------- freshness
    def status(self) -> str:
        """``"missing"``, ``"stale"`` (the corpus or chunking changed) or ``"fresh"``."""
        manifest = self.load_manifest()
        if manifest is None or not self.present():
            return "missing"
        if not manifest.same_build(self._new_manifest()):
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
        """Whether the current generation loads and its chunks and sentences are stored.

        Counts are compared (the stores may hold more: rows of the previous generation, or of
        an ingest under way) and a spread sample of ids is fetched from each store.
        """
        try:
            generation = self.snapshot()
            if not self.present():
                return False
            chunk_ids = sorted(generation.members)
            sentence_ids = sorted(generation.manifest.sentence_ids())
            if self.chunks().count() < len(chunk_ids) or self._sentences.count() < len(sentence_ids):
                return False
            chunk_sample = _spread(chunk_ids, 16)
            sentence_sample = _spread(sentence_ids, 16)
            found_chunks = self.chunks().get(ids=chunk_sample, include=[])["ids"] if chunk_sample else []
            found_sentences = self._sentences.get(sentence_sample)
        except ChromaUnavailableError:
            raise
        except Exception as exc:
            log.warning("index check failed: %s", exc)
            return False
        return len(found_chunks) == len(chunk_sample) and len(found_sentences) == len(sentence_sample)

    def ensure_ready(self) -> list[str]:
        """Build the index if it is missing, refresh it if stale, rebuild it if damaged.

        While an ingest runs (in this process or another) a question is answered from the
        generation published before it; only when there is none does it wait for the ingest.

        Returns:
            User-facing notices describing what was done (empty when nothing was needed).

        Raises:
            IndexReadError: When the stores failed under the check or the rebuild (a store
                replaced or deleted under a client that had it open): :meth:`recover` reopens them.
        """
        if not self._guard.acquire(blocking=False):
            if self._snapshot is not None:
                return []  # this process is ingesting; the published generation stays whole
            self._guard.acquire()
        try:
            with _reading("making the index ready"):
                return self._ensure_ready_guarded(wait=True)
        finally:
            self._guard.release()

    def _ensure_ready_guarded(self, *, wait: bool) -> list[str]:
        state = self.status()
        corpus = Path(self.settings.corpus_dir)
        loaded = self._snapshot is not None and self._snapshot.name == read_pointer(self.data_dir)
        if state == "fresh" and loaded and self.present():
            return self.ensure_query_encoder()
        consistent = state != "missing" and self.is_consistent()
        if not corpus.is_dir() and state == "stale" and consistent:
            return [f"The corpus folder {corpus} is missing; answering from the index built earlier."]
        if state == "fresh" and consistent:
            return self.ensure_query_encoder()
        try:
            if state == "stale" and consistent:
                report = self.ingest()
                return [f"The corpus changed, so the index was refreshed: {report.summary()}", *report.notices]
            if state == "missing" and read_pointer(self.data_dir) is None:
                report = self.ingest()
                return [f"Built the index for the first time: {report.summary()}", *report.notices]
            report = self.ingest(rebuild=True)
            return [f"The index was missing or damaged and has been rebuilt: {report.summary()}", *report.notices]
        except IndexBusyError:
            if consistent:
                return [
                    "The corpus changed and another ingest is refreshing the index; "
                    "this answer comes from the index as it was."
                ]
            if not wait:
                raise
            self._wait_for_ingest()
            self._close()
            return self._ensure_ready_guarded(wait=False)

    def _wait_for_ingest(self) -> None:
        """Block until the ingest holding the lock finishes."""
        try:
            with FileLock(str(self._lock_path), timeout=WAIT_FOR_INGEST_SECONDS):
                return
        except Timeout as exc:
            raise IndexBusyError(
                f"another ingest has held {self._lock_path} for {WAIT_FOR_INGEST_SECONDS:.0f} s and there is "
                "no index to answer from meanwhile"
            ) from exc

    def recover(self) -> list[str]:
        """After a failed read: reopen the stores, and rebuild the index if it is damaged.

        Returns:
            Notices of what was done (empty when reopening was enough).
        """
        with self._guard:
            self._close()
            return self._ensure_ready_guarded(wait=True)

    # ----------------------------------------------------------------- query encoder
    def ensure_query_encoder(self) -> list[str]:
        """Load the ONNX export for questions, exporting it when it is missing or damaged (loads torch once).

        Loading checks the export (:func:`assistant.index.query_encoder.load_query_encoder`): a file
        whose content is no longer what was written is exported again, so the next start is
        fast again.

        Returns:
            A notice when an export was made; nothing when one was there, is not wanted
            (``settings.query_encoder``), or failed (then questions use sentence-transformers
            and a warning is logged once).
        """
        if self.settings.query_encoder != "onnx" or self._encoder_failed or self._query_encoder is not None:
            return []
        from assistant.index import query_encoder as qe

        folder, model_dir = self.settings.encoder_folder, Path(model_path())
        try:
            self._query_encoder = qe.load_query_encoder(folder, MODEL_NAME, model_dir)
        except qe.DamagedExportError as exc:
            reason: str | None = str(exc)
            log.warning("%s; exporting it again", exc)
        except Exception as exc:  # an intact export onnxruntime cannot run: exporting again would not help
            self._encoder_failed = True
            log.warning("%s; questions are encoded with sentence-transformers (slower start-up)", exc)
            return []
        else:
            if self._query_encoder is not None:
                return []
            check = qe.check_export(folder, MODEL_NAME, model_dir)
            reason = check.detail if check.state != "missing" else None
        with self._guard:
            try:
                record = qe.export_query_encoder(self.embedder.model, folder, MODEL_NAME, model_dir)
            except (qe.ExportError, OSError) as exc:
                self._encoder_failed = True
                log.warning("%s; questions are encoded with sentence-transformers (slower start-up)", exc)
                return []
        if reason is None:
            return [f"Exported the embedding model to ONNX for fast start-up (agreement {record.min_cosine:.6f})."]
        log.warning("exported the embedding model to ONNX again in %s", folder)
        return [
            f"Exported the embedding model to ONNX again for fast start-up, because {reason} "
            f"(agreement {record.min_cosine:.6f})."
        ]

    def query_encoder(self) -> OnnxQueryEncoder | Embedder:
        """The encoder for questions: the ONNX export when usable, else sentence-transformers.

        Both give the same vectors (the export is checked when made); the ONNX one starts
        without importing torch. Exporting is left to :meth:`ensure_query_encoder` (at start-up
        and after each ingest); the fallback is logged once, saying why and what fixes it.
        """
        if self._query_encoder is not None:
            return self._query_encoder
        if self.settings.query_encoder == "onnx" and not self._encoder_failed:
            from assistant.index import query_encoder as qe

            folder = self.settings.encoder_folder
            problem = ""
            try:
                self._query_encoder = qe.load_query_encoder(folder, MODEL_NAME, Path(model_path()))
            except qe.DamagedExportError as exc:
                self._encoder_failed = True  # (checked once per process: a damaged file is hashed each time)
                problem = f"{exc}; `assistant ingest` exports it again"
            except Exception as exc:  # an intact export onnxruntime cannot run
                self._encoder_failed = True
                problem = str(exc)
            if self._query_encoder is not None:
                return self._query_encoder
            if not self._fallback_logged:
                self._fallback_logged = True
                if not problem:
                    detail = qe.check_export(folder, MODEL_NAME, Path(model_path())).detail
                    problem = f"{detail}; `assistant ingest` exports it"
                log.warning(
                    "the ONNX export of the embedding model is not used: %s. Questions are encoded with "
                    "sentence-transformers meanwhile (slower start-up).",
                    problem,
                )
        return self.embedder

    # ----------------------------------------------------------------- reset
    def _lock(self) -> FileLock:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(self._lock_path), timeout=0)
        try:
            lock.acquire()
        except Timeout as exc:
            raise IndexBusyError(
                f"another ingest is running (lock {self._lock_path}); try again when it finishes"
            ) from exc
        return lock

    def reset(self) -> None:
        """Delete everything in the data directory's index (the corpus is untouched).

        Raises:
            IndexBusyError: When an ingest is running.
            ChromaUnavailableError: When the Chroma server cannot be reached (nothing is deleted).
        """
        lock = self._lock()
        try:
            with self._guard:
                self._reset_locked()
        finally:
            lock.release()

    def _reset_locked(self) -> None:
        if self.remote:
            self._delete_remote_collections()
        self._close()  # (the next open_client() forgets Chroma's cached store for the folder)
        self._sentences.delete_files()
        for path in (self.chroma_dir, generations_dir(self.data_dir)):
            shutil.rmtree(path, ignore_errors=True)
        (self.data_dir / POINTER).unlink(missing_ok=True)
        for name in LEGACY_FILES:
            legacy = self.data_dir / name
            if legacy.is_dir():
                shutil.rmtree(legacy, ignore_errors=True)
            else:
                legacy.unlink(missing_ok=True)

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
        for name in (self.settings.collection, f"{self.settings.collection}-sentences"):  # (and the old layout's)
            try:
                client.delete_collection(name)
            except Exception as exc:  # absent already
                log.debug("could not delete collection %s: %s", name, exc)

    # ----------------------------------------------------------------- ingest
    def ingest(self, paths: list[Path] | None = None, *, progress: bool = False, rebuild: bool = False) -> IngestReport:
        """Index the corpus (or some of it) into a new generation, then make it current.

        New documents are added, changed ones replaced and removed ones dropped; readers keep
        the previous generation until the new one is complete.

        Args:
            paths: Files or folders inside the corpus; default the whole corpus.
            progress: Show a progress bar while encoding.
            rebuild: Encode every document again, ignoring what is stored, into a generation of
                rows of its own (a new :attr:`Manifest.id_salt`), built aside and swapped in like
                any other: the current generation keeps serving meanwhile, and its rows are
                deleted by the next ingest. When no current generation is readable (a damaged
                index) the index is deleted first and built from scratch.

        Returns:
            What was done, with one problem line per skipped file.

        Raises:
            IndexBusyError: When another ingest is running.
            ValueError: When a path lies outside the corpus folder, or paths are given with ``rebuild``.
        """
        started = time.perf_counter()
        corpus = Path(self.settings.corpus_dir).resolve()
        if rebuild and paths:
            raise ValueError("a rebuild covers the whole corpus: give no paths with it")
        scope = [Path(p).resolve() for p in paths] if paths else [corpus]
        for path in scope:
            if not path.is_relative_to(corpus):
                raise ValueError(f"{path} is outside the corpus folder {corpus}")
        lock = self._lock()
        try:
            with self._guard:
                report = self._ingest_locked(corpus, scope, progress, rebuild=rebuild)
        finally:
            lock.release()
        report.seconds = time.perf_counter() - started
        report.notices = self.ensure_query_encoder()
        return report

    def _ingest_locked(self, corpus: Path, scope: list[Path], progress: bool, *, rebuild: bool) -> IngestReport:
        if not corpus.is_dir():
            # A folder that went missing (unmounted, renamed) must not empty the index.
            return IngestReport(problems=[f"corpus folder {corpus} does not exist; the index was left as it was"])
        if self._legacy_layout() or (rebuild and not self._serving()):
            self._reset_locked()  # nothing readers could use: start from an empty data folder
        self._chroma()  # an unreachable Chroma server fails here, before anything is encoded
        previous_name = read_pointer(self.data_dir)
        previous = self.load_manifest()
        self._collect_garbage(previous)
        template = self._new_manifest()
        if rebuild:
            manifest = template
            if previous is not None:  # its rows stay for its readers: this generation gets ids of its own
                manifest.id_salt = next_name(self.data_dir)
        elif previous is not None and previous.same_build(template):
            manifest = previous.model_copy(deep=True)
        else:
            manifest = template
            manifest.id_salt = previous.id_salt if previous is not None else ""
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
                del manifest.documents[source]
                report.removed.append(source)

        changed: list[Document] = []
        for doc in scan.documents:
            entry = manifest.documents.get(doc.source)
            if entry is not None and entry.digest == doc.digest:
                entry.stat = _file_stat(doc.path)
                report.unchanged += 1
            else:
                changed.append(doc)
        stored = previous.chunk_ids() if previous is not None and not rebuild else set()
        new_texts = self._index_documents(changed, manifest, report, progress, stored) if changed else {}
        manifest.documents = dict(sorted(manifest.documents.items()))
        report.documents = len(manifest.documents)
        report.chunks = manifest.chunk_count()
        if previous is not None and previous_name is not None and manifest == previous:
            report.generation = previous_name  # nothing changed, not even a time stamp: nothing to publish
            return report
        self._publish(manifest, previous, previous_name, new_texts)
        report.generation = self._snapshot.name if self._snapshot else None
        return report

    def _serving(self) -> bool:
        """Whether a current generation can be read from disk with all its rows stored (what readers use)."""
        return self.load_manifest() is not None and self.is_consistent()

    def _collect_garbage(self, current: Manifest | None) -> None:
        """Delete stored rows the current generation does not use.

        They are rows only the generation before it used (readers have had a whole ingest's
        time to move on) and rows of an ingest that stopped before publishing.
        """
        keep_chunks = current.chunk_ids() if current is not None else set()
        collection = self.chunks()
        if collection.count() > len(keep_chunks):
            stale: list[str] = []
            offset, total = 0, collection.count()
            while offset < total:
                page = collection.get(include=[], limit=UPSERT_BATCH, offset=offset)["ids"]
                stale.extend(i for i in page if i not in keep_chunks)
                offset += UPSERT_BATCH
            for start in range(0, len(stale), UPSERT_BATCH):
                collection.delete(ids=stale[start : start + UPSERT_BATCH])
            log.info("deleted %d chunks no generation uses", len(stale))
        keep_sentences = current.sentence_ids() if current is not None else set()
        if self._sentences.count() > len(keep_sentences):
            self._sentences.retain(keep_sentences)

    def _publish(
        self, manifest: Manifest, previous: Manifest | None, previous_name: str | None, new_texts: dict[str, str]
    ) -> None:
        """Build the generation's BM25 index, write the generation aside and make it current."""
        name = next_name(self.data_dir)
        members = manifest.chunk_ids()
        old_members = previous.chunk_ids() if previous is not None else set()
        manifest.generation = int(name)
        manifest.lingering = len(old_members - members)
        lexical = self._same_lexical(previous_name, members)
        if lexical is None:
            ordered = [i for entry in manifest.documents.values() for i in entry.chunk_ids]
            texts = self._chunk_texts(ordered, new_texts)
            lexical = LexicalIndex.build(ordered, [texts[i] for i in ordered])
        generation = publish(self.data_dir, name, manifest, lexical)
        self._published.add(name)
        with self._snapshot_lock:
            self._snapshot = generation
        # The previous generation's folder stays for readers that are loading it right now.
        prune(self.data_dir, keep={name, *([previous_name] if previous_name else [])})

    def _same_lexical(self, name: str | None, members: set[str]) -> LexicalIndex | None:
        """The BM25 index of generation ``name`` when it indexes exactly ``members``, else ``None``."""
        loaded = self._snapshot
        if name is None:
            return None
        if loaded is not None and loaded.name == name:
            return loaded.lexical if loaded.members == members else None
        try:
            lexical = LexicalIndex.load(generations_dir(self.data_dir) / name / LEXICAL)
        except (OSError, ValueError):
            return None
        return lexical if set(lexical.chunk_ids) == members else None

    def _chunk_texts(self, ids: list[str], known: dict[str, str]) -> dict[str, str]:
        texts = dict(known)
        missing = [i for i in ids if i not in texts]
        for start in range(0, len(missing), UPSERT_BATCH):
            page = self.chunks().get(ids=missing[start : start + UPSERT_BATCH], include=["documents"])
            texts.update(zip(page["ids"], page["documents"], strict=True))
        lost = [i for i in ids if i not in texts]
        if lost:
            raise GenerationError(f"{len(lost)} chunks of the index are missing from Chroma (first: {lost[0]})")
        return texts

    def _index_documents(
        self, documents: list[Document], manifest: Manifest, report: IngestReport, progress: bool, stored: set[str]
    ) -> dict[str, str]:
        """Encode and store the documents' sentences and chunks; return the new chunks' texts by id."""
        from tqdm import tqdm

        planned: list[Planned] = []
        for doc in documents:
            sentences, chunks = chunk_document(
                doc,
                max_chars=self.settings.chunk_max_chars,
                overlap=self.settings.chunk_overlap_sentences,
                salt=manifest.id_salt,
            )
            planned.append((doc, sentences, chunks))
        total = sum(len(sentences) for _, sentences, _ in planned)
        texts: dict[str, str] = {}
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
                texts.update(self._write_group(group, vector_of, expanded, manifest, report, stored))
        return texts

    def _write_group(
        self,
        group: list[Planned],
        vector_of: dict[str, np.ndarray],
        expanded: dict[str, str],
        manifest: Manifest,
        report: IngestReport,
        stored: set[str],
    ) -> dict[str, str]:
        sentence_rows = []
        chunk_rows: list[tuple[str, np.ndarray, str, dict[str, Any]]] = []
        for doc, sentences, chunks in group:
            sentence_rows.extend(
                (s.id, s.source, s.start, s.end, s.text, sentence_tokens(expanded.get(s.id, s.text)), vector_of[s.id])
                for s in sentences
            )
            meta = doc.metadata()
            for c in chunks:
                if c.id in stored:
                    continue  # an unchanged passage of a changed document: already stored
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
        self._sentences.add(sentence_rows)
        collection = self.chunks()
        for start in range(0, len(chunk_rows), UPSERT_BATCH):
            batch = chunk_rows[start : start + UPSERT_BATCH]
            collection.upsert(
                ids=[r[0] for r in batch],
                embeddings=[r[1] for r in batch],
                documents=[r[2] for r in batch],
                metadatas=[r[3] for r in batch],
            )
        for doc, sentences, chunks in group:
            (report.updated if doc.source in manifest.documents else report.added).append(doc.source)
            manifest.documents[doc.source] = DocumentEntry(
                digest=doc.digest,
                stat=_file_stat(doc.path),
                chunk_ids=[c.id for c in chunks],
                sentence_ids=[s.id for s in sentences],
            )
        return {r[0]: r[2] for r in chunk_rows}

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

    # ----------------------------------------------------------------- queries
    def lexical(self) -> LexicalIndex:
        """The current generation's BM25 index."""
        return self.snapshot().lexical

    def dense_search(self, vector: np.ndarray, k: int, generation: Generation | None = None) -> list[tuple[str, float]]:
        """Nearest chunks of a generation to ``vector`` as ``(chunk_id, cosine)`` pairs, best first.

        The collection may also hold chunks of the previous generation (the manifest's
        ``lingering``) and of an ingest under way; results outside the generation are dropped,
        and the query asks for enough more that ``k`` remain, widening until they do.

        Args:
            vector: The query embedding.
            k: How many chunks to return (fewer when the generation has fewer).
            generation: The generation to search; default :meth:`snapshot`.
        """
        generation = generation or self.snapshot()
        with _reading("searching the chunk vectors"):
            return self._dense_search(vector, k, generation)

    def _dense_search(self, vector: np.ndarray, k: int, generation: Generation) -> list[tuple[str, float]]:
        members = generation.members
        want = min(k, len(members))
        if want == 0:
            return []
        share = len(members) / (len(members) + generation.manifest.lingering)
        asked = math.ceil(want / share) + (generation.manifest.lingering and 8)
        collection = self.chunks()
        while True:
            # Chroma returns fewer than n_results when the collection holds fewer, so no count() first.
            result = collection.query(query_embeddings=[vector], n_results=asked, include=["distances"])
            ids, distances = result["ids"][0], result["distances"][0]
            hits = [(i, 1.0 - float(d)) for i, d in zip(ids, distances, strict=True) if i in members]
            if len(hits) >= want or len(ids) < asked:
                return hits[:want]
            asked *= 2

    def get_chunks(self, ids: list[str]) -> dict[str, ChunkRecord]:
        """Chunks by id (missing ids are left out)."""
        if not ids:
            return {}
        with _reading("reading chunks"):
            page = self.chunks().get(ids=ids, include=["documents", "metadatas"])
            return {
                i: ChunkRecord(i, doc, json.loads(str(meta[CHUNK_FIELD])))
                for i, doc, meta in zip(page["ids"], page["documents"], page["metadatas"], strict=True)
            }

    def get_sentences(self, ids: list[str]) -> dict[str, SentenceRecord]:
        """Sentences by id, with their stored vectors and tokens (missing ids are left out)."""
        with _reading("reading sentences"):
            return self._sentences.get(ids)


def _spread(items: list[str], count: int) -> list[str]:
    """Up to ``count`` items spread evenly over ``items``."""
    if len(items) <= count:
        return list(items)
    step = len(items) / count
    return [items[int(n * step)] for n in range(count)]
