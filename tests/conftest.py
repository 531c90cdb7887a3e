from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

# Tests never write into the repo's data/ folder: the default assistant indexes into a temp dir.
_SESSION_DATA = Path(tempfile.mkdtemp(prefix="assistant-test-data-"))
os.environ["ASSISTANT_DATA_DIR"] = str(_SESSION_DATA)
# One ONNX export of the model for the whole session, shared by every temporary index.
os.environ["ASSISTANT_ENCODER_DIR"] = str(_SESSION_DATA / "encoder")

from assistant.index import IndexStore  # noqa: E402
from assistant.service import Assistant  # noqa: E402
from assistant.settings import PROJECT_ROOT, Settings  # noqa: E402

REPO = PROJECT_ROOT
CORPUS = REPO / "corpus"


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(_SESSION_DATA, ignore_errors=True)


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
def small_store(small_corpus: Settings) -> IndexStore:
    return IndexStore(small_corpus)
