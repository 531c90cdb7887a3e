"""Where the index's files are in the data folder, and the lock its writers take.

Layout of ``settings.data_dir``::

    chroma/             Chroma's persistent store: collection ``<name>``, the chunks
    sentences.sqlite3   the sentences answers quote (:mod:`assistant.index.sentence_store`)
    generations/<n>/    one generation: manifest.json and lexical/ (the bm25s index)
    CURRENT             the name of the generation readers use
    ingest.lock         held while an ingest or a reset writes
    encoder/            the ONNX export of the embedding model questions are encoded with
                        (``settings.encoder_dir``; see :mod:`assistant.index.query_encoder`)

With ``settings.chroma_url`` set, the chunk collection lives on that Chroma server instead of
in ``chroma/``; everything else stays in the data directory.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout

from assistant.index.errors import IndexBusyError
from assistant.index.generations import LEXICAL, MANIFEST, POINTER, generations_dir, read_pointer

CHROMA_FOLDER = "chroma"
SENTENCES_FILE = "sentences.sqlite3"
LOCK_FILE = "ingest.lock"
# Files of the layout before generations (schema 3 and earlier); an index in it is rebuilt.
LEGACY_FILES = ("manifest.json", "lexical", "lexical.new", "lexical.old")


@dataclass(frozen=True)
class Layout:
    """The paths of one data folder's index.

    Attributes:
        data_dir: The data folder.
    """

    data_dir: Path

    @property
    def chroma_dir(self) -> Path:
        """Chroma's local store (unused with a Chroma server)."""
        return self.data_dir / CHROMA_FOLDER

    @property
    def sentences_path(self) -> Path:
        """The SQLite file of sentences."""
        return self.data_dir / SENTENCES_FILE

    @property
    def lock_path(self) -> Path:
        """The file lock writers hold."""
        return self.data_dir / LOCK_FILE

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

    def legacy(self) -> bool:
        """Whether files of the layout before generations are there (such an index is rebuilt)."""
        return any((self.data_dir / name).exists() for name in LEGACY_FILES)

    def delete_local_files(self) -> None:
        """Delete Chroma's local store, the generations, ``CURRENT`` and legacy files (not the sentences)."""
        for path in (self.chroma_dir, generations_dir(self.data_dir)):
            shutil.rmtree(path, ignore_errors=True)
        (self.data_dir / POINTER).unlink(missing_ok=True)
        for name in LEGACY_FILES:
            legacy = self.data_dir / name
            if legacy.is_dir():
                shutil.rmtree(legacy, ignore_errors=True)
            else:
                legacy.unlink(missing_ok=True)

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the writers' file lock, or fail at once when another writer (any process) holds it.

        Raises:
            IndexBusyError: When another ingest or reset holds the lock.
        """
        self.data_dir.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(self.lock_path), timeout=0)
        try:
            lock.acquire()
        except Timeout as exc:
            raise IndexBusyError(
                f"another ingest is running (lock {self.lock_path}); try again when it finishes"
            ) from exc
        try:
            yield
        finally:
            lock.release()

    def wait_for_writer(self, seconds: float) -> None:
        """Block until the writer holding the lock finishes (the lock is released again at once).

        Raises:
            IndexBusyError: When it is still held after ``seconds``.
        """
        try:
            with FileLock(str(self.lock_path), timeout=seconds):
                return
        except Timeout as exc:
            raise IndexBusyError(
                f"another ingest has held {self.lock_path} for {seconds:.0f} s and there is "
                "no index to answer from meanwhile"
            ) from exc
