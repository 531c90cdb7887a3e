"""Resetting the index deletes its rows and generations, never the corpus or the encoder's export."""

from __future__ import annotations

from pathlib import Path

import pytest
from filelock import FileLock

from assistant.index.errors import IndexBusyError
from assistant.index.store import IndexStore


def test_a_reset_leaves_nothing_of_the_index_and_the_next_use_builds_it_again(small_store: IndexStore) -> None:
    small_store.ingest()
    (small_store.data_dir / "encoder").mkdir()
    small_store.reset()
    assert sorted(p.name for p in small_store.data_dir.iterdir()) == ["encoder", "ingest.lock"]
    assert sorted(p.name for p in Path(small_store.settings.corpus_dir).iterdir()) == ["alpha.md", "beta.txt"]
    assert small_store.status() == "missing" and small_store.sentences().count() == 0
    notices = small_store.ensure_ready()
    assert notices and "first time" in notices[0] and small_store.is_consistent()


def test_no_reset_while_an_ingest_runs(small_store: IndexStore) -> None:
    small_store.ingest()
    with FileLock(str(small_store.data_dir / "ingest.lock")), pytest.raises(IndexBusyError):
        small_store.reset()
    assert small_store.is_consistent()
