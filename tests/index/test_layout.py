"""The data folder's paths and the writers' file lock."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from filelock import FileLock

from assistant.index.errors import IndexBusyError
from assistant.index.layout import LEGACY_FILES, Layout


def test_paths_of_the_current_generation_follow_the_pointer(tmp_path: Path) -> None:
    layout = Layout(tmp_path)
    assert layout.generation_dir is None and not layout.manifest_path.exists()
    assert layout.manifest_path.parent.name == "none"  # a path that cannot exist
    (tmp_path / "CURRENT").write_text("000007\n")
    assert layout.generation_dir == tmp_path / "generations" / "000007"
    assert layout.manifest_path == tmp_path / "generations" / "000007" / "manifest.json"
    assert layout.lexical_dir == tmp_path / "generations" / "000007" / "lexical"


def test_writing_takes_the_lock_and_creates_the_folder(tmp_path: Path) -> None:
    layout = Layout(tmp_path / "data")
    with layout.writing():
        assert layout.lock_path.exists()
        with pytest.raises(IndexBusyError, match="another ingest is running"), layout.writing():
            pass  # a second writer is refused at once, even in the same process
    with layout.writing():  # released after the first
        pass


def test_a_writer_is_refused_while_another_process_writes(tmp_path: Path) -> None:
    layout = Layout(tmp_path)
    with FileLock(str(layout.lock_path)):
        started = time.monotonic()
        with pytest.raises(IndexBusyError, match=r"ingest\.lock"), layout.writing():
            pass
        assert time.monotonic() - started < 5  # refused, not queued


def test_waiting_for_the_writer_ends_when_it_finishes_or_gives_up(tmp_path: Path) -> None:
    layout = Layout(tmp_path)
    other = FileLock(str(layout.lock_path))
    other.acquire()
    with pytest.raises(IndexBusyError, match="no index to answer from"):
        layout.wait_for_writer(0.1)
    done = threading.Event()

    def wait() -> None:
        layout.wait_for_writer(60)
        done.set()

    waiter = threading.Thread(target=wait)
    waiter.start()
    assert not done.wait(0.3)  # still held
    other.release()
    assert done.wait(30)
    waiter.join()
    with layout.writing():  # the waiter did not keep it
        pass


def test_deleting_local_files_keeps_the_sentences_and_the_encoder(tmp_path: Path) -> None:
    layout = Layout(tmp_path)
    for folder in ("chroma", "generations/000001", "encoder", "lexical"):
        (tmp_path / folder).mkdir(parents=True)
    for name in ("CURRENT", "manifest.json", "sentences.sqlite3"):
        (tmp_path / name).write_text("x")
    assert layout.legacy()
    layout.delete_local_files()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["encoder", "sentences.sqlite3"]
    assert not layout.legacy() and set(LEGACY_FILES) >= {"manifest.json", "lexical"}
