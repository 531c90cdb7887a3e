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

from assistant.api import Assistant
from assistant.corpus.glossary import expand
from assistant.index.embedding import MODEL_NAME, model_path, shared_embedder
from assistant.index.lexical import tokenize
from assistant.index.query_encoder import (
    ENCODER_FILE,
    MIN_AGREEMENT,
    RECORD_FILE,
    DamagedExportError,
    EncoderRecord,
    ExportError,
    OnnxQueryEncoder,
    check_export,
    file_sha256,
    file_stamp,
    find_query_encoder,
    load_query_encoder,
    model_fingerprint,
    read_record,
)
from assistant.index.store import IndexStore
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
    assert record.sha256 == file_sha256(folder / ENCODER_FILE)
    assert record.stamp == file_stamp(folder / ENCODER_FILE)
    assert record.probe is not None and len(record.probe) == 384


FAKE_EXPORT = bytes(range(256)) * 64  # 16 kB: not a model, but hashed and stamped like one


def write_record(folder: Path, **changes: object) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ENCODER_FILE).write_bytes(FAKE_EXPORT)
    record = {
        "model": MODEL_NAME,
        "model_fingerprint": model_fingerprint(MODEL_DIR),
        "max_seq_length": 256,
        "onnx_bytes": len(FAKE_EXPORT),
        "exporter": "test",
        "min_cosine": 1.0,
        "exported_at": "now",
        "sha256": file_sha256(folder / ENCODER_FILE),
        "stamp": file_stamp(folder / ENCODER_FILE),
        "probe": [0.0] * 384,
    } | changes
    (folder / RECORD_FILE).write_text(json.dumps(record), encoding="utf-8")


def overwrite_middle(path: Path, *, keep_time: bool = False) -> None:
    """Overwrite 100 bytes in the middle of ``path`` in place: same size, same inode."""
    before = path.stat()
    with path.open("r+b") as handle:
        handle.seek(before.st_size // 2)
        handle.write(b"\xff" * 100)
    if keep_time:
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size


@pytest.mark.parametrize(
    "changes",
    [
        {"model_fingerprint": [1, 2]},  # exported from other weights
        {"model": "another/model"},
        {"onnx_bytes": 11},  # truncated or replaced file
        {"min_cosine": 0.99},  # did not agree
        {"sha256": None},  # recorded before content hashes: nothing says it is still what was written
        {"sha256": "0" * 64, "stamp": [0, 0, 0]},  # changed since it was written
    ],
)
def test_an_export_that_does_not_match_is_not_used(tmp_path: Path, changes: dict[str, object]) -> None:
    write_record(tmp_path, **changes)
    assert find_query_encoder(tmp_path, MODEL_NAME, MODEL_DIR) is None


def test_a_matching_export_is_found(tmp_path: Path) -> None:
    write_record(tmp_path)
    assert find_query_encoder(tmp_path, MODEL_NAME, MODEL_DIR) == tmp_path / ENCODER_FILE


def test_an_export_overwritten_in_the_middle_keeping_its_size_is_damaged(tmp_path: Path) -> None:
    write_record(tmp_path)
    overwrite_middle(tmp_path / ENCODER_FILE)
    check = check_export(tmp_path, MODEL_NAME, MODEL_DIR)
    assert check.state == "damaged" and "is not what was written" in check.detail
    assert find_query_encoder(tmp_path, MODEL_NAME, MODEL_DIR) is None
    with pytest.raises(DamagedExportError, match="damaged"):
        load_query_encoder(tmp_path, MODEL_NAME, MODEL_DIR)


def test_an_unchanged_export_is_not_hashed_and_a_copied_one_only_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import assistant.index.query_encoder as qe

    write_record(tmp_path)
    hashed: list[Path] = []
    monkeypatch.setattr(qe, "file_sha256", lambda path: hashed.append(path) or file_sha256(path))
    assert check_export(tmp_path, MODEL_NAME, MODEL_DIR).state == "usable"
    assert hashed == []  # the stamp matches: no 90 MB read at start-up
    path = tmp_path / ENCODER_FILE
    copy = tmp_path / "copy"
    copy.write_bytes(path.read_bytes())
    os.replace(copy, path)  # same content, another inode and time stamp
    assert check_export(tmp_path, MODEL_NAME, MODEL_DIR).state == "usable"
    assert hashed == [path]
    record = read_record(tmp_path)
    assert record is not None and record.stamp == file_stamp(path)  # recorded: the next start does not hash
    assert check_export(tmp_path, MODEL_NAME, MODEL_DIR).state == "usable"
    assert hashed == [path]


def test_damage_that_keeps_size_and_time_stamp_is_found_when_loading_fails(tmp_path: Path) -> None:
    write_record(tmp_path)
    overwrite_middle(tmp_path / ENCODER_FILE, keep_time=True)
    assert check_export(tmp_path, MODEL_NAME, MODEL_DIR).state == "usable"  # the stamp cannot tell ...
    with pytest.raises(DamagedExportError, match="does not load"):  # ... the failed load, then the hash, can
        load_query_encoder(tmp_path, MODEL_NAME, MODEL_DIR)


def test_an_intact_export_that_does_not_load_is_not_called_damaged(tmp_path: Path) -> None:
    write_record(tmp_path)  # the bytes are what was written; onnxruntime just cannot read them
    with pytest.raises(ExportError, match="intact") as raised:
        load_query_encoder(tmp_path, MODEL_NAME, MODEL_DIR)
    assert not isinstance(raised.value, DamagedExportError)  # exporting again would not help


def test_the_record_is_replaced_atomically(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_record(tmp_path)
    path = tmp_path / ENCODER_FILE
    os.utime(path, ns=(1, 1))  # a new stamp: the check hashes and records it
    before = (tmp_path / RECORD_FILE).read_bytes()

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)  # the write fails after the bytes were handed over
    assert check_export(tmp_path, MODEL_NAME, MODEL_DIR).state == "usable"
    monkeypatch.undo()
    assert (tmp_path / RECORD_FILE).read_bytes() == before  # the old record, whole
    assert sorted(p.name for p in tmp_path.iterdir()) == [RECORD_FILE, ENCODER_FILE]  # no temporary left
    assert check_export(tmp_path, MODEL_NAME, MODEL_DIR).state == "usable"
    assert read_record(tmp_path).stamp == file_stamp(path)  # type: ignore[union-attr]


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
        "from assistant.cli.main import main\n"
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
def test_a_damaged_export_is_exported_again_at_the_next_start(
    corpus_assistant: Assistant, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    import shutil

    folder = tmp_path / "encoder"
    shutil.copytree(corpus_assistant.settings.encoder_folder, folder)
    path = folder / ENCODER_FILE
    settings = corpus_assistant.settings.model_copy(update={"encoder_dir": folder})
    overwrite_middle(path)
    store = IndexStore(settings)
    with caplog.at_level(logging.WARNING, logger="assistant.index.query_encoder_loader"):
        notices = store.ensure_query_encoder()
    assert len(notices) == 1 and "ONNX again" in notices[0] and "damaged" in notices[0], notices
    assert any("exporting it again" in r.getMessage() for r in caplog.records)
    record = read_record(folder)
    assert record is not None and record.sha256 == file_sha256(path) and record.stamp == file_stamp(path)
    assert isinstance(store.query_encoder(), OnnxQueryEncoder)
    restarted = IndexStore(settings)  # the next start: nothing to do, and no torch needed
    assert restarted.ensure_query_encoder() == [] and isinstance(restarted.query_encoder(), OnnxQueryEncoder)


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
