"""Checks of the index against the corpus and against itself: cheap presence, freshness, consistency."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Literal

from assistant.corpus.documents import find_corpus_files
from assistant.corpus.glossary import glossary_fingerprint
from assistant.index.chroma import ChromaUnavailableError
from assistant.index.errors import reading
from assistant.index.generations import LEXICAL, MANIFEST
from assistant.index.lexical import IDS_FILE, TOKENIZER_VERSION
from assistant.index.manifest import Manifest, file_stat
from assistant.index.view import IndexView
from assistant.settings import Settings

log = logging.getLogger(__name__)

Status = Literal["missing", "stale", "fresh"]
SAMPLE = 16  # ids fetched from each store by the consistency check


class Freshness:
    """What state the index in a data folder is in.

    Args:
        settings: The corpus folder and the chunking the index must have been built with.
        view: This process's view of the index.
        model: The name of the encoder the index must have been built with.
    """

    def __init__(self, settings: Settings, view: IndexView, model: str) -> None:
        self.settings = settings
        self.view = view
        self.model = model

    def template(self) -> Manifest:
        """An empty manifest of the build these settings and this encoder make."""
        return Manifest(
            model=self.model,
            chunk_max_chars=self.settings.chunk_max_chars,
            chunk_overlap_sentences=self.settings.chunk_overlap_sentences,
            glossary=glossary_fingerprint(),
            tokenizer=TOKENIZER_VERSION,
        )

    def present(self) -> bool:
        """Whether the index's local files are there (cheap; says nothing of their consistency)."""
        folder = self.view.layout.generation_dir
        if folder is None:
            return False
        local = self.view.remote or self.view.layout.chroma_dir.exists()
        files = (folder / MANIFEST, folder / LEXICAL / IDS_FILE, self.view.sentences.path)
        return local and all(path.exists() for path in files)

    def status(self) -> Status:
        """``"missing"``, ``"stale"`` (the corpus, chunking, glossary, tokenizer or encoder changed) or ``"fresh"``."""
        manifest = self.view.load_manifest()
        if manifest is None or not self.present():
            return "missing"
        if not manifest.same_build(self.template()):
            return "stale"
        corpus = Path(self.settings.corpus_dir).resolve()
        files = find_corpus_files([corpus], corpus) if corpus.is_dir() else []
        sources = {p.relative_to(corpus).as_posix(): p for p in files}
        known = {source: entry.stat for source, entry in manifest.documents.items()} | manifest.skipped
        if set(sources) != set(known):
            return "stale"
        for source, path in sources.items():
            try:
                if file_stat(path) != known[source]:
                    return "stale"
            except OSError:
                return "stale"
        return "fresh"

    def is_consistent(self) -> bool:
        """Whether the current generation loads and its chunks and sentences are stored.

        Counts are compared (the stores may hold more: rows of the previous generation, or of
        an ingest under way) and a spread sample of ids is fetched from each store.

        Raises:
            ChromaUnavailableError: When the Chroma server does not answer (that is no damage).
        """
        view = self.view
        try:
            with reading("loading the current generation"):
                generation = view.snapshot()
            if not self.present():
                return False
            chunk_ids = sorted(generation.members)
            sentence_ids = sorted(generation.manifest.sentence_ids())
            if view.chunks().count() < len(chunk_ids) or view.sentences.count() < len(sentence_ids):
                return False
            chunk_sample = spread(chunk_ids, SAMPLE)
            sentence_sample = spread(sentence_ids, SAMPLE)
            found_chunks = view.chunks().get(ids=chunk_sample, include=[])["ids"] if chunk_sample else []
            found_sentences = view.sentences.get(sentence_sample)
        except ChromaUnavailableError:
            raise
        except Exception as exc:
            log.warning("index check failed: %s", exc)
            return False
        return len(found_chunks) == len(chunk_sample) and len(found_sentences) == len(sentence_sample)

    def serving(self) -> bool:
        """Whether a current generation can be read from disk with all its rows stored (what readers use)."""
        return self.view.load_manifest() is not None and self.is_consistent()


def spread(items: list[str], count: int) -> list[str]:
    """Up to ``count`` items spread evenly over ``items``."""
    if len(items) <= count:
        return list(items)
    step = len(items) / count
    return [items[int(n * step)] for n in range(count)]
