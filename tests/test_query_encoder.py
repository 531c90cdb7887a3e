from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import yaml

from assistant.embedding import MODEL_NAME, model_path, shared_embedder
from assistant.glossary import expand
from assistant.index import IndexStore
from assistant.lexical import tokenize
from assistant.query_encoder import (
    ENCODER_FILE,
    MIN_AGREEMENT,
    RECORD_FILE,
    EncoderRecord,
    OnnxQueryEncoder,
    find_query_encoder,
    model_fingerprint,
)
from assistant.service import Assistant
from assistant.settings import PROJECT_ROOT, Settings

MODEL_DIR = Path(model_path())


def sample_texts() -> list[str]:
    cases = yaml.safe_load((PROJECT_ROOT / "evals" / "abstain.yaml").read_text(encoding="utf-8"))["cases"]
    article = (PROJECT_ROOT / "corpus" / "stargate-article.txt").read_text(encoding="utf-8")
    paragraphs = [p.strip() for p in article.split("\n") if len(p.strip()) > 40]
    return [
        *(c["question"] for c in cases[::7]),
        *paragraphs[:12],
        article[:6000],  # far past the 256-token truncation
        "Microsoft " * 400,
        "AGI",
        "?",
    ]


@pytest.mark.slow
def test_onnx_and_sentence_transformers_agree(corpus_assistant: Assistant) -> None:
    onnx = corpus_assistant.store.query_encoder()
    assert isinstance(onnx, OnnxQueryEncoder)
    texts = sample_texts()
    reference = shared_embedder().encode(texts)
    cosines = (onnx.encode(texts) * reference).sum(axis=1)
    assert cosines.min() >= MIN_AGREEMENT, list(zip(cosines, texts, strict=True))
    single = np.stack([onnx.encode_query(t) for t in texts])
    assert (single * reference).sum(axis=1).min() >= MIN_AGREEMENT
    assert np.allclose(np.linalg.norm(single, axis=1), 1.0, atol=1e-5)


@pytest.mark.slow
def test_truncation_is_at_max_seq_length_not_the_tokenizer_files_128(corpus_assistant: Assistant) -> None:
    onnx = corpus_assistant.store.query_encoder()
    assert isinstance(onnx, OnnxQueryEncoder) and onnx.max_seq_length == 256
    words = [f"w{n}" for n in range(400)]
    head = " ".join(words[:150])  # about 300 word pieces: past 128, and past 256 only with the tail
    a, b = onnx.encode_raw([head + " alpha beta gamma", head + " delta epsilon zeta"])
    assert float(a @ b) == pytest.approx(1.0, abs=1e-6)  # what differs lies beyond token 256
    c, d = onnx.encode_raw([" ".join(words[:50]) + " alpha", " ".join(words[:50]) + " omega"])
    assert float(c @ d) < 0.9999  # within 128 tokens the difference counts


@pytest.mark.slow
def test_export_record_is_written_beside_the_file(corpus_assistant: Assistant) -> None:
    folder = corpus_assistant.settings.encoder_folder
    record = EncoderRecord.model_validate_json((folder / RECORD_FILE).read_text(encoding="utf-8"))
    assert record.model == MODEL_NAME and record.max_seq_length == 256
    assert record.min_cosine >= MIN_AGREEMENT
    assert record.onnx_bytes == (folder / ENCODER_FILE).stat().st_size
    assert "opset" in record.exporter


def test_missing_export_falls_back_to_sentence_transformers_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = Settings(corpus_dir=tmp_path, data_dir=tmp_path / "data", encoder_dir=tmp_path / "none")
    store = IndexStore(settings)
    with caplog.at_level(logging.WARNING, logger="assistant.index"):
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


def write_record(folder: Path, **changes: object) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ENCODER_FILE).write_bytes(b"x" * 10)
    record = {
        "model": MODEL_NAME,
        "model_fingerprint": model_fingerprint(MODEL_DIR),
        "max_seq_length": 256,
        "onnx_bytes": 10,
        "exporter": "test",
        "min_cosine": 1.0,
        "exported_at": "now",
    } | changes
    (folder / RECORD_FILE).write_text(json.dumps(record), encoding="utf-8")


@pytest.mark.parametrize(
    "changes",
    [
        {"model_fingerprint": [1, 2]},  # exported from other weights
        {"model": "another/model"},
        {"onnx_bytes": 11},  # truncated or replaced file
        {"min_cosine": 0.99},  # did not agree
    ],
)
def test_an_export_that_does_not_match_is_not_used(tmp_path: Path, changes: dict[str, object]) -> None:
    write_record(tmp_path, **changes)
    assert find_query_encoder(tmp_path, MODEL_NAME, MODEL_DIR) is None


def test_a_matching_export_is_found(tmp_path: Path) -> None:
    write_record(tmp_path)
    assert find_query_encoder(tmp_path, MODEL_NAME, MODEL_DIR) == tmp_path / ENCODER_FILE


@pytest.mark.slow
def test_sentences_carry_their_lexical_tokens(corpus_assistant: Assistant) -> None:
    ids = sorted(corpus_assistant.store.sentences().ids())[:20]
    assert ids
    for record in corpus_assistant.store.get_sentences(ids).values():
        assert record.tokens == frozenset(tokenize(expand(record.text)))


@pytest.mark.slow
def test_ask_imports_neither_torch_nor_langchain_nor_gradio(corpus_assistant: Assistant) -> None:
    code = (
        "import sys\n"
        "from assistant.cli import main\n"
        "try:\n"
        "    main(['ask', 'Who has the right of first refusal on new cloud capacity?'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ['torch', 'sentence_transformers', 'transformers', 'langchain_core', 'gradio', 'numba', 'ranx']\n"
        "print('LOADED', [m for m in heavy if m in sys.modules])\n"
    )
    env = os.environ | {
        "ASSISTANT_CORPUS_DIR": str(corpus_assistant.settings.corpus_dir),
        "ASSISTANT_DATA_DIR": str(corpus_assistant.settings.data_dir),
        "ASSISTANT_ENCODER_DIR": str(corpus_assistant.settings.encoder_folder),
    }
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Sources:" in done.stdout
    assert "LOADED []" in done.stdout, done.stdout


@pytest.mark.slow
def test_a_fresh_index_without_an_export_gets_one(small_corpus: Settings, tmp_path: Path) -> None:
    settings = small_corpus.model_copy(update={"encoder_dir": tmp_path / "encoder"})
    IndexStore(settings.model_copy(update={"query_encoder": "sentence-transformers"})).ingest()
    assert not (tmp_path / "encoder").exists()
    store = IndexStore(settings)
    notices = store.ensure_ready()
    assert len(notices) == 1 and "ONNX" in notices[0]
    assert isinstance(store.query_encoder(), OnnxQueryEncoder)
    assert store.ensure_ready() == []
