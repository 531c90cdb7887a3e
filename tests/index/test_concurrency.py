"""Concurrency: an ingest while ten threads ask questions loses nothing and duplicates nothing."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from assistant.api import Assistant
from assistant.index.store import IndexBusyError, IndexStore
from assistant.models import Answer
from assistant.settings import Settings

# Index mechanics: every index here is built with the fake encoder (no model is loaded).
pytestmark = pytest.mark.usefixtures("fake_encoder")

NOTES = {
    f"note-{n:02d}.md": (
        f"---\ntitle: Note {n}\ndate: 2025-0{1 + n % 9}-01\nconfidence: primary\n---\n"
        f"Under agreement number {n}, Microsoft holds a right of first refusal on new OpenAI capacity. "
        f"The OpenAI API is exclusive to Azure until {2030 + n}. "
        f"Stargate site {n} is planned in Texas with Oracle and SoftBank as partners.\n"
    )
    for n in range(12)
}
QUESTIONS = [
    "Who holds a right of first refusal on new OpenAI capacity?",
    "Is the OpenAI API exclusive to Azure?",
    "Where is the Stargate site planned?",
    "What is the boiling point of water?",
]


def _corpus(root: Path, names: list[str]) -> Settings:
    corpus = root / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    for name in names:
        (corpus / name).write_text(NOTES[name], encoding="utf-8")
    return Settings(corpus_dir=corpus, data_dir=root / "data")


def test_ingest_while_ten_threads_ask(tmp_path: Path) -> None:
    names = sorted(NOTES)
    settings = _corpus(tmp_path / "live", names[:4])
    assistant = Assistant(settings)
    assistant.prepare()
    for name in names[4:]:  # the corpus grows; the next ingest has work to do
        (settings.corpus_dir / name).write_text(NOTES[name], encoding="utf-8")

    answers: list[Answer] = []
    errors: list[BaseException] = []
    stop = threading.Event()

    def ask(worker: int) -> None:
        n = 0
        while not stop.is_set() or n < 3:
            try:
                answers.append(assistant.answer(QUESTIONS[(worker + n) % len(QUESTIONS)]))
            except BaseException as exc:  # any exception here is the failure being tested for
                errors.append(exc)
            n += 1

    threads = [threading.Thread(target=ask, args=(w,)) for w in range(10)]
    for thread in threads:
        thread.start()
    report = assistant.store.ingest()
    stop.set()
    for thread in threads:
        thread.join(120)

    assert not errors, errors[:3]
    assert len(answers) >= 30
    for answer in answers:
        assert answer.kind in ("answer", "abstain")
        for citation in answer.citations:
            document = assistant.sources.get(citation.source)
            assert document is not None and document.text[citation.start : citation.end] == citation.quote
    assert sorted(report.added) == names[4:]

    fresh = IndexStore(_corpus(tmp_path / "fresh", names))
    fresh.ingest()
    assert assistant.store.chunks().count() == fresh.chunks().count()
    assert assistant.store.sentences().count() == fresh.sentences().count()
    assert assistant.store.is_consistent()


def test_a_second_ingest_at_the_same_time_is_refused_with_a_message(tmp_path: Path) -> None:
    settings = _corpus(tmp_path, sorted(NOTES))
    first, second = IndexStore(settings), IndexStore(settings)
    outcome: list[str] = []
    started = threading.Event()

    original = first._ingest.run

    def signalling_ingest(*args: object, **kwargs: object) -> object:
        started.set()  # the first ingest holds the lock from here on
        return original(*args, **kwargs)  # type: ignore[arg-type]

    first._ingest.run = signalling_ingest  # type: ignore[method-assign]
    runner = threading.Thread(target=first.ingest)
    runner.start()
    started.wait(60)
    try:
        second.ingest()
        outcome.append("ran")
    except IndexBusyError as exc:
        outcome.append(str(exc))
    runner.join(120)
    assert outcome and "another ingest is running" in outcome[0]
    fresh = IndexStore(_corpus(tmp_path / "fresh", sorted(NOTES)))
    fresh.ingest()
    assert first.chunks().count() == fresh.chunks().count()  # nothing duplicated, nothing lost
