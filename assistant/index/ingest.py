"""One ingest: plan what changed, write it beside what readers use, publish a generation, collect garbage.

**Build aside and swap.** Chunk and sentence ids are content hashes (source, offset, text) and
the stores only ever *add* rows while an ingest runs: a changed document's new chunks are added
beside its old ones, and nothing a published generation uses is touched. The ingest then writes
its generation (manifest and BM25 index) into a folder of its own and replaces ``CURRENT``
atomically (:mod:`assistant.index.generations`). Rows that only the previous generation used are
deleted at the start of the next ingest, once no reader can still be on it. Re-ingesting an
unchanged corpus writes nothing.

**Rebuild.** A rebuild encodes every document again under a new :attr:`Manifest.id_salt`: the
same texts get new ids, so the new rows go in beside the current generation's instead of over
them, and the swap is the ordinary one. An ingest with another encoder than the current
generation's does the same, so no vector of the other encoder is reused, and so does one after
any other change of the build (chunking, glossary, tokenizer): a sentence's id comes from its text,
not from how it was expanded or tokenised, so under its old id its old row would stay. Only when no
generation is readable (a damaged index) is the data folder reset before building.

The caller holds the writers' locks (:class:`assistant.index.store.IndexStore`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from assistant.corpus.documents import Document, scan_corpus
from assistant.index.chunk_store import chunk_texts, delete_chunks_except
from assistant.index.encoder import Encoder
from assistant.index.freshness import Freshness
from assistant.index.generations import LEXICAL, generations_dir, next_name, prune, publish, read_pointer
from assistant.index.lexical import LexicalIndex
from assistant.index.manifest import Manifest, file_stat
from assistant.index.reset import delete_index
from assistant.index.rows import DocumentWriter
from assistant.index.view import IndexView
from assistant.settings import Settings

log = logging.getLogger(__name__)


@dataclass
class IngestReport:
    """The outcome of one ingest."""

    documents: int = 0
    chunks: int = 0
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0
    encode_seconds: float = 0.0
    notices: list[str] = field(default_factory=list)
    generation: str | None = None

    def summary(self) -> str:
        """One line for people: documents, chunks, seconds and what changed."""
        changes = (
            f"{len(self.added)} added, {len(self.updated)} updated, "
            f"{len(self.removed)} removed, {self.unchanged} unchanged"
        )
        skipped = f", {len(self.problems)} skipped" if self.problems else ""
        return f"Indexed {self.documents} documents, {self.chunks} chunks in {self.seconds:.1f} s ({changes}{skipped})."


class Ingest:
    """Indexes a corpus into a new generation and makes it current.

    Args:
        settings: Corpus limits and chunking.
        view: This process's view of the index (its stores are written to).
        freshness: Checks of the index (what a rebuild may start from).
        embedder: The encoder of sentences.
    """

    def __init__(self, settings: Settings, view: IndexView, freshness: Freshness, embedder: Encoder) -> None:
        self.settings = settings
        self.view = view
        self.freshness = freshness
        self.writer = DocumentWriter(view, embedder, settings.chunk_max_chars, settings.chunk_overlap_sentences)

    def run(self, corpus: Path, scope: list[Path], progress: bool, *, rebuild: bool) -> IngestReport:
        """Index the documents of ``scope`` (folders or files inside ``corpus``) into a new generation.

        Returns:
            What was done; ``generation`` is the current generation's name afterwards.
        """
        if not corpus.is_dir():
            # A folder that went missing (unmounted, renamed) must not empty the index.
            return IngestReport(problems=[f"corpus folder {corpus} does not exist; the index was left as it was"])
        if self.view.layout.legacy() or (rebuild and not self.freshness.serving()):
            delete_index(self.view)  # nothing readers could use: start from an empty data folder
        self.view.client()  # an unreachable Chroma server fails here, before anything is encoded
        previous_name = read_pointer(self.view.layout.data_dir)
        previous = self.view.load_manifest()
        self._collect_garbage(previous)
        manifest = self._start(previous, rebuild=rebuild)
        report, changed = self._plan(manifest, corpus, scope)
        stored = previous.chunk_ids() if previous is not None and not rebuild else set()
        new_texts: dict[str, str] = {}
        if changed:
            for doc in changed:
                (report.updated if doc.source in manifest.documents else report.added).append(doc.source)
            written = self.writer.write(changed, manifest, stored, progress)
            new_texts, report.encode_seconds = written.texts, written.encode_seconds
        manifest.documents = dict(sorted(manifest.documents.items()))
        report.documents = len(manifest.documents)
        report.chunks = manifest.chunk_count()
        if previous is not None and previous_name is not None and manifest == previous:
            report.generation = previous_name  # nothing changed, not even a time stamp: nothing to publish
            return report
        report.generation = self._publish(manifest, previous, previous_name, new_texts)
        return report

    def _start(self, previous: Manifest | None, *, rebuild: bool) -> Manifest:
        """The manifest this ingest builds on: the previous one when the build is the same, else a new one."""
        template = self.freshness.template()
        if previous is not None and previous.same_build(template) and not rebuild:
            return previous.model_copy(deep=True)
        if previous is not None:
            # Another build (encoder, chunking, glossary, tokenizer) or a rebuild: the same texts must not keep
            # rows made the old way, which they would under their old ids (a sentence's id is its text's, not
            # its expansion's). Its rows stay for its readers: this generation gets ids of its own.
            template.id_salt = next_name(self.view.layout.data_dir)
        return template

    def _plan(self, manifest: Manifest, corpus: Path, scope: list[Path]) -> tuple[IngestReport, list[Document]]:
        """Read the corpus in ``scope``; drop removed documents from ``manifest``; return the new and changed ones.

        A file that exists but could not be read keeps what was indexed from it before; its stat
        is remembered in ``manifest.skipped`` so the freshness check sees when it changes.
        """
        scan = scan_corpus(corpus, max_bytes=self.settings.max_document_bytes, paths=scope)
        report = IngestReport(problems=list(scan.problems))
        found = {doc.source for doc in scan.documents}
        unreadable = {p.split(":", 1)[0] for p in scan.problems}

        def in_scope(source: str) -> bool:
            return any((corpus / source).is_relative_to(p) for p in scope)

        manifest.skipped = {source: stat for source, stat in manifest.skipped.items() if not in_scope(source)}
        for source in unreadable:
            try:
                manifest.skipped[source] = file_stat(corpus / source)
            except OSError:
                continue
        for source in [s for s in manifest.documents if in_scope(s)]:
            if source not in found and source not in unreadable:
                del manifest.documents[source]
                report.removed.append(source)
        changed: list[Document] = []
        for doc in scan.documents:
            entry = manifest.documents.get(doc.source)
            if entry is not None and entry.digest == doc.digest:
                entry.stat = file_stat(doc.path)
                report.unchanged += 1
            else:
                changed.append(doc)
        return report, changed

    def _collect_garbage(self, current: Manifest | None) -> None:
        """Delete stored rows the current generation does not use.

        They are rows only the generation before it used (readers have had a whole ingest's
        time to move on) and rows of an ingest that stopped before publishing.
        """
        deleted = delete_chunks_except(self.view.chunks(), current.chunk_ids() if current is not None else set())
        if deleted:
            log.info("deleted %d chunks no generation uses", deleted)
        keep_sentences = current.sentence_ids() if current is not None else set()
        if self.view.sentences.count() > len(keep_sentences):
            self.view.sentences.retain(keep_sentences)

    def _publish(
        self, manifest: Manifest, previous: Manifest | None, previous_name: str | None, new_texts: dict[str, str]
    ) -> str:
        """Build the generation's BM25 index, write the generation aside and make it current; return its name."""
        data_dir = self.view.layout.data_dir
        name = next_name(data_dir)
        members = manifest.chunk_ids()
        old_members = previous.chunk_ids() if previous is not None else set()
        manifest.generation = int(name)
        manifest.lingering = len(old_members - members)
        lexical = self._same_lexical(previous_name, members)
        if lexical is None:
            ordered = [i for entry in manifest.documents.values() for i in entry.chunk_ids]
            texts = chunk_texts(self.view.chunks(), ordered, new_texts)
            lexical = LexicalIndex.build(ordered, [texts[i] for i in ordered])
        self.view.adopt(publish(data_dir, name, manifest, lexical))
        # The previous generation's folder stays for readers that are loading it right now.
        prune(data_dir, keep={name, *([previous_name] if previous_name else [])})
        return name

    def _same_lexical(self, name: str | None, members: set[str]) -> LexicalIndex | None:
        """The BM25 index of generation ``name`` when it indexes exactly ``members``, else ``None``."""
        loaded = self.view.loaded
        if name is None:
            return None
        if loaded is not None and loaded.name == name:
            return loaded.lexical if loaded.members == members else None
        try:
            lexical = LexicalIndex.load(generations_dir(self.view.layout.data_dir) / name / LEXICAL)
        except (OSError, ValueError):
            return None
        return lexical if set(lexical.chunk_ids) == members else None
