"""The SQLite sentence store: rows by content id, added once, read across threads and connections."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import numpy as np
import pytest

from assistant.index.embedding import EMBEDDING_DIM
from assistant.index.sentence_store import SentenceStore


def row(n: int, text: str | None = None) -> tuple[str, str, int, int, str, str, np.ndarray]:
    vector = np.random.default_rng(n).standard_normal(EMBEDDING_DIM).astype(np.float32)
    return (f"s{n}", "a.md", 10 * n, 10 * n + 9, text or f"Sentence {n}.", f"sentenc {n}", vector)


def test_rows_come_back_exactly(tmp_path: Path) -> None:
    store = SentenceStore(tmp_path / "s.sqlite3")
    rows = [row(n) for n in range(3)]
    store.add(rows)
    records = store.get(["s2", "s0", "missing", "s0"])
    assert sorted(records) == ["s0", "s2"]
    record = records["s2"]
    assert (record.text, record.source, record.start, record.end) == ("Sentence 2.", "a.md", 20, 29)
    assert record.tokens == frozenset({"sentenc", "2"})
    assert record.vector.dtype == np.float32 and np.array_equal(record.vector, rows[2][6])
    assert store.count() == 3 and store.ids() == {"s0", "s1", "s2"}


def test_an_id_already_stored_keeps_its_row(tmp_path: Path) -> None:
    store = SentenceStore(tmp_path / "s.sqlite3")
    store.add([row(1, "first")])
    store.add([row(1, "second"), row(2)])
    assert store.get(["s1"])["s1"].text == "first"
    assert store.count() == 2


def test_retain_deletes_every_other_row(tmp_path: Path) -> None:
    store = SentenceStore(tmp_path / "s.sqlite3")
    store.add([row(n) for n in range(10)])
    assert store.retain({"s3", "s7", "not-stored"}) == 8
    assert store.ids() == {"s3", "s7"}
    assert store.retain([]) == 2 and store.count() == 0


def test_more_ids_than_sqlite_binds_at_once(tmp_path: Path) -> None:
    store = SentenceStore(tmp_path / "s.sqlite3")
    store.add([row(n) for n in range(1200)])
    assert len(store.get([f"s{n}" for n in range(1200)])) == 1200


def test_each_thread_reads_with_its_own_connection(tmp_path: Path) -> None:
    store = SentenceStore(tmp_path / "s.sqlite3")
    store.add([row(n) for n in range(50)])
    counts: list[int] = []
    errors: list[BaseException] = []

    def read() -> None:
        try:
            for _ in range(20):
                counts.append(len(store.get([f"s{n}" for n in range(50)])))
        except BaseException as exc:  # the failure being tested for
            errors.append(exc)

    threads = [threading.Thread(target=read) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and counts == [50] * 160


def test_a_reader_sees_committed_rows_only(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    writer, reader = SentenceStore(path), SentenceStore(path)
    writer.add([row(1)])
    assert reader.count() == 1
    connection = sqlite3.connect(path)
    connection.execute("BEGIN")
    connection.execute("INSERT INTO sentences VALUES ('s9', 'a.md', 0, 1, 'x', 'x', zeroblob(1536))")
    assert reader.count() == 1  # a write under way is invisible (WAL), and does not block reading
    connection.commit()
    assert reader.count() == 2
    connection.close()


def test_a_damaged_vector_is_an_error_not_a_wrong_answer(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    store = SentenceStore(path)
    store.add([row(1)])
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE sentences SET vector = x'00'")
    with pytest.raises(sqlite3.DatabaseError, match="vector of 1 bytes"):
        store.get(["s1"])


def test_delete_files_removes_the_database_and_the_next_use_starts_empty(tmp_path: Path) -> None:
    store = SentenceStore(tmp_path / "s.sqlite3")
    store.add([row(1)])
    store.delete_files()
    assert not store.exists() and not (tmp_path / "s.sqlite3-wal").exists()
    assert store.count() == 0
