"""What a check of the index calls for: nothing, a first build, a refresh or a rebuild, and what a busy writer means."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.index.errors import IndexBusyError
from assistant.index.ingest import IngestReport
from assistant.index.readiness import Readiness
from assistant.index.store import IndexStore


class Calls:
    """A stand-in for ``IndexStore.ingest`` that records its calls; ``busy`` makes it refuse like a locked one."""

    def __init__(self, busy: bool = False) -> None:
        self.busy = busy
        self.rebuilds: list[bool] = []

    def __call__(self, rebuild: bool) -> IngestReport:
        self.rebuilds.append(rebuild)
        if self.busy:
            raise IndexBusyError("another ingest is running")
        return IngestReport(documents=2, chunks=2, notices=["exported"])


def readiness(store: IndexStore, ingest: Calls) -> Readiness:
    return Readiness(store.settings, store._view, store._freshness, ingest, lambda: ["encoder ready"])


def test_a_fresh_loaded_index_needs_nothing_but_the_encoder(small_store: IndexStore) -> None:
    small_store.ingest()
    ingest = Calls()
    assert readiness(small_store, ingest).check_and_repair() == ["encoder ready"]
    small_store.close()  # fresh on disk, not loaded: checked for consistency first
    assert readiness(small_store, ingest).check_and_repair() == ["encoder ready"]
    assert ingest.rebuilds == []


def test_nothing_built_is_built_for_the_first_time(small_store: IndexStore) -> None:
    ingest = Calls()
    notices = readiness(small_store, ingest).check_and_repair()
    assert ingest.rebuilds == [False]
    assert notices[0].startswith("Built the index for the first time: Indexed 2 documents") and notices[1] == "exported"


def test_a_changed_corpus_is_refreshed(small_store: IndexStore) -> None:
    small_store.ingest()
    (Path(small_store.settings.corpus_dir) / "gamma.md").write_text("Oracle builds data centres.\n")
    ingest = Calls()
    notices = readiness(small_store, ingest).check_and_repair()
    assert ingest.rebuilds == [False] and notices[0].startswith("The corpus changed, so the index was refreshed")


def test_a_damaged_index_is_rebuilt(small_store: IndexStore) -> None:
    small_store.ingest()
    shutil.rmtree(small_store.lexical_dir)
    small_store.close()
    ingest = Calls()
    notices = readiness(small_store, ingest).check_and_repair()
    assert ingest.rebuilds == [True] and notices[0].startswith("The index was missing or damaged and has been rebuilt")


def test_a_missing_corpus_folder_keeps_the_index_built_earlier(small_store: IndexStore) -> None:
    small_store.ingest()
    shutil.rmtree(small_store.settings.corpus_dir)
    ingest = Calls()
    notices = readiness(small_store, ingest).check_and_repair()
    assert ingest.rebuilds == [] and "is missing; answering from the index built earlier" in notices[0]


def test_a_busy_writer_leaves_a_consistent_index_serving(small_store: IndexStore) -> None:
    small_store.ingest()
    (Path(small_store.settings.corpus_dir) / "gamma.md").write_text("Oracle builds data centres.\n")
    notices = readiness(small_store, Calls(busy=True)).check_and_repair()
    assert notices == [
        "The corpus changed and another ingest is refreshing the index; this answer comes from the index as it was."
    ]


def test_a_busy_writer_with_nothing_to_serve_is_the_callers_to_wait_for(small_store: IndexStore) -> None:
    ingest = Calls(busy=True)
    with pytest.raises(IndexBusyError):
        readiness(small_store, ingest).check_and_repair()
    assert ingest.rebuilds == [False]
