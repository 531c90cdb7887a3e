"""The manifest: what one generation of the index holds and how it was built."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field

from assistant.index.encoder import MODEL_NAME

# 2: sentences carry their lexical tokens in the metadata.
# 3: sentences and chunk metadata stored as one JSON field each.
# 4: generations (built aside, swapped by a pointer file); sentences in SQLite, not Chroma.
MANIFEST_SCHEMA = 4


def file_stat(path: Path) -> list[int]:
    """Size and modification time of a corpus file and of its ``.meta.yaml`` sidecar when it has one.

    The manifest keeps them for each document (and each unreadable file), so the freshness check
    can tell a changed corpus without reading it.

    Raises:
        OSError: When the file cannot be stat'ed.
    """
    sidecar = path.with_name(path.name + ".meta.yaml")
    stats = [path.stat()]
    if sidecar.exists():
        stats.append(sidecar.stat())
    return [value for st in stats for value in (st.st_size, st.st_mtime_ns)]


class DocumentEntry(BaseModel):
    """What the manifest remembers of one indexed document."""

    digest: str
    stat: list[int] = Field(default_factory=list)
    chunk_ids: list[str] = Field(default_factory=list)
    sentence_ids: list[str] = Field(default_factory=list)


class Manifest(BaseModel):
    """The record of what one generation of the index holds and how it was built."""

    schema_version: int = MANIFEST_SCHEMA
    model: str = MODEL_NAME
    chunk_max_chars: int
    chunk_overlap_sentences: int
    glossary: str = Field(
        default="",
        description=(
            "The glossary's fingerprint (assistant.corpus.glossary): sentences are stored expanded with it, so an "
            "index built with another glossary is stale."
        ),
    )
    tokenizer: int = Field(
        default=0,
        description=(
            "The lexical tokenizer's version (assistant.index.lexical.TOKENIZER_VERSION): the BM25 index stores "
            "its tokens, so an index built by another version is stale."
        ),
    )
    generation: int = Field(default=0, description="The generation's number; each ingest makes the next one.")
    lingering: int = Field(
        default=0,
        description=(
            "Chunks of the previous generation that are still stored (for readers still on it) and are "
            "not part of this one; the next ingest deletes them. Dense search asks for this many more."
        ),
    )
    id_salt: str = Field(
        default="",
        description=(
            "Mixed into the chunk and sentence ids (assistant.corpus.chunking). A rebuild picks a new one, so it "
            "stores every row anew beside the current generation's instead of over them; later ingests keep it."
        ),
    )
    documents: dict[str, DocumentEntry] = Field(default_factory=dict)
    skipped: dict[str, list[int]] = Field(
        default_factory=dict, description="Unreadable files, by source, with their file stats."
    )

    def chunk_count(self) -> int:
        """Number of chunks over all documents."""
        return sum(len(d.chunk_ids) for d in self.documents.values())

    def chunk_ids(self) -> set[str]:
        """Every chunk id of the generation."""
        return {i for d in self.documents.values() for i in d.chunk_ids}

    def sentence_ids(self) -> set[str]:
        """Every sentence id of the generation."""
        return {i for d in self.documents.values() for i in d.sentence_ids}

    def same_build(self, other: Manifest) -> bool:
        """Whether ``other`` was built with the same schema, model, chunking, glossary and tokenizer."""
        keys = ("schema_version", "model", "chunk_max_chars", "chunk_overlap_sentences", "glossary", "tokenizer")
        return all(getattr(self, key) == getattr(other, key) for key in keys)
