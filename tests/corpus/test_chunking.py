from __future__ import annotations

from itertools import pairwise
from pathlib import Path

from assistant.corpus.chunking import chunk_document
from assistant.corpus.documents import Document, DocumentMeta


def make_document(text: str, source: str = "doc.md") -> Document:
    return Document(source=source, text=text, meta=DocumentMeta(), digest="d", path=Path(source))


TEXT = " ".join(f"Sentence number {i} talks about the agreement in some detail." for i in range(30))


def test_chunks_are_verbatim_spans_within_the_limit() -> None:
    doc = make_document(TEXT)
    sentences, chunks = chunk_document(doc, max_chars=300, overlap=1)
    assert len(sentences) == 30
    for chunk in chunks:
        assert doc.text[chunk.start : chunk.end] == chunk.text
        assert len(chunk.text) <= 300
    covered = {sid for chunk in chunks for sid in chunk.sentence_ids}
    assert covered == {s.id for s in sentences}


def test_consecutive_chunks_share_the_overlap() -> None:
    _, chunks = chunk_document(make_document(TEXT), max_chars=300, overlap=1)
    for first, second in pairwise(chunks):
        assert first.sentence_ids[-1] == second.sentence_ids[0]
    _, no_overlap = chunk_document(make_document(TEXT), max_chars=300, overlap=0)
    for first, second in pairwise(no_overlap):
        assert not set(first.sentence_ids) & set(second.sentence_ids)


def test_ids_are_stable_and_depend_on_content_and_source() -> None:
    _, a = chunk_document(make_document(TEXT), max_chars=300, overlap=1)
    _, b = chunk_document(make_document(TEXT), max_chars=300, overlap=1)
    _, c = chunk_document(make_document(TEXT, "other.md"), max_chars=300, overlap=1)
    assert [x.id for x in a] == [x.id for x in b]
    assert not {x.id for x in a} & {x.id for x in c}


def test_a_sentence_longer_than_the_limit_is_its_own_chunk() -> None:
    long_sentence = "Word " + "word " * 200 + "end."
    _, chunks = chunk_document(make_document(f"Short one. {long_sentence} Short two."), max_chars=100, overlap=0)
    assert [len(c.sentence_ids) for c in chunks] == [1, 1, 1]
