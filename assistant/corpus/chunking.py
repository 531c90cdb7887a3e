"""Sentence-aware chunking that keeps offsets back into the document."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from assistant.corpus.documents import Document
from assistant.corpus.sentences import split_sentences


@dataclass(frozen=True)
class Sentence:
    """One sentence of a document: ``document.text[start:end] == text``."""

    id: str
    source: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Chunk:
    """Consecutive sentences of one document, the unit of retrieval.

    Attributes:
        id: Content hash of the source, offsets and text (and the index's salt); stable across re-ingests.
        source: The document's path relative to the corpus.
        start: Offset of the first character in the document's text.
        end: Offset just past the last character.
        text: ``document.text[start:end]``.
        sentence_ids: The sentences the chunk is made of, in order.
    """

    id: str
    source: str
    start: int
    end: int
    text: str
    sentence_ids: tuple[str, ...]


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()[:32]


def document_sentences(document: Document, *, salt: str = "") -> list[Sentence]:
    """Split a document into :class:`Sentence` objects with stable ids (see :func:`chunk_document` for ``salt``)."""
    sentences = []
    for start, end in split_sentences(document.text):
        text = document.text[start:end]
        sentences.append(Sentence(_id(salt, document.source, start, text), document.source, start, end, text))
    return sentences


def _id(salt: str, source: str, start: int, text: str) -> str:
    # Without a salt the id is what it always was, so indexes built before salts keep their rows.
    return _digest(source, str(start), text, salt) if salt else _digest(source, str(start), text)


def chunk_document(
    document: Document, *, max_chars: int, overlap: int, salt: str = ""
) -> tuple[list[Sentence], list[Chunk]]:
    """Pack a document's sentences into chunks of at most ``max_chars`` characters.

    A sentence longer than ``max_chars`` becomes a chunk of its own. Consecutive chunks
    share ``overlap`` sentences so that a fact split across a boundary is found whole.

    Args:
        document: The document to split.
        max_chars: Upper bound on a chunk's span (a single long sentence may exceed it).
        overlap: Number of sentences repeated from the end of the previous chunk.
        salt: Mixed into every id. The same text gets the same ids under the same salt; a rebuild
            of the index uses a new salt so that its rows are stored beside the current ones.

    Returns:
        The document's sentences and its chunks.
    """
    sentences = document_sentences(document, salt=salt)
    chunks: list[Chunk] = []
    first = 0
    while first < len(sentences):
        last = first
        while last + 1 < len(sentences) and sentences[last + 1].end - sentences[first].start <= max_chars:
            last += 1
        members = sentences[first : last + 1]
        start, end = members[0].start, members[-1].end
        text = document.text[start:end]
        chunks.append(
            Chunk(
                id=_id(salt, document.source, start, text),
                source=document.source,
                start=start,
                end=end,
                text=text,
                sentence_ids=tuple(s.id for s in members),
            )
        )
        if last + 1 >= len(sentences):
            break
        first = max(last + 1 - overlap, first + 1)
    return sentences, chunks
