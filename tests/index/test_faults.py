"""Fault injection on a live assistant: the index is deleted or corrupted between questions.

Each fault is followed by a question; the answer must be a real answer (not an error) carrying a
notice that the index was rebuilt, and the rebuilt index must match a fresh ingest.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.api import Assistant
from assistant.index.store import IndexStore
from assistant.settings import Settings

# Index mechanics: every index here is built with the fake encoder (no model is loaded).
pytestmark = pytest.mark.usefixtures("fake_encoder")

QUESTION = "Who holds a right of first refusal on new OpenAI capacity?"


def _delete_chroma(store: IndexStore) -> None:
    shutil.rmtree(store.chroma_dir)


def _garble_sqlite(store: IndexStore) -> None:
    database = store.chroma_dir / "chroma.sqlite3"
    database.write_bytes(b"this is not a database" * 100)


def _delete_vector_segments(store: IndexStore) -> None:
    for segment in store.chroma_dir.iterdir():
        if segment.is_dir():
            shutil.rmtree(segment)


def _delete_lexical(store: IndexStore) -> None:
    shutil.rmtree(store.lexical_dir)


def _truncate_manifest(store: IndexStore) -> None:
    store.manifest_path.write_text('{"documents": {', encoding="utf-8")


def _delete_data_dir(store: IndexStore) -> None:
    shutil.rmtree(store.data_dir)


def _garble_sentence_store(store: IndexStore) -> None:
    store.sentences().close()  # (an open connection would keep reading the old pages)
    store.sentences().path.write_bytes(b"this is not a database either" * 100)
    Path(f"{store.sentences().path}-wal").unlink(missing_ok=True)


def _delete_pointer(store: IndexStore) -> None:
    (store.data_dir / "CURRENT").unlink()


def _delete_generations(store: IndexStore) -> None:
    shutil.rmtree(store.data_dir / "generations")


FAULTS: list[Callable[[IndexStore], None]] = [
    _delete_chroma,
    _garble_sqlite,
    _delete_vector_segments,
    _delete_lexical,
    _truncate_manifest,
    _delete_data_dir,
    _garble_sentence_store,
    _delete_pointer,
    _delete_generations,
]


@pytest.mark.parametrize("fault", FAULTS, ids=[f.__name__.strip("_") for f in FAULTS])
def test_a_damaged_index_is_rebuilt_on_the_next_question(
    small_corpus: Settings, fault: Callable[[IndexStore], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    import assistant.api as service

    monkeypatch.setattr(service, "FRESHNESS_INTERVAL", 0.0)
    assistant = Assistant(small_corpus)
    first = assistant.answer(QUESTION)
    assert first.kind == "answer"
    chunks = assistant.store.chunks().count()

    fault(assistant.store)
    after = assistant.answer(QUESTION)

    assert after.kind == "answer", after.text
    assert [c.quote for c in after.citations] == [c.quote for c in first.citations]
    if fault is not _delete_vector_segments:
        # (A running Chroma keeps the vectors it loaded, so that fault only shows after a restart.)
        assert any("rebuilt" in n or "first time" in n for n in after.notices), after.notices
    assert assistant.store.chunks().count() == chunks
    assert assistant.store.is_consistent()

    restarted = Assistant(small_corpus)  # a new process on the same data folder
    again = restarted.answer(QUESTION)
    assert again.kind == "answer"
    assert [c.quote for c in again.citations] == [c.quote for c in first.citations]


def test_a_fault_between_two_answers_of_a_conversation_loses_nothing(small_corpus: Settings, tmp_path: Path) -> None:
    assistant = Assistant(small_corpus)
    first = assistant.answer(QUESTION)
    _garble_sqlite(assistant.store)
    follow = assistant.answer("And is the API exclusive to Azure?", [(QUESTION, first.text)])
    assert follow.kind == "answer" and any("Azure" in c.quote for c in follow.citations)
