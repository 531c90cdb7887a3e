"""Reading corpus documents: Markdown and text with front matter, HTML and PDF.

A document's *text* is what citations quote and what offsets point into:

- ``.md`` / ``.txt``: the file's characters after an optional YAML front matter block
  (``---`` lines). Line endings are kept exactly, so every quote of the text is also a
  substring of the file itself.
- ``.html``: the visible text, as BeautifulSoup extracts it.
- ``.pdf``: the text pypdf extracts, page by page.

Metadata comes from the front matter, or for files that cannot carry one (a verbatim
article, HTML, PDF) from a sidecar ``<file name>.meta.yaml`` next to the file.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".md", ".txt", ".html", ".htm", ".pdf")
SIDECAR_SUFFIX = ".meta.yaml"


#: How a document's confidence mark reads for people ("primary" is "primary source").
CONFIDENCE_WORDS: dict[str, str] = {
    "primary": "primary source",
    "primary-document": "the source article",
    "reported": "press report",
    "contested": "contested",
}


def confidence_words(mark: str | None) -> str:
    """A confidence mark in people's words; "" for none or one not listed."""
    return CONFIDENCE_WORDS.get(mark or "", "")


class DocumentMeta(BaseModel):
    """Front matter of a corpus document. Unknown keys are kept."""

    model_config = ConfigDict(extra="allow")

    title: str | None = None
    publisher: str | None = None
    date: str | None = None
    url: str | None = None
    kind: str | None = None
    confidence: str | None = None
    #: The opening words of the publisher's own note at the end of a document ("HARNIS specialises in…"):
    #: from there on the text is about who published it, not about the agreement.
    publisher_note: str | None = None
    #: The document a note compares with the other sources (``stargate-article.txt``): what it says of that
    #: document's faults answers whether the document is right ("is the article still accurate?").
    compares: str | None = None

    @field_validator("date", mode="before")
    @classmethod
    def _date_as_text(cls, value: Any) -> Any:
        # YAML reads 2025-01-21 as a date; keep the text form the author wrote.
        return None if value is None else str(value)


@dataclass(frozen=True)
class Document:
    """One corpus document, ready to chunk.

    Attributes:
        source: Path relative to the corpus folder, POSIX separators (``notes/x.md``).
        text: The quotable text (see the module docstring).
        meta: Title, publisher, date, url, kind and confidence.
        digest: SHA-256 of the raw file and its sidecar; changes when either changes.
    """

    source: str
    text: str
    meta: DocumentMeta
    digest: str
    path: Path = field(compare=False)

    def metadata(self) -> dict[str, str]:
        """Flat, string-valued metadata for the vector store (Chroma rejects None)."""
        fields = ("title", "publisher", "date", "url", "kind", "confidence")
        values = {name: getattr(self.meta, name) for name in fields}
        return {name: str(value) for name, value in values.items() if value is not None}


class DocumentError(Exception):
    """A corpus file that cannot be read; the message names the file and the reason."""


@dataclass
class CorpusScan:
    """The documents that were read and the problems met on the way."""

    documents: list[Document]
    problems: list[str]


def split_front_matter(raw: str, origin: str) -> tuple[dict[str, Any], str]:
    """Split ``---``-delimited YAML front matter from a document's text.

    Args:
        raw: The file's characters.
        origin: The file's name, for error messages.

    Returns:
        The front matter as a mapping (empty when there is none) and the remaining text.

    Raises:
        DocumentError: When the front matter is not closed or not a YAML mapping.
    """
    lines = raw.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n") != "---":
        return {}, raw
    for index in range(1, len(lines)):
        if lines[index].rstrip("\r\n") == "---":
            header = "".join(lines[1:index])
            body = "".join(lines[index + 1 :])
            try:
                data = yaml.safe_load(header) or {}
            except yaml.YAMLError as exc:
                raise DocumentError(f"{origin}: front matter is not valid YAML: {exc}") from exc
            if not isinstance(data, dict):
                raise DocumentError(f"{origin}: front matter must be a mapping of keys to values")
            return data, body
    raise DocumentError(f"{origin}: front matter starts with '---' but never ends")


def _read_sidecar(path: Path) -> tuple[dict[str, Any], bytes]:
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    if not sidecar.exists():
        return {}, b""
    raw = sidecar.read_bytes()
    try:
        data = yaml.safe_load(raw.decode("utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise DocumentError(f"{sidecar.name}: not valid UTF-8 YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise DocumentError(f"{sidecar.name}: must be a mapping of keys to values")
    return data, raw


def _html_text(raw: bytes) -> tuple[str, dict[str, Any]]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(raw, "html.parser")
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    meta: dict[str, Any] = {}
    if soup.title and soup.title.string:
        meta["title"] = soup.title.string.strip()
    lines = (line.strip() for line in soup.get_text("\n").splitlines())
    return "\n".join(line for line in lines if line), meta


def _pdf_text(path: Path) -> tuple[str, dict[str, Any]]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings repeat what the DocumentError says
    try:
        reader = PdfReader(path)
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
    except PdfReadError as exc:
        raise DocumentError(f"{path.name}: not a readable PDF ({exc})") from exc
    except Exception as exc:  # a malformed file can make pypdf fail in any way; that is not our bug
        raise DocumentError(f"{path.name}: not a readable PDF ({type(exc).__name__}: {exc})") from exc
    meta: dict[str, Any] = {}
    if info is not None and info.title:
        meta["title"] = str(info.title)
    return "\n\n".join(page.strip() for page in pages if page.strip()), meta


def read_document(path: Path, corpus_dir: Path, *, max_bytes: int) -> Document:
    """Read one corpus file into a :class:`Document`.

    Args:
        path: The file to read.
        corpus_dir: The corpus folder that ``source`` is relative to.
        max_bytes: Files larger than this are refused.

    Returns:
        The document with its quotable text and metadata.

    Raises:
        DocumentError: When the file cannot be read, decoded or parsed, or is too large.
    """
    source = path.relative_to(corpus_dir).as_posix()
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise DocumentError(f"{source}: {size:,} bytes is over the {max_bytes:,}-byte limit")
        raw = path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"{source}: cannot be read ({exc.strerror or exc})") from exc
    sidecar, sidecar_raw = _read_sidecar(path)
    suffix = path.suffix.lower()
    if suffix in (".md", ".txt"):
        if b"\x00" in raw:
            raise DocumentError(f"{source}: looks binary (contains NUL bytes)")
        try:
            decoded = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise DocumentError(f"{source}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
        front, text = split_front_matter(decoded, source)
    elif suffix in (".html", ".htm"):
        text, front = _html_text(raw)
    elif suffix == ".pdf":
        text, front = _pdf_text(path)
    else:
        raise DocumentError(f"{source}: unsupported file type {suffix!r}")
    if not text.strip():
        raise DocumentError(f"{source}: has no text")
    try:
        meta = DocumentMeta.model_validate({**front, **sidecar})
    except ValidationError as exc:
        raise DocumentError(f"{source}: bad metadata: {exc}") from exc
    digest = hashlib.sha256(raw + b"\x00" + sidecar_raw).hexdigest()
    return Document(source=source, text=text, meta=meta, digest=digest, path=path)


def find_corpus_files(paths: list[Path], corpus_dir: Path) -> list[Path]:
    """List the supported files under ``paths`` (files or folders), sorted, without sidecars."""
    found: set[Path] = set()
    for base in paths:
        candidates = [base] if base.is_file() else [p for p in base.rglob("*") if p.is_file()]
        for candidate in candidates:
            if candidate.name.startswith(".") or candidate.name.endswith(SIDECAR_SUFFIX):
                continue
            if candidate.suffix.lower() in SUPPORTED_SUFFIXES:
                found.add(candidate.resolve())
    root = corpus_dir.resolve()
    return sorted(p for p in found if p.is_relative_to(root))


def scan_corpus(corpus_dir: Path, *, max_bytes: int, paths: list[Path] | None = None) -> CorpusScan:
    """Read every supported document; unreadable files become problems, not errors.

    Args:
        corpus_dir: The corpus folder.
        max_bytes: Size limit for a single file.
        paths: Files or folders inside the corpus to read; default the whole corpus.

    Returns:
        The documents read and one message per file that was skipped.
    """
    if not corpus_dir.is_dir():
        return CorpusScan([], [f"corpus folder {corpus_dir} does not exist"])
    documents: list[Document] = []
    problems: list[str] = []
    first_with_text: dict[str, str] = {}
    for path in find_corpus_files(paths or [corpus_dir], corpus_dir.resolve()):
        try:
            document = read_document(path, corpus_dir.resolve(), max_bytes=max_bytes)
        except DocumentError as exc:
            log.warning("skipped %s", exc)
            problems.append(str(exc))
            continue
        text_key = hashlib.sha256(document.text.encode("utf-8")).hexdigest()
        if text_key in first_with_text:
            # The same text twice would be retrieved and quoted twice; keep the first (in path order).
            problem = f"{document.source}: same text as {first_with_text[text_key]}; indexed once"
            log.warning("skipped %s", problem)
            problems.append(problem)
            continue
        first_with_text[text_key] = document.source
        documents.append(document)
    return CorpusScan(documents, problems)
