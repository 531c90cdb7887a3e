"""Which encoder questions use: the ONNX export when usable, else the index's own, said once in the log."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import pytest

from assistant.index.embedding import Embedder
from assistant.index.fake_encoder import FakeEncoder
from assistant.index.query_encoder_loader import QueryEncoderLoader
from assistant.index.store import IndexStore
from assistant.settings import Settings


def test_missing_export_falls_back_to_sentence_transformers_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = Settings(corpus_dir=tmp_path, data_dir=tmp_path / "data", encoder_dir=tmp_path / "none")
    store = IndexStore(settings)
    with caplog.at_level(logging.WARNING, logger="assistant.index.query_encoder_loader"):
        encoder = store.query_encoder()
        store.query_encoder()
    assert encoder is store.embedder
    warnings = [r.getMessage() for r in caplog.records if "ONNX" in r.getMessage()]
    assert len(warnings) == 1 and str(tmp_path / "none") in warnings[0]


def test_sentence_transformers_setting_never_uses_onnx(tmp_path: Path) -> None:
    settings = Settings(corpus_dir=tmp_path, data_dir=tmp_path, query_encoder="sentence-transformers")
    store = IndexStore(settings)
    assert store.query_encoder() is store.embedder
    assert store.ensure_query_encoder() == []


def test_another_encoder_encodes_questions_itself_and_exports_nothing(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = Settings(corpus_dir=tmp_path, data_dir=tmp_path, encoder_dir=tmp_path / "encoder")
    fake = FakeEncoder()
    loader = QueryEncoderLoader(settings, fake, threading.RLock())
    with caplog.at_level(logging.WARNING):
        assert loader.ensure() == [] and loader.get() is fake
    assert not (tmp_path / "encoder").exists() and not caplog.records  # nothing exported, nothing to warn of


def test_only_the_packaged_model_is_exported(tmp_path: Path) -> None:
    settings = Settings(corpus_dir=tmp_path, data_dir=tmp_path, query_encoder="sentence-transformers")
    real = Embedder()
    assert QueryEncoderLoader(settings, real, threading.RLock()).get() is real
    assert real._model is None  # choosing loads no model
