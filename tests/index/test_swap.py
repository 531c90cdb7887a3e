"""Build aside and swap: a reader in another process only ever sees whole generations.

The writer re-ingests a corpus whose every document changes at each revision (and documents come
and go). The reader, a separate process, checks each snapshot it takes: all of its chunks and
sentences are stored, all texts are at one revision, dense and BM25 results stay inside it. With
an index updated in place it would see chunks of two revisions, missing sentences, or dense hits
of chunks the generation does not have.
"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from filelock import FileLock

from assistant.api import Assistant
from assistant.index.store import IndexStore
from assistant.settings import Settings

from ..conftest import stop_process

# Index mechanics: every index here is built with the fake encoder (no model is loaded).
# Readers in other processes through several ingests: about 8 s, so slow though no model is loaded.
pytestmark = [pytest.mark.usefixtures("fake_encoder"), pytest.mark.slow]
READER = Path(__file__).with_name("_swap_reader.py")


def write_revision(corpus: Path, revision: int) -> None:
    """Documents 0..(3 + revision % 3), every sentence naming the revision; the others removed."""
    corpus.mkdir(parents=True, exist_ok=True)
    present = {f"doc-{k}.md" for k in range(4 + revision % 3)}
    for path in corpus.glob("doc-*.md"):
        if path.name not in present:
            path.unlink()
    for name in sorted(present):
        k = name.removeprefix("doc-").removesuffix(".md")
        sentences = " ".join(
            f"In revision {revision}, clause {k}.{j} gives Microsoft right {j} over capacity block {k}."
            for j in range(8)
        )
        (corpus / name).write_text(f"---\ntitle: Document {k}\n---\n{sentences}\n", encoding="utf-8")


def test_a_reader_in_another_process_only_sees_whole_generations(tmp_path: Path) -> None:
    corpus, data = tmp_path / "corpus", tmp_path / "data"
    settings = Settings(corpus_dir=corpus, data_dir=data, chunk_max_chars=200)
    write_revision(corpus, 1)
    store = IndexStore(settings)
    store.ingest()
    reader, log, stop = start_reader(tmp_path, corpus, data)
    try:
        published = ["000001"]
        for revision in range(2, 8):
            write_revision(corpus, revision)
            report = store.ingest()
            published.append(str(report.generation))
            time.sleep(0.3)  # let the reader look at this generation
        stop.touch()
        assert reader.wait(60) == 0
    finally:
        stop_process(reader, timeout=10)

    checks = [json.loads(line) for line in log.read_text().splitlines()]
    violations = [c for c in checks if c["violations"]]
    assert not violations, violations[:5]
    seen = [c["generation"] for c in checks]
    assert len(checks) > 50
    assert seen == sorted(seen)  # never back to an older generation
    assert len(set(seen)) >= 4 and seen[-1] == published[-1]
    for check in checks:  # each generation is the revision it was built from
        assert check["revisions"] == [str(published.index(check["generation"]) + 1)]


def start_reader(tmp_path: Path, corpus: Path, data: Path) -> tuple[subprocess.Popen[bytes], Path, Path]:
    """The reader of tests/_swap_reader.py, started and past its first check."""
    log, stop = tmp_path / "reader.jsonl", tmp_path / "stop"
    reader = subprocess.Popen([sys.executable, str(READER), str(corpus), str(data), str(log), str(stop)])
    deadline = time.monotonic() + 60
    while (not log.exists() or not log.read_text()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return reader, log, stop


def stored_ids(store: IndexStore) -> tuple[set[str], set[str]]:
    """The chunk and sentence ids the stores hold (of every generation kept)."""
    return set(store.chunks().get(include=[])["ids"]), store.sentences().ids()


def test_a_rebuild_keeps_the_current_generation_serving_another_process(tmp_path: Path) -> None:
    corpus, data = tmp_path / "corpus", tmp_path / "data"
    settings = Settings(corpus_dir=corpus, data_dir=data, chunk_max_chars=200)
    write_revision(corpus, 1)
    store = IndexStore(settings)
    old = store.ingest().generation
    old_chunks, old_sentences = stored_ids(store)
    reader, log, stop = start_reader(tmp_path, corpus, data)
    windows: list[tuple[float, float]] = []
    generations = {old}

    def read_checks() -> list[dict]:  # type: ignore[type-arg]
        return [json.loads(line) for line in log.read_text().splitlines() if line.strip()]

    def during_a_rebuild(check: dict) -> bool:  # type: ignore[type-arg]
        return any(started <= check["at"] <= finished for started, finished in windows)

    try:
        # On a loaded machine one rebuild can finish between two of the reader's checks: rebuild again
        # (a few times at most) until the reader has looked while one was under way.
        for _attempt in range(5):
            started = time.time()
            report = store.ingest(rebuild=True)
            windows.append((started, time.time()))
            generations.add(report.generation)
            time.sleep(0.3)  # let the reader look at the rebuilt generation
            if any(during_a_rebuild(c) for c in read_checks()):
                break
        stop.touch()
        assert reader.wait(60) == 0
    finally:
        stop_process(reader, timeout=10)

    checks = read_checks()
    violations = [c for c in checks if c["violations"]]
    assert not violations, violations[:5]  # never a missing or empty index, never a mixture
    during = [c for c in checks if during_a_rebuild(c)]
    assert during and {c["generation"] for c in during} <= generations
    assert old in {c["generation"] for c in checks} and {c["generation"] for c in checks} <= generations
    assert checks[-1]["generation"] == report.generation
    assert all(c["revisions"] == ["1"] for c in checks)
    first_start = windows[0][0]
    gaps = [b["at"] - a["at"] for a, b in itertools.pairwise(checks) if first_start <= b["at"]]
    spent = sum(finished - started for started, finished in windows)
    print(
        f"reader: {len(during)} checks during {len(windows)} rebuild(s) of {spent:.1f} s, longest gap {max(gaps):.3f}s"
    )

    # Everything was encoded again into rows of the new generation's own ...
    new = store.snapshot()
    assert report.documents == len(new.manifest.documents) == 5
    assert sorted(report.added) == sorted(new.manifest.documents)
    assert new.members.isdisjoint(old_chunks) and new.manifest.sentence_ids().isdisjoint(old_sentences)
    # ... the old generation's rows linger one round for readers still on it ...
    assert stored_ids(store) == (old_chunks | new.members, old_sentences | new.manifest.sentence_ids())
    assert new.manifest.lingering == len(old_chunks)
    # ... and the next ingest (nothing to publish) deletes them.
    again = store.ingest()
    assert again.generation == report.generation and again.unchanged == 5
    assert stored_ids(store) == (set(new.members), new.manifest.sentence_ids())
    assert store.is_consistent() and store.status() == "fresh"


def test_a_rebuild_of_a_damaged_index_starts_from_nothing(small_corpus: Settings) -> None:
    store = IndexStore(small_corpus)
    store.ingest()
    (store.data_dir / "CURRENT").write_text("999999\n")  # names a generation that is not there
    report = store.ingest(rebuild=True)
    assert sorted(report.added) == ["alpha.md", "beta.txt"]
    assert sorted(p.name for p in (store.data_dir / "generations").iterdir()) == [report.generation]
    assert stored_ids(store) == (set(store.snapshot().members), store.snapshot().manifest.sentence_ids())
    assert store.is_consistent()


def test_a_rebuild_covers_the_whole_corpus(small_corpus: Settings) -> None:
    with pytest.raises(ValueError, match="whole corpus"):
        IndexStore(small_corpus).ingest([Path(small_corpus.corpus_dir) / "alpha.md"], rebuild=True)


def test_a_question_during_another_process_ingest_is_answered_from_the_current_generation(
    small_corpus: Settings,
) -> None:
    assistant = Assistant(small_corpus)
    first = assistant.answer("Which companies fund Stargate?")
    generation = assistant.store.snapshot().name
    (Path(small_corpus.corpus_dir) / "gamma.md").write_text("Oracle builds data centres in Texas.\n")
    assistant._checked_at = -1e9  # the next question checks the corpus
    with FileLock(str(Path(small_corpus.data_dir) / "ingest.lock")):  # another process is ingesting
        during = assistant.answer("Which companies fund Stargate?")
    assert during.kind == "answer" and during.text == first.text
    assert any("another ingest is refreshing the index" in n for n in during.notices), during.notices
    assert assistant.store.snapshot().name == generation  # nothing was reset or rebuilt meanwhile
    assistant._checked_at = -1e9
    after = assistant.answer("Where does Oracle build data centres?")
    assert any("refreshed" in n for n in after.notices), after.notices
    assert any(c.source == "gamma.md" for c in after.citations), after.text


def test_a_first_question_waits_for_an_ingest_in_another_process(small_corpus: Settings) -> None:
    import threading

    Path(small_corpus.data_dir).mkdir(parents=True)
    held = threading.Event()

    def other_ingest() -> None:  # holds the lock for 1.5 s (and, like a failed ingest, builds nothing)
        with FileLock(str(Path(small_corpus.data_dir) / "ingest.lock")):
            held.set()
            time.sleep(1.5)

    holder = threading.Thread(target=other_ingest)
    holder.start()
    held.wait(10)
    started = time.monotonic()
    answer = Assistant(small_corpus).answer("Which companies fund Stargate?")
    holder.join()
    assert time.monotonic() - started >= 1.4  # it waited for the lock ...
    assert answer.kind == "answer" and any("first time" in n for n in answer.notices)  # ... then built the index


def test_an_index_in_the_layout_before_generations_is_rebuilt(small_corpus: Settings) -> None:
    data = Path(small_corpus.data_dir)
    (data / "lexical").mkdir(parents=True)
    (data / "manifest.json").write_text('{"schema_version": 3, "chunk_max_chars": 500, "chunk_overlap_sentences": 1}')
    store = IndexStore(small_corpus)
    assert store.status() == "missing"
    notices = store.ensure_ready()
    assert notices and "first time" in notices[0]
    assert not (data / "manifest.json").exists() and not (data / "lexical").exists()
    assert store.status() == "fresh" and store.is_consistent()
