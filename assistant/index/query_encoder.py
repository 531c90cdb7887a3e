"""Encoding questions without torch: the MiniLM ONNX export run by onnxruntime and ``tokenizers``.

The index is built with sentence-transformers (torch). Questions only need one forward pass of
the same model, and importing torch and sentence-transformers costs most of a cold start, so
the model is exported once to ONNX (with torch, while it is loaded anyway for ingesting) into
``settings.encoder_dir`` and questions are encoded from that file.

The export reproduces sentence-transformers exactly: the same ``tokenizer.json`` truncated at the
model's ``max_seq_length`` (256 tokens, not the file's 128), mean pooling over the attention
mask, L2 normalisation. Every export is checked against sentence-transformers on
:data:`AGREEMENT_SAMPLE` (short, long and past-truncation texts) and kept only when every
cosine is at least :data:`MIN_AGREEMENT`; a record of the check sits beside the file.

**Damage.** The record holds the export's SHA-256, the file's identity when it was last hashed
(inode, size, modification time: its *stamp*) and sentence-transformers' vector of
:data:`PROBE`. Hashing the 90 MB file costs about 0.08 s (with the CPU's SHA instructions;
several times that without), a twentieth of a cold ``assistant ask``, so it is not done at every
start: :func:`check_export` hashes the file only when its stamp differs from the record's, which
any write to the file causes (a same-size overwrite included), and then either records the new
stamp (a copy, a ``touch``: same content) or reports the export damaged. A file damaged with its
stamp kept (a bad disk) is caught when loading it fails or its vector of :data:`PROBE` disagrees:
then it is hashed, and reported damaged when the content differs. A damaged export is exported
again (:meth:`assistant.index.store.IndexStore.ensure_query_encoder`).

This module imports neither torch nor sentence-transformers unless :func:`export_query_encoder`
is called.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal, cast

import numpy as np
from pydantic import BaseModel, ValidationError

from assistant.atomic_files import write_text_atomically
from assistant.corpus.glossary import expand
from assistant.index.encoder import EMBEDDING_DIM, MODEL_NAME

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

log = logging.getLogger(__name__)

ENCODER_FILE = "minilm-l6-v2.onnx"
RECORD_FILE = "minilm-l6-v2.json"
OPSET = 17
MIN_AGREEMENT = 0.9999
BATCH = 32
AGREEMENT_SAMPLE = (
    "Who has the right of first refusal on OpenAI's new cloud capacity?",
    "AGI",
    "x",
    "Is the API exclusive to Azure?",
    "What if OpenAI makes $150 billion in profit in 2027: does Microsoft keep access to its technology?",
    "Microsoft’s IP rights now extend through 2032 and include models post-AGI, with safety guardrails.",
    "¿Qué es Stargate? Ünïcödé, emoji 🙂 and symbols <> {} § ¶ — all tokenised.",
    # Past max_seq_length (256 tokens): both encoders must truncate at the same place.
    "The parties agree that the Licensee shall pay the Licensor on or before 30 June 2027. " * 40,
    " ".join(f"clause-{n} applies to party {n % 7} from {2020 + n % 11}" for n in range(300)),
)
# Encoded at every load and compared with sentence-transformers' vector kept in the record (~3 ms).
PROBE = AGREEMENT_SAMPLE[0]


class EncoderRecord(BaseModel):
    """What was exported, from which model, and how well it agreed with sentence-transformers.

    ``sha256``, ``stamp`` and ``probe`` are ``None`` in records written before they existed; such
    an export is exported again, since nothing says whether it is still what was written.
    """

    model: str
    model_fingerprint: list[int]
    max_seq_length: int
    onnx_bytes: int
    exporter: str
    min_cosine: float
    exported_at: str
    sha256: str | None = None
    stamp: list[int] | None = None  # the file's (inode, size, mtime_ns) when it was last hashed
    probe: list[float] | None = None  # sentence-transformers' vector of PROBE


class ExportError(RuntimeError):
    """The ONNX export failed or did not agree with sentence-transformers."""


class DamagedExportError(ExportError):
    """The exported file's content is no longer what was written (its hash differs from the record's)."""


@dataclass(frozen=True)
class ExportCheck:
    """What :func:`check_export` found in the encoder folder.

    Attributes:
        state: ``"usable"``; ``"missing"`` (no export or no record); ``"outdated"`` (of other
            weights or another model, not agreeing, or recorded without a content hash);
            ``"damaged"`` (its content differs from what was written).
        path: The exported file.
        detail: Why it is not usable, for people (empty when it is).
        record: The record beside it, when readable.
    """

    state: Literal["usable", "missing", "outdated", "damaged"]
    path: Path
    detail: str = ""
    record: EncoderRecord | None = None


def model_fingerprint(model_dir: Path) -> list[int]:
    """Size and modification time of the model weights: a cheap check that the export is of these weights."""
    weights = model_dir / "model.safetensors"
    st = weights.stat()
    return [st.st_size, st.st_mtime_ns]


def file_stamp(path: Path) -> list[int]:
    """A file's identity: inode, size and modification time (any write to it changes the last)."""
    st = path.stat()
    return [st.st_ino, st.st_size, st.st_mtime_ns]


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's content, in hex."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _max_seq_length(model_dir: Path) -> int:
    config = json.loads((model_dir / "sentence_bert_config.json").read_text(encoding="utf-8"))
    return int(config["max_seq_length"])


class OnnxQueryEncoder:
    """Encodes texts with the ONNX export; same vectors as sentence-transformers, no torch.

    Satisfies :class:`~assistant.index.encoder.Encoder` (its :attr:`name` is the exported model's).

    Args:
        onnx_path: The exported model.
        model_dir: The packaged model folder (for ``tokenizer.json`` and ``max_seq_length``).
        threads: onnxruntime intra-op threads. One question is a small forward pass: on this
            2-core machine shared with other jobs, 1 thread without spin-waiting was twice as
            fast as onnxruntime's default (2 spinning threads), and a server answering several
            users in parallel is better off with one thread per question anyway.
    """

    def __init__(self, onnx_path: Path, model_dir: Path, threads: int = 1) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        self.onnx_path = onnx_path
        self.name = MODEL_NAME
        self.max_seq_length = _max_seq_length(model_dir)
        tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        # tokenizer.json pads and truncates to a fixed 128; sentence-transformers truncates at
        # max_seq_length and pads to the longest text of the batch.
        tokenizer.enable_truncation(max_length=self.max_seq_length)
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        self._tokenizer = tokenizer
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.log_severity_level = 3
        self._session = onnxruntime.InferenceSession(
            str(onnx_path), sess_options=options, providers=["CPUExecutionProvider"]
        )

    def encode_raw(self, texts: list[str]) -> np.ndarray:
        """Embed texts as given (no glossary expansion), one normalised row per text."""
        rows = []
        for start in range(0, len(texts), BATCH):
            encodings = self._tokenizer.encode_batch(texts[start : start + BATCH])
            ids = np.array([e.ids for e in encodings], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
            types = np.array([e.type_ids for e in encodings], dtype=np.int64)
            (hidden,) = self._session.run(
                ["last_hidden_state"], {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
            )
            weights = mask[:, :, None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            rows.append(pooled / np.clip(norms, 1e-12, None))
        return np.concatenate(rows).astype(np.float32)

    def encode(self, texts: list[str], *, progress: bool = False, expanded: bool = False) -> np.ndarray:
        """Embed texts (glossary-expanded here unless ``expanded``), one normalised row per text.

        The same vectors as :meth:`assistant.index.embedding.Embedder.encode`.
        """
        if not texts:
            return np.zeros((0, EMBEDDING_DIM), dtype=np.float32)
        return self.encode_raw(texts if expanded else [expand(t) for t in texts])

    def encode_query(self, text: str) -> np.ndarray:
        """Embed one question (glossary-expanded) as a normalised vector."""
        return self.encode([text])[0]


_loaded: dict[tuple[str, int, int, int], OnnxQueryEncoder] = {}  # by path and file_stamp()
_loaded_lock = threading.Lock()


def read_record(folder: Path) -> EncoderRecord | None:
    """The record beside the export, or ``None`` when it is missing or unreadable."""
    try:
        return EncoderRecord.model_validate_json((folder / RECORD_FILE).read_text(encoding="utf-8"))
    except (OSError, ValidationError, ValueError):
        return None


def _write_record(folder: Path, record: EncoderRecord) -> None:
    write_text_atomically(folder / RECORD_FILE, record.model_dump_json(indent=1))


def check_export(folder: Path, model_name: str, model_dir: Path) -> ExportCheck:
    """Whether the export in ``folder`` is complete, of the installed model, and intact.

    The file is hashed only when its stamp differs from the record's (it was written to,
    replaced or copied since it was last hashed); when the content is still what was written,
    the new stamp is recorded so the next start need not hash it again.

    Args:
        folder: The encoder folder.
        model_name: The model the export must be of.
        model_dir: The installed model's folder (its weights' fingerprint).

    Returns:
        What was found; ``state == "usable"`` when the export can be loaded.
    """
    path = folder / ENCODER_FILE
    check = _check_once(folder, path, model_name, model_dir)
    if check.state == "damaged":
        # An export being written by another process replaces the file, then the record: the
        # file may have been the new one and the record still the old. Read the record again.
        again = read_record(folder)
        if again is not None and check.record is not None and again.sha256 != check.record.sha256:
            check = _check_once(folder, path, model_name, model_dir)
    return check


def _check_once(folder: Path, path: Path, model_name: str, model_dir: Path) -> ExportCheck:
    record = read_record(folder)
    if record is None or not path.exists():
        return ExportCheck("missing", path, f"there is no complete export in {folder}")
    try:
        fingerprint = model_fingerprint(model_dir)
        stamp = file_stamp(path)
    except OSError as exc:
        return ExportCheck("missing", path, f"the export in {folder} cannot be read: {exc}", record)
    if record.model != model_name or record.model_fingerprint != fingerprint:
        return ExportCheck("outdated", path, f"the export {path} is of another model or other weights", record)
    if record.min_cosine < MIN_AGREEMENT:
        return ExportCheck("outdated", path, f"the export {path} did not agree with sentence-transformers", record)
    if record.sha256 is None or record.stamp is None or record.probe is None:
        return ExportCheck("outdated", path, f"the export {path} was made before its content hash was recorded", record)
    if stamp[1] != record.onnx_bytes:
        detail = f"the export {path} is damaged: {stamp[1]} bytes, {record.onnx_bytes} when it was written"
        return ExportCheck("damaged", path, detail, record)
    if stamp == record.stamp:
        return ExportCheck("usable", path, record=record)
    try:
        digest = file_sha256(path)
    except OSError as exc:
        return ExportCheck("missing", path, f"the export in {folder} cannot be read: {exc}", record)
    if digest != record.sha256:
        detail = f"the export {path} is damaged: its content (sha256 {digest[:12]}…) is not what was written"
        return ExportCheck("damaged", path, detail, record)
    updated = record.model_copy(update={"stamp": stamp})
    try:
        _write_record(folder, updated)
    except OSError as exc:  # a read-only folder: hashed again at the next start, no harm
        log.debug("could not record the export's new stamp in %s: %s", folder, exc)
    return ExportCheck("usable", path, record=updated)


def find_query_encoder(folder: Path, model_name: str, model_dir: Path) -> Path | None:
    """The exported file in ``folder`` when it is complete, of the installed model and intact, else ``None``."""
    check = check_export(folder, model_name, model_dir)
    return check.path if check.state == "usable" else None


def load_query_encoder(folder: Path, model_name: str, model_dir: Path) -> OnnxQueryEncoder | None:
    """The ONNX encoder in ``folder`` (one per file per process), or ``None`` when there is no usable export.

    The loaded encoder must reproduce the record's vector of :data:`PROBE`. When loading fails or
    it does not, the file is hashed: a content that differs from what was written is damage.

    Raises:
        DamagedExportError: When the file's content is not what was written.
        ExportError: When an intact export does not load or does not reproduce its probe vector
            (an onnxruntime problem; exporting again would not help).
    """
    check = check_export(folder, model_name, model_dir)
    if check.state == "damaged":
        raise DamagedExportError(check.detail)
    if check.state != "usable" or check.record is None:
        return None
    path, record = check.path, check.record
    stamp = file_stamp(path)
    key = (str(path.resolve()), stamp[0], stamp[1], stamp[2])
    with _loaded_lock:
        if key in _loaded:
            return _loaded[key]
        try:
            encoder = OnnxQueryEncoder(path, model_dir)
            cosine = float(encoder.encode_raw([PROBE])[0] @ np.asarray(record.probe, dtype=np.float32))
            problem = None if cosine >= MIN_AGREEMENT else f"its vector of a test question is off (cosine {cosine:.6f})"
        except Exception as exc:  # onnxruntime raises its own exception types for a bad file
            problem = f"it does not load ({type(exc).__name__}: {exc})"
        if problem is not None:
            if file_sha256(path) != record.sha256:
                detail = f"the export {path} is damaged: {problem}, and its content is not what was written"
                raise DamagedExportError(detail)
            raise ExportError(f"the export {path} is intact but {problem}")
        _loaded[key] = encoder
        return encoder


def export_query_encoder(model: SentenceTransformer, folder: Path, model_name: str, model_dir: Path) -> EncoderRecord:
    """Export the transformer of ``model`` to ONNX in ``folder`` and check it against ``model``.

    Uses torch's TorchScript-based exporter (``dynamo=False``; needs the ``onnx`` package, not
    ``onnxscript``), with dynamic batch and sequence axes, traced on a padded batch so the
    attention mask stays in the graph. The file is moved into place only after it agreed with
    sentence-transformers on :data:`AGREEMENT_SAMPLE` (cosine ≥ :data:`MIN_AGREEMENT`).

    Args:
        model: The loaded sentence-transformers model.
        folder: Where to write the export and its record.
        model_name: Name recorded with the export.
        model_dir: The model's folder (tokenizer, weights fingerprint).

    Returns:
        The record written beside the export.

    Raises:
        ExportError: When the export fails or disagrees with sentence-transformers.
    """
    import torch

    folder.mkdir(parents=True, exist_ok=True)
    staging = folder / f"{ENCODER_FILE}.{os.getpid()}.tmp"
    try:
        _trace_to_onnx(model, staging)
        candidate = OnnxQueryEncoder(staging, model_dir)
        min_cosine, reference = _agreement(model, candidate)
        digest = file_sha256(staging)
    except Exception as exc:
        staging.unlink(missing_ok=True)
        raise ExportError(f"exporting the embedding model to ONNX failed: {exc}") from exc
    if min_cosine < MIN_AGREEMENT:
        staging.unlink(missing_ok=True)
        raise ExportError(f"the ONNX export disagrees with sentence-transformers (cosine {min_cosine:.6f})")
    target = folder / ENCODER_FILE
    os.replace(staging, target)  # (a rename keeps the inode: the stamp taken next is the file's)
    record = EncoderRecord(
        model=model_name,
        model_fingerprint=model_fingerprint(model_dir),
        max_seq_length=candidate.max_seq_length,
        onnx_bytes=target.stat().st_size,
        exporter=f"torch {torch.__version__} TorchScript exporter, opset {OPSET}",
        min_cosine=min_cosine,
        exported_at=time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        sha256=digest,
        stamp=file_stamp(target),
        probe=[float(x) for x in reference[AGREEMENT_SAMPLE.index(PROBE)]],
    )
    _write_record(folder, record)
    return record


def _trace_to_onnx(model: SentenceTransformer, path: Path) -> None:
    """Write the ONNX graph of ``model``'s transformer (ids, mask, types -> last hidden state) to ``path``."""
    import warnings

    import torch

    transformer = cast("torch.nn.Module", model[0].auto_model)  # a transformers model (torch types it loosely)
    transformer.eval()

    class _LastHiddenState(torch.nn.Module):
        def __init__(self, inner: torch.nn.Module) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids: torch.Tensor, mask: torch.Tensor, types: torch.Tensor) -> torch.Tensor:
            return self.inner(input_ids=input_ids, attention_mask=mask, token_type_ids=types).last_hidden_state

    ids = torch.tensor([[101, 2040, 2038, 1996, 2157, 102], [101, 2003, 102, 0, 0, 0]], dtype=torch.long)
    mask = (ids > 0).long()
    names = ("input_ids", "attention_mask", "token_type_ids", "last_hidden_state")
    dynamic = {name: {0: "batch", 1: "sequence"} for name in names}
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            _LastHiddenState(transformer),
            (ids, mask, torch.zeros_like(ids)),
            str(path),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["last_hidden_state"],
            dynamic_axes=dynamic,
            opset_version=OPSET,
            dynamo=False,
        )


def _agreement(model: SentenceTransformer, candidate: OnnxQueryEncoder) -> tuple[float, np.ndarray]:
    """The lowest cosine between ``candidate``'s vectors (batched and one by one) and ``model``'s, and ``model``'s.

    Returns:
        The minimum cosine over :data:`AGREEMENT_SAMPLE`, and sentence-transformers' vectors of it.
    """
    texts = list(AGREEMENT_SAMPLE)
    reference = model.encode(texts, normalize_embeddings=True, convert_to_numpy=True, batch_size=BATCH)
    batched = candidate.encode_raw(texts)
    single = np.stack([candidate.encode_raw([t])[0] for t in texts])
    return float(min((batched * reference).sum(axis=1).min(), (single * reference).sum(axis=1).min())), reference
