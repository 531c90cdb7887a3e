from __future__ import annotations

from pathlib import Path

import pytest

from assistant.corpus.documents import DocumentError, read_document, scan_corpus, split_front_matter
from assistant.settings import PROJECT_ROOT as REPO

CORPUS = REPO / "corpus"

SEED = REPO.parent / "shared" / "seed" / "stargate-article.txt"


def minimal_pdf(text: str) -> bytes:
    """A one-page PDF whose content stream shows ``text`` (built by hand, offsets computed)."""
    stream = f"BT /F1 12 Tf 72 712 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def test_front_matter_is_split_and_body_kept_exactly() -> None:
    meta, body = split_front_matter("---\ntitle: T\ndate: 2025-01-21\n---\nLine one.\r\nLine two.\n", "x.md")
    assert meta["title"] == "T"
    assert body == "Line one.\r\nLine two.\n"


def test_unclosed_front_matter_names_the_file() -> None:
    with pytest.raises(DocumentError, match=r"x\.md: front matter"):
        split_front_matter("---\ntitle: T\nno end\n", "x.md")


def test_markdown_text_is_a_substring_of_the_file(tmp_path: Path) -> None:
    path = tmp_path / "n.md"
    path.write_text("---\ntitle: Note\ndate: 2025-10-28\nconfidence: primary\n---\nThe ROFR was removed.\n")
    doc = read_document(path, tmp_path, max_bytes=10_000)
    assert doc.source == "n.md"
    assert doc.meta.title == "Note" and doc.meta.date == "2025-10-28" and doc.meta.confidence == "primary"
    assert doc.text in path.read_text()


def test_sidecar_metadata_for_a_verbatim_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Plain text, kept verbatim.")
    (tmp_path / "a.txt.meta.yaml").write_text("title: Side\nkind: article\n")
    doc = read_document(tmp_path / "a.txt", tmp_path, max_bytes=10_000)
    assert doc.text == "Plain text, kept verbatim."
    assert doc.meta.title == "Side" and doc.meta.kind == "article"


def test_html_visible_text_without_scripts(tmp_path: Path) -> None:
    (tmp_path / "p.html").write_text(
        "<html><head><title>Page</title><script>alert(1)</script></head>"
        "<body><p>The API is exclusive to Azure.</p><style>p{}</style></body></html>"
    )
    doc = read_document(tmp_path / "p.html", tmp_path, max_bytes=10_000)
    assert doc.meta.title == "Page"
    assert "The API is exclusive to Azure." in doc.text
    assert "alert" not in doc.text and "p{}" not in doc.text


def test_pdf_text_is_extracted(tmp_path: Path) -> None:
    (tmp_path / "d.pdf").write_bytes(minimal_pdf("Stargate invests in AI infrastructure."))
    doc = read_document(tmp_path / "d.pdf", tmp_path, max_bytes=100_000)
    assert "Stargate invests in AI infrastructure." in doc.text


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("bad.txt", b"\xff\xfe\xfa not utf-8", "not UTF-8"),
        ("bin.md", b"abc\x00def", "binary"),
        ("broken.pdf", b"%PDF-1.4 this is not really a pdf", "PDF"),
        ("empty.md", b"   \n", "no text"),
    ],
)
def test_unreadable_files_are_skipped_with_a_warning_naming_them(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    (tmp_path / "good.md").write_text("A readable note about the agreement.")
    (tmp_path / name).write_bytes(content)
    scan = scan_corpus(tmp_path, max_bytes=100_000)
    assert [d.source for d in scan.documents] == ["good.md"]
    assert len(scan.problems) == 1 and scan.problems[0].startswith(name) and reason in scan.problems[0]


def test_huge_file_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "huge.txt").write_text("x" * 2000)
    scan = scan_corpus(tmp_path, max_bytes=1000)
    assert scan.documents == [] and "limit" in scan.problems[0]


def test_missing_corpus_folder_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    scan = scan_corpus(tmp_path / "nope", max_bytes=1000)
    assert scan.documents == [] and "does not exist" in scan.problems[0]


def test_the_article_is_in_the_corpus_verbatim() -> None:
    corpus_copy = (CORPUS / "stargate-article.txt").read_bytes()
    if SEED.exists():
        assert corpus_copy == SEED.read_bytes()
    doc = read_document(CORPUS / "stargate-article.txt", CORPUS, max_bytes=10**6)
    assert doc.text == corpus_copy.decode("utf-8")
    assert doc.meta.kind == "article"


def test_every_corpus_document_reads_and_notes_carry_their_provenance() -> None:
    scan = scan_corpus(CORPUS, max_bytes=10**7)
    assert scan.problems == []
    notes = [d for d in scan.documents if d.source.startswith("notes/")]
    assert len(notes) >= 15
    for note in notes:
        assert note.meta.title and note.meta.publisher, note.source
        assert note.meta.kind == "note", note.source
        assert note.meta.confidence in {"primary", "reported", "contested"}, note.source


def test_every_publisher_note_is_in_its_document() -> None:
    scan = scan_corpus(CORPUS, max_bytes=20_000_000)
    noted = [d for d in scan.documents if d.meta.publisher_note]
    assert noted, "the article's sidecar names where its publisher's note starts"
    for document in noted:
        assert document.meta.publisher_note in document.text, document.source
