"""The persistent index: chunk vectors in Chroma, sentences in SQLite, generations of BM25 and manifest.

:class:`IndexStore` is what the rest of the assistant uses. It is a facade over modules named for
their jobs:

- :mod:`~assistant.index.layout`: the data folder's files (listed there) and the writers' file lock;
- :mod:`~assistant.index.view`: what this process reads, the generation ``CURRENT`` names and the
  stores it is read through (:mod:`~assistant.index.chunk_store` in Chroma,
  :mod:`~assistant.index.sentence_store` in SQLite, :mod:`~assistant.index.generations` on disk);
- :mod:`~assistant.index.freshness`: presence, freshness and consistency checks;
- :mod:`~assistant.index.readiness`: the build, refresh or rebuild a check calls for;
- :mod:`~assistant.index.ingest`: one ingest, built aside and swapped in (:mod:`~assistant.index.rows`
  encodes and writes the documents; :mod:`~assistant.index.reset` deletes an index);
- :mod:`~assistant.index.query_encoder_loader`: the encoder questions use (the ONNX export).

Any :class:`~assistant.index.encoder.Encoder` can build the index: the packaged model by default,
:class:`~assistant.index.fake_encoder.FakeEncoder` in tests of the mechanics.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import numpy as np

from assistant.index.chroma import ChromaUnavailableError, ChromaUrlError, parse_chroma_url
from assistant.index.chunk_store import HNSW_CONFIGURATION, ChunkRecord, get_chunk_records, nearest_in
from assistant.index.embedding import shared_embedder
from assistant.index.encoder import Encoder
from assistant.index.errors import IndexBusyError, IndexReadError, reading
from assistant.index.freshness import Freshness, Status
from assistant.index.generations import Generation
from assistant.index.ingest import Ingest, IngestReport
from assistant.index.layout import Layout
from assistant.index.lexical import LexicalIndex
from assistant.index.manifest import MANIFEST_SCHEMA, DocumentEntry, Manifest
from assistant.index.query_encoder_loader import QueryEncoderLoader
from assistant.index.readiness import Readiness
from assistant.index.reset import delete_index
from assistant.index.sentence_store import SentenceRecord, SentenceStore
from assistant.index.view import IndexView
from assistant.settings import Settings

__all__ = [
    "HNSW_CONFIGURATION",
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

# How long a question waits for another process's ingest when there is no index to answer from.
WAIT_FOR_INGEST_SECONDS = 600.0


class IndexStore:
    """Owns the data directory; builds, refreshes, repairs and queries the index.

    **Locks.** Three. Nothing ever *waits* for one of them while holding one listed after it, so
    they cannot deadlock:

    1. ``ingest.lock``, a file lock (:meth:`Layout.writing`): one writer (an ingest or a reset) at a
       time among all processes, held for the whole write. A writer never waits for it: a second
       one is refused at once with :class:`IndexBusyError`.
    2. ``_writer``, a re-entrant lock of this process: one writer or repairer at a time in it.
       Writers take it after the file lock; :meth:`ensure_ready` and :meth:`recover` take it for the
       check and the repair it calls for (an ingest, which only *tries* the file lock), and so does
       the ONNX export. The one wait for the file lock (a first question while another process
       builds the index) happens with ``_writer`` released. While this process writes,
       :meth:`ensure_ready` answers from the published generation at once instead of waiting.
    3. The view's lock (:class:`~assistant.index.view.IndexView`), innermost and brief: which
       generation is loaded and the Chroma client it is read through change together under it.

    (The model, the ONNX encoder cache and the sentence store's list of connections have locks of
    their own: leaves, held for a load or a list update, under which nothing else is taken.)

    Readers (searches, :meth:`snapshot`, :meth:`get_chunks`, …) take no lock, in this process or
    another, and see one whole generation: ``CURRENT`` is replaced atomically once the
    generation's folder is complete, the stores only gain rows while an ingest runs (rows only an
    earlier generation uses are deleted at the start of the next ingest), SQLite readers see
    committed rows only (WAL), and a local Chroma is reopened when a generation another process
    published is loaded.

    Args:
        settings: Where the corpus and data live, and how to chunk.
        embedder: The encoder to use; defaults to the process-wide packaged model
            (:func:`~assistant.index.embedding.shared_embedder`, loaded on first use).
    """

    def __init__(self, settings: Settings, embedder: Encoder | None = None) -> None:
        self.settings = settings
        self.embedder: Encoder = embedder or shared_embedder()
        self.layout = Layout(Path(settings.data_dir))
        self.data_dir = self.layout.data_dir
        self.chroma_dir = self.layout.chroma_dir
        self._writer = threading.RLock()
        self._view = IndexView(settings, self.layout, self.embedder)
        self._freshness = Freshness(settings, self._view, self.embedder.name)
        self._ingest = Ingest(settings, self._view, self._freshness, self.embedder)
        # (Looked up at each call, as methods of this store: a subclass or a test may replace them.)
        self._readiness = Readiness(
            settings,
            self._view,
            self._freshness,
            ingest=lambda rebuild: self.ingest(rebuild=rebuild),
            encoder_ready=lambda: self.ensure_query_encoder(),
        )
        self._questions = QueryEncoderLoader(settings, self.embedder, self._writer)

    # ----------------------------------------------------------------- where things are
    @property
    def remote(self) -> bool:
        """Whether the chunk collection lives on a Chroma server (``settings.chroma_url``)."""
        return self._view.remote

    @property
    def generation_dir(self) -> Path | None:
        """The folder of the generation ``CURRENT`` names, or ``None`` when there is none."""
        return self.layout.generation_dir

    @property
    def manifest_path(self) -> Path:
        """The current generation's manifest (a path that does not exist when there is none)."""
        return self.layout.manifest_path

    @property
    def lexical_dir(self) -> Path:
        """The current generation's BM25 index folder (a path that does not exist when there is none)."""
        return self.layout.lexical_dir

    def chunks(self) -> Any:
        """The Chroma collection of chunks (of every stored generation: see :meth:`snapshot`)."""
        return self._view.chunks()

    def sentences(self) -> SentenceStore:
        """The sentence store."""
        return self._view.sentences

    def close(self) -> None:
        """Forget open stores and the loaded generation (the next use reopens them)."""
        self._view.close()

    # ----------------------------------------------------------------- state
    def present(self) -> bool:
        """Whether the index's local files are there (cheap; says nothing of their consistency)."""
        return self._freshness.present()

    def status(self) -> Status:
        """``"missing"``, ``"stale"`` (the corpus, chunking or encoder changed) or ``"fresh"``."""
        return self._freshness.status()

    def is_consistent(self) -> bool:
        """Whether the current generation loads and its chunks and sentences are stored."""
        return self._freshness.is_consistent()

    def load_manifest(self) -> Manifest | None:
        """The current generation's manifest, or ``None`` when there is none or it is unreadable."""
        return self._view.load_manifest()

    def snapshot(self) -> Generation:
        """The generation to answer from: the one ``CURRENT`` names, loaded once per swap.

        A search takes one snapshot and uses it throughout, so it sees one generation whole
        even when an ingest publishes another meanwhile.

        Raises:
            IndexReadError: When no generation has been published, or the one named is damaged.
        """
        with reading("loading the current generation"):
            return self._view.snapshot()

    # ----------------------------------------------------------------- readiness
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
        if not self._writer.acquire(blocking=False):
            if self._view.loaded is not None:
                return []  # this process is writing; the published generation stays whole
            self._writer.acquire()
        try:
            with reading("making the index ready"):
                return self._make_ready()
        finally:
            self._writer.release()

    def recover(self) -> list[str]:
        """After a failed read: reopen the stores, and rebuild the index if it is damaged.

        Returns:
            Notices of what was done (empty when reopening was enough).
        """
        with self._writer:
            self._view.close()
            return self._make_ready()

    def _make_ready(self) -> list[str]:
        """Check and repair; when another process's ingest leaves nothing to answer from, wait for it, then again.

        The caller holds ``_writer`` once; it is released while waiting (see the lock order).
        """
        try:
            return self._readiness.check_and_repair()
        except IndexBusyError:
            self._writer.release()
            try:
                self.layout.wait_for_writer(WAIT_FOR_INGEST_SECONDS)
            finally:
                self._writer.acquire()
        self._view.close()
        return self._readiness.check_and_repair()

    def ensure_query_encoder(self) -> list[str]:
        """Load the ONNX export for questions, exporting it when it is missing or damaged (loads torch once).

        Returns:
            A notice when an export was made (see :meth:`QueryEncoderLoader.ensure`).
        """
        return self._questions.ensure()

    def query_encoder(self) -> Encoder:
        """The encoder for questions: the ONNX export when usable, else :attr:`embedder`."""
        return self._questions.get()

    # ----------------------------------------------------------------- writing
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
        with self.layout.writing(), self._writer:
            report = self._ingest.run(corpus, scope, progress, rebuild=rebuild)
        report.seconds = time.perf_counter() - started
        report.notices = self.ensure_query_encoder()
        return report

    def reset(self) -> None:
        """Delete everything in the data directory's index (the corpus is untouched).

        Raises:
            IndexBusyError: When an ingest is running.
            ChromaUnavailableError: When the Chroma server cannot be reached (nothing is deleted).
        """
        with self.layout.writing(), self._writer:
            delete_index(self._view)

    # ----------------------------------------------------------------- queries
    def lexical(self) -> LexicalIndex:
        """The current generation's BM25 index."""
        return self.snapshot().lexical

    def dense_search(self, vector: np.ndarray, k: int, generation: Generation | None = None) -> list[tuple[str, float]]:
        """Nearest chunks of a generation to ``vector`` as ``(chunk_id, cosine)`` pairs, best first.

        Args:
            vector: The query embedding.
            k: How many chunks to return (fewer when the generation has fewer).
            generation: The generation to search; default :meth:`snapshot`.
        """
        generation = generation or self.snapshot()
        with reading("searching the chunk vectors"):
            return nearest_in(self._view.chunks(), vector, k, generation)

    def get_chunks(self, ids: list[str]) -> dict[str, ChunkRecord]:
        """Chunks by id (missing ids are left out)."""
        if not ids:
            return {}
        with reading("reading chunks"):
            return get_chunk_records(self._view.chunks(), ids)

    def get_sentences(self, ids: list[str]) -> dict[str, SentenceRecord]:
        """Sentences by id, with their stored vectors and tokens (missing ids are left out)."""
        with reading("reading sentences"):
            return self._view.sentences.get(ids)
