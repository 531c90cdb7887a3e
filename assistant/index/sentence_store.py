"""The sentences answers quote, in one SQLite file beside the index.

Sentences are only ever read by id (the chunks retrieved name them), never searched by
vector, so they do not need a vector database: a table keyed by the sentence's content hash
holds its text, offsets, lexical tokens and vector. Writing 40,000 sentences here takes about
0.5 s, where the same rows cost about 6 s as a Chroma collection (its embeddings queue, metadata
rows and HNSW graph); that difference was most of what ingest spent beyond encoding.

The file is in WAL mode: readers in other processes keep reading while an ingest writes, and
each read sees committed rows only. Rows are content-addressed and added with ``INSERT OR
IGNORE``, so an ingest never changes a row a reader may be using; rows no generation of the
index needs any more are deleted by :meth:`SentenceStore.retain`.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.index.encoder import EMBEDDING_DIM

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sentences (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    tokens TEXT NOT NULL,
    vector BLOB NOT NULL
)
"""
# (A rowid table: rows of ~1.8 kB, mostly the vector, pack two to a page; WITHOUT ROWID stored
# each on a page and an overflow page of its own, 2.5 times the size.)
_VECTOR_BYTES = EMBEDDING_DIM * 4  # float32
_SELECT_BATCH = 500  # below SQLite's limit on bound parameters


@dataclass(frozen=True)
class SentenceRecord:
    """A sentence as stored: text, offsets, source, vector and its lexical tokens."""

    id: str
    text: str
    source: str
    start: int
    end: int
    vector: np.ndarray
    tokens: frozenset[str] | None = None


class SentenceStore:
    """Sentence rows by id, in ``path`` (created on first write).

    Each thread gets its own connection (SQLite connections are not shared across threads).

    Args:
        path: The database file.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._connections_lock = threading.Lock()

    def exists(self) -> bool:
        """Whether the database file is there."""
        return self.path.exists()

    def _connection(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=30.0, check_same_thread=False)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute(_SCHEMA)
            self._local.connection = connection
            with self._connections_lock:
                self._connections.append(connection)
        return connection

    def add(self, rows: Iterable[tuple[str, str, int, int, str, str, np.ndarray]]) -> None:
        """Store ``(id, source, start, end, text, tokens, vector)`` rows; ids already stored are kept.

        All rows are written in one transaction.
        """
        connection = self._connection()
        with connection:
            connection.executemany(
                "INSERT OR IGNORE INTO sentences VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    (i, source, start, end, text, tokens, np.asarray(vector, dtype=np.float32).tobytes())
                    for i, source, start, end, text, tokens, vector in rows
                ),
            )

    def get(self, ids: list[str]) -> dict[str, SentenceRecord]:
        """Sentences by id (ids not stored are left out)."""
        records: dict[str, SentenceRecord] = {}
        if not ids:
            return records
        connection = self._connection()
        unique = list(dict.fromkeys(ids))
        for first in range(0, len(unique), _SELECT_BATCH):
            batch = unique[first : first + _SELECT_BATCH]
            marks = ",".join("?" * len(batch))
            rows = connection.execute(
                f"SELECT id, text, source, start, end, tokens, vector FROM sentences WHERE id IN ({marks})",
                batch,
            )
            for i, text, source, start, end, tokens, blob in rows:
                if len(blob) != _VECTOR_BYTES:
                    raise sqlite3.DatabaseError(f"sentence {i} in {self.path} has a vector of {len(blob)} bytes")
                vector = np.frombuffer(blob, dtype=np.float32)
                records[i] = SentenceRecord(i, text, source, int(start), int(end), vector, frozenset(tokens.split()))
        return records

    def count(self) -> int:
        """Number of stored sentences."""
        return int(self._connection().execute("SELECT count(*) FROM sentences").fetchone()[0])

    def ids(self) -> set[str]:
        """Every stored sentence id."""
        return {row[0] for row in self._connection().execute("SELECT id FROM sentences")}

    def retain(self, keep: Iterable[str]) -> int:
        """Delete every sentence whose id is not in ``keep``; return how many were deleted."""
        connection = self._connection()
        with connection:
            connection.execute("CREATE TEMP TABLE IF NOT EXISTS keep (id TEXT PRIMARY KEY) WITHOUT ROWID")
            connection.execute("DELETE FROM keep")
            connection.executemany("INSERT OR IGNORE INTO keep VALUES (?)", ((i,) for i in keep))
            deleted = connection.execute("DELETE FROM sentences WHERE id NOT IN (SELECT id FROM keep)").rowcount
            connection.execute("DELETE FROM keep")
        return int(deleted)

    def close(self) -> None:
        """Close every thread's connection (the next call opens a new one)."""
        with self._connections_lock:
            for connection in self._connections:
                try:
                    connection.close()
                except sqlite3.Error:
                    pass
            self._connections.clear()
        self._local = threading.local()

    def delete_files(self) -> None:
        """Close the connections and delete the database with its WAL and shared-memory files."""
        self.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
