"""Which encoder questions use: the ONNX export of the model when it is usable, else the index's encoder.

Both give the same vectors (the export is checked when made); the ONNX one starts without importing
torch. Exports exist only for the packaged MiniLM :class:`~assistant.index.embedding.Embedder`;
any other encoder (:class:`~assistant.index.fake_encoder.FakeEncoder`) encodes questions itself.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.index.embedding import Embedder, model_path
from assistant.index.encoder import MODEL_NAME, Encoder
from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.index.query_encoder import OnnxQueryEncoder

log = logging.getLogger(__name__)


class QueryEncoderLoader:
    """Loads the ONNX export for questions, exporting it when it is missing or damaged.

    Args:
        settings: ``query_encoder`` (``"onnx"`` or ``"sentence-transformers"``) and the export's folder.
        embedder: The index's encoder: what is exported, and the fallback.
        export_lock: Held while exporting (the index's writer lock: an export and an ingest both
            use the loaded model, and one export at a time writes the folder).
    """

    def __init__(self, settings: Settings, embedder: Encoder, export_lock: threading.RLock) -> None:
        self.settings = settings
        self.embedder = embedder
        self._export_lock = export_lock
        self._encoder: OnnxQueryEncoder | None = None
        self._failed = False
        self._fallback_logged = False

    def _wanted(self) -> bool:
        """Whether an ONNX export is to be used at all (and has not failed in this process)."""
        return self.settings.query_encoder == "onnx" and isinstance(self.embedder, Embedder) and not self._failed

    def ensure(self) -> list[str]:
        """Load the export, exporting it when it is missing or damaged (loads torch once).

        Loading checks the export (:func:`assistant.index.query_encoder.load_query_encoder`): a file
        whose content is no longer what was written is exported again, so the next start is
        fast again.

        Returns:
            A notice when an export was made; nothing when one was there, is not wanted
            (``settings.query_encoder``, or an encoder other than the packaged model), or failed
            (then questions use sentence-transformers and a warning is logged once).
        """
        if not self._wanted() or self._encoder is not None:
            return []
        from assistant.index import query_encoder as qe

        folder, model_dir = self.settings.encoder_folder, Path(model_path())
        try:
            self._encoder = qe.load_query_encoder(folder, MODEL_NAME, model_dir)
        except qe.DamagedExportError as exc:
            reason: str | None = str(exc)
            log.warning("%s; exporting it again", exc)
        except Exception as exc:  # an intact export onnxruntime cannot run: exporting again would not help
            self._failed = True
            log.warning("%s; questions are encoded with sentence-transformers (slower start-up)", exc)
            return []
        else:
            if self._encoder is not None:
                return []
            check = qe.check_export(folder, MODEL_NAME, model_dir)
            reason = check.detail if check.state != "missing" else None
        return self._export(folder, model_dir, reason)

    def _export(self, folder: Path, model_dir: Path, reason: str | None) -> list[str]:
        """Export the model into ``folder``; ``reason`` says why an export that was there is replaced."""
        from assistant.index import query_encoder as qe

        embedder = self.embedder
        if not isinstance(embedder, Embedder):  # (ruled out by _wanted(); only the packaged model exports)
            return []
        with self._export_lock:
            try:
                record = qe.export_query_encoder(embedder.model, folder, MODEL_NAME, model_dir)
            except (qe.ExportError, OSError) as exc:
                self._failed = True
                log.warning("%s; questions are encoded with sentence-transformers (slower start-up)", exc)
                return []
        if reason is None:
            return [f"Exported the embedding model to ONNX for fast start-up (agreement {record.min_cosine:.6f})."]
        log.warning("exported the embedding model to ONNX again in %s", folder)
        return [
            f"Exported the embedding model to ONNX again for fast start-up, because {reason} "
            f"(agreement {record.min_cosine:.6f})."
        ]

    def get(self) -> Encoder:
        """The encoder for questions: the ONNX export when usable, else the index's encoder.

        Exporting is left to :meth:`ensure` (at start-up and after each ingest); the fallback is
        logged once, saying why and what fixes it.
        """
        if self._encoder is not None:
            return self._encoder
        if not self._wanted():
            return self.embedder
        from assistant.index import query_encoder as qe

        folder = self.settings.encoder_folder
        problem = ""
        try:
            self._encoder = qe.load_query_encoder(folder, MODEL_NAME, Path(model_path()))
        except qe.DamagedExportError as exc:
            self._failed = True  # (checked once per process: a damaged file is hashed each time)
            problem = f"{exc}; `assistant ingest` exports it again"
        except Exception as exc:  # an intact export onnxruntime cannot run
            self._failed = True
            problem = str(exc)
        if self._encoder is not None:
            return self._encoder
        if not self._fallback_logged:
            self._fallback_logged = True
            if not problem:
                detail = qe.check_export(folder, MODEL_NAME, Path(model_path())).detail
                problem = f"{detail}; `assistant ingest` exports it"
            log.warning(
                "the ONNX export of the embedding model is not used: %s. Questions are encoded with "
                "sentence-transformers meanwhile (slower start-up).",
                problem,
            )
        return self.embedder
