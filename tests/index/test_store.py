from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from filelock import FileLock

from assistant.api import Assistant
from assistant.index.layout import Layout
from assistant.index.store import ChromaUnavailableError, ChromaUrlError, IndexBusyError, IndexStore, parse_chroma_url
from assistant.settings import Settings

from ..conftest import stop_process

# Index mechanics: every index here is built with the fake encoder (no model is loaded).
pytestmark = pytest.mark.usefixtures("fake_encoder")


def stored_ids(store: IndexStore) -> tuple[set[str], set[str]]:
    """The chunk and sentence ids the stores hold (of every generation kept)."""
    return set(store.chunks().get(include=[])["ids"]), store.sentences().ids()


def generation_ids(store: IndexStore) -> tuple[set[str], set[str]]:
    """The chunk and sentence ids of the generation readers use."""
    generation = store.snapshot()
    return set(generation.members), generation.manifest.sentence_ids()


def test_ingest_builds_chunks_sentences_and_lexical_index(small_store: IndexStore) -> None:
    report = small_store.ingest()
    assert report.documents == 2 and sorted(report.added) == ["alpha.md", "beta.txt"]
    chunks, sentences = stored_ids(small_store)
    assert len(chunks) == report.chunks > 0
    assert len(sentences) == 4
    assert len(small_store.lexical().chunk_ids) == len(chunks)
    assert small_store.status() == "fresh"
    assert "2 documents" in report.summary() and " s " in report.summary()


def test_reingest_is_idempotent(small_store: IndexStore) -> None:
    small_store.ingest()
    before = stored_ids(small_store)
    report = small_store.ingest()
    assert report.unchanged == 2 and not (report.added or report.updated or report.removed)
    assert stored_ids(small_store) == before


def test_changed_document_is_replaced_and_removed_one_deleted(small_corpus: Settings) -> None:
    store = IndexStore(small_corpus)
    store.ingest()
    corpus = Path(small_corpus.corpus_dir)
    new_text = "---\ntitle: Alpha\n---\nThe right of first refusal was removed in October 2025.\n"
    (corpus / "alpha.md").write_text(new_text)
    (corpus / "beta.txt").unlink()
    assert store.status() == "stale"
    before = stored_ids(store)
    report = store.ingest()
    assert report.updated == ["alpha.md"] and report.removed == ["beta.txt"]
    chunks, sentences = generation_ids(store)
    texts = [record.text for record in store.get_chunks(sorted(chunks)).values()]
    assert texts == ["The right of first refusal was removed in October 2025."]
    assert len(sentences) == 1
    assert store.lexical().search("Stargate SoftBank", 5) == []
    # The previous generation's rows stay stored for readers still on it, never shown to new ones ...
    assert stored_ids(store) == (before[0] | chunks, before[1] | sentences)
    vector = store.get_sentences(sorted(before[1]))
    for record in vector.values():
        assert {i for i, _ in store.dense_search(record.vector, 10)} <= chunks
    # ... and the next ingest deletes them.
    assert store.ingest().unchanged == 1
    assert stored_ids(store) == (chunks, sentences)


def test_unreadable_file_is_skipped_and_the_rest_ingested(small_corpus: Settings) -> None:
    (Path(small_corpus.corpus_dir) / "broken.txt").write_bytes(b"\xff\xfe\xfa")
    report = IndexStore(small_corpus).ingest()
    assert report.documents == 2
    assert len(report.problems) == 1 and report.problems[0].startswith("broken.txt")


def test_a_file_that_becomes_unreadable_keeps_its_old_chunks(small_corpus: Settings) -> None:
    store = IndexStore(small_corpus)
    store.ingest()
    before = stored_ids(store)
    (Path(small_corpus.corpus_dir) / "beta.txt").write_bytes(b"\xff\xfe\xfa")
    report = store.ingest()
    assert report.problems and report.removed == []
    assert stored_ids(store) == before


def test_missing_index_is_built_and_deleted_index_rebuilt(small_store: IndexStore) -> None:
    notices = small_store.ensure_ready()
    assert notices and "first time" in notices[0]
    assert small_store.ensure_ready() == []
    small_store.close()
    shutil.rmtree(small_store.chroma_dir)
    notices = small_store.ensure_ready()
    assert notices and "rebuilt" in notices[0]
    assert small_store.chunks().count() > 0 and small_store.is_consistent()


def test_corrupt_manifest_triggers_a_rebuild(small_store: IndexStore) -> None:
    small_store.ingest()
    small_store.manifest_path.write_text("{not json")
    notices = small_store.ensure_ready()
    assert notices and "rebuilt" in notices[0]
    assert small_store.is_consistent()


def test_the_loaded_manifest_is_reused_until_its_file_changes(small_store: IndexStore) -> None:
    small_store.ingest()
    assert small_store.load_manifest() is small_store.snapshot().manifest  # not parsed again
    small_store.manifest_path.write_text("{not json")
    assert small_store.load_manifest() is None


def test_changing_chunk_size_marks_the_index_stale(small_corpus: Settings) -> None:
    IndexStore(small_corpus).ingest()
    other = small_corpus.model_copy(update={"chunk_max_chars": 200})
    assert IndexStore(other).status() == "stale"


def test_second_ingest_is_refused_while_one_runs(small_store: IndexStore) -> None:
    small_store.data_dir.mkdir(parents=True, exist_ok=True)
    with FileLock(str(small_store.data_dir / "ingest.lock")), pytest.raises(IndexBusyError, match="another ingest"):
        small_store.ingest()


def test_paths_outside_the_corpus_are_refused(small_store: IndexStore, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="outside the corpus"):
        small_store.ingest([tmp_path])


# ----------------------------------------------------------------------------- the lock order (IndexStore's docstring)
def test_a_question_during_this_processs_own_ingest_is_answered_at_once(small_store: IndexStore) -> None:
    published = small_store.ingest().generation
    (Path(small_store.settings.corpus_dir) / "gamma.md").write_text("Oracle builds data centres in Texas.\n")
    inside, finish = threading.Event(), threading.Event()
    original = small_store._ingest.run

    def slow_run(*args: object, **kwargs: object) -> object:
        inside.set()
        finish.wait(60)
        return original(*args, **kwargs)  # type: ignore[arg-type]

    small_store._ingest.run = slow_run  # type: ignore[method-assign]
    writer = threading.Thread(target=small_store.ingest)
    writer.start()
    try:
        assert inside.wait(60)
        assert small_store.ensure_ready() == []  # no waiting for the writer, no second ingest
        assert small_store.snapshot().name == published
    finally:
        finish.set()
        writer.join(60)
    assert small_store.snapshot().name != published


def test_a_check_holding_the_writer_lock_and_a_direct_ingest_do_not_block_each_other(
    small_store: IndexStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The check takes the writer lock, then finds it must wait for the file lock an ingest of this
    # same process holds while it waits for the writer lock: the check waits with the writer lock released.
    in_check, go, file_locked = threading.Event(), threading.Event(), threading.Event()
    status = small_store._freshness.status

    def paused_status() -> str:
        if threading.current_thread().name == "check":
            in_check.set()
            go.wait(60)
        return status()

    writing = Layout.writing

    @contextlib.contextmanager
    def signalling_writing(layout: Layout) -> Iterator[None]:
        with writing(layout):
            file_locked.set()
            yield

    monkeypatch.setattr(small_store._freshness, "status", paused_status)
    monkeypatch.setattr(Layout, "writing", signalling_writing)
    results: dict[str, object] = {}
    check = threading.Thread(target=lambda: results.update(check=small_store.ensure_ready()), name="check")
    check.start()
    assert in_check.wait(60)  # the check holds the writer lock
    ingest = threading.Thread(target=lambda: results.update(ingest=small_store.ingest()))
    ingest.start()
    assert file_locked.wait(60)  # the ingest holds the file lock, and waits for the writer lock
    go.set()
    check.join(60)
    ingest.join(60)
    assert not check.is_alive() and not ingest.is_alive()  # before, each held what the other waited for
    assert sorted(results["ingest"].added) == ["alpha.md", "beta.txt"]  # type: ignore[attr-defined]
    assert results["check"] == [] and small_store.status() == "fresh"


# ----------------------------------------------------------------------------- Chroma as a server
def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def chroma_binary() -> str:
    local = Path(sys.executable).with_name("chroma")
    found = str(local) if local.exists() else shutil.which("chroma")
    assert found, "the chroma command (installed with chromadb) is missing"
    return found


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[str]:
    """A real `chroma run` on a free loopback port, stopped after the test."""
    port = free_port()
    log = (tmp_path / "chroma.log").open("w")
    process = subprocess.Popen(
        [chroma_binary(), "run", "--path", str(tmp_path / "server"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            assert process.poll() is None, (tmp_path / "chroma.log").read_text()
            assert time.monotonic() < deadline, "the Chroma server did not answer its heartbeat within 60 s"
            time.sleep(0.1)
        yield url
    finally:
        stop_process(process, timeout=10)
        log.close()


@pytest.mark.allow_hosts(["127.0.0.1"])
def test_a_chroma_server_holds_the_collections(small_corpus: Settings, chroma_server: str) -> None:
    settings = small_corpus.model_copy(update={"chroma_url": chroma_server})
    store = IndexStore(settings)
    notices = store.ensure_ready()
    assert notices and "first time" in notices[0]
    assert not store.chroma_dir.exists()  # nothing of Chroma's on local disk
    assert store.manifest_path.exists() and store.lexical_dir.exists()
    assert store.status() == "fresh" and store.is_consistent()

    import chromadb

    host, port = chroma_server.removeprefix("http://").split(":")
    client = chromadb.HttpClient(host=host, port=int(port))
    names = {c.name for c in client.list_collections()}
    assert names == {settings.collection}  # the chunks; sentences stay in the data folder
    assert client.get_collection(settings.collection).count() == store.chunks().count() > 0

    answer = Assistant(settings, store).answer("Which companies fund Stargate?")
    assert answer.kind == "answer" and any(c.source == "beta.txt" for c in answer.citations)

    (Path(settings.corpus_dir) / "beta.txt").unlink()
    lingering = len(store.snapshot().members)
    report = store.ingest()
    lingering -= report.chunks
    assert report.removed == ["beta.txt"] and lingering > 0
    assert client.get_collection(settings.collection).count() == report.chunks + lingering
    assert store.ingest().unchanged == 1  # the next ingest deletes what only the previous generation used
    assert client.get_collection(settings.collection).count() == report.chunks

    # A rebuild writes its rows beside the current ones in the same collection (readers keep
    # answering from those); the next ingest deletes the old ones.
    old = set(store.snapshot().members)
    rebuilt = store.ingest(rebuild=True)
    new = set(store.snapshot().members)
    assert rebuilt.added == ["alpha.md"] and new.isdisjoint(old)
    assert set(client.get_collection(settings.collection).get(include=[])["ids"]) == old | new
    store.ingest()
    assert set(client.get_collection(settings.collection).get(include=[])["ids"]) == new

    store.reset()
    assert {c.name for c in client.list_collections()} == set()


@pytest.mark.allow_hosts(["127.0.0.1"])
def test_an_unreachable_chroma_server_is_named_and_nothing_is_deleted(small_corpus: Settings) -> None:
    settings = small_corpus.model_copy(update={"chroma_url": f"http://127.0.0.1:{free_port()}"})
    store = IndexStore(settings)
    with pytest.raises(ChromaUnavailableError, match=r"cannot reach the Chroma server at http://127\.0\.0\.1"):
        store.ensure_ready()
    with pytest.raises(ChromaUnavailableError):
        store.reset()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://127.0.0.1:8001", ("127.0.0.1", 8001, False)),
        ("https://chroma.example.org", ("chroma.example.org", 443, True)),
        ("http://localhost", ("localhost", 8000, False)),
    ],
)
def test_chroma_url_is_parsed(url: str, expected: tuple[str, int, bool]) -> None:
    assert parse_chroma_url(url) == expected


@pytest.mark.parametrize("url", ["127.0.0.1:8000", "ftp://host:1", "http://", "http://host:notaport"])
def test_a_bad_chroma_url_gets_a_clear_message(url: str) -> None:
    with pytest.raises(ChromaUrlError, match="ASSISTANT_CHROMA_URL"):
        parse_chroma_url(url)
