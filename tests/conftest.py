from __future__ import annotations

import contextlib
import datetime
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.offline import enforce_offline

# The test session is an entry point: offline like the command line and the app.
enforce_offline()
# Tests never write into the repo's data/ folder: the default assistant indexes into a temp dir.
_SESSION_DATA = Path(tempfile.mkdtemp(prefix="assistant-test-data-"))
os.environ["ASSISTANT_DATA_DIR"] = str(_SESSION_DATA)
# One ONNX export of the model for the whole session, shared by every temporary index.
os.environ["ASSISTANT_ENCODER_DIR"] = str(_SESSION_DATA / "encoder")

from assistant.api import Assistant  # noqa: E402
from assistant.index.fake_encoder import FakeEncoder  # noqa: E402
from assistant.index.store import IndexStore  # noqa: E402
from assistant.settings import PROJECT_ROOT, Settings  # noqa: E402

REPO = PROJECT_ROOT
CORPUS = REPO / "corpus"


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(_SESSION_DATA, ignore_errors=True)


@pytest.fixture
def today() -> datetime.date:
    """A fixed "today", so relative dates in questions are reproducible."""
    return datetime.date(2026, 5, 10)


@pytest.fixture(scope="session")
def corpus_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings over the real corpus with an index in a temporary folder."""
    return Settings(corpus_dir=CORPUS, data_dir=tmp_path_factory.mktemp("index"))


@pytest.fixture(scope="session")
def corpus_assistant(corpus_settings: Settings) -> Assistant:
    """An assistant over the real corpus, index built once for the session."""
    assistant = Assistant(corpus_settings)
    assistant.prepare()
    return assistant


ARTICLE_LIKE = {
    "alpha.md": (
        "---\ntitle: Alpha note\ndate: 2025-01-21\nkind: note\nconfidence: primary\n---\n"
        "Microsoft holds a right of first refusal on new OpenAI capacity. "
        "The OpenAI API is exclusive to Azure.\n"
    ),
    "beta.txt": "Stargate is a joint venture that invests in AI infrastructure. SoftBank and Oracle fund it.\n",
}


@pytest.fixture
def small_corpus(tmp_path: Path) -> Iterator[Settings]:
    """A two-document corpus and an empty data folder, for ingest tests."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in ARTICLE_LIKE.items():
        (corpus / name).write_text(text, encoding="utf-8")
    yield Settings(corpus_dir=corpus, data_dir=tmp_path / "data")


@pytest.fixture
def fake_encoder(monkeypatch: pytest.MonkeyPatch) -> FakeEncoder:
    """A :class:`FakeEncoder` that every index built without an encoder uses, for tests of mechanics.

    ``Assistant(settings)``, the CLI and ``IndexStore(settings)`` then never load the model.
    """
    import assistant.index.store

    encoder = FakeEncoder()
    monkeypatch.setattr(assistant.index.store, "shared_embedder", lambda: encoder)
    return encoder


@pytest.fixture
def small_store(small_corpus: Settings) -> IndexStore:
    """An index of :func:`small_corpus`, not built yet, with the fake encoder."""
    return IndexStore(small_corpus, embedder=FakeEncoder())


def free_port() -> int:
    """A TCP port on loopback that nothing listens on (needs sockets enabled)."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def process_running(pid: int) -> bool:
    """Whether process ``pid`` exists and has not exited (a zombie waiting to be reaped counts as exited)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return state not in ("Z", "X")


def descendants(pid: int) -> set[int]:
    """Process ids of the living children of ``pid``, their children, and so on (Linux ``/proc``)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(entry.name))
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found and process_running(child):
                found.add(child)
                todo.append(child)
    return found


def wait_until(condition: Any, timeout: float, interval: float = 0.05) -> bool:
    """Poll ``condition()`` until it is true or ``timeout`` seconds have passed; its last value."""
    import time

    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            return bool(condition())
        time.sleep(interval)
    return True


@contextlib.contextmanager
def launched_app(corpus_settings: Settings, *extra_args: str, env: dict[str, str] | None = None) -> Iterator[str]:
    """``python app.py`` in its own process on a free loopback port, over the session's index; yields its URL.

    Tests using it need ``@pytest.mark.enable_socket`` (the client side connects to 127.0.0.1 only).
    """
    with launched_app_process(corpus_settings, *extra_args, env=env) as (url, _process):
        yield url


@contextlib.contextmanager
def launched_app_process(
    corpus_settings: Settings, *extra_args: str, env: dict[str, str] | None = None
) -> Iterator[tuple[str, Any]]:
    """As :func:`launched_app`, yielding the URL and the server's ``subprocess.Popen``."""
    import subprocess
    import sys
    import time

    import httpx

    port = free_port()
    env = {
        **os.environ,
        "ASSISTANT_DATA_DIR": str(corpus_settings.data_dir),
        "ASSISTANT_CORPUS_DIR": str(CORPUS),
        **(env or {}),
    }
    log_path = corpus_settings.data_dir.parent / f"app-{port}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, str(REPO / "app.py"), "--port", str(port), *extra_args],
            cwd=REPO,
            env=env,
            stdout=log,
            stderr=log,
        )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 180
    try:
        while True:
            if process.poll() is not None:
                pytest.fail(f"app.py exited with {process.returncode}:\n{log_path.read_text(errors='replace')}")
            try:
                if httpx.get(url, timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"app.py did not answer within 180 s:\n{log_path.read_text(errors='replace')}")
            time.sleep(0.5)
        yield url, process
    finally:
        stop_process(process)


def stop_process(process: Any, timeout: float = 15) -> None:
    """Terminate a child process, killing it when it does not exit within ``timeout`` seconds."""
    import subprocess

    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="session")
def app_server(corpus_assistant: Assistant, corpus_settings: Settings) -> Iterator[str]:
    """The app served for the whole session (see :func:`launched_app`), with two answer workers (two cores)."""
    with launched_app(corpus_settings, env={"ASSISTANT_APP_CONCURRENCY": "2"}) as url:
        yield url
